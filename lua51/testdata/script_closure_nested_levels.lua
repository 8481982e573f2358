-- upvalues several levels up
local function outer()
  local a = 1
  return function()
    local b = 10
    return function()
      local c = 100
      return function() a = a + 1; b = b + 1; c = c + 1; return a + b + c end
    end
  end
end
local mid = outer()
local inner1 = mid()
local f1, f2 = inner1(), inner1()
print(f1(), f1(), f2(), f2())
local inner2 = mid()
print(inner2()())
