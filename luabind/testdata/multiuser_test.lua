-- crm.as and crm.auth.user: one script acting for several users. The
-- sandbox authorises "sandbox" (the admin) and "ravi@zylker.example".

local ravi_id = "ravi@zylker.example"

function test_auth_user_names_the_current_user()
  assert_eq(crm.auth.user(), "sandbox", "crm.auth.user()")
  assert_eq(crm.as(ravi_id).auth.user(), ravi_id, "crm.as(ravi).auth.user()")
end

function test_as_returns_one_table_per_user()
  assert_true(crm.as(ravi_id) == crm.as(ravi_id), "crm.as(ravi) is the same table twice")
  assert_true(crm.as("sandbox") == crm, "crm.as(current user) is crm")
  assert_true(crm.as(ravi_id).as("sandbox") == crm, "crm.as(ravi).as(sandbox) is crm")
end

function test_as_has_the_shape_of_crm()
  local ravi = crm.as(ravi_id)
  for k, v in pairs(crm) do
    assert_eq(type(ravi[k]), type(v), "type of crm.as(ravi)." .. k)
    if type(v) == "table" and k ~= "null" then
      for fk, fv in pairs(v) do
        assert_eq(type(ravi[k][fk]), type(fv), "type of crm.as(ravi)." .. k .. "." .. fk)
      end
    end
  end
  assert_eq(ravi.null, crm.null, "crm.as(ravi).null")
end

function test_as_lists_records_with_the_users_tokens()
  local recs = crm.as(ravi_id).records.list("Leads", {per_page = 2})
  assert_eq(#recs, 2, "records listed as ravi")
end

function test_unauthorised_user_raises_oauth_error()
  local err = assert_raises(function() crm.as("nobody@example.com").records.list("Leads") end)
  assert_eq(err.code, "OAUTH_ERROR", "err.code")
  assert_match(tostring(err), "nobody@example.com", "tostring(err)")
end

function test_as_checks_its_argument()
  local err = assert_raises(function() crm.as() end)
  assert_match(err, "crm.as: user id (argument #1) is missing", "crm.as()")
  err = assert_raises(function() crm.as(42) end)
  assert_match(err, "crm.as: user id (argument #1) must be a non-empty string", "crm.as(42)")
end
