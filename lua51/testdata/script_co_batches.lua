-- batching records into pages of three with a generator
local records = {}
for i = 1, 8 do records[i] = {id = "R" .. i} end
local function pages(list, size)
  return coroutine.wrap(function()
    local page = {}
    for _, r in ipairs(list) do
      page[#page + 1] = r
      if #page == size then coroutine.yield(page); page = {} end
    end
    if #page > 0 then coroutine.yield(page) end
  end)
end
local n = 0
for page in pages(records, 3) do
  n = n + 1
  local ids = {}
  for i, r in ipairs(page) do ids[i] = r.id end
  print("page " .. n .. ": " .. table.concat(ids, ","))
end
