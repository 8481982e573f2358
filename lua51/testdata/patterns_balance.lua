print(("f(a(b)c)d"):match("%b()"), ("[[x]] [y]"):match("%b[]"), ("((("):match("%b()"), ("if x then y end"):match("%bie"))
print(("(a)(b)"):gsub("%b()", "X"))
