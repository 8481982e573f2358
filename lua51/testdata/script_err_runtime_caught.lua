-- runtime errors caught and classified by message
local cases = {
  function() return 1 + {} end,
  function() return #nil end,
  function() return ("x")() end,
  function() local t = {} ; return t.a.b end,
  function() return 1 .. {} end,
}
for i, f in ipairs(cases) do
  local ok, e = pcall(f)
  print(i, ok, e:match("attempt to %a+") )
end
