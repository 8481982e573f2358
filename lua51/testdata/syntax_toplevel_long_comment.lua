-- a long comment that never ends
print(1)
--[==[ here
it starts
]=]
