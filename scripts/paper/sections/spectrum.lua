-- 8b. The IEEE Spectrum chart ("Deep Learning's Diminishing Returns", 2021): ImageNet
-- error versus compute with top axes in dollars and pounds of CO2 (thompson-site
-- preset) and the line of one New York City month of emissions.
local burden = require "burden"

return function(s)
  local m = s.result.models.imagenet
  local pts, f = m.points, m.polynomial
  -- thompson-site prices FLOP at fixed rates (usd = flop x usd_per_flop, CO2 likewise),
  -- so the top axes scale one FLOP's estimate: the same doubles as one estimate per value,
  -- without an estimate per step of the axes' bisection (about 2,000 of them).
  local one = burden.cost.estimate{ flop = 1, preset = s.PRESET }
  local nyc_lbs = 1 / burden.cost.equivalents(1).nyc_months -- lbs in one NYC month
  local per_flop = one.co2_lbs
  local nyc_flop = nyc_lbs / per_flop

  local fig = burden.plot.figure{ title = "ImageNet: the cost of lower error",
    width = 720, height = 500,
    x = { label = "Training compute (FLOP)", log = true },
    y = { label = "Top-1 error", log = true, format = "percent:0" },
    top = {
      { label = "Dollars", transform = function(x) return x * one.usd end, format = "money" },
      { label = "CO2 (lbs)", transform = function(x) return x * per_flop end },
    } }
  local info = s:point_info("imagenet")
  fig:scatter{ x = pts.compute, y = pts.error, label = "models", color = "#999999",
    titles = info.titles, links = info.links }
  local p1 = f:project(0.01)
  local cmin = math.huge
  for _, c in ipairs(pts.compute) do cmin = math.min(cmin, c) end
  local reach = math.max(p1.compute, nyc_flop * 10)
  local xs, ys = {}, {}
  for i = 0, 40 do
    xs[i + 1] = 10 ^ (math.log(cmin, 10) + (math.log(reach, 10) - math.log(cmin, 10)) * i / 40)
    ys[i + 1] = f:predict(xs[i + 1])
  end
  fig:line{ x = xs, y = ys, dashed = true, label = "polynomial fit, extrapolated" }
  fig:vline{ x = nyc_flop, label = "one New York City month of CO2" }
  local targets = { 0.05, 0.01 }
  local target_labels = {}
  for i, t in ipairs(targets) do
    target_labels[i] = "target " .. burden.format.percent(t, "svg", 0)
  end
  fig:hline{ y = targets, label = target_labels }
  s:figure(fig, "fig8_spectrum")
  return { title = "8b. The Spectrum chart", figure = fig,
    text = string.format("At the thompson-site rates one New York City month of CO2 " ..
      "(%s lbs) corresponds to %s FLOP of training.", burden.format.pow10(nyc_lbs, "text", 3),
      burden.format.pow10(nyc_flop, "text", 3)) }
end
