-- 2^40 has no low bits set
os.exit(2 ^ 40)
