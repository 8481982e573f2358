-- gcinfo() exists and is the count in kilobytes
print(type(gcinfo))
print(type(gcinfo()), gcinfo() > 0)
print(math.floor(gcinfo()) == gcinfo())
