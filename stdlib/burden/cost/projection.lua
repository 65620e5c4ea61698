--- burden.cost.projection: the year a compute requirement fits a budget, from today's
-- cost (burden.cost.estimate), the hardware price-performance trend (burden.cost.trend)
-- and a rate of algorithmic progress, with a Monte Carlo or bounds interval.
local core = require "burden.core.cost"
require "burden.core.vector" -- the kernels' samples come back as vectors
local runtime = require "burden.core.runtime"
local tables = require "burden.cost.tables"
local estimate = require "burden.cost.estimate"
local trends = require "burden.cost.trend"

local check_options = require("burden.options").check
local check_positive = require("burden.cost.methods").check_positive
local resource_rows, num, known_list = tables.resource_rows, tables.num, tables.known_list
local decimal_year = tables.decimal_year

-- Options of when_affordable (burden.options rejects any other key).
local OPTS = {
  when_affordable = { "flop", "budget", "chip", "preset", "pricing", "usd_now", "utilization",
    "year0", "algorithmic_halving", "hardware_trend", "interval", "level", "draws", "seed" },
}

local impl = {}

local LOG10_2 = math.log(2, 10)

local algorithmic_cache

local function algorithmic_rows()
  if algorithmic_cache then return algorithmic_cache end
  local rows, path = resource_rows("data/cost/algorithmic_progress.csv")
  local by = {}
  for _, r in ipairs(rows) do
    by[r.domain] = { domain = r.domain, years = num(r.halving_months) / 12,
                     lo = num(r.ci_low_months) / 12, hi = num(r.ci_high_months) / 12,
                     level = num(r.ci_level),
                     source = r.source, confidence = r.confidence, file = path }
  end
  algorithmic_cache = by
  return by
end

-- The interval of the affordability year by Monte Carlo over the two rates: the hardware
-- slope normal, with the fit's interval as its central `hw_level` interval; the algorithmic
-- halving time lognormal, with the published interval as its central `al_level` interval.
local function affordable_interval(usd_now, budget, year0, level, opts, r)
  local draws = opts.draws or 20000
  local seed = opts.seed or runtime.seed()
  if math.type(draws) ~= "integer" or draws < 2 then
    error("cost.when_affordable: draws must be an integer >= 2", 0)
  end
  local z_hw = core.normal_quantile(1 - (1 - r.hw_level) / 2)
  local hw = core.sample({ dist = "normal", a = r.hw_rate, b = r.hw_half / z_hw }, draws, seed)
  local al
  if r.al_hi > r.al_lo then
    -- rates log10(2)/halving: the halving-time interval maps to [al_lo, al_hi] reversed, and
    -- the lognormal spec takes the central 90% interval
    local mu = (math.log(r.al_lo) + math.log(r.al_hi)) / 2
    local sigma = (math.log(r.al_hi) - math.log(r.al_lo)) /
      (2 * core.normal_quantile(1 - (1 - (r.al_level or 0.95)) / 2))
    local z90 = core.normal_quantile(0.95)
    al = core.sample({ dist = "lognormal", a = math.exp(mu - z90 * sigma),
                       b = math.exp(mu + z90 * sigma) }, draws, seed + 1)
  end
  local years = {}
  for i = 1, draws do
    local rate = hw[i] + (al and al[i] or r.al_lo)
    years[i] = core.year_affordable(usd_now, budget, year0, rate)
  end
  table.sort(years)
  local function q(p) -- type 7
    local h = (draws - 1) * p
    local k = math.floor(h)
    local a, b = years[k + 1], years[math.min(k + 2, draws)]
    if h == k or a == b then return a end -- also keeps 0 x inf (never) out
    return a + (h - k) * (b - a)
  end
  return q((1 - level) / 2), q(1 - (1 - level) / 2)
end

-- The year a compute requirement fits a budget. See README.
function impl.when_affordable(opts)
  local fname = "cost.when_affordable"
  if type(opts) ~= "table" then
    error("bad argument #1 to 'when_affordable' (table expected, got " .. type(opts) .. ")", 0)
  end
  check_options(fname, opts, OPTS.when_affordable)
  check_positive(fname, "flop", opts.flop)
  check_positive(fname, "budget", opts.budget)
  if not opts.flop or not opts.budget then
    error(fname .. ": flop and budget are required", 0)
  end
  local constants = {}
  -- today's cost of the compute
  local usd_now, year0 = opts.usd_now, opts.year0
  local preset = opts.preset or "thompson-site"
  if not usd_now then
    local est = estimate.estimate{ flop = opts.flop, preset = preset, chip = opts.chip,
                                   utilization = opts.utilization, pricing = opts.pricing }
    usd_now = est.usd
    if not usd_now then
      error(string.format("%s: preset %s gives no dollar figure for this run", fname, preset), 0)
    end
    for _, c in ipairs(est.constants) do constants[#constants + 1] = c end
  end
  if not year0 then
    if preset == "thompson-site" and not opts.usd_now then
      year0 = decimal_year("2020-07-10") -- the site's V100 price (cloud_prices.csv)
      constants[#constants + 1] = { name = "year0", value = year0, unit = "year",
        source = "data/cost/cloud_prices.csv: thompson-site V100 price dated 2020-07-10",
        confidence = "reported" }
    else
      error(fname .. ": year0 (the year of the price) is required with usd_now or this preset", 0)
    end
  end
  -- hardware: orders of magnitude per year of FLOP per dollar
  local hw = opts.hardware_trend
  local hw_rate, hw_lo, hw_hi, trend
  if hw == nil or type(hw) == "table" then
    trend = hw or trends.trend{ metric = "flop_per_usd", type = "GPU" }
    hw_rate, hw_lo, hw_hi = trend.slope, trend.slope_lo, trend.slope_hi
    constants[#constants + 1] = { name = "hardware_oom_per_year", value = hw_rate,
      unit = "log10(FLOP/s per USD)/year", source = "fit: " .. tostring(trend.source) ..
      string.format(" (%s, %s, %d chips)", trend.metric, trend.precision, trend.n),
      confidence = "derived" }
  elseif type(hw) == "number" then
    check_positive(fname, "hardware_trend", hw)
    hw_rate = LOG10_2 / hw
    hw_lo, hw_hi = hw_rate, hw_rate
    constants[#constants + 1] = { name = "hardware_doubling_years", value = hw, unit = "years",
      source = "caller", confidence = "caller" }
  else
    error(fname .. ": hardware_trend must be a doubling time in years or a cost.trend result", 0)
  end
  -- algorithms: compute for fixed performance halves every `years`
  local a = opts.algorithmic_halving
  local al_rate, al_lo, al_hi, al_level = 0, 0, 0, nil
  if a ~= nil then
    local years, lo, hi
    if type(a) == "string" then
      local row = algorithmic_rows()[a]
      if not row then
        error(string.format("%s: unknown algorithmic_halving '%s' (known: %s)", fname, a,
          known_list(algorithmic_rows())), 0)
      end
      years, lo, hi, al_level = row.years, row.lo, row.hi, row.level
      constants[#constants + 1] = { name = "algorithmic_halving_years", value = years,
        unit = "years", source = row.source, confidence = row.confidence }
    elseif type(a) == "number" then
      check_positive(fname, "algorithmic_halving", a)
      years, lo, hi = a, a, a
      constants[#constants + 1] = { name = "algorithmic_halving_years", value = a,
        unit = "years", source = "caller", confidence = "caller" }
    else
      error(fname .. ": algorithmic_halving must be years or 'vision' / 'language'", 0)
    end
    al_rate, al_lo, al_hi = LOG10_2 / years, LOG10_2 / hi, LOG10_2 / lo
  end
  local rate = hw_rate + al_rate
  local year = core.year_affordable(usd_now, opts.budget, year0, rate)
  local level = opts.level or 0.95
  if type(level) ~= "number" or not (level > 0 and level < 1) then
    error(fname .. ": level must be in (0, 1)", 0)
  end
  local early, late
  local method = opts.interval or "montecarlo"
  if method == "bounds" then
    -- the slow and fast ends of both rates' intervals at once (conservative)
    late = core.year_affordable(usd_now, opts.budget, year0, hw_lo + al_lo)
    early = core.year_affordable(usd_now, opts.budget, year0, hw_hi + al_hi)
  elseif method == "montecarlo" then
    early, late = affordable_interval(usd_now, opts.budget, year0, level, opts, {
      hw_rate = hw_rate, hw_half = (hw_hi - hw_lo) / 2, hw_level = trend and trend.level or 0.95,
      al_lo = al_lo, al_hi = al_hi, al_level = al_level })
  else
    error(string.format("%s: unknown interval '%s' (known: bounds, montecarlo)", fname,
      tostring(method)), 0)
  end
  return {
    level = level, interval_method = method,
    year = year, year_lo = early, year_hi = late, interval = { early, late },
    usd_now = usd_now, year0 = year0, budget = opts.budget, flop = opts.flop,
    oom_per_year = rate, hardware_oom_per_year = hw_rate, algorithmic_oom_per_year = al_rate,
    doubling_years = core.doubling_years(rate), trend = trend, constants = constants,
  }
end

return impl
