-- __concat for list-like objects
local List = {}
List.__index = List
local function list(...) return setmetatable({...}, List) end
List.__concat = function(a, b)
  local r = list()
  local function add(x)
    if getmetatable(x) == List then for _, v in ipairs(x) do r[#r + 1] = v end
    else r[#r + 1] = x end
  end
  add(a); add(b)
  return r
end
List.__tostring = function(l) return "[" .. table.concat(l, ",") .. "]" end
print(tostring(list(1, 2) .. list(3)))
print(tostring("a" .. list("b", "c") .. "d"))
print(tostring(0 .. list()))
