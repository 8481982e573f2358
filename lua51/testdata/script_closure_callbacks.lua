-- event emitter with registered callbacks, called in registration order
local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({handlers = {}}, Emitter) end
function Emitter:on(ev, fn)
  local list = self.handlers[ev] or {}
  self.handlers[ev] = list
  list[#list + 1] = fn
end
function Emitter:emit(ev, ...)
  local n = 0
  for _, fn in ipairs(self.handlers[ev] or {}) do fn(...); n = n + 1 end
  return n
end
local e = Emitter.new()
local log = {}
e:on("lead", function(name) log[#log + 1] = "A:" .. name end)
e:on("lead", function(name, score) log[#log + 1] = "B:" .. name .. "=" .. score end)
e:on("deal", function() log[#log + 1] = "deal" end)
print(e:emit("lead", "acme", 7), e:emit("deal"), e:emit("none"))
print(table.concat(log, " | "))
