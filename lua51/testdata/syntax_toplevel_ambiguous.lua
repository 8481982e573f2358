local f = print
local a = f
("ambiguous")
