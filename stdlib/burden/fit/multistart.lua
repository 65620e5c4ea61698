--- burden.fit.multistart: scaling-law families (power law, exponential, logistic,
-- Chinchilla, broken power law) and robust multi-start fitting of them. Its public
-- functions (families, multistart, multistart_objective) are re-exported by
-- burden.fit.nls, so burden.fit has them too.
local core = require "burden.core.nls"
local formula = require "burden.fit.nlformula"
local options = require "burden.options"
local nlargs = require "burden.fit.nlargs"

local INF, errorf, at_most = nlargs.INF, nlargs.errorf, nlargs.at_most
local is_array_of_numbers, column, data_column = nlargs.is_array_of_numbers, nlargs.column,
  nlargs.data_column

local M = {}

-- The options each function accepts (burden.options rejects any other key).
local OPTS = {
  multistart = { "x", "y", "grid", "starts", "delta", "threads", "maxiter", "gtol", "ftol", "step",
    "linetol", "polish", "tol", "keep" },
  multistart_objective = { "x", "y", "delta" },
}

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

--- The default start of the family of each argument table of burden.fit.nls (its batch
-- of fits, in one call): for each, { true, start } or { false, message } from
-- family.start(args), or { true } when the model is no family or args.start is given.
function M.starts(list)
  local out = {}
  for i, args in ipairs(list) do
    local family = args.model
    if type(family) == "table" and family.formula and args.start == nil then
      out[i] = { pcall(family.start, args) }
    else
      out[i] = { true }
    end
  end
  return out
end

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
  local x = args.x
  local cols = (is_array_of_numbers(x)) and { x } or x
  local logx = {}
  for j = 1, #cols do logx[j] = logs(column("objective", cols[j], "x" .. j)) end
  return core.objective({ logx = logx, logy = logs(column("objective", args.y, "y")), delta = args.delta or 1e-3 }, p)
end

-- the options burden.fit's wrappers check (burden.options.wrap)
options.declare(M.multistart, { name = "fit.multistart", options = OPTS.multistart,
  keys_only = true })
options.declare(M.multistart_objective, { name = "fit.multistart_objective",
  options = OPTS.multistart_objective })

return M
