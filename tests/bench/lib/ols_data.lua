-- The generated OLS data of the benchmarks (tests/bench/fit_ols_10m.lua, its numpy peers
-- and the OLS rows of tests/bench/lib/scale.lua): n rows of 3 regressors and y, as
-- burden.vectors. Loaded with dofile, it returns the function ols_data(n) -> { x1, x2, x3 }, y.
local vector = require "burden.core.vector"

return function(n)
  local x1, x2, x3, y = vector.new(n), vector.new(n), vector.new(n), vector.new(n)
  local sin = math.sin
  for i = 1, n do
    local a, b, c = i / n, sin(i), (i % 1000) / 1000
    x1[i], x2[i], x3[i] = a, b, c
    y[i] = 1 + 2 * a - 3 * b + 0.5 * c + 0.1 * sin(1.7 * i)
  end
  return { x1, x2, x3 }, y
end
