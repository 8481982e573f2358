-- table.sort with '<'
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 10}
table.sort(t)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana", "cherry"}
table.sort(s)
print(table.concat(s, " "))
local one = {42}
table.sort(one)
print(one[1])
local empty = {}
table.sort(empty)
print(#empty)
local two = {2, 1}
table.sort(two)
print(two[1], two[2])
local three = {3, 1, 2}
table.sort(three)
print(table.concat(three, " "))
