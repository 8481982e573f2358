-- set union, intersection and difference, printed sorted
local function set(list) local s = {} for _, v in ipairs(list) do s[v] = true end return s end
local function keys(s) local k = {} for v in pairs(s) do k[#k + 1] = v end table.sort(k) return table.concat(k, " ") end
local function union(a, b) local r = {} for k in pairs(a) do r[k] = true end for k in pairs(b) do r[k] = true end return r end
local function inter(a, b) local r = {} for k in pairs(a) do if b[k] then r[k] = true end end return r end
local function diff(a, b) local r = {} for k in pairs(a) do if not b[k] then r[k] = true end end return r end
local a, b = set({"x", "y", "z", "w"}), set({"y", "w", "q"})
print(keys(union(a, b)))
print(keys(inter(a, b)))
print(keys(diff(a, b)))
print(keys(diff(b, a)))
