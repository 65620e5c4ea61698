-- Interpreter start-up with burden.fit loaded (the whole process).
local burden = require "burden"
assert(burden.fit.ols)
