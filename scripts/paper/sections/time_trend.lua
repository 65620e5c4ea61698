-- 5. ImageNet error of the best model of each year versus year, the log-linear trend,
-- and the years at which it reaches 5% and 3% (the paper: 5% near 2026).
local burden = require "burden"

local TARGETS = { 0.05, 0.03 }

return function(s)
  local d = burden.domain.get("imagenet")
  local best = d:best_by_year(s.rows)
  local pts = { year = best.year, error = best.error, compute = best.year, n = #best.year }
  local f = burden.hypothesis.get("time_trend"):fit(pts)
  local rows = {}
  for _, t in ipairs(TARGETS) do
    local p = f:project(t, s.LEVEL)
    rows[#rows + 1] = { target = t, year = p.compute, lower = p.lower, upper = p.upper }
  end
  local t = burden.report.table{
    title = "Table 4. Year the ImageNet best-of-year trend reaches each error",
    columns = {
      { key = "target", title = "Target error", format = "percent:0" },
      { key = "year", title = "Year", format = "%.1f" },
      { key = "lower", title = "95% low", format = "%.1f" },
      { key = "upper", title = "95% high", format = "%.1f" },
    },
    rows = rows,
    notes = { string.format("log10(best error) = %.4f %+.5f x year, n = %d years, R² = %.2f; " ..
      "interval by Fieller's method.", f.intercept, f.slope, f.n, f.r2) },
  }
  s:table(t, "table4_time_trend")

  local last = rows[#rows].year
  local fig = burden.plot.figure{ title = "ImageNet: best top-1 error of each year",
    x = { label = "Year" }, y = { label = "Top-1 error", log = true, format = "percent:0" } }
  fig:scatter{ x = best.year, y = best.error, label = "best of year", labels = best.model,
    color = "#D55E00" }
  local first_year = best.year[1]
  local last_obs = best.year[#best.year]
  fig:line{ x = { first_year, last_obs }, y = { f:predict(first_year), f:predict(last_obs) },
    label = string.format("trend, R² = %.2f", f.r2), color = "#0072B2" }
  if last and last == last and last > last_obs and last < 2100 then
    fig:line{ x = { last_obs, last }, y = { f:predict(last_obs), f:predict(last) },
      dashed = true, color = "#0072B2" }
  end
  for _, tg in ipairs(TARGETS) do
    fig:hline{ y = tg, label = "target " .. burden.format.percent(tg, "svg", 0) }
  end
  s:figure(fig, "fig5_time_trend")
  return { title = "5. ImageNet error over time", table = t, figure = fig }
end
