print(("x"):match("x"))
print(("x"):find("[a"))
