-- crm.records.iter, search, search_iter, related/link/unlink, tags and
-- convert against the shared sandbox (5,000 seeded Leads).

function test_iter_yields_every_lead_once_past_the_2000_wall()
  local n, last = 0, ""
  for rec in crm.records.iter("Leads", {fields = {"Last_Name"}}) do
    -- ids of one length grow with creation order: strictly increasing
    -- means no id comes twice
    assert_true(#rec.id > #last or (#rec.id == #last and rec.id > last), "id " .. rec.id .. " after " .. last)
    last = rec.id
    n = n + 1
  end
  assert_true(n >= 5000, "iterated " .. n .. " leads, want at least the 5,000 seeded")
  local newest = crm.records.list("Leads", {sort_by = "id", sort_order = "desc", per_page = 1})[1]
  assert_eq(last, newest.id, "the last id iterated is the newest lead")
end

function test_iter_can_stop_early()
  local n = 0
  for _ in crm.records.iter("Leads", {per_page = 10}) do
    n = n + 1
    if n == 15 then break end
  end
  assert_eq(n, 15, "records before break")
end

function test_iter_raises_on_a_failed_page()
  local it = crm.records.iter("Leads", {sort_by = "No_Such_Field"})
  local err = assert_raises(function() for _ in it do end end)
  assert_eq(err.call, "crm.records.iter", "err.call")
  assert_eq(err.code, "INVALID_DATA", "err.code")
  assert_match(tostring(err), "crm.records.iter: INVALID_DATA")
  err = assert_raises(function() for _ in crm.records.iter("No_Such_Module") do end end)
  assert_eq(err.code, "INVALID_MODULE", "unknown module")
  assert_match(assert_raises(function() crm.records.iter("Leads", {page = 2}) end), "unknown option page")
end

function test_search_criteria_with_escapes()
  local name = "Paren (Q), Ltd " .. tostring(math.random(1e9))
  local id = crm.records.create("Leads", {Last_Name = name, City = "Quebec"})[1].id
  local escaped = name:gsub("[(),]", "\\%0")
  local recs, info = crm.records.search("Leads", {criteria = "((Last_Name:equals:" .. escaped .. ")and(City:starts_with:queb))"})
  assert_eq(#recs, 1, "hits")
  assert_eq(recs[1].id, id, "hit id")
  assert_eq(info.count, 1, "info.count")
  local none = crm.records.search("Leads", {criteria = "(Last_Name:equals:nobody by this name)"})
  assert_eq(#none, 0, "no hits is an empty list")
  local err = assert_raises(function() crm.records.search("Leads", {criteria = "(Last_Name:sounds_like:x)"}) end)
  assert_eq(err.code, "INVALID_QUERY", "unknown operator")
  assert_eq(err.status, 400, "status")
  assert_match(assert_raises(function() crm.records.search("Leads", {email = "a@b.c", word = "x"}) end), "exactly one of the options criteria, email, phone and word")
end

function test_search_iter_raises_at_the_2000_cap()
  local n = 0
  local err = assert_raises(function()
    for _ in crm.records.search_iter("Leads", {word = "https"}) do n = n + 1 end -- every seeded lead has an https website
  end)
  assert_eq(n, 2000, "results before the cap")
  assert_eq(err.call, "crm.records.search_iter", "err.call")
  assert_match(tostring(err), "search stops at 2,000 results")
  local hits = 0
  for rec in crm.records.search_iter("Leads", {criteria = "(Lead_Source:equals:Chat)"}) do
    assert_eq(rec.Lead_Source, "Chat", "Lead_Source")
    hits = hits + 1
  end
  assert_true(hits > 0 and hits < 2000, "hits under the cap: " .. hits)
end

function test_related_link_unlink()
  local acct = crm.records.create("Accounts", {Account_Name = "Linkers " .. tostring(math.random(1e9))})[1].id
  local ids = {}
  for i, r in ipairs(crm.records.create("Contacts", {{Last_Name = "L1"}, {Last_Name = "L2"}})) do ids[i] = r.id end
  assert_eq(#crm.records.related("Accounts", acct, "Contacts"), 0, "no contacts yet")
  local results = crm.records.link("Accounts", acct, "Contacts", ids)
  assert_eq(results[2].status, "success", "link result")
  local recs, info = crm.records.related("Accounts", acct, "Contacts")
  assert_eq(#recs, 2, "related after link")
  assert_eq(info.more_records, false, "more_records")
  assert_eq(crm.records.get("Contacts", ids[1]).Account_Name.id, acct, "lookup set by link")
  crm.records.unlink("Accounts", acct, "Contacts", ids[1])
  recs = crm.records.related("Accounts", acct, "Contacts")
  assert_eq(#recs, 1, "related after unlink")
  assert_eq(recs[1].id, ids[2], "the one left")
end

function test_tags()
  local id = crm.records.create("Leads", {Last_Name = "Tagged"})[1].id
  local r = crm.records.add_tags("Leads", {id}, {"vip", "expo"})[1]
  assert_eq(r.status, "success", "add_tags")
  crm.records.remove_tags("Leads", id, "vip")
  local tags = crm.records.get("Leads", id).Tag
  assert_eq(#tags, 1, "tags left")
  assert_eq(tags[1].name, "expo", "tag name")
end

function test_convert()
  local lead = crm.records.create("Leads", {
    First_Name = "Grace", Last_Name = "Hopper", Company = "Compilers " .. tostring(math.random(1e9)),
    Email = "grace" .. tostring(math.random(1e9)) .. "@navy.example",
  })[1].id
  local out = crm.records.convert(lead, {Deals = {Deal_Name = "COBOL", Stage = "Qualification", Closing_Date = "2027-03-01"}})
  assert_eq(type(out.Contacts), "string", "Contacts id")
  assert_eq(type(out.Accounts), "string", "Accounts id")
  local deal = crm.records.get("Deals", out.Deals)
  assert_eq(deal.Contact_Name.id, out.Contacts, "deal contact")
  assert_eq(crm.records.get("Contacts", out.Contacts).Last_Name, "Hopper", "contact")
  local err = assert_raises(function() crm.records.convert(lead) end)
  assert_eq(err.code, "INVALID_DATA", "converting twice")
  local plain = crm.records.convert(crm.records.create("Leads", {Last_Name = "No Company"})[1].id)
  assert_eq(plain.Accounts, crm.null, "no account without a company")
  assert_eq(plain.Deals, crm.null, "no deal unless asked")
end

function test_list_continues_past_2000_with_page_token()
  local page10, info = crm.records.list("Leads", {per_page = 200, page = 10})
  assert_eq(info.more_records, true, "more after 2,000")
  assert_eq(type(info.next_page_token), "string", "next_page_token")
  local page11 = crm.records.list("Leads", {per_page = 200, page_token = info.next_page_token})
  assert_eq(#page11, 200, "records of the continued page")
  assert_true(page11[1].id > page10[#page10].id, "continues after the last id")
  local err = assert_raises(function() crm.records.list("Leads", {page = 2, page_token = info.next_page_token}) end)
  assert_eq(err.code, "INVALID_DATA", "page with page_token")
end
