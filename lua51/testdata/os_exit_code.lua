-- os.exit(n) ends the script with status n
print("before")
os.exit(3)
print("after")
