-- crm.coql and crm.coql_iter against the seeded sandbox.

function test_coql_returns_rows_and_info()
  local rows, info = crm.coql("select Last_Name, Email from Leads where Last_Name is not null limit 0, 200")
  assert_eq(#rows, 200, "rows")
  assert_eq(info.count, 200, "info.count")
  assert_eq(info.more_records, true, "info.more_records")
  assert_eq(type(rows[1].id), "string", "type of id")
  assert_true(rows[1].Last_Name ~= nil, "Last_Name selected")
  assert_eq(rows[1].Company, nil, "unselected Company")
end

function test_coql_no_rows_is_empty()
  local rows, info = crm.coql("select Last_Name from Leads where Last_Name = 'Nobody-Here'")
  assert_eq(#rows, 0, "rows")
  assert_eq(info.more_records, false, "more_records")
end

function test_coql_iter_reads_past_200_rows()
  local total = 0
  for _ in crm.coql_iter("select id from Accounts where Industry = 'Technology'") do total = total + 1 end
  -- count the same set through COQL pages of 50 to cross-check
  local check, offset = 0, 0
  repeat
    local rows, info = crm.coql("select id from Accounts where Industry = 'Technology' limit " .. offset .. ", 50")
    check, offset = check + #rows, offset + 50
  until not info.more_records
  assert_eq(total, check, "rows iterated")
  local all, want = 0, 0
  for _ in crm.coql_iter("select id from Leads") do all = all + 1 end
  -- other tests and the doc examples add leads to the shared sandbox
  for _ in crm.records.iter("Leads", {fields = {"id"}, converted = "both"}) do want = want + 1 end
  assert_true(want >= 5000, "the seeded leads at least")
  assert_eq(all, want, "every lead, 200 at a time")
end

function test_coql_iter_keeps_the_query_limit()
  local n = 0
  for row in crm.coql_iter("select Last_Name from Leads order by Last_Name asc limit 450") do n = n + 1 end
  assert_eq(n, 450, "rows under limit 450")
end

function test_coql_errors_are_zoho_errors()
  local err = assert_raises(function() crm.coql("select Last_Name fron Leads") end)
  assert_eq(err.code, "SYNTAX_ERROR", "code")
  assert_eq(err.details.near, "fron", "details.near")
  assert_eq(err.call, "crm.coql", "call")
  err = assert_raises(function() for _ in crm.coql_iter("select Nope from Leads") do end end)
  assert_eq(err.code, "INVALID_QUERY", "iter code")
  assert_eq(err.call, "crm.coql_iter", "iter call")
end

function test_coql_error_position_is_the_lua_caller()
  -- called from a Lua line, the error names it; called straight from
  -- pcall (a Go function), it names no position, as Lua 5.1's luaL_where
  local err = assert_raises(function() crm.coql("select Last_Name fron Leads") end)
  assert(tostring(err):find("^testdata/coql_test%.lua:%d+: crm%.coql: SYNTAX_ERROR"), tostring(err))
  local ok, direct = pcall(crm.coql, "select Last_Name fron Leads")
  assert(not ok and direct.code == "SYNTAX_ERROR")
  assert(tostring(direct):find("^crm%.coql: SYNTAX_ERROR"), tostring(direct))
  assert(not tostring(direct):find("[G]", 1, true), tostring(direct))
end

