-- A token module in the seed MySQL store's image: it answers with the
-- column names (expirytime as a string, as a bigint often arrives) and
-- keeps one file per user beside a call log, using io and os.
local dir = os.getenv("ZCRMRUN_TEST_TOKEN_DIR")
local util = require("columns_util")
local M = {}

local function log(what)
  local f = assert(io.open(dir .. "/calls.log", "a"))
  f:write(what, "\n")
  f:close()
end

local function write(t)
  local f = assert(io.open(util.file(dir, t.user_identifier), "w"))
  f:write(t.access_token, "\n", t.refresh_token, "\n", string.format("%d", t.expires_in), "\n")
  f:close()
end

function M.saveOAuthTokens(t) log("save " .. t.user_identifier); write(t) end
function M.updateOAuthTokens(t) log("update " .. t.user_identifier); write(t) end

function M.getOAuthTokens(user_id)
  local f = io.open(util.file(dir, user_id), "r")
  if not f then return nil end
  local a, r, e = f:read("*l"), f:read("*l"), f:read("*l")
  f:close()
  return { { useridentifier = user_id, accesstoken = a, refreshtoken = r, expirytime = e } }
end

function M.deleteOAuthTokens(user_id) os.remove(util.file(dir, user_id)) end

return M
