-- Functions with more than 256 constants: keys, values and method names
-- past the RK limit must go through registers.
local lines = {"local t = {}"}
for i = 1, 300 do lines[#lines + 1] = ("t.k%d = %d"):format(i, i) end
lines[#lines + 1] = "local s = 0"
for i = 1, 300 do lines[#lines + 1] = ("s = s + t.k%d"):format(i) end
lines[#lines + 1] = "t.k299, t.k300 = t.k300, t.k299"
lines[#lines + 1] = "local obj = {n = 0}"
lines[#lines + 1] = "function obj:method_past_limit(x) self.n = self.n + x; return self end"
lines[#lines + 1] = "obj:method_past_limit(5):method_past_limit(6)"
lines[#lines + 1] = "local cmp = (t.k300 == 299) and (\"str300\" ~= \"str301\")"
lines[#lines + 1] = "local u = {[\"late1\"] = 1, late2 = t.k1 + 1000.5}"
lines[#lines + 1] = "late_global = 77"
lines[#lines + 1] = "return s, t.k299, t.k300, obj.n, cmp, u.late1, u.late2, late_global, t[\"k150\"] .. \"!\""
local f = assert(loadstring(table.concat(lines, "\n")))
print(f())

-- many distinct number constants in arithmetic and comparisons
local src = {"local x = 0"}
for i = 1, 300 do src[#src + 1] = ("x = x + %d.5"):format(i) end
src[#src + 1] = "local big = x > 45000.5 and x < 45300.5"
src[#src + 1] = "return x, big, x == 45300, x * 2.25 - 0.125"
print(assert(loadstring(table.concat(src, "\n")))())

-- many string constants in a table constructor and concatenation
local src2 = {"return {"}
for i = 1, 400 do src2[#src2 + 1] = ("'v%d',"):format(i) end
src2[#src2 + 1] = "}"
local t = assert(loadstring(table.concat(src2)))()
print(#t, t[1], t[256], t[257], t[400])
