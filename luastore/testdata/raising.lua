-- A token module whose backend is down.
local M = {}
function M.saveOAuthTokens(t) error("token backend refused the write") end
function M.updateOAuthTokens(t) error("token backend refused the update") end
function M.getOAuthTokens(user_id)
  if user_id == "table-error" then
    error(setmetatable({}, { __tostring = function() return "structured failure E42" end }))
  end
  error("token backend unreachable for " .. user_id)
end
return M
