-- closures capturing varargs via a table
local function bind(f, ...)
  local args = {n = select("#", ...), ...}
  return function(...)
    local all = {}
    for i = 1, args.n do all[i] = args[i] end
    local m = select("#", ...)
    for i = 1, m do all[args.n + i] = select(i, ...) end
    return f(unpack(all, 1, args.n + m))
  end
end
local function show(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts, ",")
end
print(bind(show, 1, nil, 3)(4, nil))
print(bind(show)())
print(bind(show, "a")("b", "c"))
