--- burden.hypothesis: models of error versus compute, fitted to a domain's points and
-- inverted to project the compute a target error needs.
--
--   local h = burden.hypothesis.get("polynomial")
--   local f = h:fit(points)      -- points from domain:points(data)
--   f.r2, f.slope, f.k           -- k: compute grows as error^-k (polynomial only)
--   f.falls                      -- true when the fitted error falls as compute grows
--   f:predict(1e20)              -- error at that compute
--   f:project(0.05)              -- compute for 5% error, and its interval (method named)
--
-- Built-ins: polynomial (log10(error) ~ log10(compute)), exponential (the paper's
-- 1/error ~ log10(compute)), linear (error ~ log10(compute)), power_floor,
-- chance_logistic (accuracy between a domain's chance level and 1), time_trend, and
-- compute_and_time (log10(error) ~ log10(compute) + year, with f:progress()).
-- M.heldout(name, points, { split = "loo" | year }) scores a hypothesis on held-out points.
--
-- A user defines a new hypothesis with the same function the built-ins use:
--   burden.hypothesis.define{ name =, title =, fit = function(points, opts) return fitted end }
-- where `fitted` has at least predict(self, compute) and project(self, target, level).
local fit = require "burden.fit"
local lm = require "burden.fit.lm"
local options = require "burden.options"

local qt = lm.qt

local M = {}

-- The keys of hypothesis.define (burden.options.check rejects any other).
local OPTS = { "name", "title", "formula", "fit", "uses" }
local registry = {}
local order = {}

local Hypothesis = {}
Hypothesis.__index = Hypothesis

function M.define(spec)
  if type(spec) == "table" then options.check("hypothesis.define", spec, OPTS) end
  if type(spec) ~= "table" or type(spec.name) ~= "string" then
    error("hypothesis.define: name must be a string", 2)
  end
  if type(spec.fit) ~= "function" then
    error("hypothesis.define: fit must be a function(points, opts) returning a fitted model", 2)
  end
  local h = setmetatable({ name = spec.name, title = spec.title or spec.name,
    formula = spec.formula, fit_fn = spec.fit, uses = spec.uses or "points" }, Hypothesis)
  if not registry[h.name] then order[#order + 1] = h.name end
  registry[h.name] = h
  return h
end

function M.get(name)
  if type(name) == "table" and getmetatable(name) == Hypothesis then return name end
  local h = registry[name]
  if not h then
    error(string.format("hypothesis: unknown hypothesis '%s' (known: %s)", tostring(name),
      table.concat(order, ", ")), 2)
  end
  return h
end

function M.list()
  local out = {}
  for i, n in ipairs(order) do out[i] = n end
  return out
end

-- A fitted model as Hypothesis:fit returns it: named after its hypothesis, and saying
-- whether the fitted error falls as compute grows (a user's fit that does not say is
-- read from its slope, as for the built-ins on the error scale).
local function fitted(h, f)
  f.hypothesis = h.name
  if f.falls == nil then f.falls = type(f.slope) == "number" and f.slope < 0 end
  return f
end

--- Fits the hypothesis to a domain's points; raises when there are too few.
function Hypothesis:fit(points, opts)
  return fitted(self, self.fit_fn(points, opts or {}))
end

-- The fits of h to each of `sets`: { true, fitted } or { false, message } (see fit_each).
local function fit_sets(h, sets, opts)
  local out = {}
  if not h.ols then
    for i, q in ipairs(sets) do out[i] = { pcall(h.fit, h, q, opts) } end
    return out
  end
  local problems, at = {}, {}
  for i, q in ipairs(sets) do
    local ok, pr = pcall(h.ols.prepare, q, opts or {})
    if ok then
      problems[#problems + 1], at[#problems + 1] = pr, i
    else
      out[i] = { false, pr }
    end
  end
  for k, r in ipairs(lm.ols_each(problems)) do
    if r[1] then
      out[at[k]] = { true, fitted(h, h.ols.finish(problems[k], r[2])) }
    else
      out[at[k]] = { false, r[2] }
    end
  end
  return out
end

-- The fits of h to each set of points in `sets` (held-out subsets), and each fit's
-- predictions at the points at[i] = { compute =, year = } (arrays): an array of
-- { true, fitted, predictions } or { false, message }. A built-in hypothesis fitted by
-- least squares (h.ols: its prepare and finish) checks every set here and fits them all
-- in one burden.fit.lm.ols_each; a nonlinear one does all of it in one call of its
-- h.fit_each(sets, opts, at) (burden.hypotheses.nonlinear); any other is fitted and
-- predicts set by set.
local function fit_each(h, sets, opts, at)
  if h.fit_each then
    local out = h.fit_each(sets, opts or {}, at)
    for _, r in ipairs(out) do
      if r[1] then fitted(h, r[2]) end
    end
    return out
  end
  local out = fit_sets(h, sets, opts)
  for i, r in ipairs(out) do
    if r[1] then
      local cs, ys, pred = at[i].compute, at[i].year, {}
      for k = 1, #cs do pred[k] = r[2]:predict(cs[k], ys[k]) end
      r[3] = pred
    end
  end
  return out
end

local function log10_all(xs)
  local out = {}
  for i, x in ipairs(xs) do out[i] = math.log(x, 10) end
  return out
end

-- A straight-line fit y = a + b x with the inverse through Fieller's interval. tx/ty map
-- compute/error to x/y, itx/ity map back; `sign` is +1 when y grows with the error
-- (log10(error), error) and -1 when it shrinks (1/error), so the error falls as compute
-- grows exactly when slope * sign < 0.
local Line = {}
Line.__index = Line

-- x and y are the transformed compute and error; xname and yname say what they are
-- ("log10(compute)"), so that a bad value is reported by its column and point. Checks
-- them and returns the least-squares problem (burden.fit.lm.ols) with what line_finish
-- needs to make the Line of its model.
local function line_prepare(name, x, y, tx, ty, itx, ity, xname, yname, sign)
  if #x < 3 then
    error(string.format("hypothesis '%s': %d points are too few to fit a line (3 needed)", name,
      #x), 0)
  end
  for _, c in ipairs({ { x, xname }, { y, yname } }) do
    for i = 1, #x do
      local v = c[1][i]
      if type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge then
        error(string.format("hypothesis '%s': %s is %s at point %d", name, c[2], tostring(v), i), 0)
      end
    end
  end
  return { xs = { x }, y = y, names = { xname }, tx = tx, ty = ty, itx = itx, ity = ity,
    sign = sign or 1 }
end

local function line_finish(pr, m)
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_intercept = m.se[1], se_slope = m.se[2], p_slope = m.pvalue[2], r2 = m.r2, n = m.n,
    sigma = m.sigma, tx = pr.tx, ty = pr.ty, itx = pr.itx, ity = pr.ity, sign = pr.sign,
    falls = m.coef[2] * pr.sign < 0 }, Line)
end

-- A built-in hypothesis fitted by least squares: prepare(points, opts) checks the points
-- and gives the problem { xs, y, names, ... }, finish(problem, model) the fitted object;
-- its fit is the two around burden.fit.lm.ols (the checked work of burden.fit.ols, done
-- once per fit without a public call's option checks).
local function define_ols(spec, prepare, finish)
  spec.fit = function(p, opts)
    local pr = prepare(p, opts)
    return finish(pr, lm.ols(pr.xs, pr.y, pr.names))
  end
  local h = M.define(spec)
  h.ols = { prepare = prepare, finish = finish }
  return h
end

--- Error predicted at compute c.
function Line:predict(c)
  return self.ity(self.intercept + self.slope * self.tx(c))
end

--- Confidence band of the fitted error at computes cs: fit, lower, upper arrays.
function Line:band(cs, level)
  options.fraction("band", "level", level)
  local xs = {}
  for i, c in ipairs(cs) do xs[i] = self.tx(c) end
  local p = self.model:predict{ x = xs, interval = "confidence", level = level or 0.95 }
  local fitv, lo, hi = {}, {}, {}
  for i = 1, #xs do
    -- a decreasing back-transform (1/error) swaps the ends of the band
    local a, b = self.ity(p.lwr[i]), self.ity(p.upr[i])
    fitv[i], lo[i], hi[i] = self.ity(p.fit[i]), math.min(a, b), math.max(a, b)
  end
  return fitv, lo, hi
end

--- Compute at which each coefficient draw { a, b } of this line (e.g. the resamples of
-- burden.fit.bootstrap, statistic "coef") reaches each target error: out[t][i] for
-- target t and draw i, math.huge where that draw's line does not fall toward the target.
function Line:project_draws(draws, targets)
  local out = {}
  for t, target in ipairs(targets) do
    local y, col = self.ty(target), {}
    for i, coef in ipairs(draws) do
      local a, b = coef[1], coef[2]
      col[i] = math.huge
      if b * self.sign < 0 then col[i] = self.itx((y - a) / b) end
    end
    out[t] = col
  end
  return out
end

-- The arguments every project(target, level, opts) takes: the level (default 0.95) and
-- opts.interval, "confidence" (the mean line's set) or "prediction" (one new model's).
-- fname names the method in messages ("project", "projections").
local function project_args(level, opts, fname)
  options.fraction(fname, "level", level)
  opts = options.check(fname, opts, { "interval" }, 3)
  local kind = opts.interval or "confidence"
  if kind ~= "confidence" and kind ~= "prediction" then
    options.raise(string.format("%s: interval must be 'confidence' or 'prediction', " ..
      "got '%s'", fname, tostring(kind)))
  end
  return level or 0.95, kind
end

-- The projections of a Line for targets[1..n] at a checked level and kind: one Fieller
-- computation for all of them (burden.fit.lm.fieller).
local function line_projections(self, targets, n, level, kind)
  local ys = {}
  for t = 1, n do ys[t] = self.ty(targets[t]) end
  local inv = lm.fieller(self.model, ys, level, kind) or {}
  local out = {}
  for t = 1, n do
    local y = ys[t]
    local x = (y - self.intercept) / self.slope
    local r = { compute = self.itx(x), method = "Fieller", interval = kind, level = level,
      p_slope = self.p_slope, status = "ok" }
    local iv = inv[t]
    if iv then
      r.bounded = iv.bounded ~= false
      r.shape = iv.shape
      if r.bounded and iv.lwr and iv.upr then
        local a, b = self.itx(iv.lwr), self.itx(iv.upr)
        r.lower, r.upper = math.min(a, b), math.max(a, b)
      elseif iv.excluded then
        local a, b = self.itx(iv.excluded[1]), self.itx(iv.excluded[2])
        r.excluded = { math.min(a, b), math.max(a, b) }
      end
    end
    out[t] = M.judge(r, level)
  end
  return out
end

--- Compute for a target error: point estimate, and Fieller's interval for the x at
-- which the fitted line reaches the target (nil bounds when the interval is unbounded).
-- opts.interval = "prediction" gives the set for one new model (the prediction
-- variance, with the residual variance sigma^2) instead of the mean line's.
-- The result says whether the projection can be read as a number: status "ok", or
-- "not_significant" (slope p >= 1 - level) or "unbounded" (Fieller's set is not a
-- finite interval), with `reason` in words; p_slope, shape ("interval", "complement",
-- "all") and, for a complement, excluded = { lo, hi } (compute outside the set).
function Line:project(target, level, opts)
  local kind
  level, kind = project_args(level, opts, "project")
  return line_projections(self, { target }, 1, level, kind)[1]
end

--- The projections for each of the targets (an array), as project gives them: the
-- level and options are checked once.
function Line:projections(targets, level, opts)
  local kind
  level, kind = project_args(level, opts, "projections")
  return line_projections(self, targets, #targets, level, kind)
end

--- Sets a projection's status and reason from its p_slope and Fieller set, at `level`:
-- "not_significant" when p_slope >= 1 - level, else "unbounded" when the set is not a
-- finite interval (bounded == false), else "ok". Returns r.
function M.judge(r, level)
  local pct = string.format("%g%%", level * 100)
  local set = nil
  if r.bounded == false then
    set = r.shape == "all" and (pct .. " set is every value") or (pct .. " set unbounded")
  end
  r.status, r.reason = "ok", nil
  if r.p_slope ~= nil and (r.p_slope ~= r.p_slope or r.p_slope >= 1 - level) then
    r.status = "not_significant"
    r.reason = string.format("slope not significant (p = %.2g)", r.p_slope)
    if set then r.reason = r.reason .. "; " .. set end
  elseif set then
    r.status, r.reason = "unbounded", set
  end
  return r
end

--- Whether compute c lies in a projection's interval set (a finite interval, the
-- complement of one, or everything).
function M.contains(p, c)
  if p.shape == "all" then return true end
  if p.excluded then return c <= p.excluded[1] or c >= p.excluded[2] end
  return p.lower ~= nil and p.upper ~= nil and c >= p.lower and c <= p.upper
end

--- The projections of a fitted model f for each of the targets, in their order: one
-- f:projections(targets, level, opts) for the built-ins (the level and options checked
-- once), else f:project(target, level, opts) for each target (a user's fitted model).
function M.projections(f, targets, level, opts)
  if type(targets) ~= "table" then
    error(string.format("bad argument #2 to 'projections' (array of targets expected, got %s)",
      type(targets)), 2)
  end
  if type(f) == "table" and f.projections then return f:projections(targets, level, opts) end
  local out = {}
  for t = 1, #targets do out[t] = f:project(targets[t], level, opts) end
  return out
end

-- The built-in hypotheses take no fitting options: any key is a mistake.
local function no_options(name, opts)
  if opts == nil or next(opts) == nil then return end -- nothing to reject
  local msg = options.unknown(string.format("hypothesis '%s':fit", name), opts, {})
  if msg then error(msg, 0) end
end

local function identity(v) return v end
local function pow10(v) return 10 ^ v end
local function log10(v) return math.log(v, 10) end
local function reciprocal(v) return 1 / v end
-- 1/error back to error: a fitted 1/error at or below zero is no error rate (the line
-- has left the range where it means anything), so the error is unbounded there
local function error_of_reciprocal(v) return v > 0 and 1 / v or math.huge end

-- Polynomial (Thompson et al.): log10(error) = a + b log10(compute), so
-- compute grows as error^(1/b); k = -1/b is the exponent of the paper's "k-fold".
define_ols({
  name = "polynomial", title = "Polynomial: log10(error) ~ log10(compute)",
  formula = "log10(error) ~ log10(compute)",
}, function(p, opts)
  no_options("polynomial", opts)
  return line_prepare("polynomial", log10_all(p.compute), log10_all(p.error), log10, log10, pow10,
    pow10, "log10(compute)", "log10(error)")
end, function(pr, m)
  local f = line_finish(pr, m)
  f.k = -1 / f.slope
  return f
end)

-- Exponential, as Thompson et al.'s notebooks fit it: 1/error = a + b log10(compute),
-- so each tenfold of compute adds b to 1/error (b > 0 when error falls). A target error
-- e maps to y = 1/e.
define_ols({
  name = "exponential", title = "Exponential: 1/error ~ log10(compute)",
  formula = "1/error ~ log10(compute)",
}, function(p, opts)
  no_options("exponential", opts)
  local inv = {}
  for i, e in ipairs(p.error) do inv[i] = 1 / e end
  return line_prepare("exponential", log10_all(p.compute), inv, log10, reciprocal, pow10,
    error_of_reciprocal, "log10(compute)", "1/error", -1)
end, line_finish)

-- Linear in log compute: error = a + b log10(compute) (burden's "exponential" before it
-- took the paper's form; kept for comparison).
define_ols({
  name = "linear", title = "Linear: error ~ log10(compute)",
  formula = "error ~ log10(compute)",
}, function(p, opts)
  no_options("linear", opts)
  return line_prepare("linear", log10_all(p.compute), p.error, log10, identity, pow10, identity,
    "log10(compute)", "error")
end, line_finish)

-- The nonlinear built-ins, power_floor and chance_logistic (burden.fit.nls), defined here
-- so that the list keeps its order.
require("burden.hypotheses.nonlinear")(M, { no_options = no_options, project_args = project_args })

--- Held-out error of a hypothesis on a domain's points.
--   M.heldout(name, points, { split = "loo" | year, opts = fit opts })
-- "loo" (default): each point predicted by a fit on all the others. A year: fit on the
-- points up to that year, predict those after it. Returns { n (predicted), n_failed,
-- rmse (error, fraction), mae }; predictions are clipped to [0, 1], the range of an error
-- rate (the exponential form's 1/error can cross zero). A fit that fails (too few points,
-- no convergence) counts in n_failed, not in the errors.
function M.heldout(name, points, args)
  args = options.check("heldout", args, { "split", "opts" }, 3)
  local h = M.get(name)
  local split = args.split or "loo"
  if split ~= "loo" and type(split) ~= "number" then
    error("hypothesis.heldout: split must be \"loo\" or a year", 2)
  end
  local function subset(keep)
    local q = { error = {}, compute = {}, year = {}, model = {}, rows = {}, chance = points.chance }
    for i = 1, points.n do
      if keep(i) then
        local k = #q.error + 1
        q.error[k], q.compute[k], q.year[k] = points.error[i], points.compute[i], points.year[i]
        q.model[k] = points.model and points.model[i]
      end
    end
    q.n = #q.error
    return q
  end
  local se, ae, n, failed = 0, 0, 0, 0
  -- scores the prediction `pred` of point i
  local function score(pred, i)
    local e = math.min(math.max(pred, 0), 1)
    local obs = points.error[i]
    se, ae, n = se + (e - obs) ^ 2, ae + math.abs(e - obs), n + 1
  end
  -- the points a set predicts ({ compute =, year = }) and their indices
  local function at_points(idx)
    local a = { compute = {}, year = {} }
    for k, i in ipairs(idx) do a.compute[k], a.year[k] = points.compute[i], points.year[i] end
    return a
  end
  if split == "loo" then
    local sets, at = {}, {}
    for i = 1, points.n do
      sets[i], at[i] = subset(function(j) return j ~= i end), at_points({ i })
    end
    for i, r in ipairs(fit_each(h, sets, args.opts, at)) do
      if r[1] then score(r[3][1], i) else failed = failed + 1 end
    end
  else
    local after = {}
    for i = 1, points.n do
      if (points.year[i] or 0) > split then after[#after + 1] = i end
    end
    local r = fit_each(h, { subset(function(j) return (points.year[j] or 0) <= split end) },
      args.opts, { at_points(after) })[1]
    for k, i in ipairs(after) do
      if r[1] then score(r[3][k], i) else failed = failed + 1 end
    end
  end
  if n == 0 then return { n = 0, n_failed = failed } end
  return { n = n, n_failed = failed, rmse = math.sqrt(se / n), mae = ae / n }
end

-- Time trend: log10(error) = a + b year over a yearly series, by default the running
-- record (the lowest error reached up to each year, domain:running_record); projects the
-- year a target error is reached (the `compute` of this hypothesis is the year).
-- burden.analysis.time_trend fits it on either series.
define_ols({
  name = "time_trend", title = "Time trend: log10(record error) ~ year",
  formula = "log10(record_error) ~ year", uses = "running_record",
}, function(p, opts)
  no_options("time_trend", opts)
  return line_prepare("time_trend", p.year, log10_all(p.error), identity, log10, identity, pow10,
    "year", "log10(error)")
end, line_finish)

-- Compute and time together: log10(error) = a + b log10(compute) + c year. Holding the
-- error fixed, one year of progress is worth r = c / b decades of compute (positive when
-- both coefficients are negative): the compute a fixed error needs shrinks 10^r-fold a
-- year and halves every log10(2) / r years (Erdil and Besiroglu's "compute-augmenting"
-- progress, here without their data term).
local Progress = {}
Progress.__index = Progress

-- The x where a' + b x reaches y0, and Fieller's set for it, for a line whose intercept
-- a' and slope b have variances vaa, vbb and covariance vab; t is the critical value.
local function fieller_root(ap, b, y0, vaa, vab, vbb, t)
  local t2 = t * t
  local A = b * b - t2 * vbb
  local B = (ap - y0) * b - t2 * vab
  local C = (ap - y0) ^ 2 - t2 * vaa
  local disc = B * B - A * C
  if A > 0 and disc >= 0 then
    local r = math.sqrt(disc)
    return (-B - r) / A, (-B + r) / A
  end
  return nil -- the coefficient b is not significant at this level: unbounded
end

--- Error predicted at compute c in `year` (default: the last year of the data).
function Progress:predict(c, year)
  return 10 ^ (self.intercept + self.slope * math.log(c, 10) + self.b_year * (year or self.year))
end

-- The projections of targets[1..n] in `year`, at a checked level: one critical value.
local function progress_projections(self, targets, n, level, year)
  level = level or 0.95
  year = year or self.year
  local V = self.model.vcov
  local ap = self.intercept + self.b_year * year
  local t = qt(1 - (1 - level) / 2, self.model.df)
  local out = {}
  for i = 1, n do
    local y0 = math.log(targets[i], 10)
    local x = (y0 - ap) / self.slope
    local r = { compute = 10 ^ x, year = year, bounded = false,
      method = string.format("Fieller, at year %d", year) }
    local lo, hi = fieller_root(ap, self.slope, y0,
      V[1][1] + 2 * year * V[1][3] + year * year * V[3][3], V[1][2] + year * V[2][3], V[2][2], t)
    if lo then r.bounded, r.lower, r.upper = true, 10 ^ lo, 10 ^ hi end
    r.p_slope = self.model.pvalue[2] -- the compute coefficient
    out[i] = M.judge(r, level)
  end
  return out
end

--- Compute for a target error in `year` (default: the last year of the data), with
-- Fieller's interval for it (the intercept at that year is a + c year).
function Progress:project(target, level, year)
  options.fraction("project", "level", level)
  return progress_projections(self, { target }, 1, level, year)[1]
end

--- The projections for each of the targets (an array), as project gives them.
function Progress:projections(targets, level, year)
  options.fraction("projections", "level", level)
  return progress_projections(self, targets, #targets, level, year)
end

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
  options.fraction("progress", "level", level)
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
  local lo, hi = fieller_root(c, -b, 0, vcc, -vbc, vbb, t)
  if lo then
    out.bounded, out.rate_lower, out.rate_upper = true, lo, hi
    out.halving_lower, out.halving_upper = halving(hi), halving(lo)
  end
  return out
end

--- Percentile intervals of the gain per year and the halving time from B case
-- resamples (burden.fit.bootstrap, C fast path): gain_lower/upper, halving_lower/upper,
-- and n_never, the resamples in which the compute needed does not fall with time.
function Progress:progress_bootstrap(args)
  args = options.check("progress_bootstrap", args, { "B", "seed", "level" })
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
  local q = fit.quantile
  local alpha = (1 - level) / 2
  return { B = #rates, level = level, n_never = never,
    gain_lower = 10 ^ q(rates, alpha), gain_upper = 10 ^ q(rates, 1 - alpha),
    halving_lower = q(halvings, alpha), halving_upper = q(halvings, 1 - alpha) }
end

define_ols({
  name = "compute_and_time",
  title = "Compute and time: log10(error) ~ log10(compute) + year",
  formula = "log10(error) ~ log10(compute) + year",
}, function(p, opts)
  no_options("compute_and_time", opts)
  local lc, ly, year = {}, {}, {}
  local last = -math.huge
  for i = 1, p.n do
    local y = p.year[i]
    if type(y) ~= "number" then
      error(string.format("hypothesis 'compute_and_time': point %d (%s) has no year", i,
        tostring(p.model and p.model[i] or "?")), 0)
    end
    lc[i], ly[i], year[i] = math.log(p.compute[i], 10), math.log(p.error[i], 10), y
    last = math.max(last, y)
  end
  if p.n < 4 then
    error(string.format("hypothesis 'compute_and_time': %d points are too few to fit compute " ..
      "and time (4 needed)", p.n), 0)
  end
  return { xs = { lc, year }, y = ly, names = { "x1", "x2" }, last = last }
end, function(pr, m)
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_slope = m.se[2], b_year = m.coef[3], se_year = m.se[3], r2 = m.r2, n = m.n,
    sigma = m.sigma, year = pr.last, falls = m.coef[2] < 0 }, Progress)
end)

-- errors read as raised at the caller's line, never at a line of this file
options.wrap_all(M, { "define", "get", "heldout", "projections" })
Hypothesis.fit = options.wrap(Hypothesis.fit)
for _, name in ipairs({ "project", "projections", "band", "project_draws" }) do
  Line[name] = options.wrap(Line[name])
end
for _, name in ipairs({ "project", "projections", "progress", "progress_bootstrap" }) do
  Progress[name] = options.wrap(Progress[name])
end

return M
