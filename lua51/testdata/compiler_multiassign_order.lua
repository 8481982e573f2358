-- Multiple assignment: evaluation order of calls and metamethods.
local log = {}
local function v(name, val) log[#log + 1] = name; return val end
local t = setmetatable({}, {__newindex = function(tab, k, val) log[#log + 1] = "set" .. k .. "=" .. tostring(val); rawset(tab, k, val) end})
t[v("k1", 1)], t[v("k2", 2)] = v("v1", "a"), v("v2", "b")
print(table.concat(log, " "))
log = {}
local x, y
x, y = v("e1", 1), v("e2", 2), v("e3", 3)
print(table.concat(log, " "), x, y)
-- an __index read on the right happens before any assignment
local reads = 0
local src = setmetatable({}, {__index = function(_, k) reads = reads + 1; return k .. reads end})
local p, q = src.a, src.b
print(p, q, reads)
-- swapping fields through a metatable-backed table
local obj = setmetatable({}, {__index = function() return 0 end})
obj.a, obj.b = 1, 2
obj.a, obj.b = obj.b, obj.a
print(obj.a, obj.b, obj.c)
