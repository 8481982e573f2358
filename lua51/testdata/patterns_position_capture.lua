print(("hello"):match("()ll()"), ("abc"):match("()"), ("abc"):match(".()$"))
print(("hello"):gsub("()l", "%1"))
print(("abc"):gsub("()", "%1"))
