-- A fit printed as R prints summary(lm(...)), then a comparison table and an inverse.
local fit = require("burden").fit
local d = {
  compute = { 1e15, 3e15, 1e16, 4e16, 1e17, 5e17, 1e18, 6e18, 2e19, 1e20 },
  error = { 0.42, 0.37, 0.33, 0.29, 0.27, 0.22, 0.21, 0.17, 0.15, 0.12 },
  kind = { "cnn", "cnn", "cnn", "rnn", "cnn", "rnn", "cnn", "rnn", "cnn", "rnn" },
}
local m = fit.lm(d, "log10(error) ~ log10(compute)")
print(m)
print()
print(fit.compare{ small = m, big = fit.lm(d, "log10(error) ~ log10(compute) + kind") })
local inv = m:inverse{ y = math.log(0.05, 10) }
print()
print(string.format("log10(compute) for 5%% error: %.4f [%.4f, %.4f] %s", inv.x, inv.lwr, inv.upr, inv.method))
