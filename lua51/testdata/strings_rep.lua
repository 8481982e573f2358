print(("ab"):rep(3), ("ab"):rep(0), ("ab"):rep(-1), (""):rep(100), ("x"):rep(2.9), ("x"):rep("3"), #("abc"):rep(1000))
