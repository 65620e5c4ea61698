-- 8a. Beyond the paper: a backtest. Fit the polynomial model on models published up to
-- 2019 (the data the paper had), then compare the compute it predicted for the errors
-- reached in 2020-2024 with the compute those models actually used.
local burden = require "burden"

local CUTOFF = 2019

-- The median of log10(actual / predicted) as a plain ratio with its power of ten
-- ("0.081 (10^-1.09)"): a reader sees at once that later models used about 12x less
-- compute than predicted, which the bare exponent hid.
local function median_ratio_text(logs)
  if #logs == 0 then return "NA" end
  local m = burden.analysis.quantile(logs, 0.5)
  return string.format("%#.2g (10^%.2f)", 10 ^ m, m)
end

return function(s)
  local rows, summary, counts = {}, {}, {}
  for _, name in ipairs(burden.domain.builtin) do
    local d = burden.domain.get(name)
    local train = burden.domain.define{ name = name .. "_to_" .. CUTOFF, title = d.title,
      benchmark = d.benchmark, metric = d.metric, targets = d.targets,
      keep = d.keep, drop = d.drop,
      filter = function(r) return (not d.filter or d.filter(r)) and (r.year or 0) <= CUTOFF end }
    local later = burden.domain.define{ name = name .. "_after_" .. CUTOFF, title = d.title,
      benchmark = d.benchmark, metric = d.metric, targets = d.targets,
      keep = d.keep, drop = d.drop,
      filter = function(r) return (not d.filter or d.filter(r)) and (r.year or 0) > CUTOFF end }
    local tp, lp = train:points(s.rows), later:points(s.rows)
    local ok, f = pcall(function() return burden.hypothesis.get("polynomial"):fit(tp) end)
    if ok and f.falls and lp.n > 0 then
      local logs, in_pred, in_conf = {}, 0, 0
      -- a single later model scatters around the line as the training models do: the
      -- prediction-type Fieller set (residual variance included) is the one to score it
      -- against; the confidence set is for the mean line and is kept only for comparison
      local pps = burden.hypothesis.projections(f, lp.error, s.LEVEL, { interval = "prediction" })
      local pcs = burden.hypothesis.projections(f, lp.error, s.LEVEL)
      for i = 1, lp.n do
        local pp, pc = pps[i], pcs[i]
        local ratio = lp.compute[i] / pp.compute
        local inp = burden.hypothesis.contains(pp, lp.compute[i])
        local inc = burden.hypothesis.contains(pc, lp.compute[i])
        if inp then in_pred = in_pred + 1 end
        if inc then in_conf = in_conf + 1 end
        local predicted = pp.compute
        if pp.status ~= "ok" then
          -- a 2019 slope that is not significant predicts no number to score
          predicted, ratio = pp.reason, nil
        else
          logs[#logs + 1] = math.log(ratio, 10)
        end
        rows[#rows + 1] = { title = d.title, model = lp.model[i], year = lp.year[i],
          error = lp.error[i], actual = lp.compute[i], predicted = predicted, ratio = ratio,
          prediction_lower = pp.lower or (pp.bounded == false and "unbounded" or nil),
          prediction_upper = pp.upper or (pp.bounded == false and "unbounded" or nil),
          inside_prediction_interval = inp and "yes" or "no",
          inside_confidence_interval = inc and "yes" or "no" }
      end
      table.sort(logs)
      local pct = string.format("%g%%", s.LEVEL * 100)
      summary[#summary + 1] = string.format("%s: fit on %d models to %d; %d later models; " ..
        "median actual/predicted = %s; %d of %d inside the %s prediction interval " ..
        "(a single new model); %d of %d inside the %s confidence interval (the mean line).",
        d.title, tp.n, CUTOFF, lp.n, median_ratio_text(logs), in_pred, lp.n, pct,
        in_conf, lp.n, pct)
      counts[#counts + 1] = { title = d.title, n_fit = tp.n, n_later = lp.n,
        inside_prediction = in_pred, inside_confidence = in_conf }
    end
  end
  local pct = string.format("%g%%", s.LEVEL * 100)
  local t = burden.report.table{
    title = "Table 6. Backtest: compute predicted from models up to 2019 versus compute used",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "model", title = "Model" },
      { key = "year", title = "Year", format = "%d" },
      { key = "error", title = "Error", format = "percent" },
      { key = "predicted", title = "Predicted FLOP", format = "pow10" },
      { key = "prediction_lower", title = pct .. " prediction low", format = "pow10" },
      { key = "prediction_upper", title = pct .. " prediction high", format = "pow10" },
      { key = "actual", title = "Actual FLOP", format = "pow10" },
      { key = "ratio", title = "Actual / predicted", format = "%.2g" },
      { key = "inside_prediction_interval", title = "In prediction interval" },
      { key = "inside_confidence_interval", title = "In confidence interval" },
    },
    rows = rows, notes = summary,
  }
  s:table(t, "table6_backtest")
  local ct = burden.report.table{
    title = "Table 6b. Backtest summary: later models inside each interval",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "n_fit", title = "Fit on (to " .. CUTOFF .. ")", format = "%d" },
      { key = "n_later", title = "Later models", format = "%d" },
      { key = "inside_prediction", title = "Inside " .. pct .. " prediction interval", format = "%d" },
      { key = "inside_confidence", title = "Inside " .. pct .. " confidence interval", format = "%d" },
    },
    rows = counts,
    notes = { "Prediction interval: Fieller's set for the compute of one new model, from " ..
      "the prediction variance (the line's variance plus the residual variance sigma²); " ..
      "about " .. pct .. " of later models should fall inside it if the 2019 trend held. " ..
      "Confidence interval: the set for the mean line only, which single models are not " ..
      "expected to fall in." },
  }
  s:table(ct, "table6b_backtest_summary")
  return { title = "8a. Backtest of the extrapolation", tables = { t, ct },
    text = "A projection is only as good as its record. Ratios below 1 mean later models " ..
      "reached their error with less compute than the 2019 trend implied (algorithmic " ..
      "progress, better hardware use); above 1, with more." }
end
