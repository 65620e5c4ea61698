-- 3. The paper's Table 2: for each benchmark the error today and at each target, the
-- compute needed (FLOP), its dollars and pounds of CO2 under the thompson-site preset,
-- for both models, with Fieller and bootstrap intervals the paper did not give.
local burden = require "burden"

return function(s)
  local best = {}
  for _, f in ipairs(s.result.fits) do best[f.domain] = f.best_error end
  local rows = {}
  for _, p in ipairs(s.result.projections) do
    local r = s.readable(p)
    r.today = best[p.domain]
    -- the same Fieller interval from the covariance clustered by paper
    local fc = s:clustered(p.domain, p.hypothesis)
    if fc and p.status == "ok" then
      local pc = fc:project(p.target, s.LEVEL)
      r.lower_cluster, r.upper_cluster = pc.lower, pc.upper
    end
    rows[#rows + 1] = r
  end
  local t = burden.report.table{
    title = "Table 2. Compute, dollars and CO2 needed to reach the targets",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "today", title = "Best error", format = "percent" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "hypothesis", title = "Model" },
      { key = "compute", title = "FLOP", format = "pow10" },
      { key = "lower", title = "Fieller low", format = "pow10" },
      { key = "upper", title = "Fieller high", format = "pow10" },
      { key = "lower_cluster", title = "Fieller low (clustered)", format = "pow10" },
      { key = "upper_cluster", title = "Fieller high (clustered)", format = "pow10" },
      { key = "boot_lower", title = "Bootstrap low", format = "pow10" },
      { key = "boot_upper", title = "Bootstrap high", format = "pow10" },
      { key = "usd", title = "Dollars", format = "money" },
      { key = "co2_lbs", title = "CO2 (lbs)", format = "pow10" },
    },
    rows = rows,
    notes = { string.format("Intervals at %d%%: Fieller's interval for the x at which the " ..
      "fitted line reaches the target, and the percentile interval of %d case-resampling " ..
      "bootstrap fits (Inf: some resamples never reach the target). Dollars and CO2 from " ..
      "the %s preset. Models: polynomial, log10(error) ~ log10(FLOP); exponential, " ..
      "1/error ~ log10(FLOP) (the paper's form; a target error e is 1/error = 1/e).",
      math.floor(s.LEVEL * 100 + 0.5), s.BOOTSTRAP, s.PRESET),
      "Clustered: Fieller's interval from the covariance clustered by source paper (CR1) " ..
      "(as statsmodels' cov_type=\"cluster\") with Student t quantiles on papers - 1 degrees of " ..
      "freedom (statsmodels' use_t=True); NA when that set is unbounded.", s.LEVEL_NOTE },
  }
  s:table(t, "table2_projections")
  local era = s:paper_era()
  return { title = "3. Projections (Table 2)", tables = { t, era },
    text = "The paper finds that ImageNet at 5% error needs about 10^28 FLOP, some " ..
      "10^5 times the state of the art in 2020, costing about $10^11 and as much CO2 as " ..
      "New York City emits in a month." }
end
