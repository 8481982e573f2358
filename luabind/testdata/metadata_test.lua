-- crm.modules against the seeded sandbox.

function test_modules_list_has_the_standard_modules()
  local names = {}
  for _, m in ipairs(crm.modules.list()) do names[m.api_name] = true end
  for _, want in ipairs({"Leads", "Contacts", "Accounts", "Deals"}) do
    assert_true(names[want], want .. " listed")
  end
end

function test_modules_get_returns_fields()
  local m = crm.modules.get("Leads")
  assert_eq(m.api_name, "Leads", "api_name")
  local mandatory = {}
  for _, f in ipairs(m.fields) do
    if f.system_mandatory then mandatory[#mandatory + 1] = f.api_name end
  end
  assert_eq(table.concat(mandatory, ","), "Last_Name", "mandatory fields")
end

function test_modules_get_unknown_is_nil()
  assert_eq(crm.modules.get("No_Such_Module"), nil, "unknown module")
end
