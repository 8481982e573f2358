print(("aaab"):match("a-b"), ("aaab"):match("a*b"), ("b"):match("a*b"), ("ab"):match("a?b?c?"), ("aaa"):match("a-"), ("aaa"):match("^a?a?a?a?$"))
print(("<a><b>"):match("<(.-)>"), ("<a><b>"):match("<(.*)>"), ("xxx"):match("x+"), (""):match("x*"), ("abc"):match("(.-)c"))
