--- burden.analysis: fit every hypothesis on every domain, project the compute each
-- target error needs, with intervals, and price it.
--
--   local res = burden.analysis.run{
--     data = rows_or_frame,                       -- e.g. burden.dataset.load()
--     domains = { "imagenet", my_domain },        -- names or domain objects (default: the six)
--     hypotheses = { "polynomial", "exponential" },
--     bootstrap = 1000, seed = 1, level = 0.95,   -- case-resampling intervals (0: none)
--     preset = "thompson-site",                   -- cost preset for dollars and CO2
--   }
--   res.fits         -- one row per (domain, hypothesis): formula, n, intercept, slope, se,
--                    -- p_slope, r2, k (slope as fitted: 1/error rises, so exponential
--                    -- slopes are > 0)
--   res.projections  -- one row per (domain, hypothesis, target): compute, Fieller and
--                    -- bootstrap intervals, usd, co2_lbs, p_slope, and status/reason:
--                    -- status "ok", or "not_significant" (slope p >= 1 - level),
--                    -- "unbounded" (Fieller's set is not an interval), "no_trend"
--                    -- (the fit does not fall toward the target), "unreachable"
--                    -- (below a fitted floor); then compute,
--                    -- lower, upper, usd and co2_lbs are nil and reason says why
--   res.models[domain][hypothesis] -- the fitted models and their points, for plotting
local domain = require "burden.domain"
local hypothesis = require "burden.hypothesis"
local options = require "burden.options"
local core_lm = require "burden.core.lm"

local M = {}

-- The keys of analysis.run (its wrapper, burden.options.wrap, rejects any other).
local OPTS = { "data", "domains", "hypotheses", "bootstrap", "seed", "level", "preset" }

--- A deterministic stream of integers from burden's one generator (engine/core/rng.c),
-- apart from the user's math.random: rng(seed) returns draw(n), an integer in 1..n; call
-- k draws from stream k of the seed (the stream of bootstrap resample k), so the same
-- seed gives the same draws everywhere.
function M.rng(seed)
  seed = math.tointeger(seed) or 1
  local k = 0
  return function(n)
    k = k + 1
    return core_lm.boot_indices(seed, k, n, 1)[1]
  end
end

--- Quantile of sorted values (R's type 7, the default of quantile()): burden.fit.quantile,
-- which burden.hypothesis uses too (it lives below both, so neither requires the other).
M.quantile = require("burden.fit").quantile

-- The percentile intervals of the projected compute: boot.draws[c] holds the sorted draws
-- of boot.rows[c]'s projection; every row of a run gets its boot_lower and boot_upper
-- from one burden.fit.quantiles, not one call per (domain, hypothesis).
local function bootstrap_intervals(boot, level)
  if #boot.draws == 0 then return end
  local alpha = (1 - level) / 2
  local q = require("burden.fit").quantiles(boot.draws, { alpha, 1 - alpha, 0.5 })
  for c, row in ipairs(boot.rows) do row.boot_lower, row.boot_upper = q[c][1], q[c][2] end
end

-- The cost presets (data/cost/presets.csv, read once by burden.cost), asked for once.
local known_presets
local function known_preset(name)
  known_presets = known_presets or require("burden.cost").presets()
  for _, p in ipairs(known_presets) do
    if p == name then return true end
  end
  return false
end

-- Dollars and CO2 of each row's projected compute, in one burden.cost.estimate_each
-- for the whole run; a row whose compute is not a finite number is left unpriced.
local function price(rows, preset)
  local priced, list = {}, {}
  for _, row in ipairs(rows) do
    local c = row.compute
    if c ~= nil and c == c and c ~= math.huge then
      priced[#priced + 1] = row
      list[#list + 1] = { flop = c, preset = preset }
    end
  end
  if #list == 0 then return end
  for i, cost in ipairs(require("burden.cost").estimate_each(list)) do
    priced[i].usd, priced[i].co2_lbs = cost.usd, cost.co2_lbs
  end
end

local SERIES = { record = "running_record", best_of_year = "best_by_year" }
local TREND_OPTS = { "data", "domain", "series", "targets", "level", "to" }

--- The time trend of a domain: OLS of log10(error) on year over a yearly series, and the
-- year each target error is reached, with Fieller's interval.
--   time_trend{ data =, domain = "imagenet", series = "record" | "best_of_year",
--               targets = { 0.05 } (default: the domain's), level = 0.95,
--               to = last year to use (default: all) }
-- series "record" (default) is the running record, the lowest error reached up to each
-- year (domain:running_record); "best_of_year" the best result listed for each year.
-- Returns { domain, series, to, year, error, model (the series), n, intercept, slope,
-- se_slope, p_slope, r2, fit (the time_trend hypothesis fit), projections = { { target,
-- year, lower, upper, status, reason } } }; a projection whose status is not "ok" has
-- no year or bounds (see Line:project in burden.hypothesis).
function M.time_trend(spec)
  if type(spec) ~= "table" or spec.data == nil then
    error("analysis.time_trend: data is required", 2)
  end
  local series = spec.series or "record"
  local method = SERIES[series]
  if not method then
    error(string.format("analysis.time_trend: unknown series '%s' (known: best_of_year, record)",
      tostring(series)), 2)
  end
  if spec.to ~= nil and type(spec.to) ~= "number" then
    error("analysis.time_trend: to must be a year (number)", 2)
  end
  local level = options.fraction("analysis.time_trend", "level", spec.level) or 0.95
  local d = domain.get(spec.domain or "imagenet")
  local full = d[method](d, spec.data)
  local pts = { year = {}, error = {}, model = {} }
  for i, y in ipairs(full.year) do
    if spec.to == nil or y <= spec.to then
      local j = #pts.year + 1
      pts.year[j], pts.error[j], pts.model[j] = y, full.error[i], full.model[i]
    end
  end
  pts.n, pts.compute = #pts.year, pts.year
  local f = hypothesis.get("time_trend"):fit(pts)
  local res = { domain = d.name, series = series, to = spec.to, level = level,
    year = pts.year, error = pts.error, model = pts.model, n = f.n,
    intercept = f.intercept, slope = f.slope, se_slope = f.se_slope, p_slope = f.p_slope,
    r2 = f.r2, fit = f, projections = {} }
  local targets = spec.targets or d.targets
  for t, p in ipairs(hypothesis.projections(f, targets, level)) do
    local target = targets[t]
    local row = { target = target, year = p.compute, lower = p.lower, upper = p.upper,
      status = p.status, reason = p.reason }
    if not f.falls then
      row.status, row.reason = "no_trend", "fitted error does not fall over time"
    end
    if row.status ~= "ok" then row.year, row.lower, row.upper = nil, nil, nil end
    res.projections[#res.projections + 1] = row
  end
  return res
end

--- Runs the study. See the module comment for the arguments and the result.
function M.run(spec)
  if type(spec) ~= "table" or spec.data == nil then
    error("analysis.run: data is required", 2)
  end
  local domains = spec.domains or domain.builtin
  local hyps = spec.hypotheses or { "polynomial", "exponential" }
  local B = options.positive_integer("analysis.run", "bootstrap", spec.bootstrap, true) or 0
  local level = options.fraction("analysis.run", "level", spec.level) or 0.95
  if B == 1 or B > 0x7fffffff then
    error(string.format("analysis.run: bootstrap must be 0 (no intervals) or an integer from 2 " ..
      "to 2147483647, got %d", B), 2)
  end
  local seed = spec.seed or require("burden.core.runtime").seed()
  if math.tointeger(seed) == nil then
    error("analysis.run: seed must be an integer, got " .. tostring(seed), 2)
  end
  seed = math.tointeger(seed)
  local preset = spec.preset or "thompson-site"
  -- an unknown preset is an error even when no projection comes to be priced
  if not known_preset(preset) then
    error(string.format("analysis.run: unknown preset '%s' (known: %s)", tostring(preset),
      table.concat(known_presets, ", ")), 2)
  end
  local res = { fits = {}, projections = {}, models = {}, skipped = {} }
  local to_price = {} -- the rows priced at the end, in one call
  local boot = { rows = {}, draws = {} } -- the rows whose bootstrap intervals come at the end

  -- the hypotheses are resolved once for every domain
  local hs = {}
  for hi, hname in ipairs(hyps) do hs[hi] = hypothesis.get(hname) end
  for di, dname in ipairs(domains) do
    local d = domain.get(dname)
    local points = d:points(spec.data)
    res.models[d.name] = { domain = d, points = points }
    for hi, h in ipairs(hs) do
      local pts = points
      local yearly = h.uses == "best_by_year" or h.uses == "running_record"
      if yearly then
        pts = d[h.uses](d, spec.data)
        pts.n, pts.compute = #pts.year, pts.year
      end
      -- the fit, its projections and (not for a yearly series) the computes of its
      -- resamples: one stream per (domain, hypothesis), derived from the seed, so adding
      -- a domain does not change another's intervals
      local f, projs, draws = hypothesis.fit_project(h, pts, d.targets, level,
        yearly and 0 or B, seed * 1000003 + di * 101 + hi)
      if not f then
        f = projs
        -- never silent: a fit that cannot be made is a warning, and listed in res.skipped
        local reason = tostring(f):gsub("^[^\n]-:%d+: ", "")
        res.skipped[#res.skipped + 1] = { domain = d.name, hypothesis = h.name, reason = reason }
        options.warn(string.format("analysis.run: %s fit of '%s' skipped: %s", h.name, d.name,
          reason))
      else
        res.models[d.name][h.name] = f
        local best = math.huge
        for _, e in ipairs(pts.error) do best = math.min(best, e) end
        res.fits[#res.fits + 1] = { domain = d.name, title = d.title, hypothesis = h.name,
          formula = h.formula,
          n = f.n, n_dropped = points.n_dropped, intercept = f.intercept, slope = f.slope,
          se_slope = f.se_slope, p_slope = f.p_slope, r2 = f.r2, k = f.k, best_error = best,
          floor = f.E }
        for t, target in ipairs(d.targets) do
          local p = projs[t]
          local row = { domain = d.name, title = d.title, hypothesis = h.name,
            formula = h.formula, target = target,
            compute = p.compute, lower = p.lower, upper = p.upper, bounded = p.bounded,
            method = p.method, p_slope = p.p_slope,
            status = p.status or "ok", reason = p.reason, floor = p.floor }
          if draws then
            boot.rows[#boot.rows + 1], boot.draws[#boot.draws + 1] = row, draws[t]
          end
          if not yearly and not f.falls then
            -- the fitted trend does not fall toward the target: no projection
            row.status = "no_trend"
            row.reason = "the fitted trend does not fall toward the target"
          end
          if row.status == "unreachable" then
            -- never reached (below a fitted floor): the compute stays Inf, unpriced
          elseif row.status ~= "ok" then
            -- not a number anyone should read: no point estimate, interval or price
            row.compute, row.lower, row.upper = nil, nil, nil
          elseif not yearly then -- a year has nothing to price
            to_price[#to_price + 1] = row
          end
          res.projections[#res.projections + 1] = row
        end
      end
    end
  end
  bootstrap_intervals(boot, level)
  price(to_price, preset)
  return res
end

options.wrap_all(M, { "run", "time_trend" }, {
  run = { name = "analysis.run", options = OPTS, keys_only = true },
  time_trend = { name = "analysis.time_trend", options = TREND_OPTS, keys_only = true },
})

return M
