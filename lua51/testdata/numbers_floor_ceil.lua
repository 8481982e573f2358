for _, x in ipairs{3.7, -3.7, 3, -3, 0.5, -0.5, 1e300, -1e300} do io.write(math.floor(x), " ", math.ceil(x), "\n") end
