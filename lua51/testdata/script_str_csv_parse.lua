-- parse CSV lines with quoted fields
local function parseCSV(line)
  local res = {}
  local pos = 1
  while true do
    if line:sub(pos, pos) == '"' then
      local txt = ""
      local i = pos + 1
      while true do
        local a, b = line:find('"', i, true)
        if not a then error("unclosed quote") end
        txt = txt .. line:sub(i, a - 1)
        if line:sub(a + 1, a + 1) == '"' then txt = txt .. '"'; i = a + 2
        else pos = a + 1; break end
      end
      res[#res + 1] = txt
      if line:sub(pos, pos) == "," then pos = pos + 1 else break end
    else
      local a = line:find(",", pos, true)
      if a then res[#res + 1] = line:sub(pos, a - 1); pos = a + 1
      else res[#res + 1] = line:sub(pos); break end
    end
  end
  return res
end
local lines = {
  'Smith,john@x.com,42',
  '"Doe, Jane",jane@x.com,"7"',
  '"He said ""hi""",,',
  'a',
}
for _, l in ipairs(lines) do
  local f = parseCSV(l)
  print(#f, "<" .. table.concat(f, "><") .. ">")
end
print(pcall(parseCSV, '"oops'))
