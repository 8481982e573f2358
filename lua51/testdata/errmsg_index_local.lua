local owner
print(select(2, pcall(function() local o; return o.Name end)))
local function get(rec) return rec.Owner.Name end
print(select(2, pcall(get, {})))
print(select(2, pcall(get, nil)))
print(owner.Name)
