-- 5. ImageNet error over time: the log-linear trend of the running record (the lowest
-- error reached up to each year) and the years at which it reaches 5% and 3% (the
-- paper, on the best model of each year: 5% near 2026). The trend rests on what was
-- curated, so the table also gives the best-of-year series and both refitted without
-- the last two years.
local burden = require "burden"

local TARGETS = { 0.05, 0.03 }
local SERIES = "record" -- the default; "best_of_year" is the paper's series

local SERIES_TITLE = { record = "running record", best_of_year = "best of year" }

return function(s)
  local main = burden.analysis.time_trend{ data = s.rows, domain = "imagenet",
    series = SERIES, targets = TARGETS, level = s.LEVEL }
  local last_year = main.year[#main.year]
  local variants = {}
  for _, series in ipairs({ SERIES, SERIES == "record" and "best_of_year" or "record" }) do
    for _, to in ipairs({ false, last_year - 2 }) do
      variants[#variants + 1] = burden.analysis.time_trend{ data = s.rows, domain = "imagenet",
        series = series, targets = TARGETS, level = s.LEVEL, to = to or nil }
    end
  end
  local rows, notes = {}, {}
  for vi, v in ipairs(variants) do
    local years = v.to and string.format("years to %d", v.to) or
      string.format("years to %d", v.year[#v.year])
    for _, p in ipairs(v.projections) do
      rows[#rows + 1] = { series = SERIES_TITLE[v.series] .. (vi == 1 and " (used)" or ""),
        years = years, n = v.n, target = p.target,
        year = p.year or p.reason, lower = p.lower, upper = p.upper }
    end
    notes[#notes + 1] = string.format("%s, %s: log10(error) = %.4f %+.5f x year, n = %d " ..
      "years, R² = %.2f.", SERIES_TITLE[v.series], years, v.intercept, v.slope, v.n, v.r2)
  end
  local p5 = {}
  for _, v in ipairs(variants) do p5[#p5 + 1] = v.projections[1].year end
  local function yr(v) return v and string.format("%.1f", v) or "no year" end
  table.insert(notes, 1, string.format("Series used: the %s, the lowest error reached up " ..
    "to each year (burden.analysis.time_trend, series = \"%s\"). %s %g%%: %s with every " ..
    "year, %s without the last two years (%d and %d); the %s gives %s and %s.",
    SERIES_TITLE[SERIES], SERIES, "Year of", TARGETS[1] * 100, yr(p5[1]), yr(p5[2]),
    last_year - 1, last_year, SERIES_TITLE[variants[3].series], yr(p5[3]), yr(p5[4])))
  notes[#notes + 1] = "Intervals by Fieller's method."
  local pct = string.format("%g%%", s.LEVEL * 100)
  local t = burden.report.table{
    title = "Table 4. Year the ImageNet error trend reaches each target",
    columns = {
      { key = "series", title = "Series" },
      { key = "years", title = "Years" },
      { key = "n", title = "n", format = "%d" },
      { key = "target", title = "Target error", format = "percent:0" },
      { key = "year", title = "Year", format = "%.1f" },
      { key = "lower", title = pct .. " low", format = "%.1f" },
      { key = "upper", title = pct .. " high", format = "%.1f" },
    },
    rows = rows,
    notes = notes,
  }
  s:table(t, "table4_time_trend")

  local f = main.fit
  local fig = burden.plot.figure{ title = "ImageNet: lowest top-1 error reached by each year",
    x = { label = "Year" }, y = { label = "Top-1 error", log = true, format = "percent:0" } }
  local best = burden.domain.get("imagenet"):best_by_year(s.rows)
  -- a point's title and link come from its fitted row; one without hardware burden (not
  -- fitted) still says its model, year and error
  local info = s:point_info("imagenet")
  local function described(series)
    local titles, links = {}, {}
    for k = 1, #series.year do
      local i = info.find(series.model[k], series.year[k])
      titles[k] = i and info.titles[i] or string.format("%s (%d): error %s; hardware " ..
        "burden unknown, not in the fits", tostring(series.model[k]), series.year[k],
        burden.format.percent(series.error[k], "text", 1))
      links[k] = i and info.links[i] or nil
    end
    return titles, links
  end
  local bt, bl = described(best)
  fig:scatter{ x = best.year, y = best.error, label = "best of year", labels = best.model,
    color = "#999999", size = 3, titles = bt, links = bl }
  local rt, rl = described(main)
  fig:scatter{ x = main.year, y = main.error, label = SERIES_TITLE[SERIES],
    color = "#D55E00", titles = rt, links = rl }
  local first_year = main.year[1]
  fig:line{ x = { first_year, last_year }, y = { f:predict(first_year), f:predict(last_year) },
    label = string.format("trend of the %s, R² = %.2f", SERIES_TITLE[SERIES], f.r2),
    color = "#0072B2" }
  -- dashed extrapolation to the last target, only when that projection is a number
  local last = main.projections[#main.projections].year
  if last and last > last_year and last < 2100 then
    fig:line{ x = { last_year, last }, y = { f:predict(last_year), f:predict(last) },
      dashed = true, color = "#0072B2" }
  end
  local target_labels = {}
  for i, tg in ipairs(TARGETS) do
    target_labels[i] = "target " .. burden.format.percent(tg, "svg", 0)
  end
  fig:hline{ y = TARGETS, label = target_labels }
  s:figure(fig, "fig5_time_trend")
  return { title = "5. ImageNet error over time", table = t, figure = fig,
    text = "The paper fits the best model of each year. That series moves with whatever " ..
      "late rows were curated (a weak best-of-year can sit above an earlier record), so " ..
      "the trend here is fitted to the running record, and the table shows how both " ..
      "series move when the last two years are left out." }
end
