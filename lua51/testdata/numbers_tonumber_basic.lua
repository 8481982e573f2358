for _, s in ipairs{"1e2", "0x10", "0X1f", "-0x10", "+5", "  12  ", "\t\r\n7\n", "1e", "1 2", "", "  ", "0x", "5.", ".5", "1E+2", "1.5e-3", "0010", "abc", "12abc", "- 1", "1e400"} do
  io.write(string.format("%q", s), " -> ", tostring(tonumber(s)), "\n")
end
