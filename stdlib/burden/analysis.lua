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
--                    -- r2, k (slope as fitted: 1/error rises, so exponential slopes are > 0)
--   res.projections  -- one row per (domain, hypothesis, target): compute, Fieller and
--                    -- bootstrap intervals, usd, co2_lbs
--   res.models[domain][hypothesis] -- the fitted models and their points, for plotting
local domain = require "burden.domain"
local hypothesis = require "burden.hypothesis"

local M = {}

--- A small deterministic generator (splitmix64) so that resampling never touches the
-- user's math.random stream and gives the same draws for the same seed everywhere.
function M.rng(seed)
  local state = math.tointeger(seed) or 1
  return function(n)
    state = state + 0x9E3779B97F4A7C15
    local z = state
    z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ~ (z >> 27)) * 0x94D049BB133111EB
    z = z ~ (z >> 31)
    return (z >> 1) % n + 1
  end
end

--- Quantile of sorted values (R's type 7, the default of quantile()).
function M.quantile(sorted, p)
  local n = #sorted
  if n == 0 then return nil end
  local h = (n - 1) * p + 1
  local lo = math.floor(h)
  local hi = math.min(lo + 1, n)
  local a, b = sorted[lo], sorted[hi]
  if a == b then return a end
  return a + (h - lo) * (b - a)
end

local function resample(points, draw)
  -- the chance level travels with the points (chance_logistic reads it)
  local out = { error = {}, compute = {}, year = {}, rows = {}, chance = points.chance }
  for i = 1, points.n do
    local j = draw(points.n)
    out.error[i], out.compute[i], out.year[i], out.rows[i] =
      points.error[j], points.compute[j], points.year[j], points.rows[j]
  end
  out.n = points.n
  return out
end

-- Projected compute of each resample, for each target. A straight-line hypothesis takes
-- the C fast path of burden.fit.bootstrap (every coefficient of every resample); any
-- other refits the hypothesis on resampled points in Lua. A resample whose fit never
-- reaches the target (error rising with compute) counts as infinite compute, so an
-- interval can honestly be unbounded above.
local function resampled_projections(h, f, points, targets, B, seed)
  local draws = {}
  for t = 1, #targets do draws[t] = {} end
  if f.model and f.ty and f.itx and f.model.coef and #f.model.coef == 2 then
    local sign = f.sign or 1 -- -1 when y falls as the error grows (1/error)
    local boot = require("burden.fit").bootstrap{ model = f.model, statistic = "coef", B = B,
      seed = seed, bca = false }
    for _, coef in ipairs(boot.t) do
      local a, b = coef[1], coef[2]
      for t, target in ipairs(targets) do
        local c = math.huge
        if b * sign < 0 then c = f.itx((f.ty(target) - a) / b) end
        draws[t][#draws[t] + 1] = c
      end
    end
    return draws
  end
  local draw = M.rng(seed)
  for _ = 1, B do
    local ok, rf = pcall(h.fit, h, resample(points, draw))
    for t, target in ipairs(targets) do
      local c = math.huge
      if ok and rf.falls then c = rf:project(target).compute end
      draws[t][#draws[t] + 1] = c
    end
  end
  return draws
end

-- Percentile interval (and median) of the projected compute at each target.
local function bootstrap_projection(h, f, points, targets, B, seed, level)
  local draws = resampled_projections(h, f, points, targets, B, seed)
  local out = {}
  local alpha = (1 - level) / 2
  for t = 1, #targets do
    table.sort(draws[t])
    out[t] = { lower = M.quantile(draws[t], alpha), upper = M.quantile(draws[t], 1 - alpha),
      median = M.quantile(draws[t], 0.5) }
  end
  return out
end

-- Dollars and CO2 of a finite projection; a bad preset raises (cost.estimate names it).
local function price(compute, preset)
  if compute == nil or compute ~= compute or compute == math.huge then return nil end
  return require("burden").cost.estimate{ flop = compute, preset = preset }
end

--- Runs the study. See the module comment for the arguments and the result.
function M.run(spec)
  if type(spec) ~= "table" or spec.data == nil then
    error("analysis.run: data is required", 2)
  end
  local domains = spec.domains or domain.builtin
  local hyps = spec.hypotheses or { "polynomial", "exponential" }
  local B = spec.bootstrap or 0
  local level = spec.level or 0.95
  local seed = spec.seed or require("burden").seed()
  local preset = spec.preset or "thompson-site"
  local res = { fits = {}, projections = {}, models = {}, skipped = {} }

  for di, dname in ipairs(domains) do
    local d = domain.get(dname)
    local points = d:points(spec.data)
    res.models[d.name] = { domain = d, points = points }
    for hi, hname in ipairs(hyps) do
      local h = hypothesis.get(hname)
      local pts = points
      if h.uses == "best_by_year" then
        pts = d:best_by_year(spec.data)
        pts.n, pts.compute = #pts.year, pts.year
      end
      local ok, f = pcall(h.fit, h, pts)
      if not ok then
        res.skipped[#res.skipped + 1] = { domain = d.name, hypothesis = h.name,
          reason = tostring(f) }
      else
        res.models[d.name][h.name] = f
        local best = math.huge
        for _, e in ipairs(pts.error) do best = math.min(best, e) end
        res.fits[#res.fits + 1] = { domain = d.name, title = d.title, hypothesis = h.name,
          formula = h.formula,
          n = f.n, n_dropped = points.n_dropped, intercept = f.intercept, slope = f.slope,
          se_slope = f.se_slope, r2 = f.r2, k = f.k, best_error = best }
        local boot = {}
        if B > 0 and h.uses ~= "best_by_year" then
          -- one stream per (domain, hypothesis), derived from the seed, so adding a
          -- domain does not change another's intervals
          boot = bootstrap_projection(h, f, pts, d.targets, B,
            seed * 1000003 + di * 101 + hi, level)
        end
        for t, target in ipairs(d.targets) do
          local p = f:project(target, level)
          local row = { domain = d.name, title = d.title, hypothesis = h.name,
            formula = h.formula, target = target,
            compute = p.compute, lower = p.lower, upper = p.upper, bounded = p.bounded,
            method = p.method, boot_lower = boot[t] and boot[t].lower,
            boot_upper = boot[t] and boot[t].upper }
          if h.uses == "best_by_year" then
            -- the projection is a year: nothing to price
          elseif f.falls then
            local cost = price(p.compute, preset)
            if cost then row.usd, row.co2_lbs = cost.usd, cost.co2_lbs end
          else
            -- the fitted trend does not fall toward the target: no projection
            row.compute, row.lower, row.upper = nil, nil, nil
          end
          res.projections[#res.projections + 1] = row
        end
      end
    end
  end
  return res
end

return M
