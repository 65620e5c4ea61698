--- burden.hypothesis: models of error versus compute, fitted to a domain's points and
-- inverted to project the compute a target error needs.
--
--   local h = burden.hypothesis.get("polynomial")
--   local f = h:fit(points)      -- points from domain:points(data)
--   f.r2, f.slope, f.k           -- k: compute grows as error^-k (polynomial only)
--   f:predict(1e20)              -- error at that compute
--   f:project(0.05)              -- compute for 5% error, and its interval (method named)
--
-- A user defines a new hypothesis with the same function the built-ins use:
--   burden.hypothesis.define{ name =, title =, fit = function(points, opts) return fitted end }
-- where `fitted` has at least predict(self, compute) and project(self, target, level).
local fit = require "burden.fit"
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
  return f
end

-- The built-in hypotheses take no fitting options: any key is a mistake.
local function no_options(name, opts)
  local msg = opts and options.unknown(string.format("hypothesis '%s':fit", name), opts, {})
  if msg then error(msg, 0) end
end

local function log10_all(xs)
  local out = {}
  for i, x in ipairs(xs) do out[i] = math.log(x, 10) end
  return out
end

-- A straight-line fit y = a + b x with the inverse through Fieller's interval.
local Line = {}
Line.__index = Line

-- x and y are the transformed compute and error; xname and yname say what they are
-- ("log10(compute)"), so that a bad value is reported by its column and point.
local function line_fit(name, x, y, tx, ty, itx, ity, xname, yname)
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
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_intercept = m.se[1], se_slope = m.se[2], r2 = m.r2, n = m.n, sigma = m.sigma,
    tx = tx, ty = ty, itx = itx, ity = ity }, Line)
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
    fitv[i], lo[i], hi[i] = self.ity(p.fit[i]), self.ity(p.lwr[i]), self.ity(p.upr[i])
  end
  return fitv, lo, hi
end

--- Compute for a target error: point estimate, and Fieller's interval for the x at
-- which the fitted line reaches the target (nil bounds when the interval is unbounded).
function Line:project(target, level)
  options.fraction("project", "level", level)
  local y = self.ty(target)
  local x = (y - self.intercept) / self.slope
  local r = { compute = self.itx(x), method = "Fieller" }
  local ok, inv = pcall(self.model.inverse, self.model, { y = y, level = level or 0.95 })
  if ok and inv then
    r.bounded = inv.bounded ~= false
    if r.bounded and inv.lwr and inv.upr then
      local a, b = self.itx(inv.lwr), self.itx(inv.upr)
      r.lower, r.upper = math.min(a, b), math.max(a, b)
    end
  end
  return r
end

local function identity(v) return v end
local function pow10(v) return 10 ^ v end
local function log10(v) return math.log(v, 10) end

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

-- Exponential (Thompson et al.): error = a + b log10(compute).
M.define{
  name = "exponential", title = "Exponential: error ~ log10(compute)",
  formula = "error ~ log10(compute)",
  fit = function(p, opts)
    no_options("exponential", opts)
    return line_fit("exponential", log10_all(p.compute), p.error, log10, identity, pow10, identity,
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
      reason = string.format("target %.4g is at or below the fitted floor E = %.4g: the power " ..
        "law never reaches it", target, self.E) }
  end
  return { compute = self.c0 * (self.A / (target - self.E)) ^ (1 / self.alpha),
    method = "inverse of the fit" }
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

-- Time trend: log10(best error of each year) = a + b year; projects the year a target
-- error is reached (the `compute` of this hypothesis is the year).
M.define{
  name = "time_trend", title = "Time trend: log10(best error of year) ~ year",
  formula = "log10(best_error) ~ year", uses = "best_by_year",
  fit = function(p, opts)
    no_options("time_trend", opts)
    return line_fit("time_trend", p.year, log10_all(p.error), identity, log10, identity, pow10,
      "year", "log10(best error)")
  end,
}

-- errors read as raised at the caller's line, never at a line of this file
options.wrap_all(M, { "define", "get" })
Hypothesis.fit = options.wrap(Hypothesis.fit)
Line.project = options.wrap(Line.project)
Line.band = options.wrap(Line.band)

return M
