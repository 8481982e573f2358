-- reverse, rep and length
print(("stressed"):reverse(), ("ab"):rep(4), #("ab"):rep(50))
local function isPalin(s) s = s:lower():gsub("[^%a]", ""); return s == s:reverse() end
print(isPalin("A man, a plan, a canal: Panama"), isPalin("Not one"))
