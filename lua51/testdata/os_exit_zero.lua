-- os.exit() and os.exit(0) succeed; nothing after runs
print("one")
os.exit()
print("two")
