-- a fixed-width report with string.format
local rows = {
  {"Acme Corp", 12, 150000},
  {"Globex", 3, 9800},
  {"Initech", 27, 1234567},
  {"Umbrella", 0, 0},
}
print(string.format("%-12s %5s %12s", "Account", "Deals", "Amount"))
print(string.rep("-", 31))
local total = 0
for _, r in ipairs(rows) do
  print(string.format("%-12s %5d %12d", r[1], r[2], r[3]))
  total = total + r[3]
end
print(string.rep("=", 31))
print(string.format("%-12s %5s %12d", "Total", "", total))
print(string.format("%05d|%-5d|%+d|%x|%X|%o", 42, 42, 42, 255, 255, 8))
print(string.format("%.3f %10.2f %-10.1f| %e", 3.14159, 2.5, 1.25, 12345.678))
print(string.format("%5.1s|%.2s|%s|%%", "abc", "xyz", "plain"))
print(string.format("%q", 'he said "hi"\n and left'))
print(string.format("%c%c%c", 76, 117, 97))
