-- the permutation generator from Programming in Lua
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
local all = {}
for p in permutations({"a", "b", "c"}) do all[#all + 1] = table.concat(p) end
table.sort(all)
print(#all, table.concat(all, " "))
