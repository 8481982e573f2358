local M = {}
function M.getOAuthTokens(u)
  return nil
end
function M.saveOAuthTokens(t
return M
