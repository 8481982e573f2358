-- require of a module no loader finds: 5.1's message, each loader's lines
-- after "not found:" (package.path set so the paths tried are the same).
package.path = "./?.lua;testdata/?/init.lua"
package.cpath = ""
local ok, err = pcall(require, "no_such_module_here")
print(ok)
print(err)
package.preload.no_such_module_here = nil
print(select(2, pcall(require, "no.such.nested")))
