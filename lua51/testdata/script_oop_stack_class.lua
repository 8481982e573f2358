-- a stack class with error on underflow
local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({n = 0}, Stack) end
function Stack:push(...) for i = 1, select("#", ...) do self.n = self.n + 1; self[self.n] = (select(i, ...)) end return self end
function Stack:pop()
  if self.n == 0 then error("stack empty", 2) end
  local v = self[self.n]; self[self.n] = nil; self.n = self.n - 1; return v
end
function Stack:peek() return self[self.n] end
local s = Stack.new():push(1, 2, 3)
print(s:pop(), s:peek(), s.n)
s:pop(); s:pop()
print(pcall(s.pop, s))
