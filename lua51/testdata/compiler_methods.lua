-- Method calls and definitions: a.b:c(...), self, chained calls.
local Account = {}
Account.__index = Account
function Account.new(owner, balance) return setmetatable({owner = owner, balance = balance or 0}, Account) end
function Account:deposit(n) self.balance = self.balance + n; return self end
function Account:report(prefix, ...) return prefix .. self.owner .. "=" .. self.balance .. table.concat({...}, "") end

local acc = Account.new("ann", 10)
print(acc:deposit(5):deposit(1):report("> ", "!", "?"))

local bank = {accounts = {main = Account.new("bob")}}
bank.accounts.main:deposit(7)
print(bank.accounts.main:report(""))
print(bank.accounts["main"]:report("[", "]"))

-- methods defined on nested tables
local a = {b = {c = {}}}
function a.b.c:m(x, y) return self == a.b.c, x, y end
function a.b.f(x) return x * 2 end
print(a.b.c:m(1, 2))
print(a.b.f(21))

-- method call on a call result and on a string
local function get() return acc end
print(get():report("got "))
print(("abc"):upper(), ("%d-%d"):format(1, 2), ("x"):rep(3, ","))
local s = "hello"
print(s:sub(2, 3), s:len(), #s:rep(2))

-- method with varargs passed through
local obj = {n = 0}
function obj:add(...) for _, v in ipairs({...}) do self.n = self.n + v end return self.n end
local function args() return 1, 2, 3 end
print(obj:add(args()), obj:add(args(), 10), obj:add())

-- self as an upvalue inside a closure
function obj:counter()
  return function() self.n = self.n + 1; return self.n end
end
local inc = obj:counter()
print(inc(), inc(), obj.n)

-- a method whose receiver is computed by an index expression
local list = {{v = 1}, {v = 2}}
for i = 1, 2 do list[i].get = function(self) return self.v * 100 end end
local idx = 2
print(list[idx]:get(), list[idx - 1]:get())

-- a method call as a statement, arguments evaluated left to right
local order = {}
local logger = {}
function logger:log(...) for _, v in ipairs({...}) do order[#order + 1] = v end end
local function val(v) order[#order + 1] = "eval" .. v; return v end
logger:log(val(1), val(2))
print(table.concat(order, " "))
