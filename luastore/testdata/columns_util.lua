local U = {}
function U.file(dir, user) return dir .. "/" .. user:gsub("[^%w]", "_") .. ".tok" end
return U
