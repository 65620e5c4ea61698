-- A seeded bootstrap is reproducible: the same resamples with --seed, whatever the threads.
local fit = require("burden").fit
local x, y = {}, {}
for i = 1, 40 do
  x[i] = i / 4
  y[i] = 3 - 0.4 * x[i] + 0.3 * math.sin(i * 1.3)
end
local m = fit.ols{ x = x, y = y }
for _, threads in ipairs({ 1, 2 }) do
  local b = fit.bootstrap{ model = m, statistic = "slope", B = 1000, threads = threads }
  print(string.format("seed %d threads %d: slope %.6f se %.6f percentile [%.6f, %.6f] bca [%.6f, %.6f]",
    b.seed, threads, b.t0, b.se, b.percentile.lwr, b.percentile.upr, b.bca.lwr, b.bca.upr))
end
local inv = fit.bootstrap{ model = m, statistic = "inverse", target = 1, B = 1000, method = "residual" }
print(string.format("inverse at y = 1: %.6f, residual bootstrap percentile [%.6f, %.6f]", inv.t0,
  inv.percentile.lwr, inv.percentile.upr))
