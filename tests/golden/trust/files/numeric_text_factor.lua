-- Read as text on purpose, a column of numbers is still not a factor unless factor(x)
-- says so (issue 15, item 5).
local burden = require "burden"
local t = burden.data.read_csv("tests/golden/trust/files/one_bad_cell.csv",
  { types = { compute = "string" } })
local m = burden.fit.lm(t, "err ~ compute")
print(m.status)
