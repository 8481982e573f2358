-- crm.records.list against the seeded sandbox.

function test_list_pages_and_info()
  local recs, info = crm.records.list("Leads", {page = 2, per_page = 50})
  assert_eq(#recs, 50, "records on page 2")
  assert_eq(info.page, 2, "info.page")
  assert_eq(info.per_page, 50, "info.per_page")
  assert_eq(info.count, 50, "info.count")
  assert_eq(info.more_records, true, "info.more_records")
end

function test_ids_are_19_digit_strings()
  local recs = crm.records.list("Leads", {per_page = 3})
  for _, r in ipairs(recs) do
    assert_eq(type(r.id), "string", "type of id")
    assert_eq(#r.id, 19, "length of id")
  end
end

function test_null_fields_are_crm_null()
  local recs = crm.records.list("Leads", {per_page = 1, fields = {"Description"}})
  assert_eq(recs[1].Description, crm.null, "Description")
  assert_eq(tostring(crm.null), "null", "tostring(crm.null)")
end

function test_sorted_desc_by_created_time()
  local recs = crm.records.list("Leads", {sort_by = "Created_Time", sort_order = "desc", per_page = 20})
  for i = 2, #recs do
    assert_true(recs[i - 1].Created_Time >= recs[i].Created_Time, "descending order at " .. i)
  end
end

function test_past_the_end_is_empty()
  local recs, info = crm.records.list("Accounts", {page = 10, per_page = 200})
  assert_eq(#recs, 0, "records past the end")
  assert_eq(info.more_records, false, "more_records past the end")
end

function test_discrete_paging_wall_raises_zoho_error()
  local err = assert_raises(function() crm.records.list("Leads", {page = 11, per_page = 200}) end)
  assert_eq(err.code, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "err.code")
  assert_eq(err.status, 400, "err.status")
  assert_eq(err.call, "crm.records.list", "err.call")
  assert_match(tostring(err), "crm.records.list: DISCRETE_PAGINATION_LIMIT_EXCEEDED", "tostring(err)")
  assert_match(tostring(err), "(HTTP 400)", "tostring(err)")
end

function test_unknown_module_raises_invalid_module()
  local err = assert_raises(function() crm.records.list("Nope") end)
  assert_eq(err.code, "INVALID_MODULE", "err.code")
  -- Zoho's details.resource_path_index 0 points at the module in the path.
  assert_match(tostring(err), 'INVALID_MODULE: the module name given seems to be invalid: "Nope" (HTTP 400)', "names the module")
  -- Settings calls point at their ?module= with details.param_name.
  assert_match(assert_raises(function() crm.fields.list("Nope") end), 'invalid: "Nope"', "fields.list names it")
end

function test_bad_arguments_name_the_problem()
  assert_match(assert_raises(function() crm.records.list() end), "crm.records.list: module (argument #1) is missing")
  assert_match(assert_raises(function() crm.records.list("Leads", {pge = 1}) end), "unknown option pge")
  assert_match(assert_raises(function() crm.records.list("Leads", {page = "x"}) end), "option page must be an integer")
  assert_match(assert_raises(function() crm.records.list("Leads", {ids = {5725767000000001234}}) end), "record ids must be strings")
end
