-- A token module that calls os.exit, as a careless one might.
local M = {}
function M.saveOAuthTokens(t) os.exit(5) end
function M.updateOAuthTokens(t) os.exit(true) end
function M.getOAuthTokens(user_id)
  if user_id == "get" then os.exit(9) end
  if user_id == "pcall" then pcall(os.exit, 3) return nil end
  if user_id == "known" then
    return { access_token = "1000.a.1", refresh_token = "1000.r.1", expires_in = 1795888039040 }
  end
  return nil
end
return M
