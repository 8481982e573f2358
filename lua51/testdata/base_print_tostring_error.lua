-- print raises when tostring does not return a string
tostring = function(v) return {} end
print("never")
