-- OLS on 10 million generated rows with 3 regressors (plus intercept), full inference.
-- The data are generated in memory with the same formula as the numpy peer; only the
-- fit is timed. The columns are burden.vectors (8 bytes + a missing flag per value) and
-- the fit folds rows into a 4 x 4 triangle block by block, so it needs no n x p matrix.
local burden = require "burden"
local vector = require "burden.core.vector"
local clock = require("burden.core.runtime").clock

local n = 10000000
local x1, x2, x3, y = vector.new(n), vector.new(n), vector.new(n), vector.new(n)
local sin = math.sin
for i = 1, n do
  local a, b, c = i / n, sin(i), (i % 1000) / 1000
  x1[i], x2[i], x3[i] = a, b, c
  y[i] = 1 + 2 * a - 3 * b + 0.5 * c + 0.1 * sin(1.7 * i)
end
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = clock()
local m = burden.fit.ols{ x = { x1, x2, x3 }, y = y }
local dt = clock() - t0
local cpu = os.clock() - c0
print(string.format("coef %.10f %.10f %.10f %.10f  se %.3e  r2 %.8f", m.coef[1], m.coef[2], m.coef[3],
  m.coef[4], m.se[2], m.r2))
print(string.format("seconds: %.6f", dt))
print(string.format("cpu: %.6f", cpu))
