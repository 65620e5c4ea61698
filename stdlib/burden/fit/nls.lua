--- burden.fit.nls: nonlinear least squares, scaling-law families and robust
-- multi-start fitting. Its public functions (nls, families, multistart) are
-- merged into burden.fit; require "burden.fit.nls" reaches them directly.
local core = require "burden.core.nls"
local formula = require "burden.fit.nlformula"

local M = {}

local nlargs = require "burden.fit.nlargs"

local INF, errorf, at_most = nlargs.INF, nlargs.errorf, nlargs.at_most
local is_array_of_numbers, column, data_column = nlargs.is_array_of_numbers, nlargs.column,
  nlargs.data_column

local options = require "burden.options"
local multistart = require "burden.fit.multistart"

-- The options each function accepts (burden.options rejects any other key).
local OPTS = {
  nls = { "model", "x", "y", "data", "start", "lower", "upper", "weights", "accel", "maxiter",
    "xtol", "gtol", "ftol", "jacobian", "xname" },
}

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
local function prepare_formula(fname, f, ids, args, start_names, nstart)
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

-- Parsed formulas ({ f, ids }) by model text, and their compiled programs by model text and
-- names: a hypothesis refits one model many times (resamples, held-out years), and
-- parsing, differentiating and compiling it again for each fit is wasted work. Bounded:
-- cleared when it holds many models.
local cache, ncached = { parsed = {}, compiled = {} }, 0

local function parse(model, fname)
  local hit = cache.parsed[model]
  if hit then return hit.f, hit.ids end
  local f = formula.parse(model, fname)
  local ids = formula.names(f.rhs)
  if ncached >= 200 then cache, ncached = { parsed = {}, compiled = {} }, 0 end
  cache.parsed[model], ncached = { f = f, ids = ids }, ncached + 1
  return f, ids
end

-- The model's program and, with jacobian, one per parameter for its derivative.
local function compile(model, f, vars, params, jacobian)
  local key = table.concat({ model, table.concat(vars, "\0"), table.concat(params, "\0"),
    jacobian and "j" or "" }, "\1")
  local hit = cache.compiled[key]
  if hit then return hit.prog, hit.jacprogs end
  local pmap, vmap = index_map(params), index_map(vars)
  local prog, jp = formula.compile(f.rhs, vmap, pmap), nil
  if jacobian then
    jp = {}
    for j, p in ipairs(params) do jp[j] = formula.compile(formula.derivative(f.rhs, p), vmap, pmap) end
  end
  if ncached >= 200 then cache, ncached = { parsed = {}, compiled = {} }, 0 end
  cache.compiled[key], ncached = { prog = prog, jacprogs = jp }, ncached + 1
  return prog, jp
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

-- The checks of an argument table after its keys: maxiter in range.
local function check_maxiter(args)
  if args.maxiter ~= nil then
    at_most("fit.nls", "maxiter", options.positive_integer("fit.nls", "maxiter", args.maxiter),
      1000000000)
  end
end

-- The fit of an argument table whose keys and maxiter are checked; `start` is args.start
-- or, for a family without one, the family's default start (family.start(args)).
local function fit_checked(args, start)
  local fname = "nls"
  local model = args.model
  local family = model_source(args)
  if family then model = family.formula end
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
    local f, ids = parse(model, fname)
    local params, vars, cols
    params, vars, cols, y = prepare_formula(fname, f, ids, args, start_names, #start_values)
    names = params
    opts.prog, opts.jacprogs = compile(model, f, vars, params, args.jacobian ~= "fd")
    opts.cols = cols
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

--- burden.fit.nls{ model =, x =, y = | data =, start =, lower =, upper =, weights =, accel = }
function M.nls(args)
  if type(args) ~= "table" then errorf("%s: expected a table of arguments, got %s", "nls", type(args)) end
  check_maxiter(args)
  local family, start = model_source(args), args.start
  if family and start == nil then start = family.start(args) end
  return fit_checked(args, start)
end

--- burden.fit.nls_each(list): fit.nls for each argument table of an array in one call
-- (a hypothesis's held-out refits): their keys are checked once for all
-- (burden.options.check_each) and the default starts of their families made in one call
-- (burden.fit.multistart.starts), so the calls out of this file do not grow with the
-- number of fits. An array with, for each, { true, fit } or { false, message }: the fit
-- fit.nls returns, or the message it raises.
function M.nls_each(list)
  if type(list) ~= "table" then
    errorf("nls_each: expected an array of argument tables, got %s", type(list))
  end
  for i, args in ipairs(list) do
    if type(args) ~= "table" then
      errorf("nls_each: fit %d: expected a table of arguments, got %s", i, type(args))
    end
  end
  options.check_each("fit.nls_each: fit %d", list, OPTS.nls)
  local starts = {}
  for _, args in ipairs(list) do
    if model_source(args) and args.start == nil then starts = multistart.starts(list); break end
  end
  local out = {}
  for i, args in ipairs(list) do
    local s = starts[i] or { true }
    out[i] = { pcall(function()
      check_maxiter(args)
      if not s[1] then error(s[2], 0) end -- the family's start failed, as in M.nls
      return fit_checked(args, args.start or s[2])
    end) }
  end
  return out
end

-- The scaling-law families and multi-start fitting live in burden.fit.multistart; they
-- are public here as before (and so in burden.fit).
M.families = multistart.families
M.multistart = multistart.multistart
M.multistart_objective = multistart.multistart_objective

-- the options burden.fit's wrapper of nls checks (burden.options.wrap)
options.declare(M.nls, { name = "fit.nls", options = OPTS.nls, keys_only = true })

return M
