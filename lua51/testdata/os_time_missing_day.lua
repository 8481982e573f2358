-- day, month and year must be present
print(pcall(function() return os.time{year = 2020, month = 1} end))
print(pcall(function() return os.time{year = 2020, day = 1} end))
print(pcall(function() return os.time{month = 1, day = 1} end))
print(pcall(function() return os.time{year = 2020, month = 1, day = "x"} end))
os.time{}
