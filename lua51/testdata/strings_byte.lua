print(("abc"):byte(), ("abc"):byte(2), ("abc"):byte(-1), ("abc"):byte(1, 3), ("abc"):byte(0), ("abc"):byte(10))
print(("abc"):byte(2, 10), ("abc"):byte(-10, 2), ("abc"):byte(3, 2), select("#", ("abc"):byte(1, 0)), (""):byte())
