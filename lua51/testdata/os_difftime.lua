-- os.difftime(t2, t1)
print(os.difftime(100, 40))
print(os.difftime(40, 100))
print(os.difftime(10))
local a = os.time{year = 2021, month = 1, day = 1}
local b = os.time{year = 2021, month = 1, day = 2}
print(os.difftime(b, a))
print(type(os.difftime(b, a)))
