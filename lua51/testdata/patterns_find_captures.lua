print(("key = value"):find("(%w+)%s*=%s*(%w+)"))
print(("hello"):find("()ll()"))
print(("abc"):find("((a)(b))"))
print(("x"):find("()"))
