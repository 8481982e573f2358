-- objects with private state in closures
local function Account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v end
  function self.withdraw(v)
    if v > balance then error("insufficient funds", 2) end
    balance = balance - v
  end
  function self.balance() return balance end
  return self
end
local acc = Account(100)
acc.deposit(50)
acc.withdraw(30)
print(acc.balance())
local ok, e = pcall(acc.withdraw, 1000)
print(ok, (e:gsub("^.-:%d+: ", "")), acc.balance())
print(acc.balance == acc.balance, Account(1).balance ~= acc.balance)
