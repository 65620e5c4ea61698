--- burden.fit.bootstrap: case and residual resampling, percentile and BCa intervals.
--
-- Resample b always draws its rows from the random stream (seed, b) of
-- burden.core.lm (the same in the C fast path and in Lua), so a result depends
-- on the seed only, never on the number of threads.
local core = require "burden.core.lm"
local runtime = require "burden.core.runtime"
local design = require "burden.fit.design"
local lm = require "burden.fit.lm"
local options = require "burden.options"

-- The options of fit.bootstrap (burden.options rejects any other key).
local OPTS = { "model", "data", "statistic", "target", "method", "B", "seed", "level", "bca",
  "threads", "cluster" }

-- The alpha quantile of sorted values as R's boot package takes it (norm.inter, Davison
-- and Hinkley 1997, eq. 5.8): the order statistic (B + 1) alpha, interpolated on the
-- normal-quantile scale between neighbours; the extremes outside 1..B.
local function quantile(sorted, alpha)
  local B = #sorted
  if B == 0 then return 0 / 0 end
  local rk = (B + 1) * alpha
  local k = math.floor(rk)
  if k == rk and k >= 1 and k <= B then return sorted[k] end
  if k <= 0 then return sorted[1] end
  if k >= B then return sorted[B] end
  local z = core.qnorm(alpha)
  local z1, z2 = core.qnorm(k / (B + 1)), core.qnorm((k + 1) / (B + 1))
  return sorted[k] + (z - z1) / (z2 - z1) * (sorted[k + 1] - sorted[k])
end

-- Intervals and summaries of one component: values t (may hold NaN), t0, jackknife values.
local function summarize(t, t0, jack, level)
  local s, sum = {}, 0
  for _, v in ipairs(t) do
    if v == v then s[#s + 1] = v; sum = sum + v end
  end
  table.sort(s)
  local B = #s
  local mean = sum / B
  local ss = 0
  for _, v in ipairs(s) do ss = ss + (v - mean) ^ 2 end
  local alpha = (1 - level) / 2
  local out = {
    t0 = t0, mean = mean, bias = mean - t0, se = math.sqrt(ss / (B - 1)), n_ok = B,
    percentile = { quantile(s, alpha), quantile(s, 1 - alpha) },
  }
  if jack then
    local below = 0
    for _, v in ipairs(s) do if v < t0 then below = below + 1 end end
    local z0 = core.qnorm(below / B)
    local jm, nj = 0, 0
    for _, v in ipairs(jack) do if v == v then jm = jm + v; nj = nj + 1 end end
    jm = jm / nj
    local num, den = 0, 0
    for _, v in ipairs(jack) do
      if v == v then
        local L = jm - v
        num, den = num + L ^ 3, den + L ^ 2
      end
    end
    local a = den > 0 and num / (6 * den ^ 1.5) or 0
    out.z0, out.acceleration = z0, a
    out.jackknife = jack
    if z0 == z0 and z0 > -math.huge and z0 < math.huge then
      local function adj(q)
        local z = core.qnorm(q)
        return core.pnorm(z0 + (z0 + z) / (1 - a * (z0 + z)))
      end
      out.bca = { quantile(s, adj(alpha)), quantile(s, adj(1 - alpha)) }
    else
      out.bca = { 0 / 0, 0 / 0 } -- every resample on one side of t0
    end
  end
  return out
end

local function progress_reporter(B)
  if not runtime.isatty(2) then return nil end
  local start, last = runtime.clock(), nil
  return function(b, done)
    local now = runtime.clock()
    if now - start < 2 then return end
    if done then
      if last then io.stderr:write("\n") end
      return
    end
    if not last or now - last > 0.25 then
      last = now
      io.stderr:write(string.format("\rbootstrap: %d/%d resamples", b, B))
      io.stderr:flush()
    end
  end
end

-- Assembles the result from component summaries.
local function result(args, t, width, t0, jack, B, level, extra)
  local res = { B = B, level = level, seed = args.seed, method = args.method, t = t, t0 = t0 }
  for k, v in pairs(extra or {}) do res[k] = v end
  local comps = {}
  for j = 1, width do
    local tj, jj = t, nil -- one component: t itself (summarize does not change it)
    if width > 1 then
      tj = {}
      for b = 1, B do tj[b] = t[(b - 1) * width + j] end
    end
    if jack then
      jj = {}
      for i = 1, #jack // width do jj[i] = jack[(i - 1) * width + j] end
    end
    comps[j] = summarize(tj, width == 1 and t0 or t0[j], jj, level)
  end
  if width == 1 then
    local c = comps[1]
    res.t = t
    res.se, res.bias, res.mean, res.n_failed = c.se, c.bias, c.mean, B - c.n_ok
    res.percentile = { lwr = c.percentile[1], upr = c.percentile[2] }
    if c.bca then
      res.bca = { lwr = c.bca[1], upr = c.bca[2] }
      res.z0, res.acceleration, res.jackknife = c.z0, c.acceleration, c.jackknife
    end
  else
    local tt = {}
    for b = 1, B do
      local row = {}
      for j = 1, width do row[j] = t[(b - 1) * width + j] end
      tt[b] = row
    end
    res.t = tt
    res.se, res.bias, res.mean = {}, {}, {}
    res.percentile = { lwr = {}, upr = {} }
    if jack then res.bca = { lwr = {}, upr = {} } end
    local worst = 0
    for j, c in ipairs(comps) do
      res.se[j], res.bias[j], res.mean[j] = c.se, c.bias, c.mean
      res.percentile.lwr[j], res.percentile.upr[j] = c.percentile[1], c.percentile[2]
      if jack then res.bca.lwr[j], res.bca.upr[j] = c.bca[1], c.bca[2] end
      worst = math.max(worst, B - c.n_ok)
    end
    res.n_failed = worst
  end
  return res
end

-- Leave-one-out values of the coefficients (flat, n x p) or of the inverse prediction
-- (n) without n refits: beta_(i) = beta - C x_i w_i e_i / (1 - h_i), C = (X'WX)^-1,
-- exact for least squares. NaN where h_i = 1 or the model is rank deficient.
local function jackknife(m, stat, target)
  local pv = lm.private(m)
  local d, raw = pv.design, pv.raw
  local p, n = m.p, #d.y
  local res, lev = m.residuals, m.leverage
  local b, C = m.coef, raw.cov
  local out = {}
  local width = stat == "inverse" and 1 or p
  for i = 1, n do
    local x = design.row(d.intercept, d.columns, i)
    local w = d.weights and d.weights[i] or 1
    local scale = w * res[i] / (1 - lev[i])
    local bi = {}
    for a = 1, p do
      local u = 0
      for c = 1, p do u = u + C[(a - 1) * p + c] * x[c] end
      bi[a] = b[a] - u * scale
    end
    if #m.aliased > 0 or not (lev[i] < 1) then
      for a = 1, p do bi[a] = 0 / 0 end
    end
    if stat == "inverse" then
      out[i] = (target - bi[1]) / bi[2]
    else
      for a = 1, p do out[(i - 1) * width + a] = bi[a] end
    end
  end
  return out
end

-- Rows of each cluster, in row order: members[g] = { rows of cluster g }.
local function cluster_members(ids)
  local members = {}
  for i, g in ipairs(ids) do
    local mm = members[g]
    if not mm then mm = {}; members[g] = mm end
    mm[#mm + 1] = i
  end
  return members
end

-- The rows of resample b when resampling clusters: G cluster numbers from the stream
-- (seed, b), then every row of each drawn cluster (as the C path does).
local function cluster_rows(seed, b, members)
  local idx = {}
  for _, g in ipairs(core.boot_indices(seed, b, #members)) do
    table.move(members[g], 1, #members[g], #idx + 1, idx)
  end
  return idx
end

-- Every row but those of cluster g: the delete-one-cluster jackknife.
local function without_cluster(members, g, n)
  local drop, idx = {}, {}
  for _, i in ipairs(members[g]) do drop[i] = true end
  for i = 1, n do if not drop[i] then idx[#idx + 1] = i end end
  return idx
end

local function take(col, idx)
  local out = {}
  for k, i in ipairs(idx) do out[k] = col[i] end
  return out
end

-- Delete-one-cluster values of the coefficients (flat, G x p) or of the inverse (G), by
-- refitting without each cluster (G is small: plain refits are clear and cheap).
local function cluster_jackknife(m, ids, stat, target)
  local d = lm.private(m).design
  local members = cluster_members(ids)
  local out, p = {}, m.p
  local width = stat == "inverse" and 1 or p
  for g = 1, #members do
    local idx = without_cluster(members, g, #d.y)
    local dd = { intercept = d.intercept, names = d.names, solver = d.solver, call = d.call,
      y = take(d.y, idx), weights = d.weights and take(d.weights, idx), columns = {} }
    for j, c in ipairs(d.columns) do dd.columns[j] = take(c, idx) end
    local ok, mb = pcall(lm.fit, dd)
    local b = {}
    for a = 1, p do b[a] = ok and #mb.aliased == 0 and mb.coef[a] or 0 / 0 end
    if stat == "inverse" then
      out[g] = (target - b[1]) / b[2]
    else
      for a = 1, p do out[(g - 1) * width + a] = b[a] end
    end
  end
  return out
end

return function(fit, h)
  -- its options are checked by its wrapper (burden.fit's)
  h.specs.bootstrap = { name = "fit.bootstrap", options = OPTS, keys_only = true }
  --- bootstrap{ model = m | data = t, statistic = "coef"|"slope"|"intercept"|"inverse"|name|fn,
  --             target = y (inverse), method = "case"|"residual", B = 2000, seed, level = 0.95,
  --             bca = true, threads = 0 (one per core) }
  function fit.bootstrap(args)
    if type(args) ~= "table" then error("bad argument #1 to 'bootstrap' (table expected)", 2) end
    options.fraction("fit.bootstrap", "level", args.level)
    local threads = options.positive_integer("fit.bootstrap", "threads", args.threads, true) or 0
    if threads > 1024 then -- the C side runs at most 1024 (and casts the count)
      options.raise(string.format("fit.bootstrap: threads must be at most 1024, got %d", threads))
    end
    local B = args.B or 2000
    if math.type(B) ~= "integer" or B < 2 then error("bad argument #1 to 'bootstrap' (B: integer >= 2 expected)", 2) end
    -- the resampled values are one Lua array, which holds at most 2^31 - 1 of them
    if B > 0x7fffffff then
      error(string.format("bootstrap: B = %d is too large (at most 2147483647 resamples)", B), 2)
    end
    local seed = args.seed or runtime.seed()
    if math.type(seed) ~= "integer" then error("bad argument #1 to 'bootstrap' (seed: integer expected)", 2) end
    local level = args.level or 0.95
    local method = args.method or "case"
    if method ~= "case" and method ~= "residual" then
      error("bad argument #1 to 'bootstrap' (method must be 'case' or 'residual')", 2)
    end
    local want_bca = args.bca ~= false
    local stat = args.statistic
    local m = args.model
    local opts = { B = B, seed = seed, level = level, method = method }
    local pv = lm.private(m) or {} -- the model's design, raw result and source data
    if m ~= nil and (type(m) ~= "table" or not pv.design or not pv.raw) then
      error("bad argument #1 to 'bootstrap' (model: a burden.fit.lm or ols result expected)", 2)
    end
    if m and method == "residual" and m.weighted then
      error("bootstrap: residual resampling of a weighted fit is not supported; use method = 'case'", 2)
    end
    -- cluster = column name, array (one value per data row), or true (the model's own
    -- clusters): resample whole clusters instead of rows
    local clusters, cluster_label
    if args.cluster ~= nil then
      if method ~= "case" then error("bootstrap: cluster resampling needs method = 'case'", 2) end
      local c = args.cluster
      local d = pv.design
      if c == true then
        if not (d and d.cluster) then error("bootstrap: cluster = true needs a model fitted with cluster", 2) end
        clusters, cluster_label = d.cluster, d.cluster_name or true
      else
        local src, what, nrow
        if type(c) == "string" then
          src = pv.source or args.data
          if src == nil then
            error(string.format("bootstrap: cluster '%s' needs data, or a model fitted by burden.fit.lm " ..
              "(give ols models an array)", c), 2)
          end
          local col = design.source(src, "bootstrap").col(c)
          if col == nil then error(string.format("bootstrap: unknown cluster column '%s'", c), 2) end
          what, cluster_label, c = "column '" .. c .. "'", c, col
          nrow = design.nrow(src, "bootstrap")
        elseif type(c) == "table" or require("burden.core.vector").is(c) then
          what, cluster_label = "cluster", true
          nrow = m and (d.nrow_input or #d.y) or design.nrow(args.data, "bootstrap")
          if #c ~= nrow then
            error(string.format("bootstrap: cluster has %d values, the data %d rows", #c, nrow), 2)
          end
        else
          error("bad argument #1 to 'bootstrap' (cluster: column name, array or true expected)", 2)
        end
        clusters = h.cluster_ids("bootstrap", what, function(i) return c[i] end, m and d.rows or nil,
          m and #d.y or nrow)
      end
    end

    -- fast path: a linear-model statistic computed in C
    if m and type(stat) == "string" then
      local d = pv.design
      local spec = { B = B, seed = seed, threads = threads,
                     residual = method == "residual", stat = "coef", cluster = clusters }
      if method == "residual" then spec.fitted, spec.resid = m.fitted, m.residuals end
      local pick
      local t0
      if stat == "inverse" then
        if type(args.target) ~= "number" then error("bootstrap: statistic 'inverse' needs a number target", 2) end
        if not (m.intercept and m.p == 2) then error("bootstrap: statistic 'inverse' needs a straight line (y ~ x)", 2) end
        spec.stat, spec.target = "inverse", args.target
        t0 = (args.target - m.coef[1]) / m.coef[2]
      elseif stat == "coef" then
        t0 = {}
        for j = 1, m.p do t0[j] = m.coef[j] end
      else
        if stat == "slope" then
          if not (m.intercept and m.p == 2) then error("bootstrap: statistic 'slope' needs a straight line (y ~ x)", 2) end
          pick = 2
        elseif stat == "intercept" then
          if not m.intercept then error("bootstrap: the model has no intercept", 2) end
          pick = 1
        else
          for j, nm in ipairs(m.names) do if nm == stat then pick = j end end
          if not pick then
            local cands = { "coef", "slope", "intercept", "inverse" }
            for _, nm in ipairs(m.names) do cands[#cands + 1] = nm end
            local hint = design.suggest(stat, cands)
            error(string.format("bootstrap: unknown statistic '%s'%s", stat,
              hint and string.format(" (did you mean '%s'?)", hint) or ""), 2)
          end
        end
        t0 = m.coef[pick]
      end
      local dopts = { intercept = d.intercept, weights = d.weights }
      local t, width
      local jack
      if want_bca and clusters then
        jack = cluster_jackknife(m, clusters, spec.stat, spec.target)
      elseif want_bca then
        jack = jackknife(m, spec.stat, spec.target)
      end
      local work = B * #d.y * m.p * m.p
      local progress = work > 2e8 and progress_reporter(B)
      if progress then
        -- a long run on a terminal: pieces of resamples, with a progress line between them
        -- (resample b always uses stream b, so the values are those of a single call)
        t = {}
        local step = math.max(1, B // 50)
        for first = 1, B, step do
          spec.first, spec.B = first, math.min(step, B - first + 1)
          local piece
          piece, width = core.boot(d.y, d.columns, dopts, spec)
          table.move(piece, 1, #piece, #t + 1, t)
          progress(first + spec.B - 1)
        end
        progress(B, true)
      else
        t, width = core.boot(d.y, d.columns, dopts, spec)
      end
      if pick then
        local tt, jj = {}, nil
        for b = 1, B do tt[b] = t[(b - 1) * width + pick] end
        if jack then
          jj = {}
          for i = 1, #jack // width do jj[i] = jack[(i - 1) * width + pick] end
        end
        t, width, jack = tt, 1, jj
      end
      opts.statistic = stat
      local res = result(opts, t, width, t0, jack, B, level, { statistic = stat, engine = "c",
        names = width > 1 and m.names or nil, cluster = cluster_label,
        n_clusters = clusters and #cluster_members(clusters) or nil })
      return res
    end

    if type(stat) ~= "function" then
      error("bad argument #1 to 'bootstrap' (statistic: a function, or with model a name such as 'slope')", 2)
    end
    local progress = progress_reporter(B)

    -- generic path: the user's function on each resample
    local call, jack_call, n
    if m then
      local d = pv.design
      n = #d.y
      local fitted, resid = nil, nil
      if method == "residual" then fitted, resid = m.fitted, m.residuals end
      local function refit(idx, residual)
        local dd = { intercept = d.intercept, names = d.names, solver = d.solver, call = d.call }
        if residual then
          local y = {}
          for i = 1, n do y[i] = fitted[i] + resid[idx[i]] end
          dd.y, dd.columns, dd.weights = y, d.columns, d.weights
        else
          dd.y = take(d.y, idx)
          dd.columns = {}
          for j, c in ipairs(d.columns) do dd.columns[j] = take(c, idx) end
          dd.weights = d.weights and take(d.weights, idx)
        end
        local ok, mb = pcall(lm.fit, dd)
        if not ok then return nil end
        return stat(mb)
      end
      call = function(idx) return refit(idx, method == "residual") end
      jack_call = function(idx) return refit(idx, false) end
    else
      if args.data == nil then error("bad argument #1 to 'bootstrap' (model or data expected)", 2) end
      if method == "residual" then error("bootstrap: residual resampling needs a model", 2) end
      n = design.nrow(args.data, "bootstrap")
      call = function(idx) return stat(design.subset(args.data, idx, "bootstrap")) end
      jack_call = call
    end

    if clusters and #clusters ~= n then error("bootstrap: cluster values do not match the rows", 2) end
    local members = clusters and cluster_members(clusters)
    local all = {}
    for i = 1, n do all[i] = i end
    local t0 = call(all)
    if type(t0) ~= "number" and type(t0) ~= "table" then
      error("bootstrap: the statistic must return a number or an array of numbers", 2)
    end
    local width = type(t0) == "table" and #t0 or 1
    local t = {}
    local function store(base, v)
      for j = 1, width do
        local x = v
        if type(v) == "table" then x = v[j] end
        if type(x) ~= "number" then x = 0 / 0 end
        t[base + j] = x
      end
    end
    for b = 1, B do
      store((b - 1) * width, call(members and cluster_rows(seed, b, members) or core.boot_indices(seed, b, n)))
      if progress then progress(b) end
    end
    if progress then progress(B, true) end
    local jack
    if want_bca then
      jack = {}
      for i = 1, members and #members or n do
        local idx = {}
        if members then
          idx = without_cluster(members, i, n)
        else
          for k = 1, n do if k ~= i then idx[#idx + 1] = k end end
        end
        local v = jack_call(idx)
        for j = 1, width do
          local x = v
          if type(v) == "table" then x = v[j] end
          jack[(i - 1) * width + j] = type(x) == "number" and x or 0 / 0
        end
      end
    end
    return result(opts, t, width, t0, jack, B, level, { statistic = "function", engine = "lua",
      cluster = cluster_label, n_clusters = members and #members or nil })
  end
end
