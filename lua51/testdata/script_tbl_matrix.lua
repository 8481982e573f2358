-- 2D arrays: multiply, transpose
local function mat(rows) return rows end
local function mul(a, b)
  local r = {}
  for i = 1, #a do
    r[i] = {}
    for j = 1, #b[1] do
      local s = 0
      for k = 1, #b do s = s + a[i][k] * b[k][j] end
      r[i][j] = s
    end
  end
  return r
end
local function transpose(m)
  local r = {}
  for i = 1, #m[1] do r[i] = {} for j = 1, #m do r[i][j] = m[j][i] end end
  return r
end
local function show(m) for _, row in ipairs(m) do print(table.concat(row, " ")) end end
local a = mat({{1, 2, 3}, {4, 5, 6}})
local b = mat({{7, 8}, {9, 10}, {11, 12}})
show(mul(a, b))
show(transpose(a))
