-- building a COQL-like query string from a table
local function quote(v)
  if type(v) == "string" then return "'" .. v:gsub("'", "\\'") .. "'" end
  return tostring(v)
end
local function build(q)
  local where = {}
  for _, c in ipairs(q.where or {}) do where[#where + 1] = c[1] .. " " .. c[2] .. " " .. quote(c[3]) end
  local s = "select " .. table.concat(q.fields, ", ") .. " from " .. q.module
  if #where > 0 then s = s .. " where " .. table.concat(where, " and ") end
  if q.order then s = s .. " order by " .. q.order end
  return s .. " limit " .. (q.offset or 0) .. ", " .. (q.limit or 200)
end
print(build({module = "Leads", fields = {"Last_Name", "Email"}, where = {{"Lead_Source", "=", "Web"}, {"Annual_Revenue", ">", 1000}}, order = "Created_Time desc", limit = 50}))
print(build({module = "Deals", fields = {"Deal_Name"}, where = {{"Deal_Name", "like", "O'Brien%"}}}))
