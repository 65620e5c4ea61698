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

local M = {}
local registry = {}
local order = {}

local Hypothesis = {}
Hypothesis.__index = Hypothesis

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

--- Fits the hypothesis to a domain's points; raises when there are too few.
function Hypothesis:fit(points, opts)
  local f = self.fit_fn(points, opts or {})
  f.hypothesis = self.name
  return f
end

local function log10_all(xs)
  local out = {}
  for i, x in ipairs(xs) do out[i] = math.log(x, 10) end
  return out
end

-- A straight-line fit y = a + b x with the inverse through Fieller's interval.
local Line = {}
Line.__index = Line

local function line_fit(x, y, tx, ty, itx, ity)
  if #x < 3 then
    error(string.format("hypothesis: %d points are too few to fit a line (3 needed)", #x), 3)
  end
  local m = fit.ols{ x = x, y = y }
  return setmetatable({ model = m, intercept = m.coef[1], slope = m.coef[2],
    se_intercept = m.se[1], se_slope = m.se[2], p_slope = m.pvalue[2], r2 = m.r2, n = m.n,
    sigma = m.sigma,
    tx = tx, ty = ty, itx = itx, ity = ity }, Line)
end

--- Error predicted at compute c.
function Line:predict(c)
  return self.ity(self.intercept + self.slope * self.tx(c))
end

--- Confidence band of the fitted error at computes cs: fit, lower, upper arrays.
function Line:band(cs, level)
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
-- opts.interval = "prediction" gives the set for one new model (the prediction
-- variance, with the residual variance sigma^2) instead of the mean line's.
-- The result says whether the projection can be read as a number: status "ok", or
-- "not_significant" (slope p >= 1 - level) or "unbounded" (Fieller's set is not a
-- finite interval), with `reason` in words; p_slope, shape ("interval", "complement",
-- "all") and, for a complement, excluded = { lo, hi } (compute outside the set).
function Line:project(target, level, opts)
  level = level or 0.95
  if type(level) ~= "number" or level <= 0 or level >= 1 then
    error("bad argument #2 to 'project' (level between 0 and 1 expected)", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #3 to 'project' (table of options expected)", 2)
  end
  for k in pairs(opts or {}) do
    if k ~= "interval" then
      error(string.format("project: unknown option '%s' (known: interval)", tostring(k)), 2)
    end
  end
  local kind = opts and opts.interval or "confidence"
  if kind ~= "confidence" and kind ~= "prediction" then
    error(string.format("project: interval must be 'confidence' or 'prediction', got '%s'",
      tostring(kind)), 2)
  end
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
  local pct = string.format("%g%%", level * 100)
  local set = nil
  if r.bounded == false then
    set = r.shape == "all" and (pct .. " set is every value")
      or (pct .. " set unbounded")
  end
  if r.p_slope ~= r.p_slope or r.p_slope >= 1 - level then
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

local function identity(v) return v end
local function pow10(v) return 10 ^ v end
local function log10(v) return math.log(v, 10) end

-- Polynomial (Thompson et al.): log10(error) = a + b log10(compute), so
-- compute grows as error^(1/b); k = -1/b is the exponent of the paper's "k-fold".
M.define{
  name = "polynomial", title = "Polynomial: log10(error) ~ log10(compute)",
  formula = "log10(error) ~ log10(compute)",
  fit = function(p)
    local f = line_fit(log10_all(p.compute), log10_all(p.error), log10, log10, pow10, pow10)
    f.k = -1 / f.slope
    return f
  end,
}

-- Exponential (Thompson et al.): error = a + b log10(compute).
M.define{
  name = "exponential", title = "Exponential: error ~ log10(compute)",
  formula = "error ~ log10(compute)",
  fit = function(p)
    return line_fit(log10_all(p.compute), p.error, log10, identity, pow10, identity)
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
    return { compute = math.huge, method = "inverse of the fit", bounded = false,
      status = "unreachable", reason = "target below the fitted floor" }
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
  fit = function(p)
    if p.n < 4 then
      error(string.format("hypothesis: %d points are too few to fit a power law with a " ..
        "floor (4 needed)", p.n), 2)
    end
    local logsum = 0
    for _, c in ipairs(p.compute) do logsum = logsum + math.log(c, 10) end
    local c0 = 10 ^ (logsum / p.n)
    local xs = {}
    for i, c in ipairs(p.compute) do xs[i] = c / c0 end
    local m = fit.nls{ model = fit.families.power_law, x = xs, y = p.error,
      lower = { E = 0, A = 0, alpha = 0 } } -- an error rate has no negative floor
    if not m.converged then
      error("hypothesis: the power law with a floor did not converge (" .. m.status .. ")", 2)
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

-- Time trend: log10(error) = a + b year over a yearly series, by default the running
-- record (the lowest error reached up to each year, domain:running_record); projects the
-- year a target error is reached (the `compute` of this hypothesis is the year).
-- burden.analysis.time_trend fits it on either series.
M.define{
  name = "time_trend", title = "Time trend: log10(record error) ~ year",
  formula = "log10(record_error) ~ year", uses = "running_record",
  fit = function(p)
    return line_fit(p.year, log10_all(p.error), identity, log10, identity, pow10)
  end,
}

return M
