print(("hello"):reverse(), (""):reverse(), ("a"):reverse(), ("Hello World 123"):upper(), ("Hello World 123"):lower())
print(("\200\255"):upper() == "\200\255", ("ÀB"):lower():len())
