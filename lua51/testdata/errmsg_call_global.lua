print("start")
print(select(2, pcall(function() prnt("x") end)))
prnt("hello")
