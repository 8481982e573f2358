local M = {}
function M.saveOAuthTokens(t) end
function M.getOAuthTokens(u)
  return nil
end
return M
