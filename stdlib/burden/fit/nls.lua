--- burden.fit.nls: nonlinear least squares, scaling-law families and robust
-- multi-start fitting. Its public functions (nls, families, multistart) are
-- merged into burden.fit; require "burden.fit.nls" reaches them directly.
local core = require "burden.core.nls"
local formula = require "burden.fit.nlformula"

local M = {}

local INF = math.huge

local function errorf(fmt, ...) error(string.format(fmt, ...), 0) end

local options = require "burden.options"

-- The options each function accepts (burden.options.check rejects any other key).
local OPTS = {
  nls = { "model", "x", "y", "data", "start", "lower", "upper", "weights", "accel", "maxiter",
    "xtol", "gtol", "ftol", "jacobian", "xname" },
  multistart = { "x", "y", "grid", "starts", "delta", "threads", "maxiter", "gtol", "ftol", "step",
    "linetol", "polish", "tol", "keep" },
  multistart_objective = { "x", "y", "delta" },
}

-- Counts the C side casts to integers (maxiter, threads) have an upper bound too.
local function at_most(fname, name, v, max)
  if v and v > max then
    options.raise(string.format("%s: %s must be at most %d, got %d", fname, name, max, v))
  end
end

local function is_array_of_numbers(t)
  if type(t) ~= "table" or #t == 0 then return false end
  for i = 1, #t do if type(t[i]) ~= "number" then return false end end
  return true
end

-- Plain Lua array of the values of a column (array or burden.vector); name for messages.
local function column(fname, values, name)
  local tv = type(values)
  if tv ~= "table" and tv ~= "userdata" then
    errorf("%s: column '%s' must be an array of numbers, got %s", fname, name, tv)
  end
  local n = #values
  local out = {}
  for i = 1, n do
    local v = values[i]
    if v == nil then errorf("%s: column '%s' has a missing value at row %d", fname, name, i) end
    if type(v) ~= "number" then
      errorf("%s: column '%s' has a %s at row %d (number expected)", fname, name, type(v), i)
    end
    if v ~= v or v == INF or v == -INF then
      errorf("%s: column '%s' has a non-finite value (%s) at row %d", fname, name,
        v ~= v and "nan" or tostring(v), i)
    end
    out[i] = v
  end
  return out
end

-- The column `name` of a frame (anything with :col) or of a table of named columns.
local function data_column(fname, data, name)
  local ok, col
  if type(data) == "table" and type(data.col) == "function" then
    ok, col = pcall(data.col, data, name)
    if not ok then col = nil end
  elseif type(data) == "table" or type(data) == "userdata" then
    col = data[name]
  end
  return col
end

local function has_column(data, name)
  return data ~= nil and data_column("nls", data, name) ~= nil
end

-- start: array of numbers, or array of {name, value} pairs. Returns names (or nil) and values.
local function read_start(fname, start)
  if type(start) ~= "table" or #start == 0 then
    errorf("%s: 'start' must be a non-empty array of numbers or of {name, value} pairs", fname)
  end
  if is_array_of_numbers(start) then
    local values = {}
    for i = 1, #start do values[i] = start[i] end
    return nil, values
  end
  local names, values, seen = {}, {}, {}
  for i = 1, #start do
    local pair = start[i]
    if type(pair) ~= "table" or type(pair[1]) ~= "string" or type(pair[2]) ~= "number" then
      errorf("%s: 'start' entry %d must be a {name, value} pair", fname, i)
    end
    if seen[pair[1]] then errorf("%s: parameter '%s' appears twice in 'start'", fname, pair[1]) end
    seen[pair[1]] = true
    names[i], values[i] = pair[1], pair[2]
  end
  return names, values
end

-- lower/upper: nil, an array of np numbers, or a table keyed by parameter name.
local function read_bounds(fname, what, b, names, default)
  if b == nil then return nil end
  if type(b) ~= "table" then errorf("%s: '%s' must be a table", fname, what) end
  local out = {}
  for j, name in ipairs(names) do
    local v = b[j]
    if v == nil then v = b[name] end
    if v == nil then v = default end
    if type(v) ~= "number" then errorf("%s: '%s' of %s must be a number", fname, what, name) end
    out[j] = v
  end
  for k in pairs(b) do
    if type(k) == "string" then
      local known = false
      for _, name in ipairs(names) do if name == k then known = true end end
      if not known then errorf("%s: '%s' names an unknown parameter '%s'", fname, what, k) end
    end
  end
  return out
end

---------------------------------------------------------------------------------------
-- model preparation

-- Variables of a formula model: which identifiers are data columns, and their values.
-- Returns params (names), var names, columns (arrays), y (array), lhs name.
local function prepare_formula(fname, f, args, start_names, nstart)
  local ids = formula.names(f.rhs)
  local x, data = args.x, args.data
  local xcols = {} -- name -> values
  if x ~= nil then
    if is_array_of_numbers(x) or (type(x) == "userdata") then
      -- one variable: the identifier named by xname (default "x")
      xcols[args.xname or "x"] = x
    elseif type(x) == "table" then
      for k, v in pairs(x) do
        if type(k) ~= "string" then errorf("%s: 'x' must be an array of numbers or a table of named columns", fname) end
        xcols[k] = v
      end
    else
      errorf("%s: 'x' must be an array of numbers or a table of named columns", fname)
    end
  end
  local function is_var(name)
    if start_names then
      for _, p in ipairs(start_names) do if p == name then return false end end
    end
    return xcols[name] ~= nil or has_column(data, name)
  end
  local params, vars = {}, {}
  if start_names then
    params = start_names
    for _, id in ipairs(ids) do
      if not is_var(id) then
        local isparam = false
        for _, p in ipairs(params) do if p == id then isparam = true end end
        if not isparam then
          errorf("%s: unknown name '%s' in '%s' (neither a parameter in 'start' nor a data column)",
            fname, id, f.text)
        end
      else
        vars[#vars + 1] = id
      end
    end
  else
    for _, id in ipairs(ids) do
      if is_var(id) then vars[#vars + 1] = id else params[#params + 1] = id end
    end
    if #params ~= nstart then
      errorf("%s: 'start' has %d value%s but the model has %d parameter%s (%s)", fname, nstart,
        nstart == 1 and "" or "s", #params, #params == 1 and "" or "s", table.concat(params, ", "))
    end
  end
  local cols = {}
  for i, name in ipairs(vars) do
    local values = xcols[name] or data_column(fname, data, name)
    cols[i] = column(fname, values, name)
  end
  local y = args.y
  if y == nil then
    if not f.lhs then errorf("%s: no response: give 'y' or a formula 'y ~ ...'", fname) end
    y = data_column(fname, data, f.lhs)
    if y == nil then errorf("%s: unknown column '%s' (the response of '%s')", fname, f.lhs, f.text) end
  elseif type(y) == "string" then
    y = data_column(fname, data, y)
  end
  return params, vars, cols, column(fname, y, f.lhs or "y")
end

local function index_map(names)
  local m = {}
  for i, name in ipairs(names) do m[name] = i - 1 end
  return m
end

---------------------------------------------------------------------------------------
-- results

local Fit = {}
Fit.__index = Fit

local function fmtnum(v) return string.format("%.6g", v) end

function Fit:__tostring()
  local lines = { "Nonlinear least squares: " .. self.model_text, "" }
  lines[#lines + 1] = string.format("%-12s %14s %14s %10s", "", "Estimate", "Std. Error", "t value")
  for j, name in ipairs(self.names) do
    lines[#lines + 1] = string.format("%-12s %14s %14s %10s", name, fmtnum(self.coef[j]),
      fmtnum(self.se[j]), string.format("%.3f", self.coef[j] / self.se[j]))
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = string.format("Residual standard error: %s on %d degrees of freedom",
    fmtnum(self.sigma), self.df)
  lines[#lines + 1] = string.format("Residual sum of squares: %s", fmtnum(self.rss))
  lines[#lines + 1] = string.format("%s after %d iterations (%s)",
    self.converged and "Converged" or "Did not converge", self.iterations, self.reason)
  return table.concat(lines, "\n")
end

--- Named estimates { b1 = ..., b2 = ... } (as burden.fit.lm's m:coefficients()).
function Fit:coefficients()
  local out = {}
  for j, name in ipairs(self.names) do out[name] = self.coef[j] end
  return out
end

--- Estimate and standard error of one parameter by name.
function Fit:param(name)
  for j, p in ipairs(self.names) do
    if p == name then return self.coef[j], self.se[j] end
  end
  errorf("nls: no parameter '%s' (parameters: %s)", tostring(name), table.concat(self.names, ", "))
end

--- Model values at new data: predict(xs), predict{ x = xs } or predict{ data = frame }.
function Fit:predict(new)
  if new == nil then
    local out = {}
    for i, v in ipairs(self.fitted) do out[i] = v end
    return out
  end
  return self._predict(new)
end

local function status_word(res)
  if res.converged then return "converged" end
  if res.reason == "iteration limit reached" then return "maxiter" end
  if res.reason == "no further progress possible" then return "noprogress" end
  return "failed"
end

local function finish(res, names, y, model_text, predict)
  local m = setmetatable(res, Fit)
  m.names = names
  m.n = #y
  m.model_text = model_text
  m.par = {}
  m.tvalue = {}
  m.residuals = {}
  for j, name in ipairs(names) do m.par[name] = m.coef[j]; m.tvalue[j] = m.coef[j] / m.se[j] end
  for i = 1, #y do m.residuals[i] = y[i] - m.fitted[i] end
  m.status = status_word(m)
  local finite = m.rss == m.rss and m.rss < INF
  if not finite then m.status, m.converged = "failed", false end
  m._predict = predict
  return m
end

---------------------------------------------------------------------------------------
-- nls

local function model_source(args)
  local model = args.model
  if type(model) == "table" and model.formula then return model end
  return nil
end

--- burden.fit.nls{ model =, x =, y = | data =, start =, lower =, upper =, weights =, accel = }
function M.nls(args)
  local fname = "nls"
  if type(args) ~= "table" then errorf("%s: expected a table of arguments, got %s", fname, type(args)) end
  options.check("fit.nls", args, OPTS.nls)
  at_most("fit.nls", "maxiter", options.positive_integer("fit.nls", "maxiter", args.maxiter), 1000000000)
  local model = args.model
  local family = model_source(args)
  local start = args.start
  if family then
    model = family.formula
    if start == nil then start = family.start(args) end
  end
  if start == nil then errorf("%s: 'start' is required", fname) end
  local start_names, start_values = read_start(fname, start)
  if family and args.start == nil then
    -- a family's default start is moved into the bounds the caller gave
    local names = start_names or family.params
    local lo = read_bounds(fname, "lower", args.lower, names, -INF)
    local hi = read_bounds(fname, "upper", args.upper, names, INF)
    for j = 1, #start_values do
      if lo and start_values[j] < lo[j] then start_values[j] = lo[j] end
      if hi and start_values[j] > hi[j] then start_values[j] = hi[j] end
    end
  end
  local opts = {
    start = start_values, accel = args.accel and true or false,
    maxiter = args.maxiter, xtol = args.xtol, gtol = args.gtol, ftol = args.ftol,
  }

  local names, y, predict, text
  if type(model) == "string" then
    local f = formula.parse(model, fname)
    local params, vars, cols
    params, vars, cols, y = prepare_formula(fname, f, args, start_names, #start_values)
    names = params
    local pmap, vmap = index_map(params), index_map(vars)
    opts.prog = formula.compile(f.rhs, vmap, pmap)
    opts.cols = cols
    if args.jacobian ~= "fd" then
      local jp = {}
      for j, p in ipairs(params) do jp[j] = formula.compile(formula.derivative(f.rhs, p), vmap, pmap) end
      opts.jacprogs = jp
    end
    text = model
    local prog = opts.prog
    predict = function(new, p)
      local src = new
      if type(new) == "table" and (new.x ~= nil or new.data ~= nil) and not is_array_of_numbers(new) then
        src = new
      else
        src = { x = new }
      end
      local pcols = {}
      for i, name in ipairs(vars) do
        local values
        if src.data ~= nil then values = data_column(fname, src.data, name) end
        if values == nil and src.x ~= nil then
          if is_array_of_numbers(src.x) or type(src.x) == "userdata" then
            if #vars == 1 then values = src.x end
          else
            values = src.x[name]
          end
        end
        if values == nil then errorf("predict: no values for variable '%s'", name) end
        pcols[i] = column("predict", values, name)
      end
      return core.eval(prog, pcols, p)
    end
  elseif type(model) == "function" then
    local x = args.x
    if x == nil then errorf("%s: a model function needs 'x'", fname) end
    y = column(fname, args.y, "y")
    local xs
    if is_array_of_numbers(x) or type(x) == "userdata" then
      xs = column(fname, x, "x")
    elseif type(x) == "table" and #x > 0 then
      -- an array of columns: the function receives a row { x1, x2, ... }
      local cols = {}
      for k = 1, #x do cols[k] = column(fname, x[k], "x" .. k) end
      xs = {}
      for i = 1, #cols[1] do
        local row = {}
        for k = 1, #cols do row[k] = cols[k][i] end
        xs[i] = row
      end
    else
      errorf("%s: 'x' must be an array of numbers or an array of columns", fname)
    end
    if #xs ~= #y then errorf("%s: 'x' has %d values but 'y' has %d", fname, #xs, #y) end
    names = start_names or {}
    if not start_names then for j = 1, #start_values do names[j] = "p" .. j end end
    local f = model
    local np = #start_values
    local function values_at(pts, p)
      local out = {}
      for i = 1, #pts do
        local v = f(pts[i], p)
        if type(v) ~= "number" then
          errorf("%s: model function returned %s at observation %d (number expected)", fname,
            type(v), i)
        end
        out[i] = v
      end
      return out
    end
    opts.fn = function(p) return values_at(xs, p) end
    if args.jacobian ~= nil and args.jacobian ~= "fd" then
      if type(args.jacobian) ~= "function" then
        errorf("%s: 'jacobian' must be a function(x, p) or \"fd\"", fname)
      end
      local jf = args.jacobian
      opts.jacfn = function(p)
        local out, k = {}, 0
        for i = 1, #xs do
          local row = jf(xs[i], p)
          if type(row) ~= "table" or #row ~= np then
            errorf("%s: jacobian function must return %d derivatives at observation %d", fname, np, i)
          end
          for j = 1, np do k = k + 1; out[k] = row[j] end
        end
        return out
      end
    end
    text = "<function>"
    predict = function(new, p)
      local pts = new
      if type(new) == "table" and new.x ~= nil then pts = new.x end
      local pt = {}
      if is_array_of_numbers(pts) then pt = pts else
        for i = 1, #pts[1] do
          local row = {}
          for k = 1, #pts do row[k] = pts[k][i] end
          pt[i] = row
        end
      end
      return values_at(pt, p)
    end
  else
    errorf("%s: 'model' must be a formula string, a function or a family, got %s", fname, type(model))
  end

  local np, n = #start_values, #y
  if n < np then
    errorf("%s: %d observation%s for %d parameters (need at least %d)", fname, n,
      n == 1 and "" or "s", np, np)
  end
  opts.y = y
  if opts.cols then
    for i, c in ipairs(opts.cols) do
      if #c ~= n then errorf("%s: column '%s' has %d values but the response has %d", fname, i, #c, n) end
    end
  end
  if args.weights ~= nil then
    opts.weights = column(fname, args.weights, "weights")
    if #opts.weights ~= n then errorf("%s: 'weights' has %d values, %d expected", fname, #opts.weights, n) end
  end
  opts.lower = read_bounds(fname, "lower", args.lower, names, -INF)
  opts.upper = read_bounds(fname, "upper", args.upper, names, INF)

  local ok, res = pcall(core.fit, opts)
  if not ok then
    if type(res) == "string" and not res:find("\n", 1, true) then error(fname .. ": " .. res, 0) end
    error(res, 0)
  end
  local coef = res.coef
  return finish(res, names, y, text, function(new) return predict(new, coef) end)
end

---------------------------------------------------------------------------------------
-- families

local function mean(t) local s = 0 for i = 1, #t do s = s + t[i] end return s / #t end

-- slope and intercept of y on x by least squares
local function ols(x, y)
  local mx, my = mean(x), mean(y)
  local sxx, sxy = 0, 0
  for i = 1, #x do sxx = sxx + (x[i] - mx) ^ 2; sxy = sxy + (x[i] - mx) * (y[i] - my) end
  local b = sxx > 0 and sxy / sxx or 0
  return my - b * mx, b
end

local function family_xy(args, fname)
  local x, y = args.x, args.y
  if args.data ~= nil then
    x = x or data_column(fname, args.data, "x")
    y = y or data_column(fname, args.data, "y")
  end
  if x == nil or y == nil then errorf("%s: this family's default start needs 'x' and 'y'", fname) end
  return column(fname, x, "x"), column(fname, y, "y")
end

local function minmax(t)
  local lo, hi = INF, -INF
  for i = 1, #t do lo = math.min(lo, t[i]); hi = math.max(hi, t[i]) end
  return lo, hi
end

local function logs(t)
  local out = {}
  for i = 1, #t do out[i] = math.log(t[i]) end
  return out
end

M.families = {}

M.families.power_law = {
  name = "power_law",
  formula = "y ~ E + A * x^(-alpha)",
  params = { "E", "A", "alpha" },
  start = function(args)
    local x, y = family_xy(args, "power_law")
    local ymin = minmax(y)
    local E = ymin > 0 and 0.5 * ymin or 0
    local lx, ly = {}, {}
    for i = 1, #x do
      if x[i] > 0 and y[i] - E > 0 then lx[#lx + 1] = math.log(x[i]); ly[#ly + 1] = math.log(y[i] - E) end
    end
    local a, b = 0, -0.5
    if #lx >= 2 then a, b = ols(lx, ly) end
    return { { "E", E }, { "A", math.exp(a) }, { "alpha", -b } }
  end,
}

M.families.exponential = {
  name = "exponential",
  formula = "y ~ A * exp(k * x)",
  params = { "A", "k" },
  start = function(args)
    local x, y = family_xy(args, "exponential")
    local lx, ly = {}, {}
    for i = 1, #x do if y[i] > 0 then lx[#lx + 1] = x[i]; ly[#ly + 1] = math.log(y[i]) end end
    local a, b = math.log(math.abs(mean(y)) + 1e-300), 0
    if #lx >= 2 then a, b = ols(lx, ly) end
    return { { "A", math.exp(a) }, { "k", b } }
  end,
}

M.families.logistic = {
  name = "logistic",
  formula = "y ~ lo + (hi - lo) / (1 + exp(k * (log(x) - m)))",
  params = { "lo", "hi", "k", "m" },
  start = function(args)
    local x, y = family_xy(args, "logistic")
    local lx = logs(x)
    local lo, hi = minmax(y)
    local xmin, xmax = minmax(lx)
    local _, slope = ols(lx, y)
    -- k > 0: y falls from hi to lo as compute grows
    local k = (slope <= 0 and 1 or -1) * 4 / math.max(xmax - xmin, 1e-8)
    if slope > 0 then lo, hi = hi, lo end
    local span = math.abs(hi - lo)
    return { { "lo", lo - (slope <= 0 and 0.05 or -0.05) * span }, { "hi", hi + (slope <= 0 and 0.05 or -0.05) * span },
             { "k", k }, { "m", mean(lx) } }
  end,
}

M.families.chinchilla = {
  name = "chinchilla",
  formula = "L ~ E + A / N^alpha + B / D^beta",
  params = { "E", "A", "B", "alpha", "beta" },
  -- Hoffmann et al. (2022), approach 3 estimates: a sensible start for LLM data
  start = function()
    return { { "E", 1.69 }, { "A", 406.4 }, { "B", 410.7 }, { "alpha", 0.34 }, { "beta", 0.28 } }
  end,
}

M.families.broken_power_law = {
  name = "broken_power_law",
  formula = "y ~ A * exp(-a1 * min(log(x / xb), 0) - a2 * max(log(x / xb), 0))",
  params = { "A", "xb", "a1", "a2" },
  start = function(args)
    local x, y = family_xy(args, "broken_power_law")
    local lx, ly = logs(x), logs(y)
    local order = {}
    for i = 1, #lx do order[i] = i end
    table.sort(order, function(i, j) return lx[i] < lx[j] end)
    local h = #order // 2
    local l1x, l1y, l2x, l2y = {}, {}, {}, {}
    for r, i in ipairs(order) do
      if r <= h then l1x[#l1x + 1] = lx[i]; l1y[#l1y + 1] = ly[i]
      else l2x[#l2x + 1] = lx[i]; l2y[#l2y + 1] = ly[i] end
    end
    local lxb = (lx[order[h]] + lx[order[h + 1]]) / 2
    local a1, s1 = ols(l1x, l1y)
    local _, s2 = ols(l2x, l2y)
    return { { "A", math.exp(a1 + s1 * lxb) }, { "xb", math.exp(lxb) }, { "a1", -s1 }, { "a2", -s2 } }
  end,
}

---------------------------------------------------------------------------------------
-- multistart (Hoffmann et al. 2022, approach 3)

local function ms_names(k)
  if k == 1 then return { "a", "e", "alpha" } end
  if k == 2 then return { "a", "b", "e", "alpha", "beta" } end
  local names = {}
  for j = 1, k do names[j] = "a" .. j end
  names[k + 1] = "e"
  for j = 1, k do names[k + 1 + j] = "alpha" .. j end
  return names
end

--- Cartesian product of a grid { name = {values...} } in parameter order, last fastest.
local function grid_starts(fname, grid, names)
  for key in pairs(grid) do
    local known = false
    for _, name in ipairs(names) do if name == key then known = true end end
    if not known then errorf("%s: 'grid' names an unknown parameter '%s' (parameters: %s)", fname,
      tostring(key), table.concat(names, ", ")) end
  end
  local axes = {}
  for j, name in ipairs(names) do
    local g = grid[name]
    if type(g) == "number" then g = { g } end
    if not is_array_of_numbers(g) or #g == 0 then
      errorf("%s: 'grid' needs a non-empty array of values for '%s'", fname, name)
    end
    axes[j] = g
  end
  local flat, idx = {}, {}
  for j = 1, #names do idx[j] = 1 end
  while true do
    for j = 1, #names do flat[#flat + 1] = axes[j][idx[j]] end
    local j = #names
    while j >= 1 do
      idx[j] = idx[j] + 1
      if idx[j] <= #axes[j] then break end
      idx[j] = 1
      j = j - 1
    end
    if j < 1 then break end
  end
  return flat
end

--- burden.fit.multistart{ x = N or {N, D}, y = L, grid = {...} or starts = {{...}}, delta = 1e-3 }
function M.multistart(args)
  local fname = "multistart"
  if type(args) ~= "table" then errorf("%s: expected a table of arguments, got %s", fname, type(args)) end
  options.check("fit.multistart", args, OPTS.multistart)
  at_most("fit.multistart", "maxiter",
    options.positive_integer("fit.multistart", "maxiter", args.maxiter), 1000000000)
  options.positive_integer("fit.multistart", "polish", args.polish, true)
  local threads = options.positive_integer("fit.multistart", "threads", args.threads) or 2
  at_most("fit.multistart", "threads", threads, 1024)
  local x = args.x
  local cols
  if is_array_of_numbers(x) or type(x) == "userdata" then
    cols = { column(fname, x, "x") }
  elseif type(x) == "table" and #x > 0 then
    cols = {}
    for k = 1, #x do cols[k] = column(fname, x[k], "x" .. k) end
  else
    errorf("%s: 'x' must be an array of numbers or an array of columns", fname)
  end
  if args.y == nil then errorf("%s: 'y' is required", fname) end
  local y = column(fname, args.y, "y")
  local k, n = #cols, #y
  for j = 1, k do
    if #cols[j] ~= n then errorf("%s: column %d of 'x' has %d values, 'y' has %d", fname, j, #cols[j], n) end
  end
  local names = ms_names(k)
  local np = #names
  local logx = {}
  for j = 1, k do
    for i = 1, n do
      if not (cols[j][i] > 0) then errorf("%s: x column %d has a non-positive value at row %d", fname, j, i) end
    end
    logx[j] = logs(cols[j])
  end
  for i = 1, n do
    if not (y[i] > 0) then errorf("%s: 'y' has a non-positive value at row %d", fname, i) end
  end
  local starts
  if args.starts ~= nil then
    starts = {}
    for s, row in ipairs(args.starts) do
      if not is_array_of_numbers(row) or #row ~= np then
        errorf("%s: start %d must have %d numbers (%s)", fname, s, np, table.concat(names, ", "))
      end
      for j = 1, np do starts[#starts + 1] = row[j] end
    end
  elseif args.grid ~= nil then
    if type(args.grid) ~= "table" then errorf("%s: 'grid' must be a table", fname) end
    starts = grid_starts(fname, args.grid, names)
  else
    errorf("%s: give 'grid' (values per parameter) or 'starts'", fname)
  end
  if #starts == 0 then errorf("%s: no starts", fname) end
  local delta = args.delta or 1e-3
  if type(delta) ~= "number" or not (delta > 0 and delta < math.huge) then
    errorf("%s: 'delta' must be a positive number, got %s", fname, tostring(delta))
  end
  local spec = { logx = logx, logy = logs(y), starts = starts, delta = delta, threads = threads,
                 maxiter = args.maxiter, gtol = args.gtol, ftol = args.ftol, step = args.step, linetol = args.linetol }
  local r = core.multistart(spec)
  local ns = #r.obj

  -- Polish: the cheap first pass stops at a loose tolerance (like scipy's L-BFGS-B
  -- defaults); the best few end points are minimised again to a tight tolerance.
  local order = {}
  for s = 1, ns do if r.stop[s] ~= "failed" then order[#order + 1] = s end end
  if #order == 0 then errorf("%s: every start failed", fname) end
  table.sort(order, function(i, j)
    if r.obj[i] ~= r.obj[j] then return r.obj[i] < r.obj[j] end
    return i < j
  end)
  local npolish = math.min(args.polish or 20, #order)
  if npolish > 0 then
    local again = {}
    for q = 1, npolish do
      for j = 1, np do again[#again + 1] = r.params[order[q]][j] end
    end
    local p2 = core.multistart{ logx = logx, logy = spec.logy, starts = again, delta = delta,
      threads = threads, maxiter = 5000, ftol = 1e-13, gtol = 1e-12, step = 0.01, linetol = 0.1 }
    for q = 1, npolish do
      local s = order[q]
      if p2.stop[q] ~= "failed" and p2.obj[q] <= r.obj[s] then
        r.params[s], r.obj[s], r.stop[s] = p2.params[q], p2.obj[q], p2.stop[q]
        r.iters[s] = r.iters[s] + p2.iters[q]
      end
    end
  end
  local best = nil
  for s = 1, ns do
    if r.stop[s] ~= "failed" and (best == nil or r.obj[s] < r.obj[best]) then best = s end
  end
  local tol = args.tol or 1e-4
  local fbest = r.obj[best]
  local nbest, nconv = 0, 0
  for s = 1, ns do
    if r.stop[s] ~= "failed" and r.obj[s] <= fbest + tol * math.abs(fbest) then nbest = nbest + 1 end
    if r.stop[s] ~= "failed" and r.stop[s] ~= "iteration limit" then nconv = nconv + 1 end
  end
  local coef = r.params[best]
  local res = {
    names = names, coef = coef, par = {}, objective = fbest, best = best,
    nstarts = ns, nbest = nbest, tol = tol, nconverged = nconv, delta = delta, n = n,
    stop = r.stop[best], iterations = r.iters[best],
  }
  for j, name in ipairs(names) do res.par[name] = coef[j] end
  -- the same law on the natural scale: L = E + sum_j A_j / X_j^alpha_j
  res.E = math.exp(coef[k + 1])
  res.A, res.alpha = {}, {}
  for j = 1, k do res.A[j] = math.exp(coef[j]); res.alpha[j] = coef[k + 1 + j] end
  if k == 2 then res.B, res.beta = res.A[2], res.alpha[2] end
  if args.keep then res.runs = r end
  function res.predict(new)
    local c = is_array_of_numbers(new) and { new } or new
    local out = {}
    for i = 1, #c[1] do
      local v = res.E
      for j = 1, k do v = v + res.A[j] / c[j][i] ^ res.alpha[j] end
      out[i] = v
    end
    return out
  end
  return res
end

--- The multistart objective and its gradient at p (for checks): objective{ x =, y =, delta = }, p
function M.multistart_objective(args, p)
  options.check("fit.multistart_objective", args, OPTS.multistart_objective)
  local x = args.x
  local cols = (is_array_of_numbers(x)) and { x } or x
  local logx = {}
  for j = 1, #cols do logx[j] = logs(column("objective", cols[j], "x" .. j)) end
  return core.objective({ logx = logx, logy = logs(column("objective", args.y, "y")), delta = args.delta or 1e-3 }, p)
end

return M
