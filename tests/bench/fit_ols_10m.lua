-- OLS on 10 million generated rows with 3 regressors (plus intercept), full inference.
-- The data are generated in memory with the same formula as the numpy peer; only the
-- fit is timed. The columns are burden.vectors (8 bytes + a missing flag per value) and
-- the fit folds rows into a 4 x 4 triangle block by block, so it needs no n x p matrix.
local burden = require "burden"
local clock = require("burden.core.runtime").clock

local n = 10000000
local x, y = dofile("tests/bench/lib/ols_data.lua")(n)
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = clock()
local m = burden.fit.ols{ x = x, y = y }
local dt = clock() - t0
local cpu = os.clock() - c0
print(string.format("coef %.10f %.10f %.10f %.10f  se %.3e  r2 %.8f", m.coef[1], m.coef[2], m.coef[3],
  m.coef[4], m.se[2], m.r2))
print(string.format("seconds: %.6f", dt))
print(string.format("cpu: %.6f", cpu))
