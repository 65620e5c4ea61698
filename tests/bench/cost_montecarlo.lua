-- Monte Carlo cost propagation: 1e5 draws of utilisation, PUE and grid intensity through
-- the FLOP -> chip-hours -> kWh -> CO2 -> USD chain, median and 95% interval of every
-- output (the peer draws the same distributions with numpy).
local burden = require "burden"
local clock = require("burden.core.runtime").clock
local args = { preset = "mlco2", flop = 1e23, chip = "A100", precision = "tensor_fp16",
               usd_per_chip_hour = 2.93,
               uncertain = { utilization = { 0.3, 0.5 }, pue = { 1.1, 1.6 },
                             grid = { dist = "lognormal", lo = 0.1, hi = 0.6 } },
               draws = 100000, seed = 1 }
burden.cost.estimate(args) -- load the tables outside the timing
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = clock()
local r = burden.cost.estimate(args)
local seconds = clock() - t0
local cpu = os.clock() - c0
local u = r.uncertainty.co2_kg
print(string.format("co2_kg median %.4g [%.4g, %.4g]", u.median, u.lo, u.hi))
print(string.format("seconds: %.6f", seconds))
print(string.format("cpu: %.6f", cpu))
