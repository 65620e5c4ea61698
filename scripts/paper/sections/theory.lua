-- 4. Theory versus practice: improving performance k-fold needs at least k^2 data and
-- k^4 compute in theory (Thompson et al., Sec. 2); the fitted polynomial exponent says
-- how much compute it took in practice.
local burden = require "burden"

local THEORY_K = 4 -- the lower bound of the paper's theory

return function(s)
  local rows = {}
  local tcrit = 1.96 -- normal approximation for the interval of k from the slope's SE
  for _, f in ipairs(s.result.fits) do
    if f.hypothesis == "polynomial" and f.slope < 0 then
      local lo_slope, hi_slope = f.slope - tcrit * f.se_slope, f.slope + tcrit * f.se_slope
      rows[#rows + 1] = { title = f.title, k = f.k, theory = THEORY_K,
        k_lower = -1 / lo_slope, k_upper = hi_slope < 0 and -1 / hi_slope or math.huge,
        halving = 2 ^ f.k, ratio = f.k / THEORY_K }
      if f.p_slope and f.p_slope >= 1 - s.LEVEL then
        -- a multiplier extrapolated from a slope that is not significant is no number
        rows[#rows].halving = string.format("slope not significant (p = %.2g)", f.p_slope)
      end
    end
  end
  local t = burden.report.table{
    title = "Table 3. Theory (k >= 4) versus the fitted exponent",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "k", title = "Fitted k", format = "%.1f" },
      { key = "k_lower", title = "k low", format = "%.1f" },
      { key = "k_upper", title = "k high", format = "%.1f" },
      { key = "theory", title = "Theory k", format = "%d" },
      { key = "ratio", title = "k / 4", format = "%.1f" },
      { key = "halving", title = "Compute to halve error", format = "pow10" },
    },
    rows = rows,
    notes = { "Compute grows as error^-k; halving the error multiplies compute by 2^k. " ..
      "The interval of k comes from slope +- 1.96 SE." },
  }
  s:table(t, "table3_theory")
  return { title = "4. Theory versus practice", table = t,
    text = "The paper finds scaling of at least k^9 in practice against k^4 in theory: " ..
      "halving the error takes more than 500 times the compute." }
end
