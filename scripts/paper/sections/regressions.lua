-- 2. The regressions of the paper's Table 1 / Figure 3: per benchmark n, slope, its
-- standard error, R² for the polynomial and exponential models, and the implied
-- exponent k (compute grows as error^-k).
local burden = require "burden"

-- Beyond the paper: how much the polynomial fit rests on `estimated` rows (numbers from
-- a secondary source or an assumption, see data/README.md). Refit on the rows whose
-- numbers the sources print or that follow from them by arithmetic.
local function sourced_only(s)
  local all = s:polynomial_by_domain()
  local kept = s:polynomial_by_domain("_sourced", function(r) return r.confidence ~= "estimated" end)
  local function flop(o)
    return o.projection and s.readable(o.projection, "compute", {}).compute
  end
  local rows = {}
  for _, name in ipairs(burden.domain.builtin) do
    local a, k = all[name] or {}, kept[name] or {}
    rows[#rows + 1] = { title = burden.domain.get(name).title, n_all = a.n, k_all = a.k,
      flop_all = flop(a), target = a.target, n = k.n, k = k.k, flop = flop(k) }
  end
  return burden.report.table{
    title = "Table 1c. The polynomial fit without the rows marked estimated",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "n_all", title = "n (all)", format = "%d" },
      { key = "k_all", title = "k (all)", format = "%.1f" },
      { key = "n", title = "n (sourced)", format = "%d" },
      { key = "k", title = "k (sourced)", format = "%.1f" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "flop_all", title = "FLOP (all)", format = "pow10" },
      { key = "flop", title = "FLOP (sourced)", format = "pow10" },
    },
    rows = rows,
    notes = { "Sourced: confidence reported or derived, so every number is printed in the " ..
      "cited source or computed from printed numbers; estimated rows rest on a secondary " ..
      "source or a stated assumption. FLOP: compute at the first target.", s.LEVEL_NOTE },
  }
end

-- Table 1's rows with the slope's SE clustered by paper beside the plain one (copies:
-- s.result is shared by every section).
local function with_clustered(s)
  local rows, missing = {}, {}
  for i, f in ipairs(s.result.fits) do
    local r = {}
    for k, v in pairs(f) do r[k] = v end
    local fc, papers = s:clustered(f.domain, f.hypothesis)
    if fc then
      r.se_slope_cluster, r.papers = fc.model.se[2], papers
    else -- say why (papers is the reason then)
      missing[#missing + 1] = string.format("%s %s: %s", f.title, f.hypothesis, papers)
    end
    rows[i] = r
  end
  return rows, missing
end

return function(s)
  local rows, unclustered = with_clustered(s)
  local t = burden.report.table{
    title = "Table 1. Error regressed on hardware burden",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "formula", title = "Form" },
      { key = "n", title = "n", format = "%d" },
      { key = "intercept", title = "Intercept", format = "%.3f" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "se_slope", title = "SE", format = "%.4f" },
      { key = "se_slope_cluster", title = "SE (clustered)", format = "%.4f" },
      { key = "papers", title = "Papers", format = "%d" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "k", title = "k", format = "%.1f" },
    },
    rows = rows,
    notes = { "Polynomial: log10(error) ~ log10(FLOP); exponential: 1/error ~ log10(FLOP), " ..
      "the form of Thompson et al.'s notebooks, so its slope is positive when error falls " ..
      "(the linear form error ~ log10(FLOP) is burden's hypothesis 'linear'). " ..
      "k = -1/slope of the polynomial model, so compute grows as error^-k. SQuAD 1.1: " ..
      "error = 100 - exact match (EM), the paper's metric; a model whose source prints " ..
      "only F1 is left out (data/benchmarks/squad11.csv keeps both metrics).",
      "SE: ordinary least squares, every row independent. SE (clustered): cluster-robust " ..
      "(CR1, as statsmodels' cov_type=\"cluster\") with the rows of one source paper as a " ..
      "cluster; Papers: the number of clusters." ..
      (#unclustered > 0 and (" No clustered SE: " .. table.concat(unclustered, "; ") .. ".") or "") },
  }
  -- a fit that could not be made is said in the report too, not only on stderr
  for _, sk in ipairs(s.result.skipped) do
    t.notes[#t.notes + 1] = string.format("Skipped: %s, %s: %s", sk.domain, sk.hypothesis, sk.reason)
  end
  s:table(t, "table1_regressions")

  -- Beyond the paper: a power law with an irreducible floor, error = E + A C^-alpha
  local floor = burden.analysis.run{ data = s.rows, hypotheses = { "power_floor" },
    level = s.LEVEL, preset = s.PRESET }
  local rows = {}
  for _, name in ipairs(burden.domain.builtin) do
    local m = floor.models[name]
    local f = m and m.power_floor
    local row = { title = m.domain.title, n = m.points.n }
    if f then
      row.E, row.alpha, row.r2 = f.E, f.alpha, f.r2
      local p = f:project(m.domain.targets[1])
      row.at_target = p.compute
      row.target = m.domain.targets[1]
      -- a target the fit never reaches says why in the row, not only in the notes
      if p.reason then row.note = "target below the floor E: never reached" end
    else
      row.note = "did not fit"
    end
    for _, sk in ipairs(floor.skipped) do
      if sk.domain == name then row.note = sk.reason:gsub("^.-hypothesis[^:]*: ", "") end
    end
    rows[#rows + 1] = row
  end
  local t2 = burden.report.table{
    title = "Table 1b. Power law with a floor: error = E + A (FLOP / C0)^-alpha",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "n", title = "n", format = "%d" },
      { key = "E", title = "Floor E", format = "percent" },
      { key = "alpha", title = "alpha", format = "%.3f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "at_target", title = "FLOP at target", format = "pow10" },
      { key = "note", title = "Note" },
    },
    rows = rows,
    notes = { "Nonlinear least squares on the error scale (burden.fit.nls, power_law family); " ..
      "C0 is the geometric mean of the compute. Inf: the target is below the fitted floor." },
  }
  s:table(t2, "table1b_power_floor")
  local t3 = s:table(sourced_only(s), "table1c_sourced_only")
  return { title = "2. Regressions", tables = { t, t2, t3 },
    text = "Thompson et al. report R² between 0.29 and 0.68 for the polynomial model on " ..
      "every benchmark but WMT 2014 En-De, where compute barely varies." }
end
