-- a fraction is truncated
os.exit(3.7)
