-- 2. The regressions of the paper's Table 1 / Figure 3: per benchmark n, slope, its
-- standard error, R² for the polynomial and exponential models, and the implied
-- exponent k (compute grows as error^-k).
local burden = require "burden"

return function(s)
  local t = burden.report.table{
    title = "Table 1. Error regressed on hardware burden",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "n", title = "n", format = "%d" },
      { key = "intercept", title = "Intercept", format = "%.3f" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "se_slope", title = "SE", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "k", title = "k", format = "%.1f" },
    },
    rows = s.result.fits,
    notes = { "Polynomial: log10(error) ~ log10(FLOP); exponential: error ~ log10(FLOP). " ..
      "k = -1/slope of the polynomial model, so compute grows as error^-k." },
  }
  s:table(t, "table1_regressions")
  return { title = "2. Regressions", table = t,
    text = "Thompson et al. report R² between 0.29 and 0.68 for the polynomial model on " ..
      "every benchmark but WMT 2014 En-De, where compute barely varies." }
end
