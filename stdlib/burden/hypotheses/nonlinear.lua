--- burden.hypotheses.nonlinear (internal): the built-in hypotheses fitted by nonlinear
-- least squares (burden.fit.nls), power_floor and chance_logistic, with their fitted
-- models. burden.hypothesis registers them, handing in the helpers it shares with them:
--   require("burden.hypotheses.nonlinear")(M, { no_options =, project_args = })
local fit = require "burden.fit"
local lm = require "burden.fit.lm"
local options = require "burden.options"

local qt = lm.qt

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

local function logistic_projections(self, targets, n, level, opts, fname)
  local kind
  level, kind = project_args(level, opts, fname)
  local t
  local function crit()
    t = t or qt(1 - (1 - level) / 2, self.df)
    return t
  end
  local out = {}
  for i = 1, n do out[i] = logistic_project(self, targets[i], level, kind, crit) end
  return out
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
-- (clamped inside (0, 1)), on the centred log compute.
local function logistic_start(u, acc, chance)
  local z = {}
  for i, v in ipairs(acc) do
    local q = math.min(math.max((v - chance) / (1 - chance), 0.02), 0.98)
    z[i] = math.log(q / (1 - q))
  end
  local m = lm.ols({ u }, z, { "x" })
  return m.coef[1], m.coef[2]
end

-- errors read as raised at the caller's line
for _, name in ipairs({ "project", "projections", "band" }) do Logistic[name] = options.wrap(Logistic[name]) end

return function(M, h)
  no_options, project_args = h.no_options, h.project_args
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

  M.define{
    name = "chance_logistic",
    title = "Logistic from chance: accuracy ~ chance + (1 - chance) logistic(a + b log10(compute))",
    formula = "accuracy ~ chance + (1 - chance) / (1 + exp(-(a + b * (log10(compute) - x0))))",
    fit = function(p, opts)
      local msg = opts and next(opts) ~= nil
        and options.unknown("hypothesis 'chance_logistic':fit", opts, { "chance" })
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
end
