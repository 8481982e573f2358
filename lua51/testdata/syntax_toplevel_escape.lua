

local s = "\400"
