return {
  saveOAuthTokens = function(t) end,
  updateOAuthTokens = function(t) end,
  getOAuthTokens = function(user_id)
    if user_id == "string" then return '{"access_token":"x"}' end
    if user_id == "number" then return { access_token = 12, refresh_token = "r" } end
    if user_id == "expiry" then return { access_token = "a", refresh_token = "r", expires_in = "tomorrow" } end
    return {}
  end,
}
