-- Constant expressions: folded or not, they give lua5.1's values. Results
-- are printed through comparisons and string.format("%d") so that number
-- formatting does not matter here.
local function neg(x) return x < 0 end
print("pow", 2^53 == 9007199254740992, 2^53 + 1 == 2^53, 2^-1 == 0.5, 2^0.5 == math.sqrt(2))
print("prec", 2 + 3 * 4 == 14, (2 + 3) * 4 == 20, 2^3^2 == 512, -2^2 == -4, (-2)^2 == 4)
print("mod", 10 % 3, -10 % 3, 10 % -3, -10 % -3, 5.5 % 2 == 1.5, -5.5 % 2 == 0.5)
print("div", 7 / 2 == 3.5, -7 / 2 == -3.5, 1 / 3 * 3 == 1)
print("int", string.format("%d %d %d", 2^31, -2^31, 2^40 + 1))

-- division by zero is not folded: the sign of a zero constant comes from
-- the function's constant table, where -0 and 0 are one constant
local function a() return 1 / 0 end
local function b() return -1 / 0 end
local function c() return 1 / -0 end
local function d() local z = 0; return 1 / -0 end
local function e() return 0 / 0 end
local function f() return 1 % 0 end
print("inf", a() > 2^1023, neg(b()), neg(c()), neg(d()))
local nan = e()
print("nan", nan ~= nan, f() ~= f())
print("zero", 0 == -0, 1 / (0 * -1) > 0 or "neg")

-- unary minus and not on constants
print("unm", -(-3) == 3, - - 3 == 3, -(2 * 3) == -6, not nil, not 0, not not "")

-- comparisons of constants
print("cmp", 1 < 2, 2 <= 2, "a" < "b", "Z" < "a", "abc" < "abd", "" < "a", 1 == 1.0)
print("cmp2", "1" == 1, nil == false, 0.1 + 0.2 == 0.3, 3 ~= 3.0000001)

-- constants mixed with variables
local x = 5
print("mixed", x * 2 + 3 * 4 == 22, 2 * x ^ 2 == 50, -x ^ 2 == -25, (1 + 2) * x == 15)
print("str", "10" + 1 == 11, "3" * "4" == 12, 10 .. 20 == "1020", "0x10" + 0 == 16)
