-- 12. Beyond the paper: the LLM era. Does the paper's law hold for language models?
-- Error on MMLU, GSM8K and HellaSwag (burden.domain.llm) against training compute, with
-- the paper's polynomial and exponential forms, a logistic that respects guessing and
-- 100% (chance_logistic), held-out comparison, a backtest across 2022, projections to the
-- domains' targets with dollars and CO2, and compute versus time (compute_and_time)
-- against Ho et al. 2024.
local burden = require "burden"

local CUTOFF = 2022 -- backtest and time split: fit on models up to this year
local HYPS = { "polynomial", "exponential", "linear", "chance_logistic", "compute_and_time" }
local PROJECT = { "polynomial", "chance_logistic" } -- the projections and the backtest

-- Ho et al., "Algorithmic progress in language models" (arXiv:2403.05812v1), abstract:
-- the compute required to reach a set performance threshold has halved about every 8
-- months, 95% confidence interval around 5 to 14 months (Wikitext and Penn Treebank,
-- 2012-2023). The NeurIPS 2024 version states a 90% interval of about 2 to 22 months.
local HO = { months = 8, lower = 5, upper = 14 }

local function logspace(a, b, n)
  local out, la, lb = {}, math.log(a, 10), math.log(b, 10)
  for i = 0, n - 1 do out[i + 1] = 10 ^ (la + (lb - la) * i / (n - 1)) end
  return out
end

local function months(v)
  if v == nil or v ~= v then return "NA" end
  if v == math.huge then return "Inf" end
  return string.format("%.1f", v * 12)
end

-- The domain restricted to rows `keep` accepts (same error, compute and chance).
local function restricted(d, suffix, keep, compute)
  return burden.domain.define{ name = d.name .. suffix, title = d.title,
    benchmark = d.benchmark, metric = d.metric, targets = d.targets, chance = d.chance,
    compute = compute or d.compute, measure = d.measure,
    keep = d.keep, drop = d.drop,
    filter = function(r) return (not d.filter or d.filter(r)) and keep(r) end }
end

local function try_fit(name, pts)
  local h = burden.hypothesis.get(name)
  local ok, f = pcall(h.fit, h, pts)
  if ok then return f end
  return nil, (tostring(f):gsub("^.-hypothesis[^:]*: ", ""))
end

local function figure(s, d, pts, fits)
  local cmin, cmax = math.huge, 0
  for _, c in ipairs(pts.compute) do cmin, cmax = math.min(cmin, c), math.max(cmax, c) end
  -- whole decades on the x axis, so it is labelled in powers of ten (a short range gets
  -- 2x and 5x labels that crowd a panel of the grid); the bottom left (little compute,
  -- low error) is where no model sits, so the legend goes there
  local x = { label = "Training compute (FLOP)", log = true }
  if pts.n > 0 then
    x.min = 10 ^ math.floor(math.log(cmin, 10))
    x.max = 10 ^ math.ceil(math.log(cmax, 10))
  end
  local fig = burden.plot.figure{ title = d.title, x = x,
    y = { label = "Error (1 - accuracy)", log = true, format = "percent:0" },
    legend = "bottomleft" }
  if pts.n == 0 then return fig end
  local xs = logspace(cmin, cmax, 40)
  local colors = { polynomial = "#0072B2", chance_logistic = "#D55E00" }
  for _, name in ipairs(PROJECT) do
    local f = fits[name]
    if f then
      local fitv, lo, hi = f:band(xs, s.LEVEL)
      fig:band{ x = xs, lower = lo, upper = hi, color = colors[name] }
    end
  end
  -- each point names its model, year, score, compute and source, and links to its row
  -- of the appendix
  local info = s:point_info(d.name, pts, { compute = "Training compute (FLOP)",
    score = "accuracy" })
  fig:scatter{ x = pts.compute, y = pts.error, label = "models", color = "#999999", size = 3,
    titles = info.titles, links = info.links }
  for _, name in ipairs(PROJECT) do
    local f = fits[name]
    if f then
      local ys = {}
      for i, c in ipairs(xs) do ys[i] = f:predict(c) end
      fig:line{ x = xs, y = ys, color = colors[name], label = string.format(
        "%s, R² %.2f", name, f.r2) }
    end
  end
  fig:hline{ y = 1 - (d.chance or 0), color = "#CC79A7",
    label = string.format("chance (guessing scores %s)",
      burden.format.percent(d.chance or 0, "svg", 0)) }
  local target_labels = {}
  for i, t in ipairs(d.targets) do
    target_labels[i] = string.format("target %s", burden.format.percent(t, "svg", 0))
  end
  fig:hline{ y = d.targets, label = target_labels }
  return fig
end

-- Backtest of one hypothesis: fit up to CUTOFF, predict the compute each later model
-- needed for the error it reached, with the prediction-type interval for a single model.
local function backtest(s, d, name, train, later, rows)
  local f = try_fit(name, train)
  if not f or not f.falls or later.n == 0 then return nil end
  local logs, inside, scored = {}, 0, 0
  local ps = burden.hypothesis.projections(f, later.error, s.LEVEL, { interval = "prediction" })
  for i = 1, later.n do
    local p = ps[i]
    if p.reachable ~= false and p.compute == p.compute then
      local ratio = later.compute[i] / p.compute
      local within = p.lower ~= nil and later.compute[i] >= p.lower and later.compute[i] <= p.upper
      scored, logs[#logs + 1] = scored + 1, math.log(ratio, 10)
      if within then inside = inside + 1 end
      rows[#rows + 1] = { benchmark = d.title, hypothesis = name, model = later.model[i],
        year = later.year[i], error = later.error[i], predicted = p.compute,
        lower = p.lower, upper = p.upper, actual = later.compute[i], ratio = ratio,
        within = within and "yes" or "no" }
    end
  end
  if scored == 0 then return nil end
  table.sort(logs)
  return { benchmark = d.title, hypothesis = name, n_train = train.n, n_test = later.n,
    n_scored = scored, median_ratio = 10 ^ burden.analysis.quantile(logs, 0.5),
    coverage = inside / scored }
end

-- The paper's benchmarks' polynomial k (burden's Table 1), for the comparison sentences.
local function vision_k(s)
  local ks, names = {}, {}
  for _, f in ipairs(s.result.fits) do
    if f.hypothesis == "polynomial" and f.k and f.k > 0 then
      ks[#ks + 1] = f.k
      names[f.domain] = f.k
    end
  end
  table.sort(ks)
  return ks, names
end

return function(s)
  local level = math.floor(s.LEVEL * 100 + 0.5)
  local fit_rows, held_rows, proj_rows, bt_rows, bt_summary, ct_rows = {}, {}, {}, {}, {}, {}
  local figures, sentences, skipped, utils, to_price = {}, {}, {}, {}, {}
  local ks, named_k = vision_k(s)
  for _, dname in ipairs(burden.domain.llm) do
    local d = burden.domain.get(dname)
    local pts = d:points(s.rows)
    local fits = {}
    for _, name in ipairs(HYPS) do
      local f, why = try_fit(name, pts)
      fits[name] = f
      local row = { benchmark = d.title, hypothesis = name, n = pts.n }
      if f then
        row.slope, row.se, row.r2 = f.slope, f.se_slope, f.r2
        row.k = name == "polynomial" and f.k or nil
      else
        skipped[#skipped + 1] = string.format("%s %s: %s", d.title, name, why)
      end
      fit_rows[#fit_rows + 1] = row
    end
    -- the same polynomial on the hardware burden, for the rows that have one
    -- (burden.dataset prices language-model rows at the chip's training precision,
    -- BF16 or FP16 tensor here, the precision these models train at)
    local hw = restricted(d, "_hardware", function() return true end, "hardware_burden")
    local hpts = hw:points(s.rows)
    for i = 1, hpts.n do
      local tf = tonumber(hpts.rows[i].train_flop)
      if tf then utils[#utils + 1] = tf / hpts.compute[i] end
    end
    local fh = try_fit("polynomial", hpts)
    fit_rows[#fit_rows + 1] = { benchmark = d.title, hypothesis = "polynomial (hardware burden)",
      n = hpts.n, slope = fh and fh.slope, se = fh and fh.se_slope, r2 = fh and fh.r2,
      k = fh and fh.k }
    if not fh then
      skipped[#skipped + 1] = string.format("%s polynomial (hardware burden): %d rows with " ..
        "hardware and training time, too few to fit", d.title, hpts.n)
    end

    -- held-out error: leave-one-out and the time split
    for _, name in ipairs(HYPS) do
      if fits[name] then
        local loo = burden.hypothesis.heldout(name, pts)
        local ts = burden.hypothesis.heldout(name, pts, { split = CUTOFF })
        held_rows[#held_rows + 1] = { benchmark = d.title, hypothesis = name, n = pts.n,
          loo_rmse = loo.rmse, loo_mae = loo.mae, loo_failed = loo.n_failed,
          split_n = ts.n, split_rmse = ts.rmse, split_failed = ts.n_failed }
      end
    end

    -- projections to the targets, priced with the paper's preset
    local best = math.huge
    for _, e in ipairs(pts.error) do best = math.min(best, e) end
    for _, t in ipairs(d.targets) do
      for _, name in ipairs(PROJECT) do
        local f = fits[name]
        if f and f.falls then
          local p = f:project(t, s.LEVEL)
          local row = { benchmark = d.title, today = best, target = t, hypothesis = name,
            compute = p.compute, lower = p.lower, upper = p.upper, method = p.method }
          if p.compute == p.compute and p.compute < math.huge then
            to_price[#to_price + 1] = row -- priced below, all in one call
          end
          proj_rows[#proj_rows + 1] = row
        end
      end
    end

    -- backtest across CUTOFF
    local train = restricted(d, "_to_" .. CUTOFF, function(r) return (r.year or 0) <= CUTOFF end)
      :points(s.rows)
    local later = restricted(d, "_after_" .. CUTOFF, function(r) return (r.year or 0) > CUTOFF end)
      :points(s.rows)
    for _, name in ipairs(PROJECT) do
      local sum = backtest(s, d, name, train, later, bt_rows)
      if sum then bt_summary[#bt_summary + 1] = sum end
    end

    -- compute and time: how much of the progress is compute, how much algorithmic
    local ct = fits.compute_and_time
    local ctrow = { benchmark = d.title, n = pts.n }
    if ct then
      local g = ct:progress(s.LEVEL)
      ctrow.b_compute, ctrow.b_year, ctrow.r2 = ct.slope, ct.b_year, ct.r2
      -- the frontier's progress: the best model of the first year to the best model of
      -- all (the latest, on a tie); the fit splits its fall in log10(error) into
      -- b_compute x (decades of compute more) and b_year x (years later)
      local first, last
      for i = 1, pts.n do
        local y, e = pts.year[i], pts.error[i]
        if first == nil or y < pts.year[first] or (y == pts.year[first] and e < pts.error[first]) then
          first = i
        end
        if last == nil or e < pts.error[last] or (e == pts.error[last] and y > pts.year[last]) then
          last = i
        end
      end
      if pts.year[last] > pts.year[first] then
        local dc = math.log(pts.compute[last] / pts.compute[first], 10)
        local dy = pts.year[last] - pts.year[first]
        local from_compute, from_time = ct.slope * dc, ct.b_year * dy
        ctrow.from = string.format("%s (%d)", pts.model[first], pts.year[first])
        ctrow.to = string.format("%s (%d)", pts.model[last], pts.year[last])
        ctrow.dc = dc
        ctrow.share_compute = from_compute / (from_compute + from_time)
      end
      if ct.falls and g.rate > 0 and g.bounded then
        ctrow.halving, ctrow.lower, ctrow.upper = g.halving, g.halving_lower, g.halving_upper
        ctrow.gain = g.gain
        local inside = g.halving_lower * 12 <= HO.upper and g.halving_upper * 12 >= HO.lower
        ctrow.vs_ho = inside and "overlaps 5-14" or "outside 5-14"
      else
        ctrow.vs_ho = "no bounded halving time"
      end
    end
    ct_rows[#ct_rows + 1] = ctrow

    local fig = figure(s, d, pts, fits)
    s:figure(fig, "fig10_llm_" .. dname)
    figures[#figures + 1] = fig

    -- one sentence comparing k with the paper's benchmarks
    local fp = fits.polynomial
    if fp and fp.k and fp.k > 0 and #ks > 0 then
      local t = require("burden.fit.lm").qt(1 - (1 - s.LEVEL) / 2, fp.model.df)
      local klo, khi = -1 / (fp.slope - t * fp.se_slope), -1 / (fp.slope + t * fp.se_slope)
      local kfit = fp.slope + t * fp.se_slope < 0 and string.format(" (%d%%: %.1f to %.1f)",
        level, klo, khi) or ""
      sentences[#sentences + 1] = string.format("%s (%d models, training compute): k = %.1f%s, " ..
        "so halving the error takes about %.0fx the compute; on the paper's benchmarks " ..
        "(hardware burden, burden's Table 1) k runs from %.1f to %.1f (ImageNet %.1f, COCO " ..
        "%.1f), so language models on %s buy error %s with compute than the paper's models " ..
        "did (k is a ratio of logarithms, so a fixed utilisation between the two measures " ..
        "of compute leaves it unchanged).",
        d.title, pts.n, fp.k, kfit, 2 ^ fp.k, ks[1], ks[#ks], named_k.imagenet or 0 / 0,
        named_k.coco or 0 / 0, d.title, fp.k < ks[1] and "more cheaply" or
        (fp.k > ks[#ks] and "more dearly" or "about as dearly"))
    elseif pts.n > 0 then
      sentences[#sentences + 1] = string.format("%s (%d models): the polynomial fit gives no " ..
        "falling trend, so no k.", d.title, pts.n)
    else
      sentences[#sentences + 1] = string.format("%s: no rows with training compute in " ..
        "data/benchmarks/%s.csv yet.", d.title, dname)
    end
  end
  local runs = {}
  for i, row in ipairs(to_price) do runs[i] = { flop = row.compute, preset = s.PRESET } end
  for i, c in ipairs(burden.cost.estimate_each(runs)) do
    to_price[i].usd, to_price[i].co2_lbs = c.usd, c.co2_lbs
  end

  table.sort(utils)
  local util_note = #utils > 0 and string.format("Training FLOP / hardware burden (the " ..
    "utilisation this implies) on those rows: median %.2f, range %.2f to %.2f (n = %d).",
    burden.analysis.quantile(utils, 0.5), utils[1], utils[#utils], #utils) or ""
  local t8 = s:table(burden.report.table{
    title = "Table 8. Language models: error regressed on training compute",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "n", title = "n", format = "%d" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "se", title = "SE", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "k", title = "k", format = "%.1f" },
    },
    rows = fit_rows,
    notes = { "Error = 1 - accuracy (a fraction); compute = training compute in FLOP " ..
      "(column train_flop), except the row 'polynomial (hardware burden)', fitted on the " ..
      "rows with hardware and chip-hours (chips x peak FLOP/s x time, the paper's measure, " ..
      "here at the chip's BF16 or FP16 tensor peak, the precision language models train " ..
      "at; the paper's FP32 peak would put an A100's burden 16x lower, below the FLOP the " ..
      "model performed). " .. util_note .. " Slopes: polynomial, log10(error) ~ log10(FLOP); exponential, " ..
      "1/error ~ log10(FLOP) (the paper's form, positive when error falls); linear, error " ..
      "~ log10(FLOP); chance_logistic, b in accuracy = chance + (1 - chance) logistic(a + " ..
      "b log10(FLOP)) (log-odds per decade, by nonlinear least squares); compute_and_time, " ..
      "the log10(FLOP) coefficient of log10(error) ~ log10(FLOP) + year. R² of " ..
      "chance_logistic on the accuracy scale. k = -1/slope of the polynomial: compute grows " ..
      "as error^-k (Table 1).", #skipped > 0 and ("Not fitted (NA): " ..
      table.concat(skipped, "; ") .. ".") or nil },
  }, "table8_llm")

  local t8b = s:table(burden.report.table{
    title = "Table 8b. Held-out error of each model (percentage points of error)",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "n", title = "n", format = "%d" },
      { key = "loo_rmse", title = "LOO RMSE", format = "percent:2" },
      { key = "loo_mae", title = "LOO MAE", format = "percent:2" },
      { key = "split_n", title = "After " .. CUTOFF, format = "%d" },
      { key = "split_rmse", title = "Time-split RMSE", format = "percent:2" },
    },
    rows = held_rows,
    notes = { string.format("Leave-one-out: each model's error predicted by the fit on all " ..
      "the others (burden.hypothesis.heldout). Time split: fitted on models up to %d, " ..
      "scored on the later ones. Predictions are clipped to [0, 1]; lower is better. " ..
      "compute_and_time predicts with each model's year.", CUTOFF) },
  }, "table8b_llm_heldout")

  local t8c = s:table(burden.report.table{
    title = "Table 8c. Language models: compute, dollars and CO2 to reach the targets",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "today", title = "Best error", format = "percent" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "hypothesis", title = "Model" },
      { key = "compute", title = "FLOP", format = "pow10" },
      { key = "lower", title = "Low", format = "pow10" },
      { key = "upper", title = "High", format = "pow10" },
      { key = "method", title = "Interval" },
      { key = "usd", title = "Dollars", format = "money" },
      { key = "co2_lbs", title = "CO2 (lbs)", format = "pow10" },
    },
    rows = proj_rows,
    notes = { string.format("%d%% intervals for the compute at which the fitted curve " ..
      "reaches the target: Fieller's for the polynomial; the delta method on log10(FLOP) " ..
      "for chance_logistic. Dollars and CO2 by burden.cost.estimate with the %s preset, " ..
      "as Table 2.", level, s.PRESET) },
  }, "table8c_llm_projections")

  s:table(burden.report.table{
    title = string.format("Table 8d. Backtest: compute predicted from models up to %d " ..
      "versus compute used", CUTOFF),
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "model", title = "Model name" },
      { key = "year", title = "Year", format = "%d" },
      { key = "error", title = "Error", format = "percent" },
      { key = "predicted", title = "Predicted FLOP", format = "pow10" },
      { key = "lower", title = "Low", format = "pow10" },
      { key = "upper", title = "High", format = "pow10" },
      { key = "actual", title = "Actual FLOP", format = "pow10" },
      { key = "ratio", title = "Actual / predicted", format = "%.2g" },
      { key = "within", title = "In interval" },
    },
    rows = bt_rows,
  }, "table8d_llm_backtest")
  local t8e = s:table(burden.report.table{
    title = string.format("Table 8e. Backtest summary: fit up to %d, score %d-2025",
      CUTOFF, CUTOFF + 1),
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "n_train", title = "n fit", format = "%d" },
      { key = "n_scored", title = "n scored", format = "%d" },
      { key = "median_ratio", title = "Median actual / predicted", format = "%.2g" },
      { key = "coverage", title = string.format("In %d%% prediction interval", level),
        format = "percent:0" },
    },
    rows = bt_summary,
    notes = { string.format("For each model published after %d, the compute the fit on " ..
      "earlier models says its error needed, with the %d%% prediction-type interval for one " ..
      "new model (Fieller with the residual variance for the polynomial; delta method plus " ..
      "the residual variance for chance_logistic). A well-calibrated interval covers about " ..
      "%d%%. Scores below chance cannot be inverted by chance_logistic and are not scored. " ..
      "Per-model rows: table8d_llm_backtest.csv.", CUTOFF, level, level) },
  }, "table8e_llm_backtest_summary")

  local t8f = s:table(burden.report.table{
    title = "Table 8f. Compute and time: how much of the progress is compute",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "n", title = "n", format = "%d" },
      { key = "b_compute", title = "b log10(FLOP)", format = "%.4f" },
      { key = "b_year", title = "b year", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "from", title = "Frontier from" },
      { key = "to", title = "to" },
      { key = "dc", title = "Decades of FLOP", format = "%.2f" },
      { key = "share_compute", title = "Share from compute", format = "percent:0" },
      { key = "gain", title = "Gain per year", format = "%.3g" },
      { key = "halving", title = "Halving (months)", format = months },
      { key = "lower", title = "Fieller low", format = months },
      { key = "upper", title = "Fieller high", format = months },
      { key = "vs_ho", title = "Ho et al. 95% CI" },
    },
    rows = ct_rows,
    notes = { string.format("log10(error) ~ log10(FLOP) + year (hypothesis compute_and_time). " ..
      "Frontier: the best model of the first year of the data to the best model of all; " ..
      "the fit splits the fall in log10(error) between them into b_log10(FLOP) x (decades " ..
      "of FLOP more) from compute and b_year x (years later) at equal compute (algorithms, " ..
      "data, recipes); share from compute = the first over the sum. Halving: the compute a fixed error needs halves every log10(2) b_log10(FLOP) / " ..
      "b_year years, with Fieller's %d%% set. Ho et al. (arXiv:2403.05812): %d months, 95%% " ..
      "CI about %d to %d, on Wikitext and Penn Treebank perplexity, 2012-2023.", level,
      HO.months, HO.lower, HO.upper) },
  }, "table8f_llm_compute_and_time")

  local grid = burden.plot.grid{ figures = figures, columns = 2,
    title = "Language models: error versus training compute" }
  s:figure(grid, "fig10_llm_all")

  local text = { "The paper stops at 2020 and at models trained for one task. Here the same " ..
    "question is asked of large language models on MMLU (5-shot), GSM8K and HellaSwag, with " ..
    "training compute in FLOP as the measure (the rows' train_flop: reported, or 6ND from " ..
    "parameters and tokens). Straight lines in log compute ignore that a model cannot score " ..
    "below guessing or above 100%; chance_logistic respects both, and Table 8b compares the " ..
    "models by how well they predict models they were not fitted on, not by R². In the " ..
    "figures the shading is each fit's 95% confidence band and the dashed pink line the " ..
    "error of guessing." }
  for _, sen in ipairs(sentences) do text[#text + 1] = sen end
  -- which model predicts held-out models best, per benchmark (Table 8b)
  local best_loo, order = {}, {}
  for _, r in ipairs(held_rows) do
    if r.loo_rmse then
      local b = best_loo[r.benchmark]
      if not b then order[#order + 1] = r.benchmark end
      if not b or r.loo_rmse < b.loo_rmse then best_loo[r.benchmark] = r end
    end
  end
  local held = {}
  for _, name in ipairs(order) do
    local b = best_loo[name]
    local poly
    for _, r in ipairs(held_rows) do
      if r.benchmark == name and r.hypothesis == "polynomial" then poly = r end
    end
    held[#held + 1] = string.format("%s, %s (%.1f points; polynomial %.1f)", name,
      b.hypothesis, b.loo_rmse * 100, poly and poly.loo_rmse * 100 or 0 / 0)
  end
  if #held > 0 then
    text[#text + 1] = "Held out (Table 8b), the model with the lowest leave-one-out RMSE " ..
      "of error is: " .. table.concat(held, "; ") .. "."
  end
  local bt = {}
  for _, r in ipairs(bt_summary) do
    bt[#bt + 1] = string.format("%s %s: median actual/predicted %.2g, %.0f%% inside",
      r.benchmark, r.hypothesis, r.median_ratio, r.coverage * 100)
  end
  if #bt > 0 then
    text[#text + 1] = string.format("Backtest (Table 8e), fitted on models up to %d and " ..
      "scored on later ones with %d%% prediction intervals: %s. A ratio below 1 means the " ..
      "later models reached their scores with less compute than the earlier trend implied.",
      CUTOFF, level, table.concat(bt, "; "))
  end
  local ctext = {}
  for _, r in ipairs(ct_rows) do
    if r.halving then
      ctext[#ctext + 1] = string.format("%s halves every %s months (%s to %s), %s",
        r.benchmark, months(r.halving), months(r.lower), months(r.upper),
        r.vs_ho == "overlaps 5-14" and "an interval that overlaps theirs" or
        "an interval that misses theirs")
    elseif r.b_compute then
      ctext[#ctext + 1] = string.format("%s gives no bounded halving time", r.benchmark)
    end
  end
  if #ctext > 0 then
    text[#text + 1] = string.format("Compute and time (Table 8f): at a fixed error, the " ..
      "training compute needed on %s. Ho et al. (arXiv:2403.05812) find that the compute " ..
      "needed for a fixed language-modelling performance halves about every %d months " ..
      "(95%% CI about %d to %d), and that more compute contributed more than algorithms.",
      table.concat(ctext, "; "), HO.months, HO.lower, HO.upper)
  end
  return { title = "12. The LLM era", tables = { t8, t8b, t8c, t8e, t8f },
    text = table.concat(text, "\n\n"), figures = { grid } }
end
