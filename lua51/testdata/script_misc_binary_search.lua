-- binary search and insertion point
local function bsearch(t, x)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if t[mid] == x then return mid
    elseif t[mid] < x then lo = mid + 1 else hi = mid - 1 end
  end
  return nil, lo
end
local t = {2, 3, 5, 7, 11, 13, 17, 19, 23}
for _, x in ipairs({2, 23, 11, 4, 1, 30}) do print(x, bsearch(t, x)) end
