-- find with plain flag and init
local s = "price: $5.00 (approx.)"
print(s:find("$5.00", 1, true))
print(s:find("(", 1, true))
print(s:find("%d+"))
print(s:find("%d+", 10))
print(s:find("p", 2))
print(s:find("zzz"))
print(("a.b.c"):find(".", 1, true), ("a.b.c"):find("."))
