-- 1. Error versus hardware burden for each benchmark (the paper's Figure 3): every
-- model with a known hardware burden, the best of each year highlighted, the
-- polynomial fit with its 95% confidence band, extrapolated (dashed) to the targets, and
-- the paper's exponential fit (1/error ~ log10(FLOP)) over the range of the data.
local burden = require "burden"

-- Points that were the best (lowest error) of their year among the fitted points.
local function best_of_year(points)
  local best = {}
  for i = 1, points.n do
    local y = points.year[i]
    if y and (best[y] == nil or points.error[i] < points.error[best[y]]) then best[y] = i end
  end
  local xs, ys, idx = {}, {}, {}
  for i = 1, points.n do
    local y = points.year[i]
    if y and best[y] == i then
      xs[#xs + 1], ys[#ys + 1], idx[#idx + 1] = points.compute[i], points.error[i], i
    end
  end
  return xs, ys, idx
end

-- n values spaced evenly in log10 between a and b
local function logspace(a, b, n)
  local out, la, lb = {}, math.log(a, 10), math.log(b, 10)
  for i = 0, n - 1 do out[i + 1] = 10 ^ (la + (lb - la) * i / (n - 1)) end
  return out
end

local function panel(s, dname, notes)
  local m = s.result.models[dname]
  local d, pts, f = m.domain, m.points, m.polynomial
  -- print size (3.5 in, one LaTeX column) for fig1_<benchmark>; the grid draws the same
  -- figures at screen size for the report
  local fig = burden.plot.figure{ title = d.title, style = "print",
    x = { label = "Hardware burden (FLOP)", log = true },
    y = { label = "Error", log = true, format = "percent:0" }, legend = "bottomleft" }
  if not f then return fig end
  local cmin, cmax = math.huge, 0
  for _, c in ipairs(pts.compute) do cmin, cmax = math.min(cmin, c), math.max(cmax, c) end
  local xs = logspace(cmin, cmax, 40)
  local fitv, lo, hi = f:band(xs, s.LEVEL)
  fig:band{ x = xs, lower = lo, upper = hi, label = "95% confidence band" }
  local info = s:point_info(dname)
  fig:scatter{ x = pts.compute, y = pts.error, label = "models", color = "#999999", size = 3,
    titles = info.titles, links = info.links }
  local bx, by, bi = best_of_year(pts)
  fig:scatter{ x = bx, y = by, label = "best of year", color = "#D55E00", size = 4,
    titles = info.pick("titles", bi), links = info.pick("links", bi) }
  -- dashed extrapolation toward the first target, at most eight decades past the data
  -- (further, the points would be squeezed into a corner); none when the projection
  -- is not a number to read (slope not significant, unbounded set), and the legend
  -- says why
  local reach = cmax
  -- the legend says why a fit is not extrapolated (and wraps in a small panel); the
  -- grid's caption repeats it
  local label = string.format("polynomial, R² = %.2f", f.r2)
  local p = d.targets[1] and f:project(d.targets[1], s.LEVEL)
  if p and f.falls and p.status == "ok" then
    reach = math.min(math.max(p.compute, cmax), cmax * 1e8)
  elseif p and p.status == "not_significant" then
    label = label .. string.format(", not extrapolated, slope p = %.2g", p.p_slope)
    notes[#notes + 1] = string.format("%s: not extrapolated, slope p = %.2g.", d.title,
      p.p_slope)
  elseif p and p.reason then
    label = label .. ", not extrapolated: " .. p.reason
    notes[#notes + 1] = string.format("%s: not extrapolated, %s.", d.title, p.reason)
  end
  fig:line{ x = xs, y = fitv, color = "#0072B2", label = label }
  -- the paper's exponential form over the data's range, for comparison
  local fe = m.exponential
  if fe then
    local ys = {}
    for i, c in ipairs(xs) do ys[i] = fe:predict(c) end
    fig:line{ x = xs, y = ys, color = "#009E73",
      label = string.format("exponential, R² = %.2f", fe.r2) }
  end
  local target_labels = {}
  for i, t in ipairs(d.targets) do
    target_labels[i] = string.format("target %s", burden.format.percent(t, "svg", 0))
  end
  fig:hline{ y = d.targets, label = target_labels }
  if reach > cmax then
    local ex = logspace(cmax, reach, 20)
    local ey = {}
    for i, c in ipairs(ex) do ey[i] = f:predict(c) end
    fig:line{ x = ex, y = ey, dashed = true, color = "#0072B2" }
  end
  return fig
end

return function(s)
  local figures, notes = {}, {}
  for _, dname in ipairs(burden.domain.builtin) do
    local fig = panel(s, dname, notes)
    s:figure(fig, "fig1_" .. dname)
    figures[#figures + 1] = fig
  end
  local grid = burden.plot.grid{ figures = figures, columns = 2,
    title = "Error versus hardware burden (polynomial and exponential fits)",
    caption = "Polynomial: log10(error) ~ log10(FLOP); exponential: 1/error ~ " ..
      "log10(FLOP). " .. table.concat(notes, " ") }
  s:figure(grid, "fig1_all")
  return { title = "1. Error versus hardware burden",
    text = "Each point is a published model whose training hardware, chip count and " ..
      "training time are known; hardware burden = chips x peak FLOP/s x seconds, with " ..
      "no utilisation factor. The line is the polynomial model log10(error) ~ " ..
      "log10(compute) fitted to all points, dashed where it extrapolates to the targets; " ..
      "the second line is the exponential model in the paper's form, 1/error ~ " ..
      "log10(compute), over the range of the data.",
    figures = { grid } }
end
