print(math.abs(-0.0 + 0), math.sqrt(16), math.pow(2, 0.5), math.exp(0), math.log(1), math.log10(1000))
print(math.max(1, 5, 3), math.min(4, -2, 8), math.pi, math.deg(math.pi), math.rad(180))
print(math.frexp(8), math.ldexp(0.5, 4))
