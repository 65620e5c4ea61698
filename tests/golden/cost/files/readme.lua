-- The examples of doc/api/cost.md (and a few more), printed with explicit formats.
local cost = require("burden").cost

local r = cost.estimate{ flop = 1e28, preset = "thompson-site" }
print(string.format("thompson-site 1e28: $%.4g, %.4g lbs, %.4g kg CO2, %.4g V100-hours",
  r.usd, r.co2_lbs, r.co2_kg, r.chip_hours))
for _, c in ipairs(r.constants) do print(string.format("  %s = %.6g", c.name, c.value)) end

local s = cost.estimate{ preset = "strubell2019", watts = 1515.43, hours = 84 }
print(string.format("strubell2019 Transformer big: %.1f kWh, %.1f lbs", s.kwh, s.co2_lbs))

local m = cost.estimate{ preset = "mlco2", chip = "V100", hours = 500, region = "France",
                         year = 2023 }
print(string.format("mlco2 V100 500 h in France: %.1f kWh, %.2f kg", m.kwh, m.co2_kg))

local e = cost.estimate{ preset = "epoch", chip = "H100", chips = 1000, days = 30,
                         hardware_usd = 30000, year = 2023, hyperscaler = true }
print(string.format("epoch 1000 H100 x 30 days: capex $%.4g + energy $%.4g = $%.4g; " ..
  "cloud $%.4g", e.usd_capex, e.usd_energy, e.usd, e.usd_cloud))

local u = cost.estimate{ preset = "mlco2", flop = 1e23, chip = "A100", precision = "tensor_fp16",
                         uncertain = { utilization = { 0.3, 0.5 }, pue = { 1.1, 1.6 } },
                         draws = 100000 }
print(string.format("uncertain kWh: median %.1f [%.1f, %.1f]", u.uncertainty.kwh.median,
  u.uncertainty.kwh.lo, u.uncertainty.kwh.hi))

local g = cost.estimate{ preset = "epoch", flop = 5.88e23, chip = "H100", chips = 1024,
                         regime = "large_llm", uncertain = { utilization = "prior" } }
print(string.format("large_llm 70B on 1024 H100: %s, utilization %.2f, %.0f h [%.0f, %.0f]",
  g.precision, g.utilization, g.hours, g.uncertainty.hours.lo, g.uncertainty.hours.hi))

local h = cost.estimate{ preset = "mlco2", flop = 2.488e14, chip = "H200", chips = 1,
  step_seconds = 0.05455, flop_per_step = 6.2206e12, board_power_fraction = 0.856 }
print(string.format("measured H200 step: utilization %.3f, %.3f s, %.0f J", h.utilization,
  h.hours * 3600, h.kwh_chip * 3.6e6))

local q = cost.equivalents(r.co2_lbs)
print(string.format("equivalents: %.2f NYC months, %.0f American-years, %.0f car lifetimes, " ..
  "%.0f NY-SF flights", q.nyc_months, q.american_years, q.car_lifetimes, q.flights))

local t = cost.trend{ metric = "flop_per_usd", type = "GPU" }
print(string.format("FLOP/s per $ (%d GPUs): doubling %.2f years [%.2f, %.2f]", t.n,
  t.doubling_years, t.doubling_lo, t.doubling_hi))

local w = cost.when_affordable{ flop = 1e28, budget = 1e9 }
print(string.format("1e28 FLOP for $1e9: %.1f [%.1f, %.1f]", w.year, w.year_lo, w.year_hi))
w = cost.when_affordable{ flop = 1e28, budget = 1e9, algorithmic_halving = "vision" }
print(string.format("  with vision's algorithmic progress: %.1f [%.1f, %.1f]", w.year, w.year_lo,
  w.year_hi))

local d = cost.decompose("alexnet-nasnet")
print(string.format("AlexNet -> NASNet-A: %.0fx = %.2fx faster chips x %.0fx chips x %.3fx time",
  d.total, d.speed, d.chips, d.time))
