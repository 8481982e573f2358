-- a double-ended queue with two indices
local Deque = {}
Deque.__index = Deque
function Deque.new() return setmetatable({first = 0, last = -1, items = {}}, Deque) end
function Deque:pushleft(v) self.first = self.first - 1; self.items[self.first] = v end
function Deque:pushright(v) self.last = self.last + 1; self.items[self.last] = v end
function Deque:popleft()
  if self.first > self.last then return nil end
  local v = self.items[self.first]; self.items[self.first] = nil; self.first = self.first + 1; return v
end
function Deque:popright()
  if self.first > self.last then return nil end
  local v = self.items[self.last]; self.items[self.last] = nil; self.last = self.last - 1; return v
end
function Deque:size() return self.last - self.first + 1 end
local d = Deque.new()
d:pushright(1); d:pushright(2); d:pushleft(0); d:pushleft(-1)
print(d:size(), d:popleft(), d:popright(), d:popleft(), d:popright(), d:popleft(), d:size())
