-- sieve of Eratosthenes
local function sieve(n)
  local comp, out = {}, {}
  for i = 2, n do
    if not comp[i] then
      out[#out + 1] = i
      for j = i * i, n, i do comp[j] = true end
    end
  end
  return out
end
local p = sieve(100)
print(#p, table.concat(p, " "))
print(#sieve(10000))
