-- trimming with gsub and match
local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
local function trim2(s) return s:match("^%s*(.-)%s*$") end
for _, s in ipairs({"  hi  ", "\t\ntabbed\n", "none", "   ", "", " a b "}) do
  print("[" .. trim(s) .. "]", "[" .. trim2(s) .. "]")
end
local collapsed = ("a   b \t c"):gsub("%s+", " ")
print(collapsed)
print((" x "):gsub(" ", ""))
