-- %U %W %j %w across the start of several years
for _, y in ipairs{2000, 2001, 2004, 2006, 2010} do
  local jan1 = os.time{year = y, month = 1, day = 1, hour = 12}
  for d = 0, 8 do
    local t = jan1 + d * 86400
    io.write(os.date("!%Y-%m-%d %a %j %U %W %w %V %G|", t))
  end
  print()
end
