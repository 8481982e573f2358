-- lib/args.lua: the command-line arguments of the example scripts.
--
--   local args = require("lib.args").parse(arg, {days = "30", merge = false})
--
-- Arguments "--name=value" and "--name value" set options, "--flag" sets a
-- boolean option to true; the rest are positional, in args[1..n]. Options
-- not in the defaults table raise, naming the option, so a typo is never
-- silently ignored.
local M = {}

function M.parse(argv, defaults)
  local out = {}
  for k, v in pairs(defaults or {}) do out[k] = v end
  local i = 1
  while argv[i] ~= nil do
    local a = argv[i]
    local name, value = a:match("^%-%-([%w_-]+)=(.*)$")
    if not name then name = a:match("^%-%-([%w_-]+)$") end
    if name then
      local key = name:gsub("-", "_")
      local default = defaults and defaults[key]
      if default == nil then
        error(("unknown option --%s"):format(name), 0)
      end
      if value == nil and type(default) == "boolean" then
        value = true
      elseif value == nil then
        i = i + 1
        value = argv[i]
        if value == nil then error(("option --%s needs a value"):format(name), 0) end
      end
      out[key] = value
    else
      out[#out + 1] = a
    end
    i = i + 1
  end
  return out
end

-- number reads option name of opts as a number, raising when it is not one.
function M.number(opts, name)
  local n = tonumber(opts[name])
  if n == nil then error(("option --%s must be a number, got %q"):format(name, tostring(opts[name])), 0) end
  return n
end

return M
