-- a file's __gc closes it; file methods check their argument as 5.1 does
print(pcall(getmetatable(io.stdin).__gc))
print(pcall(io.stdin.read, 5))
local f = io.open("gc_x.tmp", "w")
getmetatable(f).__gc(f)
print(io.type(f), tostring(f))
print(pcall(f.write, f, "x"))
os.remove("gc_x.tmp")
