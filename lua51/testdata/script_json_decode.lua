-- a small recursive-descent JSON decoder
local decode
local function skip(s, i) return s:find("%S", i) or #s + 1 end
local function value(s, i)
  i = skip(s, i)
  local c = s:sub(i, i)
  if c == "{" then
    local obj = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "}" then return obj, i + 1 end
    while true do
      local k; k, i = value(s, i)
      i = skip(s, i)
      assert(s:sub(i, i) == ":", "colon expected at " .. i)
      obj[k], i = value(s, i + 1)
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "}" then return obj, i + 1 end
      assert(d == ",", "comma expected at " .. i)
      i = i + 1
    end
  elseif c == "[" then
    local arr = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "]" then return arr, i + 1 end
    while true do
      arr[#arr + 1], i = value(s, i)
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "]" then return arr, i + 1 end
      assert(d == ",", "comma expected at " .. i)
      i = i + 1
    end
  elseif c == '"' then
    local j = i + 1
    local buf = {}
    while true do
      local ch = s:sub(j, j)
      if ch == '"' then break end
      if ch == "\\" then
        local e = s:sub(j + 1, j + 1)
        buf[#buf + 1] = ({n = "\n", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"})[e]
        j = j + 2
      else buf[#buf + 1] = ch; j = j + 1 end
    end
    return table.concat(buf), j + 1
  elseif s:find("^true", i) then return true, i + 4
  elseif s:find("^false", i) then return false, i + 5
  elseif s:find("^null", i) then return nil, i + 4
  else
    local num = s:match("^-?%d+%.?%d*", i)
    assert(num, "unexpected character at " .. i)
    return tonumber(num), i + #num
  end
end
decode = function(s) return (value(s, 1)) end
local v = decode('{"name": "Acme", "tags": ["a", "b\\n"], "n": -12, "ok": true, "owner": {"id": "42"}}')
print(v.name, #v.tags, v.tags[2] == "b\n", v.n, v.ok, v.owner.id)
local a = decode("[1, [2, [3]], [], {}]")
print(#a, a[2][2][1], #a[3], next(a[4]))
print(pcall(decode, "[1 2]"))
