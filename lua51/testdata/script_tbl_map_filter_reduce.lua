-- functional helpers
local function map(t, f) local r = {} for i, v in ipairs(t) do r[i] = f(v, i) end return r end
local function filter(t, p) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(t, f, acc) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 10 do nums[i] = i end
local sq = map(nums, function(v) return v * v end)
local odd = filter(sq, function(v) return v % 2 == 1 end)
print(table.concat(odd, " "), reduce(odd, function(a, b) return a + b end, 0))
print(table.concat(map({"a", "b"}, function(v, i) return i .. v end), " "))
