-- table.foreachi walks 1..#t in order
local t = {"x", "y", "z"}
table.foreachi(t, print)
print(table.foreachi(t, function(i, v) if v == "y" then return i end end))
print(select("#", table.foreachi(t, function() end)))
