print(-5 % 3, 5 % -3, -5 % -3, 5 % 3, 5.5 % 2, -5.5 % 2, 5 % 2.5)
print(math.fmod(-5, 3), math.fmod(5, -3), math.fmod(5.5, 2), math.mod(-7, 3))
print(3 % math.huge, -3 % math.huge)
