-- a table is refused
os.exit({})
