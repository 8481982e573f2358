-- crm.functions.execute, crm.request and crm.API (the seed SDK's shapes).

function test_functions_execute()
  local out, reply = crm.functions.execute("greet", {name = "Ada"}, {method = "GET"})
  assert_eq(out, "Hello, Ada!", "GET output")
  assert_eq(reply.code, "success", "reply.code")
  out = crm.functions.execute("count_records", {module = "Accounts"})
  assert_eq(out, "300", "POST output")
  local err = assert_raises(function() crm.functions.execute("nope") end)
  assert_eq(err.code, "INVALID_DATA", "unknown function")
  assert_match(assert_raises(function() crm.functions.execute("greet", {}, {method = "PUT"}) end), 'must be "GET" or "POST"')
end

function test_request_decodes_json_and_returns_any_status()
  local status, body, headers = crm.request{path = "/Leads", params = {per_page = 2, fields = "Last_Name"}}
  assert_eq(status, 200, "status")
  assert_eq(#body.data, 2, "decoded data")
  assert_match(headers["content-type"], "application/json", "content-type header")
  status, body = crm.request{path = "/Leads", params = {page = 11, per_page = 200}}
  assert_eq(status, 400, "error status is returned, not raised")
  assert_eq(body.code, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "error body")
  status, body = crm.request{method = "POST", path = "/coql", body = {select_query = "select id from Leads where Last_Name = 'None-such'"}}
  assert_eq(status, 204, "no rows")
  assert_eq(body, nil, "empty body")
end

function test_request_sends_headers()
  local status, body = crm.request{path = "/Leads", headers = {["If-Modified-Since"] = "2099-01-01T00:00:00+00:00"}}
  assert_eq(status, 304, "nothing modified since 2099")
  assert_eq(body, nil, "no body")
  local resp = crm.API.MODULES.get{module = "Leads", headers = {["If-Modified-Since"] = "2099-01-01T00:00:00+00:00"}}
  assert_eq(resp.statusCode, 304, "crm.API passes headers")
  assert_eq(resp.body, "", "empty raw body")
end

function test_request_encodes_params()
  local q = "select Last_Name from Leads where Last_Name = 'O''Brien' limit 3"
  local status, body = crm.request{method = "POST", path = "/coql", body = {select_query = q}}
  assert_eq(status, 200, "status")
  assert_eq(body.data[1].Last_Name, "O'Brien", "quoted name")
  local s2, b2 = crm.request{path = "/functions/greet/actions/execute", params = {auth_type = "oauth", name = "a&b=c d#e"}}
  assert_eq(b2.details.output, "Hello, a&b=c d#e!", "query value survives encoding")
end

function test_request_bad_arguments()
  assert_match(assert_raises(function() crm.request{path = "Leads"} end), "path must start with /")
  assert_match(assert_raises(function() crm.request{path = "/crm/v2/Leads"} end), "relative to /crm/v2")
  assert_match(assert_raises(function() crm.request{path = "/Leads", parms = {}} end), "unknown option parms")
  assert_match(assert_raises(function() crm.request{path = "/Leads", params = {ids = 5725767000000001234}} end),
    "params.ids: a number past 2^53 has lost digits")
end

function test_api_modules_get_like_the_seed()
  local resp = crm.API.MODULES.get{module = "Leads", params = {page = 1, per_page = 5}}
  assert_eq(resp.statusCode, 200, "statusCode")
  assert_eq(type(resp.body), "string", "raw body")
  assert_match(resp.body, '"per_page":5', "body text")
  assert_match(resp.headers["content-type"], "json", "headers")
  resp = crm.API.MODULES.get{module = "Leads", params = {page = 11}}
  assert_eq(resp.statusCode, 400, "errors come back as replies")
end

function test_api_settings_users_org_functions()
  assert_eq(crm.API.SETTINGS.getFields{module = "Leads"}.statusCode, 200, "getFields")
  assert_eq(crm.API.SETTINGS.getModules{}.statusCode, 200, "getModules without module")
  assert_match(crm.API.SETTINGS.getModules{module = "Deals"}.body, '"api_name":"Deals"', "getModules Deals")
  assert_eq(crm.API.SETTINGS.getRoles().statusCode, 200, "getRoles")
  assert_eq(crm.API.USERS.get{params = {type = "AllUsers"}}.statusCode, 200, "USERS.get")
  assert_eq(crm.API.ORG.get{}.statusCode, 200, "ORG.get")
  local r = crm.API.FUNCTIONS.executeFunctionsInGet{api_name = "greet", params = {name = "Bo"}}
  assert_match(r.body, "Hello, Bo!", "function output")
end

function test_api_attachments_upload_download()
  local l = crm.records.list("Leads", {page = 31, per_page = 1})[1]
  local up = crm.API.ATTACHMENTS.uploadFile{module = "Leads", id = l.id, x_file_content = "hello\0world", x_file_name = "a b.txt"}
  assert_eq(up.statusCode, 200, "upload")
  local att = crm.attachments.list("Leads", l.id)[1]
  local down = crm.API.ATTACHMENTS.downloadFile{module = "Leads", id = l.id, relatedId = att.id}
  assert_eq(down.statusCode, 200, "download")
  assert_eq(down.body, "hello\0world", "bytes")
  assert_eq(down.filename, "a b.txt", "filename")
  local del = crm.API.ATTACHMENTS.deleteFile{module = "Leads", id = l.id, relatedId = att.id}
  assert_eq(del.statusCode, 200, "deleteFile")
end

function test_api_bad_input()
  assert_match(assert_raises(function() crm.API.MODULES.get{} end), "crm.API.MODULES.get: input.module is missing")
  assert_match(assert_raises(function() crm.API.MODULES.get{module = "Leads", id = 5725767000000001234} end), "must be a string")
  assert_match(assert_raises(function() crm.API.ORG.get{modul = "x"} end), "unknown option modul")
end

function test_api_has_the_seeds_28_calls()
  local n = 0
  for _, group in pairs(crm.API) do
    for _, fn in pairs(group) do
      assert_eq(type(fn), "function", "crm.API member")
      n = n + 1
    end
  end
  assert_eq(n, 28, "calls")
end

function test_api_encodes_params_and_sends_no_module_undefined()
  -- echo returns every argument it got from the query string
  local r = crm.API.FUNCTIONS.executeFunctionsInGet{api_name = "echo", params = {criteria = "(Email:equals:a&b=c d#e)"}}
  assert_eq(r.statusCode, 200, "statusCode")
  -- the seed sent this raw: the server saw criteria=(Email:equals:a and b=c d
  assert_match(r.body, "(Email:equals:a", "criteria start")
  assert_match(r.body, "b=c d#e)", "criteria arrived whole")
  assert_true(not r.body:find("module", 1, true), "no module parameter")
end
