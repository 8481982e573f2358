-- out-of-range fields are normalised as mktime does
local function show(t) print(os.date("%Y-%m-%d %H:%M:%S", os.time(t))) end
show{year = 2020, month = 13, day = 1}
show{year = 2020, month = 3, day = 0}
show{year = 2020, month = 1, day = 32}
show{year = 2021, month = 1, day = 1, hour = 25}
show{year = 2021, month = 1, day = 1, hour = 0, min = -1}
show{year = 2021, month = 1, day = 1, sec = 3600}
show{year = 2021, month = 0, day = 1}
show{year = 2021, month = 1, day = 1}
show{year = "2021", month = "6", day = "15", hour = "8"}
show{year = 2021.9, month = 1, day = 1.5}
