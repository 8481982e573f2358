-- closures used as accumulators and composition
local function compose(f, g) return function(...) return f(g(...)) end end
local function add(n) return function(x) return x + n end end
local function mul(n) return function(x) return x * n end end
local f = compose(add(1), mul(10))
print(f(4), compose(mul(10), add(1))(4))
local pipeline = {add(2), mul(3), add(-1)}
local function run(x) for _, step in ipairs(pipeline) do x = step(x) end return x end
for i = 0, 4 do io.write(run(i), i < 4 and "," or "\n") end
