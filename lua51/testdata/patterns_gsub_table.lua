print(("$name is $age"):gsub("%$(%w+)", {name = "Bob", age = 42}))
print(("abc"):gsub(".", {a = "A", b = false}))
print(("abc"):gsub("%w", setmetatable({}, {__index = function(_, k) return k:upper() end})))
print(("a b"):gsub("%w", {a = 1.5}))
