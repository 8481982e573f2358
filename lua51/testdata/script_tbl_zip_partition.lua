-- zip two lists and partition by predicate
local function zip(a, b) local r = {} for i = 1, math.min(#a, #b) do r[i] = {a[i], b[i]} end return r end
local names, scores = {"ann", "bob", "cy", "dan"}, {88, 42, 67}
for _, p in ipairs(zip(names, scores)) do print(p[1], p[2]) end
local function partition(t, p)
  local yes, no = {}, {}
  for _, v in ipairs(t) do if p(v) then yes[#yes + 1] = v else no[#no + 1] = v end end
  return yes, no
end
local hi, lo = partition(scores, function(s) return s >= 60 end)
print(table.concat(hi, ","), table.concat(lo, ","))
