-- Bootstrap of the log-log slope of ImageNet top-1 error on inference GMACs over the
-- timm join (~1,450 checkpoints): 10,000 case resamples, percentile interval.
-- Peer: the same resampling loop in numpy (np.linalg.lstsq).
local burden = require "burden"
local clock = require("burden.core.runtime").clock
local x, y = dofile("tests/bench/lib/timm_join.lua").load("../shared/data/timm")
local m = burden.fit.ols{ x = x, y = y }
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = clock()
local b = burden.fit.bootstrap{ model = m, statistic = "slope", B = 10000, bca = false }
local dt = clock() - t0
local cpu = os.clock() - c0
print(string.format("n = %d, slope = %.6f, 95%% percentile interval [%.6f, %.6f]", m.n, m.coef[2],
  b.percentile.lwr, b.percentile.upr))
print(string.format("seconds: %.6f", dt))
print(string.format("cpu: %.6f", cpu))
