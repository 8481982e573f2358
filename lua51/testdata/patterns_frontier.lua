print(("THE (quick) fox"):find("%f[%a]%a+"))
for w in ("the cat, the hat"):gmatch("%f[%w]%w+%f[%W]") do io.write(w, "|") end print()
print(("hello"):find("%f[%l]"), ("hello"):find("%f[%z]"), ("THE END"):match("%f[%w]%w+$"))
print(("aXb"):gsub("%f[%u]", "_"))
