-- sorting the distinct words of a text, then by length
local text = "the quick brown fox jumps over the lazy dog the end"
local seen, words = {}, {}
for w in text:gmatch("%a+") do
  if not seen[w] then seen[w] = true; words[#words + 1] = w end
end
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end)
print(table.concat(words, " "))
