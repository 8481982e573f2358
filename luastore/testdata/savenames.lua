-- A token module answering with the save-side field names, kept in memory.
local tokens = {}
local M = {}

function M.saveOAuthTokens(t)
  tokens[t.user_identifier] = {
    access_token = t.access_token, refresh_token = t.refresh_token,
    expires_in = t.expires_in, api_domain = t.api_domain,
  }
end

function M.updateOAuthTokens(t)
  local old = tokens[t.user_identifier]
  if old == nil then error("update of unknown user " .. t.user_identifier) end
  old.access_token, old.expires_in = t.access_token, t.expires_in
end

function M.getOAuthTokens(user_id)
  return tokens[user_id]
end

function M.deleteOAuthTokens(user_id)
  tokens[user_id] = nil
end

function M.listOAuthUsers()
  local users = {}
  for u in pairs(tokens) do users[#users + 1] = u end
  return users
end

return M
