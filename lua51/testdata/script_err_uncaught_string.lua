-- an uncaught error from a nested function
local function validate(rec) if not rec.Email then error("lead " .. rec.id .. " has no email") end end
print("validating")
validate({id = "L1", Email = "a@b"})
validate({id = "L2"})
