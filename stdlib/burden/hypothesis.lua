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
local lm = require "burden.fit.lm"
local options = require "burden.options"
local core_lm = require "burden.core.lm"

-- Student's t quantile, from the engine (as burden.fit.lm takes it)
local qt = core_lm.qt

local M = {}

-- The keys of hypothesis.define (its wrapper, burden.options.wrap, rejects any other).
local OPTS = { "name", "title", "formula", "fit", "uses" }
local registry = {}
local order = {}

local Hypothesis = {}
Hypothesis.__index = Hypothesis

-- The projections of a built-in fitted model at a level and kind its caller has checked,
-- by the model's metatable: projections_at[mt](fitted, targets, level, kind) (M.fit_project)
local projections_at = {}

function M.define(spec)
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

-- The Line of a fitted problem. It keeps the fitted x and y (_xs, _y: what burden.fit.lm
-- fitted, with an intercept), so that its resamples are drawn without asking the model.
local function line_finish(pr, m)
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_intercept = m.se[1], se_slope = m.se[2], p_slope = m.pvalue[2], r2 = m.r2, n = m.n,
    sigma = m.sigma, tx = pr.tx, ty = pr.ty, itx = pr.itx, ity = pr.ity, sign = pr.sign,
    falls = m.coef[2] * pr.sign < 0, _xs = pr.xs, _y = pr.y }, Line)
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
  local xs = {}
  for i, c in ipairs(cs) do xs[i] = self.tx(c) end
  -- the level is checked: the model's unchecked predict
  local p = lm.predict(self.model, { x = xs }, "confidence", level or 0.95)
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

-- The wrapper's spec of every project(target, level, opts) and projections(targets,
-- level, opts) (burden.options.wrap): it checks the level and the options' keys.
local function project_spec(fname)
  return { name = fname, options = { "interval" }, arg = 3, method = true, level = 2 }
end

-- The arguments every project(target, level, opts) takes, past its wrapper's checks: the
-- level (default 0.95) and opts.interval, "confidence" (the mean line's set) or
-- "prediction" (one new model's). fname names the method in messages ("project",
-- "projections").
local function project_args(level, opts, fname)
  local kind = opts and opts.interval or "confidence"
  if kind ~= "confidence" and kind ~= "prediction" then
    options.raise(string.format("%s: interval must be 'confidence' or 'prediction', " ..
      "got '%s'", fname, tostring(kind)))
  end
  return level or 0.95, kind
end

-- The projections of a Line for targets[1..n] at a checked level and kind: Fieller's set
-- of each from the fitted coefficients and their covariance (bn_lm_fieller, the engine's
-- one Fieller computation, which burden.fit.lm's inverse uses too), one critical value.
local function line_projections(self, targets, n, level, kind)
  local m = self.model
  local a, b, V = self.intercept, self.slope, m.vcov
  -- the critical value the model's own intervals take (its public dist and
  -- df_inference: a line refitted with a clustered covariance may be normal, or t on
  -- clusters - 1 degrees of freedom)
  local q = 1 - (1 - level) / 2
  local t = m.dist == "normal" and core_lm.qnorm(q) or qt(q, m.df_inference or m.df)
  -- a prediction set adds one new model's variance, sigma^2
  local vaa = V[1][1] + (kind == "prediction" and m.sigma ^ 2 or 0)
  local out = {}
  for i = 1, n do
    local y = self.ty(targets[i])
    local r = { compute = self.itx((y - a) / b), method = "Fieller", interval = kind,
      level = level, p_slope = self.p_slope, status = "ok" }
    if #m.aliased == 0 then
      local shape, lo, hi = core_lm.fieller(a, b, y, vaa, V[1][2], V[2][2], t * t)
      r.bounded, r.shape = shape == "interval", shape
      if shape ~= "all" then
        local u, v = self.itx(lo), self.itx(hi)
        if shape == "interval" then
          r.lower, r.upper = math.min(u, v), math.max(u, v)
        else
          r.excluded = { math.min(u, v), math.max(u, v) }
        end
      end
    end
    out[i] = M.judge(r, level)
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

projections_at[Line] = function(f, targets, level, kind)
  return line_projections(f, targets, #targets, level, kind)
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
require("burden.hypotheses.nonlinear")(M, { no_options = no_options, project_args = project_args,
  project_spec = project_spec, projections_at = projections_at })

--- Held-out error of a hypothesis on a domain's points.
--   M.heldout(name, points, { split = "loo" | year, opts = fit opts })
-- "loo" (default): each point predicted by a fit on all the others. A year: fit on the
-- points up to that year, predict those after it. Returns { n (predicted), n_failed,
-- rmse (error, fraction), mae }; predictions are clipped to [0, 1], the range of an error
-- rate (the exponential form's 1/error can cross zero). A fit that fails (too few points,
-- no convergence) counts in n_failed, not in the errors.
function M.heldout(name, points, args)
  args = args or {}
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
-- nil when the set is not a finite interval (b is not significant at this level): the
-- engine's Fieller computation (bn_lm_fieller), which a rounding-negative discriminant
-- also leaves unbounded here.
local function fieller_root(ap, b, y0, vaa, vab, vbb, t)
  local shape, lo, hi, clamped = core_lm.fieller(ap, b, y0, vaa, vab, vbb, t * t)
  if shape == "interval" and not clamped then return lo, hi end
  return nil
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
  return progress_projections(self, { target }, 1, level, year)[1]
end

--- The projections for each of the targets (an array), as project gives them.
function Progress:projections(targets, level, year)
  return progress_projections(self, targets, #targets, level, year)
end

-- (in the last year of the data)
projections_at[Progress] = function(f, targets, level)
  return progress_projections(f, targets, #targets, level)
end

-- Its algorithmic progress (progress, progress_bootstrap) is in burden.hypotheses.progress.
require("burden.hypotheses.progress")(Progress)

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

-- The points of a case resample: row idx[i] of points as row i.
local function resample(points, idx)
  -- the chance level travels with the points (chance_logistic reads it)
  local out = { error = {}, compute = {}, year = {}, rows = {}, chance = points.chance }
  for i = 1, points.n do
    local j = idx[i]
    out.error[i], out.compute[i], out.year[i], out.rows[i] =
      points.error[j], points.compute[j], points.year[j], points.rows[j]
  end
  out.n = points.n
  return out
end

local line_project_draws = Line.project_draws

-- The projected compute of B case resamples of the points, for each target: draws[t][b].
-- Resample b takes its rows from stream b of the seed, as burden.fit.bootstrap does. A
-- line gets every resample's coefficients from the engine in one call (the fast path of
-- burden.fit.bootstrap, statistic "coef", on the x and y it was fitted on); any other
-- hypothesis is refitted on each resample. A resample whose fit never reaches the target
-- (error rising with compute) counts as infinite compute, so an interval can honestly be
-- unbounded above.
local function resampled_projections(h, f, points, targets, B, seed)
  if getmetatable(f) == Line then
    local t, width = core_lm.boot(f._y, f._xs, { intercept = true },
      { B = B, seed = seed, threads = 0, residual = false, stat = "coef" })
    local coefs = {}
    for b = 1, B do coefs[b] = { t[(b - 1) * width + 1], t[(b - 1) * width + 2] } end
    return line_project_draws(f, coefs, targets)
  end
  local draws = {}
  for t = 1, #targets do draws[t] = {} end
  for b = 1, B do
    local ok, rf = pcall(h.fit, h, resample(points, core_lm.boot_indices(seed, b, points.n)))
    for t, target in ipairs(targets) do
      local c = math.huge
      if ok and rf.falls then c = rf:project(target).compute end
      draws[t][#draws[t] + 1] = c
    end
  end
  return draws
end

--- For burden.analysis.run, which has checked the level and B: the fit of hypothesis h
-- to points and everything the study reads from it, in one call whatever the number of
-- targets and resamples. Returns
--   fitted, projections (as projections(fitted, targets, level) gives them), draws
-- where draws[t] is the compute projected for target t by each of B case resamples of
-- the points (streams of seed), sorted, for the caller's percentile intervals (nil when
-- B is 0); or nil and the fit's error message when h cannot be fitted.
function M.fit_project(h, points, targets, level, B, seed)
  local ok, f = pcall(h.fit, h, points)
  if not ok then return nil, f end
  local draws
  if B ~= 0 then
    if math.type(B) ~= "integer" or B < 2 or B > 0x7fffffff then
      error(string.format("hypothesis.fit_project: B must be 0 or an integer from 2 to " ..
        "2147483647, got %s", tostring(B)), 2)
    end
    if math.type(seed) ~= "integer" then
      error("hypothesis.fit_project: seed must be an integer, got " .. tostring(seed), 2)
    end
    draws = resampled_projections(h, f, points, targets, B, seed)
    for t = 1, #targets do table.sort(draws[t]) end
  end
  local at = projections_at[getmetatable(f)]
  local projs = at and at(f, targets, level, "confidence") or M.projections(f, targets, level)
  return f, projs, draws
end

-- errors read as raised at the caller's line, never at a line of this file
-- (and the keys of define's spec and of heldout's arguments checked there)
options.wrap_all(M, { "define", "get", "heldout", "projections", "fit_project" }, {
  define = { name = "hypothesis.define", options = OPTS, keys_only = true },
  heldout = { name = "heldout", options = { "split", "opts" }, arg = 3 },
})
-- (and the levels and options of the methods below checked there)
Hypothesis.fit = options.wrap(Hypothesis.fit)
for _, name in ipairs({ "project", "projections" }) do
  Line[name] = options.wrap(Line[name], project_spec(name))
  Progress[name] = options.wrap(Progress[name], { name = name, method = true, level = 2 })
end
Line.band = options.wrap(Line.band, { name = "band", method = true, level = 2 })
Line.project_draws = options.wrap(Line.project_draws)

return M
