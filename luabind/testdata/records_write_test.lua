-- crm.records.create/update/upsert/delete/deleted/get/mass_update against
-- the shared sandbox. Tests create their own records.

local function unique(prefix)
  return prefix .. " " .. tostring(os.time()) .. tostring(math.random(1e6))
end

function test_create_250_in_input_order_with_a_failure_in_the_middle()
  local tag = unique("Batch")
  local recs = {}
  for i = 1, 250 do
    recs[i] = {Last_Name = tag .. " #" .. i, Company = "Chunk Co"}
  end
  recs[131] = {First_Name = "no last name"} -- second chunk, refused
  local results = crm.records.create("Leads", recs)
  assert_eq(#results, 250, "one result per record")
  for i, r in ipairs(results) do
    if i == 131 then
      assert_eq(r.status, "error", "result 131 status")
      assert_eq(r.code, "MANDATORY_NOT_FOUND", "result 131 code")
      assert_eq(r.details.api_name, "Last_Name", "result 131 details.api_name")
      assert_eq(r.id, nil, "result 131 id")
    else
      assert_eq(r.status, "success", "result " .. i .. " status")
      assert_eq(type(r.id), "string", "result " .. i .. " id")
    end
  end
  for _, i in ipairs({1, 100, 101, 130, 132, 200, 201, 250}) do
    local rec = crm.records.get("Leads", results[i].id)
    assert_eq(rec.Last_Name, tag .. " #" .. i, "record behind result " .. i)
  end
end

function test_single_record_gives_one_result()
  local results = crm.records.create("Contacts", {Last_Name = unique("Single")}, {trigger = {}})
  assert_eq(#results, 1, "results")
  assert_eq(results[1].code, "SUCCESS", "code")
  assert_eq(results[1].message, "record added", "message")
  assert_true(results[1].details.Created_Time:match("^%d%d%d%d%-%d%d%-%d%dT") ~= nil, "Created_Time is an ISO string")
  assert_eq(#crm.records.create("Contacts", crm.array{}), 0, "an empty list sends nothing")
end

function test_null_clears_a_field_and_empty_arrays_survive()
  local id = crm.records.create("Leads", {Last_Name = unique("Nullable"), City = "Lyon"})[1].id
  local rec = crm.records.get("Leads", id)
  assert_eq(rec.City, "Lyon", "City before")
  assert_eq(#rec.Tag, 0, "Tag is an empty array")
  -- send the record's own empty Tag back: it must go out as [] again
  local r = crm.records.update("Leads", {id = id, City = crm.null, Tag = rec.Tag})[1]
  assert_eq(r.status, "success", "update status")
  assert_eq(r.id, id, "update result id")
  local after = crm.records.get("Leads", id)
  assert_eq(after.City, crm.null, "City after update with crm.null")
  assert_eq(after.Last_Name, rec.Last_Name, "other fields kept")
  assert_true(after.Modified_Time >= rec.Modified_Time, "Modified_Time moves forward")
end

function test_update_reports_bad_records_as_results()
  local id = crm.records.create("Leads", {Last_Name = unique("Upd")})[1].id
  local results = crm.records.update("Leads", {
    {id = id, Company = "Fine"},
    {id = "5725767999999999999", Company = "no such record"},
    {Company = "no id at all"},
    {id = id, No_of_Employees = "many"},
  })
  assert_eq(results[1].status, "success", "1")
  assert_eq(results[2].code, "INVALID_DATA", "2: unknown id")
  assert_eq(results[2].id, "5725767999999999999", "2: id of the refused record")
  assert_eq(results[3].code, "MANDATORY_NOT_FOUND", "3: missing id")
  assert_eq(results[4].code, "INVALID_DATA", "4: wrong type")
  assert_eq(results[4].details.expected_data_type, "integer", "4: expected_data_type")
end

function test_upsert_actions()
  local email = string.lower(unique("up"):gsub("%s", "")) .. "@upsert.example"
  local first = crm.records.upsert("Leads", {Last_Name = "First", Email = email}, {duplicate_check_fields = {"Email"}})[1]
  assert_eq(first.action, "insert", "first action")
  assert_eq(first.duplicate_field, crm.null, "first duplicate_field")
  local second = crm.records.upsert("Leads", {Last_Name = "Second", Email = email}, {duplicate_check_fields = {"Email"}})[1]
  assert_eq(second.action, "update", "second action")
  assert_eq(second.duplicate_field, "Email", "second duplicate_field")
  assert_eq(second.id, first.id, "same record")
  assert_eq(crm.records.get("Leads", first.id).Last_Name, "Second", "updated")
end

function test_duplicate_email_is_a_result()
  local email = string.lower(unique("dup"):gsub("%s", "")) .. "@dup.example"
  local results = crm.records.create("Contacts", {{Last_Name = "A", Email = email}, {Last_Name = "B", Email = email}})
  assert_eq(results[1].status, "success", "first")
  assert_eq(results[2].code, "DUPLICATE_DATA", "second")
  assert_eq(results[2].details.api_name, "Email", "details.api_name")
  assert_eq(results[2].details.id, results[1].id, "details.id names the existing record")
  assert_eq(results[2].id, nil, "a refused insert has no id")
end

function test_delete_and_deleted()
  local ids = {}
  for i, r in ipairs(crm.records.create("Leads", {{Last_Name = unique("Del")}, {Last_Name = unique("Del")}})) do ids[i] = r.id end
  local results = crm.records.delete("Leads", {ids[1], ids[2], "5725767999999999999"})
  assert_eq(results[1].message, "record deleted", "deleted 1")
  assert_eq(results[2].id, ids[2], "result 2 id")
  assert_eq(results[3].status, "error", "unknown id")
  assert_eq(crm.records.get("Leads", ids[1]), nil, "get after delete")
  local gone = crm.records.deleted("Leads", {type = "recycle", per_page = 200})
  local found = {}
  for _, d in ipairs(gone) do found[d.id] = d end
  assert_true(found[ids[1]] and found[ids[2]], "both in the recycle bin")
  assert_eq(found[ids[1]].type, "recycle", "type")
  assert_match(assert_raises(function() crm.records.deleted("Leads", {type = "trash"}) end), 'option type must be "all", "recycle" or "permanent"')
end

function test_get_absent_is_nil_and_bad_id_raises()
  assert_eq(crm.records.get("Leads", "5725767999999999999"), nil, "absent record")
  local err = assert_raises(function() crm.records.get("Leads", "abc") end)
  assert_eq(err.code, "INVALID_DATA", "code")
  assert_eq(err.status, 400, "status")
  assert_eq(err.call, "crm.records.get", "call")
  assert_match(tostring(err), 'crm.records.get: INVALID_DATA: the id given seems to be invalid: "abc" (HTTP 400)', "names the id")
end

function test_ids_as_numbers_are_rejected()
  assert_match(assert_raises(function() crm.records.get("Leads", 5725767000000001234) end),
    "crm.records.get: id (argument #2) must be a string: record ids pass 2^53")
  assert_match(assert_raises(function() crm.records.delete("Leads", {"5725767000000001234", 5725767000000001235}) end),
    "crm.records.delete: ids[2]: record ids must be strings")
  assert_match(assert_raises(function() crm.records.update("Leads", {id = 5725767000000001234, City = "x"}) end),
    "crm.records.update: record: field id: record ids must be strings")
  assert_match(assert_raises(function() crm.records.create("Contacts", {{Last_Name = "x", Account_Name = {id = 5725767000000001234}}}) end),
    "crm.records.create: record #1.Account_Name: field id: record ids must be strings")
  assert_match(assert_raises(function() crm.records.convert(5725767000000001234) end), "lead_id (argument #1) must be a string: record ids pass 2^53")
end

function test_bad_arguments_name_the_problem_for_writes()
  assert_match(assert_raises(function() crm.records.create("Leads", {}) end), "is an empty table")
  assert_match(assert_raises(function() crm.records.create("Leads", "x") end), "records (argument #2) must be a record table")
  assert_match(assert_raises(function() crm.records.create("Leads", {Last_Name = "x"}, {triger = {}}) end), "unknown option triger")
  assert_match(assert_raises(function() crm.records.delete("Leads") end), "ids (argument #2) is missing")
  assert_match(assert_raises(function() crm.records.create("Leads", {{Last_Name = "a"}, Last_Name = "b"}) end), "mixes an array of records with other keys")
end

function test_request_level_failure_raises()
  local err = assert_raises(function() crm.records.create("No_Such_Module", {Last_Name = "x"}) end)
  assert_eq(err.code, "INVALID_MODULE", "code")
  assert_eq(err.call, "crm.records.create", "call")
end

function test_mass_update()
  local ids = {}
  for i, r in ipairs(crm.records.create("Leads", {{Last_Name = unique("Mass")}, {Last_Name = unique("Mass")}})) do ids[i] = r.id end
  local results = crm.records.mass_update("Leads", ids, {Lead_Status = "Contacted"})
  assert_eq(#results, 2, "results")
  assert_eq(results[2].id, ids[2], "result id")
  for _, id in ipairs(ids) do
    assert_eq(crm.records.get("Leads", id).Lead_Status, "Contacted", "Lead_Status of " .. id)
  end
end
