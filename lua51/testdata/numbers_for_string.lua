for i = "1", 3 do io.write(i, " ") end print()
for i = 1, "3", "1" do io.write(i, " ") end print()
for i = "0x2", "4" do io.write(i, ";") end print()
for i = 10, 1, "-3" do io.write(i, ",") end print()
