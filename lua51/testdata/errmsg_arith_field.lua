local rec = {Amount = 10}
print(rec.Amount + 1)
print(rec.Discount - 1)
