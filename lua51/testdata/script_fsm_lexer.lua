-- a character-driven state machine tokenising simple expressions
local function tokenize(s)
  local tokens, i = {}, 1
  while i <= #s do
    local c = s:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("%d") then
      local j = i
      while s:sub(j + 1, j + 1):match("^%d$") do j = j + 1 end
      tokens[#tokens + 1] = "NUM(" .. s:sub(i, j) .. ")"; i = j + 1
    elseif c:match("[%a_]") then
      local w = s:match("^[%w_]+", i)
      tokens[#tokens + 1] = "ID(" .. w .. ")"; i = i + #w
    elseif c:match("[%+%-%*/%(%)=]") then tokens[#tokens + 1] = c; i = i + 1
    else error("unexpected " .. c .. " at " .. i, 0) end
  end
  return tokens
end
print(table.concat(tokenize("total = price*12 + (tax_1 - 3)"), " "))
print(pcall(tokenize, "a $ b"))
