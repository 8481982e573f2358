local cfg
local function url() return cfg.url end
local function set() cfg.url = "x" end
print(select(2, pcall(url)))
print(select(2, pcall(set)))
print(url())
