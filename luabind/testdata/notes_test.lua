-- crm.notes against the seeded sandbox; each test uses its own record.

local function contact(n)
  return crm.records.list("Contacts", {page = n, per_page = 1})[1]
end

function test_notes_create_list_get_update_delete()
  local c = contact(11)
  local results = crm.notes.create("Contacts", c.id, {Note_Title = "Call", Note_Content = "Asked for pricing"})
  assert_eq(#results, 1, "one result")
  assert_eq(results[1].code, "SUCCESS", "code")
  local id = results[1].id
  assert_eq(type(id), "string", "note id type")

  local notes, info = crm.notes.list("Contacts", c.id)
  assert_eq(#notes, 1, "notes listed")
  assert_eq(notes[1].Parent_Id.id, c.id, "Parent_Id.id")
  assert_eq(notes[1]["$se_module"], "Contacts", "$se_module")
  assert_eq(info.count, 1, "info.count")

  local r = crm.notes.update("Contacts", c.id, id, {Note_Content = "Sent pricing"})
  assert_eq(r.status, "success", "update status")
  assert_eq(crm.notes.get(nil, nil, id).Note_Content, "Sent pricing", "org-wide get after update")

  assert_eq(crm.notes.delete("Contacts", c.id, id).code, "SUCCESS", "delete")
  assert_eq(crm.notes.get("Contacts", c.id, id), nil, "get after delete")
end

function test_notes_create_list_keeps_order_and_failures_are_results()
  local c = contact(12)
  local results = crm.notes.create("Contacts", c.id, {
    {Note_Content = "first"},
    {Note_Title = "no content"},
    {Note_Content = "third"},
  })
  assert_eq(#results, 3, "results")
  assert_eq(results[1].status, "success", "first")
  assert_eq(results[2].code, "MANDATORY_NOT_FOUND", "second")
  assert_eq(results[2].details.api_name, "Note_Content", "second details")
  assert_eq(results[3].status, "success", "third")
end

function test_org_wide_notes()
  local c = contact(13)
  local results = crm.notes.create(nil, nil, {Note_Content = "org-wide", Parent_Id = c.id, se_module = "Contacts"})
  assert_eq(results[1].code, "SUCCESS", "org-wide create")
  local found = false
  for _, n in ipairs(crm.notes.list(nil, nil, {per_page = 200})) do
    if n.id == results[1].id then found = true end
  end
  assert_true(found, "note in the org-wide list")
end

function test_notes_bad_arguments()
  assert_match(assert_raises(function() crm.notes.list("Contacts", 5725767000000001234) end), "must be a string")
  assert_match(assert_raises(function() crm.notes.create("Contacts", "1", "text") end), "note_or_list (argument #3) must be a table")
  assert_match(assert_raises(function() crm.notes.list("Contacts", "1", {pg = 1}) end), "unknown option pg")
  assert_eq(assert_raises(function() crm.notes.list("Contacts", "1") end).code, "INVALID_DATA", "unknown parent")
  assert_match(assert_raises(function()
    crm.notes.create(nil, nil, {Note_Content = "x", Parent_Id = 5725767000000001234, se_module = "Contacts"})
  end), "note 1: Parent_Id must be a string")
end
