local function total(rows)
  local sum = 0
  for _, r in ipairs(rows) do sum = sum + r.amount end
  return sum
end
print(total({{amount = 1}, {amount = 2}}))
print(total({{amount = 1}, {}}))
