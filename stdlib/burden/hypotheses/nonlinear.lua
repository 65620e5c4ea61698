--- burden.hypotheses.nonlinear (internal): the built-in hypotheses fitted by nonlinear
-- least squares (burden.fit.nls), power_floor and chance_logistic, with their fitted
-- models. burden.hypothesis registers them, handing in the helpers it shares with them:
--   require("burden.hypotheses.nonlinear")(M, { no_options =, project_args =, project_spec = })
local fit = require "burden.fit"
local nls = require "burden.fit.nls"
local lm = require "burden.fit.lm"
local options = require "burden.options"

-- Student's t quantile, from the engine (as burden.fit.lm takes it)
local qt = require("burden.core.lm").qt

-- burden.hypothesis's argument checks, handed in when it registers these (below)
local no_options, project_args

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

function Floor:projections(targets)
  local out = {}
  for t = 1, #targets do out[t] = self:project(targets[t]) end
  return out
end


function Floor:band(cs)
  local out = {}
  for i, c in ipairs(cs) do out[i] = self:predict(c) end
  return out, out, out
end

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

-- The projection of one target at a checked level and kind; crit() gives the critical
-- value, computed once for all the targets of a call.
local function logistic_project(self, target, level, kind, crit)
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
  local t = crit()
  local x = self.x0 + u
  return { compute = 10 ^ x, log10_compute = x, se_log10 = se, reachable = true,
    status = "ok", interval = kind, level = level, bounded = true, lower = 10 ^ (x - t * se), upper = 10 ^ (x + t * se), method = method }
end

-- The projections of targets[1..n] at a checked level and kind.
local function logistic_projections_at(self, targets, n, level, kind)
  local t
  local function crit()
    t = t or qt(1 - (1 - level) / 2, self.df)
    return t
  end
  local out = {}
  for i = 1, n do out[i] = logistic_project(self, targets[i], level, kind, crit) end
  return out
end

local function logistic_projections(self, targets, n, level, opts, fname)
  local kind
  level, kind = project_args(level, opts, fname)
  return logistic_projections_at(self, targets, n, level, kind)
end

--- Compute for a target error, with a delta-method interval on log10(compute):
-- x* = x0 + (L - a) / b, L = logit((1 - target - chance) / (1 - chance)); gradient
-- (-1 / b, -(L - a) / b^2). opts.interval = "prediction" adds one new model's scatter,
-- sigma^2 / (d accuracy / d log10 C)^2 at x*. A target at or above 1 - chance (no
-- better than guessing) or at or below 0 is outside the model: compute NaN, reachable false.
function Logistic:project(target, level, opts)
  return logistic_projections(self, { target }, 1, level, opts, "project")[1]
end

--- The projections for each of the targets (an array), as project gives them.
function Logistic:projections(targets, level, opts)
  return logistic_projections(self, targets, #targets, level, opts, "projections")
end

-- Starting values: a straight line through the logits of the accuracies above chance
-- (clamped inside (0, 1)), on the centred log compute; the problem for burden.fit.lm.ols.
local function logistic_start(u, acc, chance)
  local z = {}
  for i, v in ipairs(acc) do
    local q = math.min(math.max((v - chance) / (1 - chance), 0.02), 0.98)
    z[i] = math.log(q / (1 - q))
  end
  return { xs = { u }, y = z, names = { "x" } }
end

-- Each hypothesis is fitted in steps that a held-out run (fit_each, below) takes for all
-- its sets at once: prepare(p, opts) checks the points and gives the problem, finish(pr,
-- m) the fitted model of its burden.fit.nls fit m. A logistic's problem also needs start
-- values, from a straight line (pr.line, fitted by burden.fit.lm.ols) that
-- logistic_args turns into the arguments of its nls fit.

local function floor_prepare(p)
  if p.n < 4 then
    error(string.format("hypothesis 'power_floor': %d points are too few to fit a power law " ..
      "with a floor (4 needed)", p.n), 0)
  end
  local logsum = 0
  for _, c in ipairs(p.compute) do logsum = logsum + math.log(c, 10) end
  local c0 = 10 ^ (logsum / p.n)
  local xs = {}
  for i, c in ipairs(p.compute) do xs[i] = c / c0 end
  return { p = p, c0 = c0, xs = xs, args = { model = fit.families.power_law, x = xs, y = p.error,
    lower = { E = 0, A = 0, alpha = 0 } } } -- an error rate has no negative floor
end

local function floor_finish(pr, m)
  local p, xs = pr.p, pr.xs
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
  return setmetatable({ model = m, E = par.E, A = par.A, alpha = par.alpha, c0 = pr.c0,
    n = p.n, r2 = 1 - sse / sst, slope = -par.alpha, se_slope = m.se[3],
    sigma = m.sigma }, Floor)
end

-- The unknown option of chance_logistic's fit, as a message, or nil.
local function logistic_unknown(opts)
  return opts and next(opts) ~= nil
    and options.unknown("hypothesis 'chance_logistic':fit", opts, { "chance" }) or nil
end

local function logistic_prepare(p, opts)
  local chance = opts.chance or p.chance or 0
  if type(chance) ~= "number" or chance < 0 or chance >= 1 then
    error("hypothesis chance_logistic: chance must be an accuracy in [0, 1)", 3)
  end
  if p.n < 4 then
    error(string.format("hypothesis: %d points are too few to fit a logistic from " ..
      "chance (4 needed)", p.n), 3)
  end
  local x0 = 0
  for _, c in ipairs(p.compute) do x0 = x0 + math.log(c, 10) / p.n end
  local u, acc = {}, {}
  for i = 1, p.n do u[i], acc[i] = math.log(p.compute[i], 10) - x0, 1 - p.error[i] end
  return { p = p, chance = chance, x0 = x0, u = u, acc = acc, line = logistic_start(u, acc, chance) }
end

-- The nls arguments of a logistic's problem, from the fit of its start line.
local function logistic_args(pr, line)
  local chance = pr.chance
  local a0, b0 = line.coef[1], line.coef[2]
  local model = string.format("y ~ %.17g + %.17g / (1 + exp(-(a + b * x)))", chance,
    1 - chance)
  return { model = model, x = pr.u, y = pr.acc, start = { { "a", a0 }, { "b", b0 } } }
end

local function logistic_finish(pr, m)
  local p, acc = pr.p, pr.acc
  if not m.converged then
    error("hypothesis chance_logistic: the fit did not converge (" .. m.status .. ")", 3)
  end
  local mean, sst = 0, 0
  for _, v in ipairs(acc) do mean = mean + v / p.n end
  for _, v in ipairs(acc) do sst = sst + (v - mean) ^ 2 end
  return setmetatable({ model = m, a = m.coef[1], b = m.coef[2], se_a = m.se[1],
    se_b = m.se[2], vcov = m.vcov, x0 = pr.x0, chance = pr.chance, n = p.n, df = m.df,
    sigma = m.sigma, r2 = 1 - m.rss / sst,
    -- on the log-odds scale: the intercept at log10 C = 0 and the slope per decade
    intercept = m.coef[1] - m.coef[2] * pr.x0, slope = m.coef[2], se_slope = m.se[2],
    falls = m.coef[2] > 0 }, Logistic)
end

-- The fits of one hypothesis to each of `sets` (burden.hypothesis.heldout's subsets) and
-- their predictions at at[i] = { compute =, year = }, in one call whatever the number of
-- sets: each step for all the sets, the start lines in one burden.fit.lm.ols_each and the
-- nls fits in one burden.fit.nls_each (its option checks once). `bad` is the message of
-- an unknown option (the same for every set), prepare/finish as above, `args` (when the
-- problems have start lines) makes the nls arguments. For each set { true, fitted,
-- predictions } or { false, message }, as fitting the sets one by one gives them.
local function fit_each(sets, at, bad, prepare, finish, args)
  local out, live = {}, {}
  for i, q in ipairs(sets) do
    local ok, pr = false, bad
    if not bad then ok, pr = pcall(prepare, q) end
    if ok then live[#live + 1] = { i = i, pr = pr } else out[i] = { false, pr } end
  end
  if args then
    local lines = {}
    for k, s in ipairs(live) do lines[k] = s.pr.line end
    local started = {}
    for k, r in ipairs(lm.ols_each(lines)) do
      local s = live[k]
      if r[1] then
        s.pr.args = args(s.pr, r[2])
        started[#started + 1] = s
      else
        out[s.i] = { false, r[2] }
      end
    end
    live = started
  end
  local list = {}
  for k, s in ipairs(live) do list[k] = s.pr.args end
  for k, r in ipairs(nls.nls_each(list)) do
    local s = live[k]
    local ok, f = r[1], r[2]
    if ok then ok, f = pcall(finish, s.pr, f) end
    if ok then
      local cs, ys, pred = at[s.i].compute, at[s.i].year, {}
      for j = 1, #cs do pred[j] = f:predict(cs[j], ys[j]) end
      out[s.i] = { true, f, pred }
    else
      out[s.i] = { false, f }
    end
  end
  return out
end

return function(M, h)
  no_options, project_args = h.no_options, h.project_args
  -- errors read as raised at the caller's line, and the level and options checked there
  for _, name in ipairs({ "project", "projections" }) do
    Logistic[name] = options.wrap(Logistic[name], h.project_spec(name))
  end
  Logistic.band = options.wrap(Logistic.band)
  -- the projections at a checked level and kind (burden.hypothesis.fit_project)
  h.projections_at[Floor] = function(f, targets) return f:projections(targets) end
  h.projections_at[Logistic] = function(f, targets, level, kind)
    return logistic_projections_at(f, targets, #targets, level, kind)
  end
  local floor = M.define{
    name = "power_floor", title = "Power law with a floor: error ~ E + A compute^-alpha",
    formula = "error ~ E + A * (compute / C0)^-alpha",
    fit = function(p, opts)
      no_options("power_floor", opts)
      local pr = floor_prepare(p)
      return floor_finish(pr, fit.nls(pr.args))
    end,
  }
  floor.fit_each = function(sets, opts, at)
    local ok, bad = pcall(no_options, "power_floor", opts)
    return fit_each(sets, at, not ok and bad or nil, floor_prepare, floor_finish)
  end

  local chance_logistic = M.define{
    name = "chance_logistic",
    title = "Logistic from chance: accuracy ~ chance + (1 - chance) logistic(a + b log10(compute))",
    formula = "accuracy ~ chance + (1 - chance) / (1 + exp(-(a + b * (log10(compute) - x0))))",
    fit = function(p, opts)
      local msg = logistic_unknown(opts)
      if msg then error(msg, 0) end
      local pr = logistic_prepare(p, opts)
      local m = fit.nls(logistic_args(pr, lm.ols(pr.line.xs, pr.line.y, pr.line.names)))
      local f = logistic_finish(pr, m) -- (no tail call: its errors name this fit's caller)
      return f
    end,
  }
  chance_logistic.fit_each = function(sets, opts, at)
    return fit_each(sets, at, logistic_unknown(opts),
      function(q) return logistic_prepare(q, opts) end, logistic_finish, logistic_args)
  end
end
