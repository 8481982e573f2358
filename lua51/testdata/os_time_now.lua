-- os.time() and os.clock() are numbers
print(type(os.time()), os.time() > 1000000000)
print(type(os.time(nil)))
print(type(os.clock()), os.clock() >= 0)
local now = os.time()
print(os.time(os.date("*t", now)) == now)
print(os.date("!%Y", now) >= "2024")
