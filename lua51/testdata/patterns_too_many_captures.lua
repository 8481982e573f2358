print(pcall(function() return ("x"):match(("()"):rep(33)) end))
print(select("#", ("x"):match(("()"):rep(32))))
