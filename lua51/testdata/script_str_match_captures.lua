-- match with captures for parsing
local line = "2024-03-15 ERROR [sync] lead 12 failed: timeout"
local y, m, d, level, mod, rest = line:match("^(%d+)-(%d+)-(%d+) (%u+) %[(%w+)%] (.*)$")
print(y, m, d, level, mod, rest)
print(("key: value"):match("^(%w+):%s*(.+)$"))
print(("no match here"):match("%d+"))
print(("  indent"):match("^()%s*()"))
print(("[[nested]]"):match("%[(%b[])%]"))
local email = "Jane.Doe+crm@Example.COM"
local user, domain = email:match("^([^@]+)@(.+)$")
print(user, domain:lower())
