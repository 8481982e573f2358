-- Assertions for the Lua-written tests (testdata/*_test.lua). Each raises
-- with the caller's position so a failure reads file:line: message.

function assert_eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

function assert_true(cond, what)
  if not cond then error((what or "condition") .. " is false", 2) end
end

-- assert_raises calls fn and returns the raised value; fails if fn returns.
function assert_raises(fn, what)
  local ok, err = pcall(fn)
  if ok then error((what or "call") .. " did not raise", 2) end
  return err
end

-- assert_match checks that tostring(s) contains the plain text part.
function assert_match(s, part, what)
  s = tostring(s)
  if not string.find(s, part, 1, true) then
    error(string.format("%s: %q does not contain %q", what or "text", s, part), 2)
  end
end

-- read_file returns a file's bytes.
function read_file(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end
