-- lib/words.lua: counts in messages, so that a script never prints
-- "1 notes moved".
--
--   local count = require("lib.words").count
--   count(1, "note")           --> "1 note"
--   count(3, "retry")          --> "3 retries"
--   count(2, "person", "people") --> "2 people"
local M = {}

-- plural is the regular English plural: -es after s, x, z, ch and sh, -ies
-- for a consonant before a final y, else -s.
function M.plural(noun)
  if noun:find("[sxz]$") or noun:find("[cs]h$") then return noun .. "es" end
  if noun:find("[^aeiou]y$") then return noun:sub(1, -2) .. "ies" end
  return noun .. "s"
end

-- count is n and the noun, in the plural (or the given plural) unless n is 1.
function M.count(n, noun, plural)
  if n == 1 or n == -1 then return ("%d %s"):format(n, noun) end
  return ("%d %s"):format(n, plural or M.plural(noun))
end

return M
