-- a printf helper and a logger with levels
local function printf(fmt, ...) io.write(string.format(fmt, ...)) end
printf("%s has %d leads (%s)\n", "ravi", 12, "ok")
local levels = {debug = 1, info = 2, warn = 3}
local function logger(min)
  return function(level, fmt, ...)
    if levels[level] >= levels[min] then printf("[%s] " .. fmt .. "\n", level:upper(), ...) end
  end
end
local log = logger("info")
log("debug", "hidden %d", 1)
log("info", "synced %d of %d", 5, 10)
log("warn", "%s", "slow")
