print(("abcabc"):match("(a)(b)%1"), ("hello"):match("(l)%1"), ("say \"hi\" now"):match("([\"'])(.-)%1"))
print(("xyxy"):find("(xy)%1"), ("abab"):match("^(ab)%1$"))
