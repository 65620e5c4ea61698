--- burden.hypotheses.progress (internal): the algorithmic progress of a compute_and_time
-- fit (burden.hypothesis), log10(error) = a + b log10(compute) + c year: how many decades
-- of compute a year of progress is worth, r = c / b, with its delta-method, Fieller and
-- bootstrap intervals. burden.hypothesis hands in the fitted model's class:
--   require("burden.hypotheses.progress")(Progress)
local fit = require "burden.fit"
local options = require "burden.options"
local core_lm = require "burden.core.lm"

local qt = core_lm.qt

return function(Progress)
  local LOG2 = math.log(2, 10)

  -- Halving time (years) of a rate r (decades of compute per year); never (Inf) when the
  -- compute a fixed error needs does not fall with time.
  local function halving(r) return r > 0 and LOG2 / r or math.huge end

  --- Algorithmic progress implied by the fit, with `level` intervals:
  --   rate       r = b_year / b_compute, decades of compute one year is worth; se_rate (delta)
  --   gain       10^r, the compute-equivalent gain per year; gain_lower/upper (delta, on r)
  --   halving    log10(2) / r years; se_halving (delta); halving_lower/upper (Fieller's set
  --              for r mapped through log10(2) / r; upper Inf when the set reaches r <= 0)
  --   bounded    false when the compute coefficient is not significant (Fieller unbounded)
  function Progress:progress(level)
    level = level or 0.95
    local V = self.model.vcov
    local b, c = self.slope, self.b_year
    local vbb, vbc, vcc = V[2][2], V[2][3], V[3][3]
    local r = c / b
    -- gradient of c / b with respect to (b, c): (-c / b^2, 1 / b)
    local gb, gc = -c / (b * b), 1 / b
    local se = math.sqrt(gb * gb * vbb + 2 * gb * gc * vbc + gc * gc * vcc)
    local t = qt(1 - (1 - level) / 2, self.model.df)
    local out = { level = level, rate = r, se_rate = se, gain = 10 ^ r,
      gain_lower = 10 ^ (r - t * se), gain_upper = 10 ^ (r + t * se),
      halving = halving(r), se_halving = r > 0 and LOG2 * se / (r * r) or nil,
      bounded = false }
    -- Fieller: { r : (c - r b)^2 <= t^2 Var(c - r b) }, i.e. the x where the "line"
    -- c + (-b) x crosses zero
    local shape, lo, hi, clamped = core_lm.fieller(c, -b, 0, vcc, -vbc, vbb, t * t)
    if shape == "interval" and not clamped then
      out.bounded, out.rate_lower, out.rate_upper = true, lo, hi
      out.halving_lower, out.halving_upper = halving(hi), halving(lo)
    end
    return out
  end

  --- Percentile intervals of the gain per year and the halving time from B case
  -- resamples (burden.fit.bootstrap, C fast path): gain_lower/upper, halving_lower/upper,
  -- and n_never, the resamples in which the compute needed does not fall with time.
  function Progress:progress_bootstrap(args)
    args = args or {}
    local level = args.level or 0.95
    local boot = fit.bootstrap{ model = self.model, statistic = "coef", B = args.B or 2000,
      seed = args.seed, level = level, bca = false }
    local rates, halvings, never = {}, {}, 0
    for _, coef in ipairs(boot.t) do
      local r = coef[3] / coef[2]
      if coef[2] >= 0 then r = -math.huge end -- error does not fall with compute: no trade
      rates[#rates + 1] = r
      halvings[#halvings + 1] = halving(r)
      if not (r > 0) then never = never + 1 end
    end
    table.sort(rates)
    table.sort(halvings)
    local alpha = (1 - level) / 2
    -- both percentile intervals in one call
    local q = fit.quantiles({ rates, halvings }, { alpha, 1 - alpha })
    return { B = #rates, level = level, n_never = never,
      gain_lower = 10 ^ q[1][1], gain_upper = 10 ^ q[1][2],
      halving_lower = q[2][1], halving_upper = q[2][2] }
  end

  Progress.progress = options.wrap(Progress.progress,
    { name = "progress", method = true, level = 1 })
  Progress.progress_bootstrap = options.wrap(Progress.progress_bootstrap,
    { name = "progress_bootstrap", options = { "B", "seed", "level" }, method = true })
end
