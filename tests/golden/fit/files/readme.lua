-- The burden.fit example as it stood in the README (doc/api/fit.md now holds it, run by tests/lua/docs_test.lua).
local fit = require("burden").fit
local t = { compute = { 1e15, 1e16, 1e17, 1e18, 1e19, 1e20 },   -- or a burden.data frame
            error = { 0.40, 0.33, 0.27, 0.22, 0.17, 0.14 } }
local m = fit.lm(t, "log10(error) ~ log10(compute)")
print(m)                                             -- R-like summary table
local m2 = fit.ols{ x = { 15, 16, 17, 18, 19, 20 }, y = { -0.40, -0.48, -0.57, -0.66, -0.77, -0.85 } }
local p = m:predict{ newdata = { compute = { 1e21 } }, interval = "prediction" }
print(p.fit[1], p.lwr[1], p.upr[1])                  -- also se_fit
local inv = m:inverse{ y = math.log(0.05, 10) }      -- log10 of the compute for 5% error
print(inv.x, inv.lwr, inv.upr, inv.bounded, inv.shape, inv.method)
local b = fit.bootstrap{ model = m, statistic = "slope", B = 10000 }  -- C, every core
print(b.percentile.lwr, b.percentile.upr, b.bca.lwr, b.bca.upr, m2.coef[2])
