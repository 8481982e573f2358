-- colon syntax passes self; dot syntax needs it explicitly
local obj = {n = 5}
function obj:get() return self.n end
function obj.add(self, k) self.n = self.n + k; return self end
print(obj:get(), obj.get(obj), obj:add(2):add(3):get())
local ok, e = pcall(obj.get)
print(ok, (e:gsub("^.-:%d+: ", "")))
