--- burden.fit.lm (internal): the linear-model result and its methods.
-- The public entry points (burden.fit.ols, burden.fit.lm) are in init.lua.
local core = require "burden.core.lm"
local options = require "burden.options"
local design = require "burden.fit.design"
local fmt = require "burden.format"

local PREDICT_OPTS = { "x", "newdata", "interval", "level", "weights" }
local INVERSE_OPTS = { "y", "level", "interval" }

local M = {}

local Model = {}
M.Model = Model

local LAZY = { residuals = true, fitted = true, leverage = true, cooks = true }

local mt = {}
mt.__name = "burden.fit.lm"
mt.__index = function(m, k)
  local method = Model[k]
  if method then return method end
  if LAZY[k] then
    -- diagnostics are one more pass over the data: computed on first use
    local d = rawget(m, "_design")
    local fitted, resid, lev, cooks = core.diagnostics(d.y, d.columns,
      { intercept = d.intercept, weights = d.weights }, rawget(m, "_raw"))
    rawset(m, "fitted", fitted); rawset(m, "residuals", resid)
    rawset(m, "leverage", lev); rawset(m, "cooks", cooks)
    return rawget(m, k)
  end
  return nil
end

local function qt(p, df) return core.qt(p, df) end
M.qt = qt

--- Fits and builds the result.
-- d: { y, columns, names, intercept, weights, solver, n_dropped, n_invalid, rows, call,
--      formula_design (for predict on new data) }
function M.fit(d)
  local raw = core.fit(d.y, d.columns, { intercept = d.intercept, weights = d.weights, solver = d.solver })
  local p = #raw.coef
  local names = {}
  if d.intercept then names[1] = "(Intercept)" end
  for _, nm in ipairs(d.names) do names[#names + 1] = nm end
  local n, rank = math.tointeger(raw.n_used), math.tointeger(raw.rank)
  local df = n - rank
  local rss = raw.rss
  local sigma = df > 0 and math.sqrt(rss / df) or 0 / 0
  local s2 = sigma * sigma
  local m = {
    names = names, coef = {}, se = {}, tvalue = {}, pvalue = {}, vcov = {},
    n = n, n_dropped = d.n_dropped or 0, n_invalid = d.n_invalid or 0, rank = rank, p = p,
    df = df, df_model = rank - (d.intercept and 1 or 0), rss = rss, sigma = sigma,
    solver = raw.solver, condition = raw.condition, intercept = d.intercept and true or false,
    call = d.call, rows = d.rows, weighted = d.weights ~= nil,
    _raw = raw, _design = d,
  }
  m.aliased = {}
  m.vcov_type, m.dist, m.df_inference = "plain", "t", df
  local cov, scale = raw.cov, s2
  if d.cluster then
    -- cluster-robust (CR1) covariance, as statsmodels' cov_type = "cluster"; like
    -- statsmodels (use_t = None) the tests are then normal (z), unless use_t asks for
    -- Student's t with G - 1 degrees of freedom (statsmodels' df_correction)
    local G
    cov, G = core.cluster_cov(d.y, d.columns, { intercept = d.intercept, weights = d.weights }, raw, d.cluster)
    scale = 1
    m.vcov_type, m.n_clusters, m.cluster = "cluster", G, d.cluster_name
    m.dist = d.use_t and "t" or "normal"
    m.df_inference = d.use_t and G - 1 or math.huge
    m.vcov_plain, m.se_plain = {}, {}
  end
  for j = 1, p do
    m.coef[j] = raw.coef[j]
    m.vcov[j] = {}
    for k = 1, p do m.vcov[j][k] = cov[(j - 1) * p + k] * scale end
    m.se[j] = math.sqrt(m.vcov[j][j])
    m.tvalue[j] = m.coef[j] / m.se[j]
    if m.dist == "normal" then
      m.pvalue[j] = 2 * core.pnorm(-math.abs(m.tvalue[j]))
    else
      m.pvalue[j] = m.df_inference > 0 and 2 * core.pt_upper(math.abs(m.tvalue[j]), m.df_inference) or 0 / 0
    end
    if m.vcov_plain then
      m.vcov_plain[j] = {}
      for k = 1, p do m.vcov_plain[j][k] = raw.cov[(j - 1) * p + k] * s2 end
      m.se_plain[j] = math.sqrt(m.vcov_plain[j][j])
    end
    if raw.aliased[j] then m.aliased[#m.aliased + 1] = names[j] end
  end
  m.status = #m.aliased > 0 and "rank_deficient" or (df == 0 and "saturated" or "ok")
  if raw.tss > 0 then
    m.r2 = 1 - rss / raw.tss
  else
    m.r2 = 0 / 0
  end
  local n0 = m.intercept and 1 or 0
  m.adj_r2 = df > 0 and 1 - (1 - m.r2) * (n - n0) / df or 0 / 0
  if m.df_model > 0 and df > 0 and m.vcov_type == "cluster" then
    -- Wald test that every coefficient but the intercept is zero, with the clustered
    -- covariance, on F(q, G - 1) as statsmodels' f_test does
    local F = M.wald(m)
    if F then
      m.fstat, m.fstat_df = F, { m.df_model, m.n_clusters - 1 }
      m.fpvalue = core.pf_upper(F, m.df_model, m.n_clusters - 1)
    end
  elseif m.df_model > 0 and df > 0 then
    m.fstat = ((raw.tss - rss) / m.df_model) / (rss / df)
    m.fstat_df = { m.df_model, df }
    m.fpvalue = core.pf_upper(m.fstat, m.df_model, df)
  end
  -- R's logLik.lm: the variance is a parameter; weights enter through sum(log w)
  m.loglik = 0.5 * (raw.sum_log_w - n * (math.log(2 * math.pi) + 1 - math.log(n) + math.log(rss)))
  m.aic = -2 * m.loglik + 2 * (rank + 1)
  m.bic = -2 * m.loglik + math.log(n) * (rank + 1)
  return setmetatable(m, mt)
end

-- Rewrites a core error ("non-finite value (nan) in column 2 at row 3") with names.
function M.core_error(fname, msg, names, ctx)
  msg = tostring(msg):gsub("^[^:]+:%d+: ", "")
  local zero = msg:match("^column (%d+) is all zeros")
  if zero then msg = string.format("regressor '%s' is all zeros", names[tonumber(zero)] or zero) end
  local val, col, row = msg:match("non%-finite value %((.-)%) in column (%-?%d+) at row (%d+)")
  if col then
    col = tonumber(col)
    local what = col == 0 and names.response or col == -1 and "weights" or names[col] or ("#" .. col)
    msg = string.format("non-finite value (%s) in '%s' at row %s", val, what, row)
  end
  error(string.format("%s: %s%s", fname, msg, ctx or ""), 0)
end

-- A constant regressor is an error, not an aliased column: it is almost always a mistake.
local function check_constant(fname, columns, names, intercept, ctx, only)
  for j, c in ipairs(columns) do
    local n = #c
    -- columns made from factors may be constant (an empty cell): they are aliased instead
    if n > 1 and (not only or only[j]) then
      local v1, constant = c[1], true
      for i = 2, n do
        if c[i] ~= v1 then constant = false; break end
      end
      if constant and (intercept or v1 == 0) then
        error(string.format("%s: regressor '%s' is constant (%s in every used row)%s", fname, names[j],
          fmt.shortest(v1), ctx or ""), 0)
      end
    end
  end
end

--- Fits a design d (as burden.fit.ols and burden.fit.lm build it) after the checks every
-- fit makes (rows left, rows for the coefficients, a known solver, no constant
-- regressor); a failure raises "fname: ..." (ctx appended, e.g. " in 'y ~ x'"). With
-- `parts`, the model's private parts are set from it as M.attach sets them.
function M.fit_design(fname, d, ctx, parts)
  local p = #d.columns + (d.intercept and 1 or 0)
  if d.n == 0 then
    error(string.format("%s: no rows left (%d dropped for missing values)%s", fname, d.n_dropped or 0, ctx or ""), 0)
  end
  if d.n < p then
    error(string.format("%s: %d row%s for %d coefficients%s", fname, d.n, d.n == 1 and "" or "s", p, ctx or ""), 0)
  end
  if p == 0 then error(string.format("%s: the model has no coefficients%s", fname, ctx or ""), 0) end
  if d.solver ~= nil and d.solver ~= "qr" and d.solver ~= "svd" then
    error(string.format("%s: solver must be 'qr' or 'svd', got '%s'", fname, tostring(d.solver)), 0)
  end
  check_constant(fname, d.columns, d.names, d.intercept, ctx, d.numeric_only)
  local ok, m = pcall(M.fit, d)
  if not ok then
    local names = { response = d.response or "y" }
    local off = d.intercept and 1 or 0
    if d.intercept then names[1] = "(Intercept)" end
    for j, nm in ipairs(d.names) do names[j + off] = nm end
    M.core_error(fname, m, names, ctx)
  end
  if parts then M.attach(m, parts) end
  return m
end

--- OLS of y on the columns xs, with an intercept, for the stdlib's own fits (a
-- hypothesis's line, its held-out refits): xs and y are arrays of numbers of one length,
-- which the caller has checked; names has one name per column. The same model and errors
-- as burden.fit.ols{ x = xs, y = y, names = names }, without the option and argument
-- checks of a public call.
function M.ols(xs, y, names)
  return M.fit_design("ols", { y = y, columns = xs, names = names, intercept = true, n = #y,
    n_dropped = 0, response = "y", call = "ols", nrow_input = #y })
end

--- M.ols for many problems { xs =, y =, names = } in one call: an array with, for each,
-- { true, model } or { false, message }.
function M.ols_each(problems)
  local out = {}
  for i, p in ipairs(problems) do out[i] = { pcall(M.ols, p.xs, p.y, p.names) } end
  return out
end

-- The private parts of a model (burden.fit.lm, ols or robust), which only this file
-- reads and writes; the other fit/ files go through these accessors:
--   design: the design it was fitted on (y, columns, names, intercept, weights, rows, ...)
--   raw: the core's result (coef, cov, ...); source: the data of a formula fit (for a
--   cluster column); newdesign: newdata -> design rows (a formula fit's predict)
local PRIVATE = { design = "_design", raw = "_raw", source = "_source", newdesign = "_newdesign" }

--- The private parts of model m as a table { design, raw, source, newdesign } (each nil
-- when m has none), or nil when m is not a table.
function M.private(m)
  if type(m) ~= "table" then return nil end
  local parts = {}
  for what, field in pairs(PRIVATE) do parts[what] = rawget(m, field) end
  return parts
end

--- Sets private parts of model m from a table { design =, raw =, source =, newdesign = };
-- returns m.
function M.attach(m, parts)
  for what, field in pairs(PRIVATE) do
    if parts[what] ~= nil then rawset(m, field, parts[what]) end
  end
  return m
end

--- Model m refitted on its own design with the cluster numbers `ids` (one per row used),
-- the cluster's name (nil for an array) and use_t: the model of m:with_cluster, which
-- keeps m's data, new-data rows, formula and factors. A failure raises "with_cluster: ...".
function M.refit_clustered(m, ids, name, use_t)
  local nd = {}
  for k, v in pairs(rawget(m, PRIVATE.design)) do nd[k] = v end
  nd.cluster, nd.cluster_name, nd.use_t = ids, name, use_t
  local ok, r = pcall(M.fit, nd)
  if not ok then M.core_error("with_cluster", r, {}) end
  M.attach(r, { source = rawget(m, PRIVATE.source), newdesign = rawget(m, PRIVATE.newdesign) })
  for _, k in ipairs({ "formula", "factors" }) do rawset(r, k, rawget(m, k)) end
  return r
end

--- b' V^-1 b / q over the non-intercept, non-aliased coefficients (Gauss-Jordan with
-- partial pivoting on the small q x q block); nil when that block is singular.
function M.wald(m)
  local idx = {}
  for j = (m.intercept and 2 or 1), m.p do
    if m.coef[j] == m.coef[j] then idx[#idx + 1] = j end
  end
  local q = #idx
  if q == 0 then return nil end
  local A = {}
  for a = 1, q do
    A[a] = {}
    for b = 1, q do A[a][b] = m.vcov[idx[a]][idx[b]] end
    A[a][q + 1] = m.coef[idx[a]]
  end
  for c = 1, q do
    local piv = c
    for r = c + 1, q do if math.abs(A[r][c]) > math.abs(A[piv][c]) then piv = r end end
    if not (math.abs(A[piv][c]) > 0) then return nil end
    A[c], A[piv] = A[piv], A[c]
    for r = 1, q do
      if r ~= c then
        local f = A[r][c] / A[c][c]
        for k = c, q + 1 do A[r][k] = A[r][k] - f * A[c][k] end
      end
    end
  end
  local s = 0
  for a = 1, q do s = s + m.coef[idx[a]] * A[a][q + 1] / A[a][a] end
  return s / q
end

-- The two-sided critical value at `level`: Student's t on the model's inference degrees
-- of freedom, or the normal quantile for a clustered fit (statsmodels' default).
local function crit(self, level)
  local q = 1 - (1 - level) / 2
  if self.dist == "normal" then return core.qnorm(q) end
  return qt(q, self.df_inference or self.df)
end
M.crit = crit

--- Named coefficients: { ["(Intercept)"] = ..., x = ... }.
function Model:coefficients()
  local out = {}
  for j, nm in ipairs(self.names) do out[nm] = self.coef[j] end
  return out
end

--- Confidence intervals of the coefficients: { lwr = {...}, upr = {...}, level = }.
function Model:confint(level)
  level = level or 0.95
  if type(level) ~= "number" or level <= 0 or level >= 1 then
    error("bad argument #1 to 'confint' (level between 0 and 1 expected)", 2)
  end
  local t = crit(self, level)
  local lwr, upr = {}, {}
  for j = 1, self.p do
    lwr[j] = self.coef[j] - t * self.se[j]
    upr[j] = self.coef[j] + t * self.se[j]
  end
  return { lwr = lwr, upr = upr, level = level, names = self.names }
end

-- Design rows for prediction: an array of rows, each an array of p values.
local function new_rows(self, args)
  if args.newdata ~= nil then
    local build = rawget(self, PRIVATE.newdesign)
    if not build then error("predict: newdata needs a model fitted with a formula (burden.fit.lm); use x", 3) end
    return build(args.newdata)
  end
  local x = args.x
  if type(x) == "number" then x = { x } end
  if type(x) ~= "table" and type(x) ~= "userdata" then
    error("bad argument #1 to 'predict' (x or newdata expected)", 3)
  end
  local ncol = self.p - (self.intercept and 1 or 0)
  local cols
  local first = x[1]
  if type(first) == "table" or type(first) == "userdata" then cols = x else cols = { x } end
  if #cols ~= ncol then
    error(string.format("predict: x has %d column%s, the model %d regressor%s", #cols,
      #cols == 1 and "" or "s", ncol, ncol == 1 and "" or "s"), 3)
  end
  local n = #cols[1]
  for i = 1, n do
    for j = 1, ncol do
      if type(cols[j][i]) ~= "number" then
        error(string.format("predict: x column %d row %d is not a number", j, i), 3)
      end
    end
  end
  return design.rows(self.intercept, cols, n)
end

--- predict{ x = ... | newdata = ..., interval = "none"|"confidence"|"prediction", level = 0.95,
--           weights = (prediction variance sigma^2/w) } -> { fit, se_fit, lwr, upr }
function Model:predict(args)
  args = args or {}
  if type(args) ~= "table" then error("bad argument #1 to 'predict' (table expected)", 2) end
  options.fraction("predict", "level", args.level)
  local interval = args.interval or "none"
  if interval ~= "none" and interval ~= "confidence" and interval ~= "prediction" then
    error("bad argument #1 to 'predict' (interval must be 'none', 'confidence' or 'prediction')", 2)
  end
  return M.predict(self, args, interval, args.level or 0.95)
end

--- Model:predict(args) for the stdlib's callers, which have checked the level and the
-- interval ("none", "confidence" or "prediction") and give args only x, newdata or
-- weights (a hypothesis's confidence band): the same result, without a public call's
-- option checks.
function M.predict(self, args, interval, level)
  local rows
  if args.x == nil and args.newdata == nil then rows = self:model_matrix() else rows = new_rows(self, args) end
  local t = crit(self, level)
  local fit, se, lwr, upr = {}, {}, {}, {}
  local p, b, V = self.p, self.coef, self.vcov
  local alias = {}
  for j = 1, p do alias[j] = b[j] ~= b[j] end
  for i, r in ipairs(rows) do
    local f, v = 0, 0
    for j = 1, p do
      if not alias[j] then
        f = f + r[j] * b[j]
        local s = 0
        for k = 1, p do if not alias[k] then s = s + V[j][k] * r[k] end end
        v = v + r[j] * s
      end
    end
    fit[i], se[i] = f, math.sqrt(v)
    if interval ~= "none" then
      local var = v
      if interval == "prediction" then
        local w = args.weights and args.weights[i] or 1
        var = var + self.sigma ^ 2 / w
      end
      local h = t * math.sqrt(var)
      lwr[i], upr[i] = f - h, f + h
    end
  end
  local out = { fit = fit, se_fit = se, df = self.df, level = level, interval = interval }
  if interval ~= "none" then out.lwr, out.upr = lwr, upr end
  return out
end

--- The design the model was fitted on, as R's model.matrix: one array of p values per
-- row used (the intercept's 1 first), in the order of the fit.
function Model:model_matrix()
  local d = self._design
  return design.rows(d.intercept, d.columns, #d.y)
end

--- Fieller's set for the x at which the straight line m (y = a + b x: an intercept, one
-- regressor, nothing aliased) reaches each y of ys, at `level` ("confidence" or
-- "prediction" kind): an array of results as Model:inverse gives them, or nil when m is
-- not such a line. For the stdlib's callers, which have checked level and kind (a
-- hypothesis projecting all its targets at once); Model:inverse checks, then calls it.
-- The set is { x : (a + b x - y)^2 <= t^2 Var(a + b x [+ new error]) }, a quadratic.
function M.fieller(m, ys, level, kind)
  if not m.intercept or m.p ~= 2 or #m.aliased > 0 then return nil end
  local a, b = m.coef[1], m.coef[2]
  local vaa, vab, vbb = m.vcov[1][1], m.vcov[1][2], m.vcov[2][2]
  local t = crit(m, level)
  local t2 = t * t
  local extra = kind == "prediction" and m.sigma ^ 2 or 0
  local method = string.format("Fieller: x where the %s%% %s band of the fitted line contains y",
    string.format("%g", level * 100), kind == "confidence" and "confidence" or "prediction")
  local out = {}
  for i, y0 in ipairs(ys) do
    -- the quadratic's roots, in the engine (bn_lm_fieller)
    local shape, lo, hi = core.fieller(a, b, y0, vaa + extra, vab, vbb, t2)
    local res = { x = (y0 - a) / b, y = y0, level = level, interval = kind, method = method,
      g = t2 * vbb / (b * b), shape = shape, bounded = shape == "interval" }
    if shape == "interval" then
      res.lwr, res.upr = lo, hi
    else
      -- slope not significant at this level: the set is the complement of (lo, hi), or all
      res.lwr, res.upr = -math.huge, math.huge
      if shape == "complement" then res.excluded = { lo, hi } end
    end
    out[i] = res
  end
  return out
end

--- inverse{ y = target, level = 0.95, interval = "confidence"|"prediction" }
-- For a straight line y = a + b x: x0 = (y - a) / b with Fieller's interval (M.fieller).
function Model:inverse(args)
  if type(args) ~= "table" or type(args.y) ~= "number" then
    error("bad argument #1 to 'inverse' (table with a number y expected)", 2)
  end
  options.fraction("inverse", "level", args.level)
  if not self.intercept or self.p ~= 2 or #self.aliased > 0 then
    error("inverse: needs a straight line with an intercept (y ~ x)", 2)
  end
  local level = args.level or 0.95
  local kind = args.interval or "confidence"
  if kind ~= "confidence" and kind ~= "prediction" then
    error("bad argument #1 to 'inverse' (interval must be 'confidence' or 'prediction')", 2)
  end
  return M.fieller(self, { args.y }, level, kind)[1]
end

-- ---------------------------------------------------------------------------------------
-- Printing, like R's summary.lm

local function quantiles(xs)
  local s = {}
  for i, v in ipairs(xs) do s[i] = v end
  table.sort(s)
  local n = #s
  local function q(p)
    local h = (n - 1) * p + 1
    local lo = math.floor(h)
    local hi = math.min(lo + 1, n)
    return s[lo] + (h - lo) * (s[hi] - s[lo])
  end
  return { q(0), q(0.25), q(0.5), q(0.75), q(1) }
end

local function stars(p)
  if p ~= p then return "" end
  if p < 0.001 then return "***" elseif p < 0.01 then return "**"
  elseif p < 0.05 then return "*" elseif p < 0.1 then return "." end
  return ""
end

local function fmtp(p)
  if p ~= p then return "NaN" end
  if p < 2.2e-16 then return "<2e-16" end
  return string.format("%.3g", p)
end

-- %g-style numbers, with NaN as R prints it
local function g(fmt, v)
  if v ~= v then return string.format(fmt:gsub("%.?%d*[gf]$", "s"), "NaN") end
  return string.format(fmt, v)
end

function Model:summary()
  local out = {}
  local function add(s) out[#out + 1] = s end
  add("Call: " .. (self.call or "ols"))
  add("")
  if self.n <= 100000 then
    local q = quantiles(self.residuals)
    add("Residuals:")
    add(string.format("%12s %12s %12s %12s %12s", "Min", "1Q", "Median", "3Q", "Max"))
    add(string.format("%12.5g %12.5g %12.5g %12.5g %12.5g", q[1], q[2], q[3], q[4], q[5]))
    add("")
  end
  if #self.aliased > 0 then
    add(string.format("Coefficients: (%d not defined because of singularities)", #self.aliased))
  else
    add("Coefficients:")
  end
  local w = 11
  for _, nm in ipairs(self.names) do w = math.max(w, #nm) end
  local tz = self.dist == "normal" and "z" or "t"
  add(string.format("%-" .. w .. "s %12s %12s %9s %10s", "", "Estimate", "Std. Error", tz .. " value",
    "Pr(>|" .. tz .. "|)"))
  for j, nm in ipairs(self.names) do
    if self.coef[j] ~= self.coef[j] then
      add(string.format("%-" .. w .. "s %12s %12s %9s %10s", nm, "NA", "NA", "NA", "NA"))
    else
      add(string.format("%-" .. w .. "s %s %s %s %10s %s", nm, g("%12.5g", self.coef[j]), g("%12.5g", self.se[j]),
        g("%9.3f", self.tvalue[j]), fmtp(self.pvalue[j]), stars(self.pvalue[j])))
    end
  end
  add("---")
  if self.vcov_type == "cluster" then
    add(string.format("Standard errors: cluster-robust (CR1)%s, %d clusters; %s", self.cluster and
      (" by '" .. self.cluster .. "'") or "", self.n_clusters, self.dist == "normal" and
      "normal (z) tests" or string.format("t tests on %d degrees of freedom", self.df_inference)))
  end
  add("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1")
  add("")
  add(string.format("Residual standard error: %s on %d degrees of freedom", g("%.5g", self.sigma), self.df))
  if self.n_dropped > 0 then
    add(string.format("  (%d observation%s deleted due to missingness)", self.n_dropped,
      self.n_dropped == 1 and "" or "s"))
  end
  if self.n_invalid > 0 then
    add(string.format("  (%d observation%s dropped: outside the domain of a transform)", self.n_invalid,
      self.n_invalid == 1 and "" or "s"))
  end
  add(string.format("Multiple R-squared:  %s,\tAdjusted R-squared:  %s", g("%.5g", self.r2), g("%.5g", self.adj_r2)))
  if self.fstat then
    add(string.format("F-statistic: %.5g on %d and %d DF,  p-value: %s", self.fstat, self.fstat_df[1],
      self.fstat_df[2], fmtp(self.fpvalue)))
  end
  add(string.format("n = %d, solver = %s, condition = %.3g, status = %s%s", self.n, self.solver,
    self.condition, self.status, #self.aliased > 0 and (" (aliased: " .. table.concat(self.aliased, ", ") .. ")") or ""))
  return table.concat(out, "\n")
end

mt.__tostring = function(m) return m:summary() end

-- errors of the methods read as raised at the caller's line
-- (and the options of predict and inverse checked there)
Model.predict = options.wrap(Model.predict,
  { name = "predict", options = PREDICT_OPTS, method = true, keys_only = true })
Model.inverse = options.wrap(Model.inverse,
  { name = "inverse", options = INVERSE_OPTS, method = true, keys_only = true })
Model.confint = options.wrap(Model.confint)

return M
