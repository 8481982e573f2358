-- word-wrapping at a width
local function wrap(text, width)
  local lines, line = {}, ""
  for word in text:gmatch("%S+") do
    if #line == 0 then line = word
    elseif #line + 1 + #word <= width then line = line .. " " .. word
    else lines[#lines + 1] = line; line = word end
  end
  if #line > 0 then lines[#lines + 1] = line end
  return lines
end
for i, l in ipairs(wrap("Follow up with the lead about the renewal quote before the end of the quarter please", 20)) do
  print(string.format("%2d %-20s|", i, l))
end
