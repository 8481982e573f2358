if x then
  print(1)
