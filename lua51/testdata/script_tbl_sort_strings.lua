-- sorting strings, numbers and with a custom comparator
local s = {"pear", "Apple", "banana", "apple", "Banana", "cherry"}
table.sort(s)
print(table.concat(s, " "))
table.sort(s, function(a, b) local la, lb = a:lower(), b:lower(); if la ~= lb then return la < lb end return a < b end)
print(table.concat(s, " "))
local n = {10, 2, 33, 4, -5, 0, 2}
table.sort(n)
print(table.concat(n, " "))
table.sort(n, function(a, b) return a > b end)
print(table.concat(n, " "))
local ok, err = pcall(table.sort, {1, "a", 2})
print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
