-- a string builder object with chained appends
local SB = {}
SB.__index = SB
function SB.new() return setmetatable({parts = {}, n = 0}, SB) end
function SB:add(...) for i = 1, select("#", ...) do self.n = self.n + 1; self.parts[self.n] = tostring((select(i, ...))) end return self end
function SB:line(fmt, ...) return self:add(string.format(fmt, ...), "\n") end
function SB:build(sep) return table.concat(self.parts, sep or "") end
local sb = SB.new():add("a", 1, true):line(" [%03d]", 7):add(nil)
io.write(sb:build())
print()
print(sb.n)
