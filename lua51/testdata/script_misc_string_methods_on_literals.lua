-- string methods through the string metatable
local s = "Hello"
print(s:len(), ("%d items"):format(3), s:upper():lower(), #s:rep(3, ""))
print(("x"):byte(), type(s.len), string.len == s.len)
