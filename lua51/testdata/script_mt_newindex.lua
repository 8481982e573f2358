-- __newindex for read-only tables and change logs
local function readonly(t)
  return setmetatable({}, {__index = t, __newindex = function(_, k) error("read-only field " .. tostring(k), 2) end})
end
local cfg = readonly({host = "crm", port = 443})
print(cfg.host, cfg.port)
local ok, err = pcall(function() cfg.port = 80 end)
print(ok, (err:gsub("^.-:%d+: ", "")))
local log = {}
local store = {}
local tracked = setmetatable({}, {__index = store, __newindex = function(t, k, v)
  log[#log + 1] = k .. "=" .. tostring(v)
  rawset(store, k, v)
end})
tracked.a = 1; tracked.b = 2; tracked.a = 3
print(table.concat(log, " "), tracked.a, rawget(tracked, "a"))
