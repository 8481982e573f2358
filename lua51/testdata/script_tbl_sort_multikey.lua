-- sort records by several keys with a stable tie-break on input position
local leads = {
  {name = "Cole", owner = "ravi", score = 70},
  {name = "Abe", owner = "mia", score = 90},
  {name = "Dee", owner = "ravi", score = 90},
  {name = "Bo", owner = "mia", score = 90},
  {name = "Eve", owner = "ravi", score = 70},
  {name = "Fay", owner = "ann", score = 50},
}
for i, l in ipairs(leads) do l.pos = i end
table.sort(leads, function(a, b)
  if a.score ~= b.score then return a.score > b.score end
  if a.owner ~= b.owner then return a.owner < b.owner end
  return a.pos < b.pos
end)
for _, l in ipairs(leads) do print(l.score, l.owner, l.name) end
