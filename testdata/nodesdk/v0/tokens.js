// An in-memory token module for zcrmsdk 0.0.20 (its "tokenmanagement"
// setting), the interface described in zcrmsdk.md B5. updateOAuthTokens gets
// no user id, so it uses the SDK's current user, as the SDK expects.
const tokens = {};

function currentUser() {
  return require('zcrmsdk').getUserIdentifier();
}

module.exports = {
  saveOAuthTokens(t) {
    tokens[t.user_identifier] = { ...t };
    return Promise.resolve();
  },
  updateOAuthTokens(t) {
    const user = currentUser();
    tokens[user] = { ...tokens[user], ...t };
    return Promise.resolve();
  },
  getOAuthTokens(user) {
    return Promise.resolve(tokens[user] || {});
  },
};
