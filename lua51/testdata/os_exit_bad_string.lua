-- a string that is no number is refused
os.exit("abc")
