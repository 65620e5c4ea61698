-- 8a. Beyond the paper: a backtest. Fit the polynomial model on models published up to
-- 2019 (the data the paper had), then compare the compute it predicted for the errors
-- reached in 2020-2024 with the compute those models actually used.
local burden = require "burden"

local CUTOFF = 2019

return function(s)
  local rows, summary = {}, {}
  for _, name in ipairs(burden.domain.builtin) do
    local d = burden.domain.get(name)
    local train = burden.domain.define{ name = name .. "_to_" .. CUTOFF, title = d.title,
      benchmark = d.benchmark, metric = d.metric, targets = d.targets,
      filter = function(r) return (not d.filter or d.filter(r)) and (r.year or 0) <= CUTOFF end }
    local later = burden.domain.define{ name = name .. "_after_" .. CUTOFF, title = d.title,
      benchmark = d.benchmark, metric = d.metric, targets = d.targets,
      filter = function(r) return (not d.filter or d.filter(r)) and (r.year or 0) > CUTOFF end }
    local tp, lp = train:points(s.rows), later:points(s.rows)
    local ok, f = pcall(function() return burden.hypothesis.get("polynomial"):fit(tp) end)
    if ok and f.slope < 0 and lp.n > 0 then
      local logs, inside = {}, 0
      for i = 1, lp.n do
        local p = f:project(lp.error[i], s.LEVEL)
        local ratio = lp.compute[i] / p.compute
        logs[#logs + 1] = math.log(ratio, 10)
        local within = p.lower and p.upper and lp.compute[i] >= p.lower and lp.compute[i] <= p.upper
        if within then inside = inside + 1 end
        rows[#rows + 1] = { title = d.title, model = lp.model[i], year = lp.year[i],
          error = lp.error[i], actual = lp.compute[i], predicted = p.compute, ratio = ratio,
          within = within and "yes" or "no" }
      end
      table.sort(logs)
      summary[#summary + 1] = string.format("%s: fit on %d models to %d; %d later models; " ..
        "median actual/predicted = 10^%.2f; %d of %d inside the 95%% Fieller interval.",
        d.title, tp.n, CUTOFF, lp.n, burden.analysis.quantile(logs, 0.5), inside, lp.n)
    end
  end
  local t = burden.report.table{
    title = "Table 6. Backtest: compute predicted from models up to 2019 versus compute used",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "model", title = "Model" },
      { key = "year", title = "Year", format = "%d" },
      { key = "error", title = "Error", format = "percent" },
      { key = "predicted", title = "Predicted FLOP", format = "pow10" },
      { key = "actual", title = "Actual FLOP", format = "pow10" },
      { key = "ratio", title = "Actual / predicted", format = "%.2g" },
      { key = "within", title = "In 95% interval" },
    },
    rows = rows, notes = summary,
  }
  s:table(t, "table6_backtest")
  return { title = "8a. Backtest of the extrapolation", table = t,
    text = "A projection is only as good as its record. Ratios below 1 mean later models " ..
      "reached their error with less compute than the 2019 trend implied (algorithmic " ..
      "progress, better hardware use); above 1, with more." }
end
