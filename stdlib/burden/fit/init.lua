--- burden.fit: linear models with full inference, robust fits, bootstrap and model
-- comparison (this file), plus the nonlinear fits of burden.fit.nls when present.
local core = require "burden.core.lm"
local vector = require "burden.core.vector"
local formula = require "burden.fit.formula"
local design = require "burden.fit.design"
local lm = require "burden.fit.lm"
local options = require "burden.options"

local fit = {}

-- The options each function accepts (burden.options rejects any other key).
local OPTS = {
  ols = { "x", "y", "weights", "intercept", "solver", "names", "cluster", "use_t" },
  lm = { "weights", "solver", "ref", "invalid", "cluster", "use_t" },
  robust = { "method", "tune", "maxiter", "ref", "invalid" },
  robust_ols = { "x", "y", "weights", "intercept", "solver", "names", "method", "tune", "maxiter" },
  cv = { "data", "formula", "k", "seed", "opts" },
  backtest = { "data", "formula", "time", "at", "opts" },
}
fit.OPTIONS = OPTS

-- ---------------------------------------------------------------------------------------
-- helpers

local function is_column(x)
  return vector.is(x) or type(x) == "table"
end

-- A design to a model (the checks every fit makes, then the fit), and core errors
-- rewritten with names: both live with the model in burden.fit.lm.
local do_fit, core_error = lm.fit_design, lm.core_error

-- Columns of a vector or array with missing values removed in every column at once.
local function drop_missing(y, xs, w)
  local cols = { y }
  for _, c in ipairs(xs) do cols[#cols + 1] = c end
  if w then cols[#cols + 1] = w end
  local any = false
  for _, c in ipairs(cols) do
    if vector.is(c) and c:nmissing() > 0 then any = true end
  end
  if not any then return y, xs, w, 0, nil end
  local n = #y
  local keep = {}
  local dropped = 0
  for i = 1, n do
    local ok = true
    for _, c in ipairs(cols) do if c[i] == nil then ok = false; break end end
    if ok then keep[#keep + 1] = i else dropped = dropped + 1 end
  end
  local function sub(c)
    if not c then return nil end
    local out = {}
    for k, i in ipairs(keep) do out[k] = c[i] end
    return out
  end
  local nx = {}
  for j, c in ipairs(xs) do nx[j] = sub(c) end
  return sub(y), nx, sub(w), dropped, keep
end

-- Cluster numbers 1..G (in order of first appearance) of the rows a fit uses: row k of
-- the fit is row rows[k] (or k) of the input, whose cluster value get(i) returns. A
-- missing value is an error naming `what` and the row; clusters are compared by value.
local function cluster_ids(fname, what, get, rows, n)
  local ids, seen, G = {}, {}, 0
  for k = 1, n do
    local i = rows and rows[k] or k
    local v = get(i)
    if v == nil or v == "" or v ~= v then
      error(string.format("%s: missing cluster value in %s at row %d", fname, what, i), 0)
    end
    if type(v) ~= "string" and type(v) ~= "number" and type(v) ~= "boolean" then
      error(string.format("%s: cluster value in %s at row %d is a %s (string or number expected)",
        fname, what, i, type(v)), 0)
    end
    local id = seen[v]
    if not id then G = G + 1; id = G; seen[v] = id end
    ids[k] = id
  end
  return ids
end

local function check_use_t(fname, v)
  if v ~= nil and type(v) ~= "boolean" then
    error(string.format("bad argument #1 to '%s' (use_t: boolean expected, got %s)", fname, type(v)), 0)
  end
end

-- ---------------------------------------------------------------------------------------
-- ols{ x = xs, y = ys [, weights = w, intercept = true, solver = "qr"|"svd"] }

local function ols_design(args, fname)
  if type(args) ~= "table" then
    error(string.format("bad argument #1 to '%s' (table with x and y expected)", fname), 3)
  end
  -- fit.ols's keys are checked by its wrapper; robust's here, as it takes two forms
  if fname == "robust" then options.check("fit.robust", args, OPTS.robust_ols) end
  local x, y = args.x, args.y
  if not is_column(y) then error(string.format("bad argument #1 to '%s' (y: array or vector expected)", fname), 3) end
  if not is_column(x) then error(string.format("bad argument #1 to '%s' (x: array, vector or array of columns expected)", fname), 3) end
  local xs
  if vector.is(x) or type(x[1]) == "number" or (#x == 0) then xs = { x } else xs = x end
  local names = {}
  for j = 1, #xs do
    if not is_column(xs[j]) then
      error(string.format("bad argument #1 to '%s' (x[%d]: array or vector expected)", fname, j), 3)
    end
    if #xs[j] ~= #y then
      error(string.format("%s: x%s has %d values, y has %d", fname, #xs == 1 and "" or "[" .. j .. "]", #xs[j], #y), 3)
    end
    names[j] = #xs == 1 and "x" or ("x" .. j)
  end
  if args.names then names = args.names end
  local w = args.weights
  if w ~= nil and not is_column(w) then error(string.format("bad argument #1 to '%s' (weights: array or vector expected)", fname), 3) end
  local intercept = args.intercept
  if intercept == nil then intercept = true end
  local yy, xx, ww, dropped, rows = drop_missing(y, xs, w)
  local cl = args.cluster
  if cl ~= nil then
    if not is_column(cl) then error(string.format("bad argument #1 to '%s' (cluster: array expected)", fname), 3) end
    if #cl ~= #y then error(string.format("%s: cluster has %d values, y has %d", fname, #cl, #y), 3) end
    cl = cluster_ids(fname, "cluster", function(i) return cl[i] end, rows, #yy)
  end
  check_use_t(fname, args.use_t)
  if args.use_t ~= nil and cl == nil then error(string.format("%s: use_t needs cluster", fname), 3) end
  return { y = yy, columns = xx, names = names, intercept = intercept, weights = ww,
           solver = args.solver, n = #yy, n_dropped = dropped, rows = rows, response = "y",
           call = fname, cluster = cl, use_t = args.use_t, nrow_input = #y }
end

function fit.ols(args)
  local d = ols_design(args, "ols")
  return do_fit("ols", d)
end

-- ---------------------------------------------------------------------------------------
-- lm(data, formula [, opts])  opts: weights (column name or array), solver, ref, invalid

local function lm_design(data, text, opts, fname)
  if type(text) ~= "string" then
    error(string.format("bad argument #2 to '%s' (formula expected, got %s)", fname, type(text)), 3)
  end
  -- fit.lm's options are checked by its wrapper; robust's here, as it takes two forms
  if fname == "robust" and opts ~= nil then options.check("fit.robust", opts, OPTS.robust, 3) end
  opts = opts or {}
  local f = formula.parse(text, fname)
  local ev = design.evaluate(f, data, opts)
  local weights
  if opts.weights ~= nil then
    local w = opts.weights
    if type(w) == "string" then
      w = ev.source.col(w)
      if w == nil then error(string.format("%s: unknown weights column '%s'", fname, opts.weights), 0) end
    end
    -- a row with a missing weight is dropped like any other missing value
    local keep, dropped = {}, 0
    weights = {}
    for k, i in ipairs(ev.rows) do
      local v = w[i]
      if v == nil then
        dropped = dropped + 1
      elseif type(v) ~= "number" then
        error(string.format("%s: weight at row %d is %s", fname, i, type(v)), 0)
      else
        keep[#keep + 1] = k
        weights[#weights + 1] = v
      end
    end
    if dropped > 0 then
      local function sub(c) local o = {}; for j, k in ipairs(keep) do o[j] = c[k] end; return o end
      ev.y, ev.rows = sub(ev.y), sub(ev.rows)
      for j, c in ipairs(ev.columns) do ev.columns[j] = sub(c) end
      ev.n, ev.n_dropped = #ev.rows, ev.n_dropped + dropped
    end
  end
  local cluster, cluster_name
  if opts.cluster ~= nil then
    local c = opts.cluster
    if type(c) == "string" then
      cluster_name = c
      c = ev.source.col(c)
      if c == nil then error(string.format("%s: unknown cluster column '%s'", fname, opts.cluster), 0) end
    elseif not is_column(c) then
      error(string.format("bad argument #3 to '%s' (cluster: column name or array expected)", fname), 0)
    elseif #c ~= ev.nrow_input then
      error(string.format("%s: cluster has %d values, the data %d rows", fname, #c, ev.nrow_input), 0)
    end
    cluster = cluster_ids(fname, cluster_name and ("column '" .. cluster_name .. "'") or "cluster",
      function(i) return c[i] end, ev.rows, ev.n)
  end
  check_use_t(fname, opts.use_t)
  if opts.use_t ~= nil and cluster == nil then error(string.format("%s: use_t needs cluster", fname), 0) end
  local d = {
    y = ev.y, columns = ev.columns, names = ev.names, intercept = ev.intercept, weights = weights,
    solver = opts.solver, n = ev.n, n_dropped = ev.n_dropped, n_invalid = ev.n_invalid,
    rows = ev.rows, response = ev.response, call = fname .. "(" .. text .. ")", formula = text,
    numeric_only = ev.numeric_only, cluster = cluster, cluster_name = cluster_name, use_t = opts.use_t,
    nrow_input = ev.nrow_input,
  }
  return d, f, ev, opts
end

function fit.lm(data, text, opts)
  local d, f, ev, o = lm_design(data, text, opts, "lm")
  -- the data, for bootstrap{ model = m, cluster = "column" }; new data's design rows
  local m
  m = do_fit("lm", d, " in '" .. text .. "'", { source = data,
    newdesign = function(newdata) return design.new_rows(f, newdata, o, ev, m.p) end })
  rawset(m, "formula", f.text)
  rawset(m, "factors", ev.factors)
  return m
end

--- m:with_cluster(cluster [, { use_t = }]): the same fit with the cluster-robust
-- covariance. cluster: one value per row of the data the model was fitted on, or a
-- column name of that data (models of burden.fit.lm).
function lm.Model.with_cluster(self, cluster, opts)
  local pv = lm.private(self)
  local d = pv and pv.design
  if not d then error("bad argument #1 to 'with_cluster' (a burden.fit.lm or ols result expected)", 2) end
  opts = opts or {}
  if type(opts) ~= "table" then error("bad argument #2 to 'with_cluster' (table of options expected)", 2) end
  options.check("with_cluster", opts, { "use_t" }, 2)
  check_use_t("with_cluster", opts.use_t)
  local c, name = cluster, nil
  if type(c) == "string" then
    local src = pv.source
    if not src then error(string.format("with_cluster: cluster '%s' needs a model fitted by burden.fit.lm " ..
      "(give ols models an array)", c), 2) end
    name, c = c, design.source(src, "with_cluster").col(c)
    if c == nil then error(string.format("with_cluster: unknown cluster column '%s'", name), 2) end
  elseif not is_column(c) then
    error("bad argument #1 to 'with_cluster' (cluster: column name or array expected)", 2)
  elseif d.nrow_input and #c ~= d.nrow_input then
    error(string.format("with_cluster: cluster has %d values, the data %d rows", #c, d.nrow_input), 2)
  end
  local ids = cluster_ids("with_cluster", name and ("column '" .. name .. "'") or "cluster",
    function(i) return c[i] end, d.rows, #d.y)
  local m = lm.refit_clustered(self, ids, name, opts.use_t) -- (no tail call: errors name this call)
  return m
end

-- ---------------------------------------------------------------------------------------
-- comparison: table, anova, cross-validation, backtest

local Compare = {}
Compare.__index = Compare

--- compare{ m1, m2, ... } or compare{ name1 = m1, ... }: AIC, BIC, R^2, sigma side by side.
function fit.compare(models)
  if type(models) ~= "table" then error("bad argument #1 to 'compare' (table of models expected)", 2) end
  local list = {}
  for i, m in ipairs(models) do list[#list + 1] = { name = m.call or ("model " .. i), model = m } end
  local keys = {}
  for k in pairs(models) do if type(k) == "string" then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do list[#list + 1] = { name = k, model = models[k] } end
  -- AIC and BIC compare fits of the same response on the same rows only
  for _, e in ipairs(list) do
    local a, b = list[1].model, e.model
    if type(b) ~= "table" or not b.loglik then
      error("bad argument #1 to 'compare' (linear models expected)", 2)
    end
    local da, db = lm.private(a).design, lm.private(b).design
    local ra, rb = da and da.response, db and db.response
    if ra ~= rb or a.n ~= b.n then
      error(string.format("compare: '%s' and '%s' are not fits of the same response on the same rows " ..
        "(%s on %d rows, %s on %d rows)", list[1].name, e.name, tostring(ra), a.n, tostring(rb), b.n), 2)
    end
  end
  local rows = {}
  for i, e in ipairs(list) do
    local m = e.model
    rows[i] = { name = e.name, n = m.n, k = m.rank, df = m.df, sigma = m.sigma, r2 = m.r2,
                adj_r2 = m.adj_r2, loglik = m.loglik, aic = m.aic, bic = m.bic }
  end
  return setmetatable({ rows = rows }, Compare)
end

function Compare:__tostring()
  local w = 5
  for _, r in ipairs(self.rows) do w = math.max(w, #r.name) end
  local out = { string.format("%-" .. w .. "s %7s %4s %12s %9s %9s %12s %12s %12s", "model", "n", "k",
    "sigma", "R2", "adj R2", "logLik", "AIC", "BIC") }
  for _, r in ipairs(self.rows) do
    out[#out + 1] = string.format("%-" .. w .. "s %7d %4d %12.6g %9.6f %9.6f %12.6g %12.6g %12.6g", r.name,
      r.n, r.k, r.sigma, r.r2, r.adj_r2, r.loglik, r.aic, r.bic)
  end
  return table.concat(out, "\n")
end

--- anova(small, big): F test that the extra terms of the bigger nested model are zero.
function fit.anova(small, big)
  if type(small) ~= "table" or type(big) ~= "table" or not small.rss or not big.rss then
    error("bad argument to 'anova' (two linear models expected)", 2)
  end
  if small.n ~= big.n then
    error(string.format("anova: the models were fitted on different rows (%d and %d)", small.n, big.n), 2)
  end
  if small.df <= big.df then small, big = big, small end
  local ddf = small.df - big.df
  if ddf <= 0 then error("anova: the models have the same number of coefficients", 2) end
  local f = ((small.rss - big.rss) / ddf) / (big.rss / big.df)
  return { f = f, df1 = ddf, df2 = big.df, pvalue = core.pf_upper(f, ddf, big.df),
           rss_small = small.rss, rss_big = big.rss, df_small = small.df, df_big = big.df }
end

local function take_rows(data, rows)
  return design.subset(data, rows, "cv")
end

local function nrow_of(data)
  return design.nrow(data, "cv")
end

-- Prediction error on held-out rows: the response evaluated through the formula.
local function score(m, data, text)
  local f = formula.parse(text, "cv")
  local ev = design.evaluate(f, data, {})
  local pr = m:predict{ newdata = data }
  local sse, sae, n = 0, 0, 0
  local errs = {}
  for k, i in ipairs(ev.rows) do
    local e = ev.y[k] - pr.fit[i]
    if e == e then
      sse, sae, n = sse + e * e, sae + math.abs(e), n + 1
      errs[#errs + 1] = e
    end
  end
  return sse, sae, n, errs
end

--- cv{ data =, formula =, k = 10 | "loo", seed = } -> { rmse, mae, mse, n, k }
-- Leave-one-out uses the exact identity e_i / (1 - h_i) (PRESS) for least squares.
function fit.cv(args)
  if type(args) ~= "table" or type(args.formula) ~= "string" or args.data == nil then
    error("bad argument #1 to 'cv' (table with data and formula expected)", 2)
  end
  local k = args.k or 10
  if k == "loo" then
    local m = fit.lm(args.data, args.formula, args.opts)
    local sse, sae = 0, 0
    local lev, res = m.leverage, m.residuals
    for i = 1, m.n do
      local e = res[i] / (1 - lev[i])
      sse, sae = sse + e * e, sae + math.abs(e)
    end
    return { k = "loo", n = m.n, mse = sse / m.n, rmse = math.sqrt(sse / m.n), mae = sae / m.n, press = sse }
  end
  if math.type(k) ~= "integer" or k < 2 then error("bad argument #1 to 'cv' (k: integer >= 2 or 'loo')", 2) end
  local n = nrow_of(args.data)
  -- a fixed permutation from the seed, then folds of consecutive positions
  local idx = core.boot_permutation(args.seed or require("burden.core.runtime").seed(), n)
  local sse, sae, cnt = 0, 0, 0
  for fold = 1, k do
    local train, test = {}, {}
    for pos = 1, n do
      if (pos - 1) % k == fold - 1 then test[#test + 1] = idx[pos] else train[#train + 1] = idx[pos] end
    end
    table.sort(train); table.sort(test)
    local m = fit.lm((take_rows(args.data, train)), args.formula, args.opts)
    local a, b, c = score(m, (take_rows(args.data, test)), args.formula)
    sse, sae, cnt = sse + a, sae + b, cnt + c
  end
  return { k = k, n = cnt, mse = sse / cnt, rmse = math.sqrt(sse / cnt), mae = sae / cnt }
end

--- backtest{ data =, formula =, time = "year", at = Y }: fit on rows with time <= Y,
-- score on rows after Y. -> { model, n_train, n_test, rmse, mae, bias, errors }
function fit.backtest(args)
  if type(args) ~= "table" or type(args.formula) ~= "string" or type(args.time) ~= "string"
      or type(args.at) ~= "number" then
    error("bad argument #1 to 'backtest' (table with data, formula, time (column) and at (number) expected)", 2)
  end
  local src = design.source(args.data, "backtest")
  local tcol = src.col(args.time)
  if tcol == nil then
    local hint = design.suggest(args.time, src.names)
    error(string.format("backtest: unknown time column '%s'%s", args.time,
      hint and string.format(" (did you mean '%s'?)", hint) or ""), 2)
  end
  local n = nrow_of(args.data)
  local train, test = {}, {}
  for i = 1, n do
    local t = tcol[i]
    if type(t) == "number" then
      if t <= args.at then train[#train + 1] = i else test[#test + 1] = i end
    end
  end
  if #test == 0 then error(string.format("backtest: no rows after %s = %g", args.time, args.at), 2) end
  local m = fit.lm((take_rows(args.data, train)), args.formula, args.opts)
  local sse, sae, cnt, errs = score(m, (take_rows(args.data, test)), args.formula)
  local bias = 0
  for _, e in ipairs(errs) do bias = bias + e end
  return { model = m, at = args.at, n_train = m.n, n_test = cnt, rmse = math.sqrt(sse / cnt),
           mae = sae / cnt, bias = bias / cnt, errors = errs }
end

--- Quantile p of sorted values, as R's quantile() takes it by default (type 7); nil for
-- no values.
function fit.quantile(sorted, p)
  local n = #sorted
  if n == 0 then return nil end
  local h = (n - 1) * p + 1
  local lo = math.floor(h)
  local hi = math.min(lo + 1, n)
  local a, b = sorted[lo], sorted[hi]
  if a == b then return a end
  return a + (h - lo) * (b - a)
end

--- Quantiles ps of each array of sorted values, as fit.quantile takes them:
-- out[c][k] = quantile(columns[c], ps[k]) (the intervals of a table of bootstrap draws in
-- one call).
function fit.quantiles(columns, ps)
  if type(columns) ~= "table" or type(ps) ~= "table" then
    error("bad argument to 'quantiles' (an array of sorted arrays and an array of probabilities expected)", 2)
  end
  local out = {}
  for c, sorted in ipairs(columns) do
    local q = {}
    for k, p in ipairs(ps) do q[k] = fit.quantile(sorted, p) end
    out[c] = q
  end
  return out
end

-- ---------------------------------------------------------------------------------------
-- robust and bootstrap live in their own files

require("burden.fit.robust")(fit, { ols_design = ols_design, lm_design = lm_design, core_error = core_error })
-- the options each public function's wrapper checks (burden.options.wrap), by name
local SPECS = {
  ols = { name = "fit.ols", options = OPTS.ols, keys_only = true },
  lm = { name = "fit.lm", options = OPTS.lm, arg = 3 },
  cv = { name = "fit.cv", options = OPTS.cv, keys_only = true },
  backtest = { name = "fit.backtest", options = OPTS.backtest, keys_only = true },
}
require("burden.fit.bootstrap")(fit, { ols_design = ols_design, cluster_ids = cluster_ids,
  specs = SPECS })

-- ---------------------------------------------------------------------------------------
-- the nonlinear half, when it is built

do
  local ok, nls = pcall(require, "burden.fit.nls")
  if ok then
    if type(nls) == "table" then
      local names = {}
      for k in pairs(nls) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do
        if type(k) == "string" and k:sub(1, 1) ~= "_" and fit[k] == nil then fit[k] = nls[k] end
      end
    elseif type(nls) == "function" then
      fit.nls = nls
    end
  elseif not tostring(nls):find("module 'burden.fit.nls' not found", 1, true) then
    error(nls, 0)
  end
end

-- Every public function reports its errors at the caller's line, never at a line of the
-- stdlib ("script.lua:12: lm: unknown column 'x' ..."); the wrappers check the options of
-- SPECS, and of the nonlinear half's functions as burden.fit.nls declares them.
do
  local names = {}
  for k, v in pairs(fit) do
    if type(v) == "function" then names[#names + 1] = k end
  end
  table.sort(names)
  options.wrap_all(fit, names, SPECS)
end

return fit
