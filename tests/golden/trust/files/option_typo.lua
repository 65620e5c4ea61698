-- A misspelt option key is an error at the user's line (issue 15, item 2).
local burden = require "burden"
local f = burden.data.frame{ x = { 1, 2, 3, 4 }, y = { 1, 3, 2, 5 } }
local m = burden.fit.lm(f, "y ~ x", { weigths = { 1, 2, 1, 2 } })
print(m.coef[2])
