-- The same fit with plain and clustered standard errors: four "papers" of 1 to 4 rows,
-- then a cluster bootstrap of the slope.
local fit = require("burden").fit
local d = {
  compute = { 1e15, 3e15, 1e16, 4e16, 1e17, 5e17, 1e18, 6e18, 2e19, 1e20 },
  error = { 0.42, 0.37, 0.33, 0.29, 0.27, 0.22, 0.21, 0.17, 0.15, 0.12 },
  paper = { "A", "A", "B", "B", "B", "B", "C", "D", "D", "D" },
}
local m = fit.lm(d, "log10(error) ~ log10(compute)", { cluster = "paper" })
print(m)
print()
local inv = m:inverse{ y = math.log(0.05, 10) }
print(string.format("log10(compute) for 5%% error: %.4f [%.4f, %.4f] clustered, SE of the slope %.5f (plain %.5f)",
  inv.x, inv.lwr, inv.upr, m.se[2], m.se_plain[2]))
local b = fit.bootstrap{ model = m, statistic = "slope", B = 2000, seed = 1, cluster = "paper", bca = false }
print(string.format("cluster bootstrap: %d clusters, SE %.5f, 95%% [%.5f, %.5f]", b.n_clusters, b.se,
  b.percentile.lwr, b.percentile.upr))
