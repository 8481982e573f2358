-- error with a string message inside a wrapped coroutine, caught by pcall
local w = coroutine.wrap(function(x)
  if x > 1 then error("too big: " .. x, 0) end
  coroutine.yield("small")
end)
print(pcall(w, 1))
print(pcall(w, 5))
