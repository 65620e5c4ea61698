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
local qt = require("burden.fit.lm").qt
local options = require "burden.options"

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

--- Fits the hypothesis to a domain's points; raises when there are too few.
function Hypothesis:fit(points, opts)
  local f = self.fit_fn(points, opts or {})
  f.hypothesis = self.name
  -- whether the fitted error falls as compute grows; a user's fit that does not say is
  -- read from its slope, as for the built-ins on the error scale
  if f.falls == nil then f.falls = type(f.slope) == "number" and f.slope < 0 end
  return f
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
-- ("log10(compute)"), so that a bad value is reported by its column and point.
local function line_fit(name, x, y, tx, ty, itx, ity, xname, yname, sign)
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
  local m = fit.ols{ x = x, y = y, names = { xname } }
  sign = sign or 1
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_intercept = m.se[1], se_slope = m.se[2], p_slope = m.pvalue[2], r2 = m.r2, n = m.n,
    sigma = m.sigma, tx = tx, ty = ty, itx = itx, ity = ity, sign = sign,
    falls = m.coef[2] * sign < 0 }, Line)
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
local function project_args(level, opts)
  options.fraction("project", "level", level)
  opts = options.check("project", opts, { "interval" }, 3)
  local kind = opts.interval or "confidence"
  if kind ~= "confidence" and kind ~= "prediction" then
    options.raise(string.format("project: interval must be 'confidence' or 'prediction', " ..
      "got '%s'", tostring(kind)))
  end
  return level or 0.95, kind
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
  level, kind = project_args(level, opts)
  local y = self.ty(target)
  local x = (y - self.intercept) / self.slope
  local r = { compute = self.itx(x), method = "Fieller", interval = kind, level = level,
    p_slope = self.p_slope, status = "ok" }
  local ok, inv = pcall(self.model.inverse, self.model, { y = y, level = level, interval = kind })
  if ok and inv then
    r.bounded = inv.bounded ~= false
    r.shape = inv.shape
    if r.bounded and inv.lwr and inv.upr then
      local a, b = self.itx(inv.lwr), self.itx(inv.upr)
      r.lower, r.upper = math.min(a, b), math.max(a, b)
    elseif inv.excluded then
      local a, b = self.itx(inv.excluded[1]), self.itx(inv.excluded[2])
      r.excluded = { math.min(a, b), math.max(a, b) }
    end
  end
  return M.judge(r, level)
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

-- The built-in hypotheses take no fitting options: any key is a mistake.
local function no_options(name, opts)
  local msg = opts and options.unknown(string.format("hypothesis '%s':fit", name), opts, {})
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
M.define{
  name = "polynomial", title = "Polynomial: log10(error) ~ log10(compute)",
  formula = "log10(error) ~ log10(compute)",
  fit = function(p, opts)
    no_options("polynomial", opts)
    local f = line_fit("polynomial", log10_all(p.compute), log10_all(p.error), log10, log10, pow10,
      pow10, "log10(compute)", "log10(error)")
    f.k = -1 / f.slope
    return f
  end,
}

-- Exponential, as Thompson et al.'s notebooks fit it: 1/error = a + b log10(compute),
-- so each tenfold of compute adds b to 1/error (b > 0 when error falls). A target error
-- e maps to y = 1/e.
M.define{
  name = "exponential", title = "Exponential: 1/error ~ log10(compute)",
  formula = "1/error ~ log10(compute)",
  fit = function(p, opts)
    no_options("exponential", opts)
    local inv = {}
    for i, e in ipairs(p.error) do inv[i] = 1 / e end
    return line_fit("exponential", log10_all(p.compute), inv, log10, reciprocal, pow10,
      error_of_reciprocal, "log10(compute)", "1/error", -1)
  end,
}

-- Linear in log compute: error = a + b log10(compute) (burden's "exponential" before it
-- took the paper's form; kept for comparison).
M.define{
  name = "linear", title = "Linear: error ~ log10(compute)",
  formula = "error ~ log10(compute)",
  fit = function(p, opts)
    no_options("linear", opts)
    return line_fit("linear", log10_all(p.compute), p.error, log10, identity, pow10, identity,
      "log10(compute)", "error")
  end,
}

-- Power law with a floor: error = E + A (compute / C0)^-alpha, fitted by nonlinear least
-- squares (burden.fit.nls, power_law family). C0 is the geometric mean of the compute, so
-- the parameters are of order one. A target at or below the floor E is never reached.
local Floor = {}
Floor.__index = Floor

function Floor:predict(c)
  return self.E + self.A * (c / self.c0) ^ -self.alpha
end

function Floor:project(target)
  if target <= self.E then
    -- never reached: say why, and give the floor
    return { compute = math.huge, method = "inverse of the fit", bounded = false, floor = self.E,
      status = "unreachable",
      reason = string.format("target %.4g is at or below the fitted floor E = %.4g: the power " ..
        "law never reaches it", target, self.E) }
  end
  return { compute = self.c0 * (self.A / (target - self.E)) ^ (1 / self.alpha),
    method = "inverse of the fit", status = "ok" }
end

function Floor:band(cs)
  local out = {}
  for i, c in ipairs(cs) do out[i] = self:predict(c) end
  return out, out, out
end

M.define{
  name = "power_floor", title = "Power law with a floor: error ~ E + A compute^-alpha",
  formula = "error ~ E + A * (compute / C0)^-alpha",
  fit = function(p, opts)
    no_options("power_floor", opts)
    if p.n < 4 then
      error(string.format("hypothesis 'power_floor': %d points are too few to fit a power law " ..
        "with a floor (4 needed)", p.n), 0)
    end
    local logsum = 0
    for _, c in ipairs(p.compute) do logsum = logsum + math.log(c, 10) end
    local c0 = 10 ^ (logsum / p.n)
    local xs = {}
    for i, c in ipairs(p.compute) do xs[i] = c / c0 end
    local m = fit.nls{ model = fit.families.power_law, x = xs, y = p.error,
      lower = { E = 0, A = 0, alpha = 0 } } -- an error rate has no negative floor
    if not m.converged then
      error("hypothesis 'power_floor': the power law with a floor did not converge (" ..
        m.status .. ")", 0)
    end
    local par = m.par
    -- R² on the error scale, for comparison with the linear models
    local mean, sst, sse = 0, 0, 0
    for _, e in ipairs(p.error) do mean = mean + e / p.n end
    for i, e in ipairs(p.error) do
      sst = sst + (e - mean) ^ 2
      sse = sse + (e - (par.E + par.A * xs[i] ^ -par.alpha)) ^ 2
    end
    return setmetatable({ model = m, E = par.E, A = par.A, alpha = par.alpha, c0 = c0,
      n = p.n, r2 = 1 - sse / sst, slope = -par.alpha, se_slope = m.se[3],
      sigma = m.sigma }, Floor)
  end,
}

-- Logistic between chance and perfect: accuracy = chance + (1 - chance) logistic(a + b
-- (log10(compute) - x0)), i.e. error = (1 - chance) / (1 + exp(a + b (log10 C - x0))).
-- Accuracy never falls below guessing nor rises above 100%, as the straight lines do when
-- extrapolated. Fitted on the accuracy scale by burden.fit.nls; x0 is the mean log10
-- compute (a is the log-odds there). Intervals by the delta method on the nls covariance.
local Logistic = {}
Logistic.__index = Logistic

local function logistic(z) return 1 / (1 + math.exp(-z)) end

--- Error predicted at compute c.
function Logistic:predict(c)
  return (1 - self.chance) * (1 - logistic(self.a + self.b * (math.log(c, 10) - self.x0)))
end

-- Linear predictor a + b u (u = log10 C - x0) and its standard error.
function Logistic:_eta(c)
  local u = math.log(c, 10) - self.x0
  local V = self.vcov
  return self.a + self.b * u, math.sqrt(math.max(V[1][1] + 2 * u * V[1][2] + u * u * V[2][2], 0))
end

--- Confidence band of the fitted error at computes cs (delta method on a + b u, mapped
-- through the logistic, so the band stays between 0 and 1 - chance).
function Logistic:band(cs, level)
  local t = qt(1 - (1 - (level or 0.95)) / 2, self.df)
  local fitv, lo, hi = {}, {}, {}
  local s = 1 - self.chance
  for i, c in ipairs(cs) do
    local eta, se = self:_eta(c)
    fitv[i] = s * (1 - logistic(eta))
    lo[i], hi[i] = s * (1 - logistic(eta + t * se)), s * (1 - logistic(eta - t * se))
  end
  return fitv, lo, hi
end

--- Compute for a target error, with a delta-method interval on log10(compute):
-- x* = x0 + (L - a) / b, L = logit((1 - target - chance) / (1 - chance)); gradient
-- (-1 / b, -(L - a) / b^2). opts.interval = "prediction" adds one new model's scatter,
-- sigma^2 / (d accuracy / d log10 C)^2 at x*. A target at or above 1 - chance (no
-- better than guessing) or at or below 0 is outside the model: compute NaN, reachable false.
function Logistic:project(target, level, opts)
  local kind
  level, kind = project_args(level, opts)
  local method = "delta method" .. (kind == "prediction" and " (prediction)" or "")
  local s = 1 - self.chance
  local q = (1 - target - self.chance) / s -- logistic value the target needs
  if not (q > 0 and q < 1) then
    return { compute = 0 / 0, reachable = false, bounded = false, method = method,
      status = "unreachable", reason = string.format("target %g is outside (0, 1 - chance " ..
        "= %g): chance_logistic never predicts it", target, s) }
  end
  local L = math.log(q / (1 - q))
  local a, b, V = self.a, self.b, self.vcov
  local u = (L - a) / b
  local ga, gb = -1 / b, -u / b
  local var = ga * ga * V[1][1] + 2 * ga * gb * V[1][2] + gb * gb * V[2][2]
  if kind == "prediction" then
    local slope = s * q * (1 - q) * b -- d accuracy / d log10 C at x*
    var = var + self.sigma ^ 2 / (slope * slope)
  end
  local se = math.sqrt(var)
  local t = qt(1 - (1 - level) / 2, self.df)
  local x = self.x0 + u
  return { compute = 10 ^ x, log10_compute = x, se_log10 = se, reachable = true,
    status = "ok", interval = kind, level = level, bounded = true, lower = 10 ^ (x - t * se), upper = 10 ^ (x + t * se), method = method }
end

-- Starting values: a straight line through the logits of the accuracies above chance
-- (clamped inside (0, 1)), on the centred log compute.
local function logistic_start(u, acc, chance)
  local z = {}
  for i, v in ipairs(acc) do
    local q = math.min(math.max((v - chance) / (1 - chance), 0.02), 0.98)
    z[i] = math.log(q / (1 - q))
  end
  local m = fit.ols{ x = u, y = z }
  return m.coef[1], m.coef[2]
end

M.define{
  name = "chance_logistic",
  title = "Logistic from chance: accuracy ~ chance + (1 - chance) logistic(a + b log10(compute))",
  formula = "accuracy ~ chance + (1 - chance) / (1 + exp(-(a + b * (log10(compute) - x0))))",
  fit = function(p, opts)
    local msg = opts and options.unknown("hypothesis 'chance_logistic':fit", opts, { "chance" })
    if msg then error(msg, 0) end
    local chance = opts.chance or p.chance or 0
    if type(chance) ~= "number" or chance < 0 or chance >= 1 then
      error("hypothesis chance_logistic: chance must be an accuracy in [0, 1)", 2)
    end
    if p.n < 4 then
      error(string.format("hypothesis: %d points are too few to fit a logistic from " ..
        "chance (4 needed)", p.n), 2)
    end
    local x0 = 0
    for _, c in ipairs(p.compute) do x0 = x0 + math.log(c, 10) / p.n end
    local u, acc = {}, {}
    for i = 1, p.n do u[i], acc[i] = math.log(p.compute[i], 10) - x0, 1 - p.error[i] end
    local a0, b0 = logistic_start(u, acc, chance)
    local model = string.format("y ~ %.17g + %.17g / (1 + exp(-(a + b * x)))", chance,
      1 - chance)
    local m = fit.nls{ model = model, x = u, y = acc, start = { { "a", a0 }, { "b", b0 } } }
    if not m.converged then
      error("hypothesis chance_logistic: the fit did not converge (" .. m.status .. ")", 2)
    end
    local mean, sst = 0, 0
    for _, v in ipairs(acc) do mean = mean + v / p.n end
    for _, v in ipairs(acc) do sst = sst + (v - mean) ^ 2 end
    return setmetatable({ model = m, a = m.coef[1], b = m.coef[2], se_a = m.se[1],
      se_b = m.se[2], vcov = m.vcov, x0 = x0, chance = chance, n = p.n, df = m.df,
      sigma = m.sigma, r2 = 1 - m.rss / sst,
      -- on the log-odds scale: the intercept at log10 C = 0 and the slope per decade
      intercept = m.coef[1] - m.coef[2] * x0, slope = m.coef[2], se_slope = m.se[2],
      falls = m.coef[2] > 0 }, Logistic)
  end,
}

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
  local function score(f, i)
    local e = math.min(math.max(f:predict(points.compute[i], points.year[i]), 0), 1)
    local obs = points.error[i]
    se, ae, n = se + (e - obs) ^ 2, ae + math.abs(e - obs), n + 1
  end
  if split == "loo" then
    for i = 1, points.n do
      local ok, f = pcall(h.fit, h, subset(function(j) return j ~= i end), args.opts)
      if ok then score(f, i) else failed = failed + 1 end
    end
  else
    local ok, f = pcall(h.fit, h, subset(function(j) return (points.year[j] or 0) <= split end),
      args.opts)
    for i = 1, points.n do
      if (points.year[i] or 0) > split then
        if ok then score(f, i) else failed = failed + 1 end
      end
    end
  end
  if n == 0 then return { n = 0, n_failed = failed } end
  return { n = n, n_failed = failed, rmse = math.sqrt(se / n), mae = ae / n }
end

-- Time trend: log10(error) = a + b year over a yearly series, by default the running
-- record (the lowest error reached up to each year, domain:running_record); projects the
-- year a target error is reached (the `compute` of this hypothesis is the year).
-- burden.analysis.time_trend fits it on either series.
M.define{
  name = "time_trend", title = "Time trend: log10(record error) ~ year",
  formula = "log10(record_error) ~ year", uses = "running_record",
  fit = function(p, opts)
    no_options("time_trend", opts)
    return line_fit("time_trend", p.year, log10_all(p.error), identity, log10, identity, pow10,
      "year", "log10(error)")
  end,
}

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

--- Compute for a target error in `year` (default: the last year of the data), with
-- Fieller's interval for it (the intercept at that year is a + c year).
function Progress:project(target, level, year)
  options.fraction("project", "level", level)
  year = year or self.year
  local V = self.model.vcov
  local ap = self.intercept + self.b_year * year
  local y0 = math.log(target, 10)
  local x = (y0 - ap) / self.slope
  local r = { compute = 10 ^ x, year = year, bounded = false,
    method = string.format("Fieller, at year %d", year) }
  local lo, hi = fieller_root(ap, self.slope, y0,
    V[1][1] + 2 * year * V[1][3] + year * year * V[3][3], V[1][2] + year * V[2][3], V[2][2],
    qt(1 - (1 - (level or 0.95)) / 2, self.model.df))
  if lo then r.bounded, r.lower, r.upper = true, 10 ^ lo, 10 ^ hi end
  r.p_slope = self.model.pvalue[2] -- the compute coefficient
  return M.judge(r, level or 0.95)
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

M.define{
  name = "compute_and_time",
  title = "Compute and time: log10(error) ~ log10(compute) + year",
  formula = "log10(error) ~ log10(compute) + year",
  fit = function(p, opts)
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
    local m = fit.ols{ x = { lc, year }, y = ly }
    return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
      se_slope = m.se[2], b_year = m.coef[3], se_year = m.se[3], r2 = m.r2, n = m.n,
      sigma = m.sigma, year = last, falls = m.coef[2] < 0 }, Progress)
  end,
}

-- errors read as raised at the caller's line, never at a line of this file
options.wrap_all(M, { "define", "get", "heldout" })
Hypothesis.fit = options.wrap(Hypothesis.fit)
for _, name in ipairs({ "project", "band", "project_draws" }) do Line[name] = options.wrap(Line[name]) end
for _, name in ipairs({ "project", "band" }) do Logistic[name] = options.wrap(Logistic[name]) end
for _, name in ipairs({ "project", "progress", "progress_bootstrap" }) do
  Progress[name] = options.wrap(Progress[name])
end

return M
