-- An ordinary script: word counts, sorting, string building, records.
local text = [[the quick brown fox jumps over the lazy dog the fox]]
local counts = {}
for word in text:gmatch("%a+") do counts[word] = (counts[word] or 0) + 1 end
local words = {}
for w in pairs(counts) do words[#words + 1] = w end
table.sort(words, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)
for i = 1, 4 do io.write(words[i], "=", counts[words[i]], " ") end
print()

local records = {
  {name = "Lead A", amount = 300, stage = "won"},
  {name = "Lead B", amount = 120, stage = "lost"},
  {name = "Lead C", amount = 450, stage = "won"},
  {name = "Lead D", amount = 80, stage = "open"},
}
local by_stage, sum = {}, 0
for _, r in ipairs(records) do
  by_stage[r.stage] = by_stage[r.stage] or {}
  table.insert(by_stage[r.stage], r.name)
  if r.stage == "won" then sum = sum + r.amount end
end
print("won total", sum, table.concat(by_stage.won, ","), #by_stage.lost, by_stage.open[1])

local function map(t, f) local out = {} for i, v in ipairs(t) do out[i] = f(v) end return out end
local function filter(t, p) local out = {} for _, v in ipairs(t) do if p(v) then out[#out + 1] = v end end return out end
local big = filter(records, function(r) return r.amount >= 120 end)
print(table.concat(map(big, function(r) return r.name:sub(-1) .. r.amount end), " "))

local function format_money(n)
  local s = tostring(n)
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end
print(format_money(1234567), format_money(999), format_money(1000))

local stack = {}
for ch in ("(a[b]{c})"):gmatch("[%(%)%[%]{}]") do
  if ch:match("[%(%[{]") then stack[#stack + 1] = ch else stack[#stack] = nil end
end
print("balanced", #stack == 0)
