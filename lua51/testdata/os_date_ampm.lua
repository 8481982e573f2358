-- %I and %p around midnight and noon
for _, h in ipairs{0, 1, 11, 12, 13, 23} do
  print(h, os.date("!%I %p", h * 3600))
end
