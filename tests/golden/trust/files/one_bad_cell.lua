-- One bad cell turns 'compute' into text: the reader warns with file, line and cell
-- (issue 15, item 5).
local burden = require "burden"
local t = burden.data.read_csv("tests/golden/trust/files/one_bad_cell.csv")
print(t:type("compute"))
