-- mixins copied into a class
local function include(cls, mixin) for k, v in pairs(mixin) do cls[k] = v end return cls end
local Comparable = {
  __lt = function(a, b) return a:key() < b:key() end,
  __le = function(a, b) return a:key() <= b:key() end,
}
local Printable = {__tostring = function(o) return o.class_name .. "<" .. o:key() .. ">" end}
local Lead = include(include({class_name = "Lead"}, Comparable), Printable)
Lead.__index = Lead
function Lead.new(score) return setmetatable({score = score}, Lead) end
function Lead:key() return self.score end
local l = {Lead.new(5), Lead.new(1), Lead.new(3)}
table.sort(l)
print(tostring(l[1]), tostring(l[2]), tostring(l[3]), l[1] < l[2], l[3] <= l[2])
