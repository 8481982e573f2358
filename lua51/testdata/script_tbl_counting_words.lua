-- word frequency, ties broken alphabetically
local text = [[the lead called the rep and the rep called back
a lead is a lead]]
local freq = {}
for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
local words = {}
for w, n in pairs(freq) do words[#words + 1] = {w = w, n = n} end
table.sort(words, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.w < b.w end)
for i = 1, 5 do print(words[i].w, words[i].n) end
print(#words)
