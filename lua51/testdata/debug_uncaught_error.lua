-- an uncaught error shows its message (the traceback follows on stderr)
local function inner() error("something failed") end
local function outer() inner() end
outer()
