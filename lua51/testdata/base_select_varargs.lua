-- walking varargs with select
local function each(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[#out + 1] = tostring(v)
  end
  return table.concat(out, ",")
end
print(each(1, nil, "a", false, nil))
local function last(...) return (select(select("#", ...), ...)) end
print(last("x", "y", "z"))
local function drop2(...) return select(3, ...) end
print(drop2(1, 2, 3, 4))
print(select("#", drop2(1)))
