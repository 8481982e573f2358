print(("[test]"):match("[]]"), ("a]b"):match("[]]"), ("a-b"):match("[a-]+"), ("a^b"):match("[%^]"), ("a^b"):match("[b^]+"), ("abc"):match("[^a]+"))
print(("a1_ b"):match("[%w_]+"), ("x-y"):match("[%a%-]+"), ("0x1F"):match("[%dA-Fa-fx]+"), ("hello"):match("[^%s]+"), ("a]"):match("[^]]"))
