-- -1 becomes 255
os.exit(-1)
