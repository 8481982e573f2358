print(select(2, pcall(function() return config.url end)))
print(select(2, pcall(function() config.url = 1 end)))
print(select(2, pcall(function() return string.nothing.x end)))
settings.debug = true
