-- a numeric string is a number
os.exit("5")
