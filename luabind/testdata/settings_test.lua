-- crm.fields, layouts, views, related_lists, users, org, roles, profiles, tags.

function test_fields_and_get()
  local fields = crm.fields.list("Deals")
  local stage
  for _, f in ipairs(fields) do if f.api_name == "Stage" then stage = f end end
  assert_true(stage ~= nil, "Stage field")
  assert_true(#stage.pick_list_values > 1, "Stage picklist")
  assert_eq(crm.fields.get("Deals", stage.id).api_name, "Stage", "get by id")
  assert_eq(crm.fields.get("Deals", "1"), nil, "unknown field")
  assert_eq(assert_raises(function() crm.fields.list("Nope") end).code, "INVALID_MODULE", "unknown module")
end

function test_layouts_views_related_lists_tags()
  local layouts = crm.layouts.list("Leads")
  assert_eq(crm.layouts.get("Leads", layouts[1].id).name, layouts[1].name, "layout by id")
  local views = crm.views.list("Leads")
  assert_true(#views >= 2, "custom views")
  assert_eq(crm.views.get("Leads", views[2].id).display_value, views[2].display_value, "view by id")
  local names = {}
  for _, r in ipairs(crm.related_lists.list("Accounts")) do names[r.api_name] = true end
  assert_true(names.Notes and names.Contacts and names.Deals, "Accounts related lists")
  assert_true(#crm.tags.list("Leads") > 0, "tags")
end

function test_users_org_roles_profiles()
  local users, info = crm.users.list({type = "ActiveUsers"})
  assert_eq(#users, 4, "active users")
  assert_eq(info.count, 4, "info.count")
  local me = crm.users.list({type = "CurrentUser"})[1]
  assert_eq(crm.users.get(me.id).email, me.email, "users.get")
  assert_eq(crm.org.get().primary_email, me.email, "org primary email is the admin")
  local role = crm.roles.get(me.role.id)
  assert_eq(role.name, me.role.name, "role of the user")
  assert_eq(crm.profiles.get(me.profile.id).name, me.profile.name, "profile of the user")
  assert_true(#crm.roles.list() >= 3, "roles")
  assert_true(#crm.profiles.list() >= 2, "profiles")
  assert_eq(crm.users.get("5725767000000999999"), nil, "unknown user")
  assert_match(assert_raises(function() crm.users.get(1) end), "must be a string")
  assert_match(assert_raises(function() crm.users.list({kind = "x"}) end), "unknown option kind")
end
