local function f(a)
  if a then
    return 1
  end

print(f(true))
