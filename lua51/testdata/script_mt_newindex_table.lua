-- __newindex given as a table redirects writes
local sink = {}
local proxy = setmetatable({}, {__newindex = sink})
proxy.x = 1
proxy.y = 2
print(rawget(proxy, "x"), sink.x, sink.y)
rawset(proxy, "z", 3)
print(proxy.z, sink.z)
