-- 9. Beyond the paper: compute and time together. log10(error) ~ log10(FLOP) + year
-- separates what more compute bought from what came with time at equal compute
-- (algorithms, data, training recipes). Holding the error fixed, one year is worth
-- r = b_year / b_compute decades of compute: the compute a fixed error needs shrinks
-- 10^r-fold a year and halves every log10(2) / r years.
local burden = require "burden"

-- Erdil and Besiroglu, "Algorithmic progress in computer vision" (arXiv:2212.05153),
-- abstract: compute-augmenting innovations halve compute requirements every nine months
-- (95% confidence interval: 4 to 25 months).
local EB = { months = 9, lower = 4, upper = 25 }

local function months(v)
  if v == math.huge then return "Inf" end
  return string.format("%.1f", v * 12)
end

return function(s)
  local h = burden.hypothesis.get("compute_and_time")
  local rows = {}
  for i, name in ipairs(burden.domain.builtin) do
    local m = s.result.models[name]
    local row = { title = m.domain.title, n = m.points.n }
    local ok, f = pcall(h.fit, h, m.points)
    if not ok then
      row.note = (tostring(f):gsub("^.-hypothesis[^:]*: ", ""))
    else
      local g = f:progress(s.LEVEL)
      -- one resample stream per benchmark, derived from the report's seed
      local b = f:progress_bootstrap{ B = s.BOOTSTRAP, seed = burden.seed() * 1000003 + i,
        level = s.LEVEL }
      row.b_compute, row.se_compute, row.b_year, row.se_year = f.slope, f.se_slope, f.b_year,
        f.se_year
      row.r2, row.gain, row.gain_lower, row.gain_upper = f.r2, g.gain, g.gain_lower, g.gain_upper
      row.halving, row.se_halving = g.halving, g.se_halving
      row.fieller_lower, row.fieller_upper = g.halving_lower, g.halving_upper
      row.boot_lower, row.boot_upper = b.halving_lower, b.halving_upper
      row.note = ""
      if not f.falls then
        row.note = "error does not fall with compute: no compute equivalent"
      elseif g.rate <= 0 then
        row.note = "at equal compute, error does not fall with time"
      elseif not g.bounded then
        -- a ratio over a coefficient that may be zero: no number means anything
        row.note = string.format("compute coefficient not significant (p = %.3f): " ..
          "Fieller set unbounded", f.model.pvalue[2])
      end
      if row.note ~= "" then
        row.gain, row.gain_lower, row.gain_upper, row.halving = nil, nil, nil, nil
        row.fieller_lower, row.fieller_upper, row.boot_lower, row.boot_upper = nil, nil, nil, nil
      end
      if name == "imagenet" then rows.imagenet = { g = g, b = b } end
    end
    rows[#rows + 1] = row
  end
  local level = math.floor(s.LEVEL * 100 + 0.5)
  local t = burden.report.table{
    title = "Table 9. Compute and time together: algorithmic progress",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "n", title = "n", format = "%d" },
      { key = "b_compute", title = "b log10(FLOP)", format = "%.4f" },
      { key = "se_compute", title = "SE", format = "%.4f" },
      { key = "b_year", title = "b year", format = "%.4f" },
      { key = "se_year", title = "SE", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "gain", title = "Gain per year", format = "%.3g" },
      { key = "gain_lower", title = "Delta low", format = "%.3g" },
      { key = "gain_upper", title = "Delta high", format = "%.3g" },
      { key = "halving", title = "Halving (months)", format = months },
      { key = "fieller_lower", title = "Fieller low", format = months },
      { key = "fieller_upper", title = "Fieller high", format = months },
      { key = "boot_lower", title = "Bootstrap low", format = months },
      { key = "boot_upper", title = "Bootstrap high", format = months },
      { key = "note", title = "Note" },
    },
    rows = rows,
    notes = { string.format("log10(error) ~ log10(FLOP) + year on the rows of Table 1 " ..
      "(hypothesis compute_and_time). Gain per year = 10^(b_year / b_log10(FLOP)): at a " ..
      "fixed error, the compute needed falls by this factor each year (it is multiplied " ..
      "by 10^(-b_year / b_log10(FLOP))), with the %d%% delta-method interval; halving = log10(2) b_log10(FLOP) / b_year years, with " ..
      "Fieller's %d%% set for the ratio and the percentile interval of %d case-resampling " ..
      "bootstrap fits (Inf: the compute needed need not fall with time). No gain or halving " ..
      "is given where the compute coefficient is not significant.", level, level,
      s.BOOTSTRAP) },
  }
  s:table(t, "table9_algorithmic_progress")
  local text = "Thompson et al.'s notebooks fit this model on their ImageNet data " ..
    "(log10(error) ~ log10(network operations) + (year - 2012): -0.0638 and -0.0250, " ..
    "R² 0.831, a halving of about 9 months)."
  local im = rows.imagenet
  if im then
    local g, b = im.g, im.b
    local inside = g.halving * 12 >= EB.lower and g.halving * 12 <= EB.upper
    text = text .. string.format(" On burden's ImageNet rows (hardware burden) the compute " ..
      "a fixed error needs halves every %s months (Fieller %d%%: %s to %s; bootstrap: %s " ..
      "to %s). Erdil and Besiroglu (arXiv:2212.05153) find %d months (95%% CI %d to %d) " ..
      "for compute-augmenting algorithmic progress on ImageNet; our estimate is %s theirs " ..
      "and %s their interval.", months(g.halving), level, months(g.halving_lower or 0 / 0),
      months(g.halving_upper or 0 / 0), months(b.halving_lower), months(b.halving_upper),
      EB.months, EB.lower, EB.upper,
      g.halving * 12 > EB.months and "slower than" or "faster than",
      inside and "inside" or "outside")
  end
  return { title = "9. Algorithmic progress: compute and time together", table = t,
    text = text }
end
