print("before")
error("plain message", 0)
