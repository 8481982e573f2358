-- integer arithmetic helpers
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
local function lcm(a, b) return a / gcd(a, b) * b end
print(gcd(48, 18), gcd(17, 5), lcm(4, 6), lcm(21, 6))
print(7 % 3, -7 % 3, 7 % -3, math.floor(-7 / 2), math.fmod(-7, 3))
