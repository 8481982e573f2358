local lead = {Owner = nil, Account = {Name = "Acme"}}
print(lead.Account.Name)
print(select(2, pcall(function() return lead.Account.Parent.Name end)))
print(lead.Owner.id)
