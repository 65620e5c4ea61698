-- Crossings of the fits and hypotheses (issue 16, "Done when" item 2; doc/architecture.md,
-- "Measuring crossings"): a public call checks its options once where it enters, a fitted
-- line carries what its projections, band and resamples need, and a design reads its
-- frame once. Each bound is the count measured after the change plus a small margin, and
-- each failed before it (the counts before, on main a253964, are in the comments).
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")

-- n points on a falling line with some scatter (deterministic)
local synthetic = dofile("tests/lua/synthetic.lua")
local points, targets = synthetic.points, synthetic.targets

local function count(fn) return crossings.count(fn).total end

-- a and b hold the same values, NaN as NaN (a projection of a line that never reaches
-- its target has a NaN bound)
local function same(a, b, path)
  path = path or "value"
  if type(a) == "table" and type(b) == "table" then
    for k, v in pairs(a) do same(v, b[k], path .. "." .. tostring(k)) end
    for k in pairs(b) do
      if a[k] == nil then error(path .. "." .. tostring(k) .. " missing", 2) end
    end
  elseif not (a == b or (a ~= a and b ~= b)) then
    error(("%s: %s ~= %s"):format(path, tostring(a), tostring(b)), 2)
  end
end

-- The crossings between two files in a count.
local function pair(c, from, to)
  local p = c.pairs["stdlib/burden/" .. from .. " -> stdlib/burden/" .. to]
  return p and p.n or 0
end

describe("crossings of hypothesis.fit_project (analysis.run's one call per fit)", function()
  local B, seed = 200, 7

  -- what analysis.run computed with the public calls: the fit, its projections and each
  -- target's compute in B case resamples, sorted
  local function by_public_calls(hname, pts, ts)
    local h = burden.hypothesis.get(hname)
    local f = h:fit(pts)
    local projs = burden.hypothesis.projections(f, ts, 0.95)
    local boot = burden.fit.bootstrap{ model = f.model, statistic = "coef", B = B, seed = seed,
      bca = false }
    local draws = f:project_draws(boot.t, ts)
    for t = 1, #ts do table.sort(draws[t]) end
    return f, projs, draws
  end

  it("gives what the fit, projections and bootstrap give one by one", function()
    for _, hname in ipairs({ "polynomial", "exponential", "linear" }) do
      local pts, ts = points(20), targets(3)
      local f, projs, boot = burden.hypothesis.fit_project(burden.hypothesis.get(hname), pts, ts,
        0.95, B, seed)
      local f2, projs2, boot2 = by_public_calls(hname, pts, ts)
      eq({ f.intercept, f.slope, f.r2 }, { f2.intercept, f2.slope, f2.r2 })
      same(projs, projs2)
      eq(#boot[1], B)
      same(boot, boot2)
      -- no resamples: no draws
      local _, _, none = burden.hypothesis.fit_project(burden.hypothesis.get(hname), pts, ts,
        0.95, 0, seed)
      eq(none, nil)
    end
    -- a fit that cannot be made is nil and its message, not an error
    local f, msg = burden.hypothesis.fit_project(burden.hypothesis.get("polynomial"), points(2),
      targets(1), 0.95, B, seed)
    eq(f, nil)
    eq(msg:match("hypothesis 'polynomial'.*$"),
      "hypothesis 'polynomial': 2 points are too few to fit a line (3 needed)")
  end)

  it("refits any other hypothesis on each resample, as analysis.run did", function()
    local h = burden.hypothesis.get("compute_and_time")
    local pts, ts = points(20), targets(2)
    local _, _, boot = burden.hypothesis.fit_project(h, pts, ts, 0.9, 30, seed)
    -- resample b: rows from stream b of the seed, each target's compute if the fit falls
    local draws = { {}, {} }
    for b = 1, 30 do
      local idx = require("burden.core.lm").boot_indices(seed, b, pts.n)
      local q = { n = pts.n, error = {}, compute = {}, year = {}, rows = {} }
      for i = 1, pts.n do
        q.error[i], q.compute[i], q.year[i], q.rows[i] = pts.error[idx[i]], pts.compute[idx[i]],
          pts.year[idx[i]], pts.rows[idx[i]]
      end
      local ok, rf = pcall(h.fit, h, q)
      for t = 1, 2 do
        draws[t][b] = (ok and rf.falls) and rf:project(ts[t]).compute or math.huge
      end
    end
    for t = 1, 2 do table.sort(draws[t]) end
    same(boot, draws)
  end)

  it("checks B and the seed in its own name, and analysis.run in its", function()
    local h, pts = burden.hypothesis.get("polynomial"), points(10)
    eq(error_message(burden.hypothesis.fit_project, h, pts, targets(1), 0.95, 1, seed),
      "hypothesis.fit_project: B must be 0 or an integer from 2 to 2147483647, got 1")
    eq(error_message(burden.hypothesis.fit_project, h, pts, targets(1), 0.95, 1 << 40, seed),
      "hypothesis.fit_project: B must be 0 or an integer from 2 to 2147483647, got 1099511627776")
    eq(error_message(burden.hypothesis.fit_project, h, pts, targets(1), 0.95, 10, 1.5),
      "hypothesis.fit_project: seed must be an integer, got 1.5")
    -- analysis.run used to let a bootstrap of 1 through to burden.fit.bootstrap, whose
    -- message named neither analysis.run nor its option
    local data = {}
    for i = 1, pts.n do data[i] = { benchmark = "x", err = pts.error[i], flop = pts.compute[i] } end
    local d = burden.domain.define{ name = "fit_project_checks", benchmark = "x", error = "err",
      compute = "flop", targets = { 0.01 } }
    eq(error_message(burden.analysis.run, { data = data, domains = { d }, bootstrap = 1 }),
      "analysis.run: bootstrap must be 0 (no intervals) or an integer from 2 to 2147483647, got 1")
    eq(error_message(burden.analysis.run, { data = data, domains = { d }, bootstrap = 20, seed = 1.5 }),
      "analysis.run: seed must be an integer, got 1.5")
    eq(error_message(burden.analysis.run, { data = data, domains = { d }, seed = 0.5 }),
      "analysis.run: seed must be an integer, got 0.5")
  end)

  -- before (the public calls analysis.run made): 12 crossings per line with resamples
  -- (fit 1 + 1 into fit/lm; projections 1 + 2 into options + 1 into fit/lm; bootstrap
  -- 1 + 3 into options + 1 into fit/lm; project_draws 1); now 1, the least squares in
  -- fit/lm (Fieller's sets and the resamples' coefficients come from the engine)
  it("crosses a few times per fit, whatever the targets and resamples", function()
    local h = burden.hypothesis.get("polynomial")
    local function run(nt, b)
      return count(function() burden.hypothesis.fit_project(h, points(20), targets(nt), 0.95, b, seed) end)
    end
    run(1, 10)
    local few, many = run(2, 20), run(40, 400)
    eq(many, few)
    assert(few <= 2, "fit_project crossings: " .. few)
    local publicly = count(function() by_public_calls("polynomial", points(20), targets(2)) end)
    assert(few < publicly, ("public calls %d, fit_project %d"):format(publicly, few))
  end)
end)

describe("crossings of a fitted line's public methods", function()
  -- before: 17 (projections and project each 2 into options and Fieller's sets in fit/lm;
  -- band 1 into options, the model's predict and its 2 into options; progress 1 + lm.qt;
  -- heldout 1 + 1; the two fits 2); now 10: an options table is checked only when given,
  -- the band takes the model's unchecked predict, the t quantile comes from the engine
  it("checks each call's level and options once, and only what it was given", function()
    local function run(nt)
      return crossings.count(function()
        local f = burden.hypothesis.get("polynomial"):fit(points(20))
        f:projections(targets(nt), 0.95)
        f:band(targets(nt), 0.95)
        f:project(0.1, 0.9)
        burden.hypothesis.heldout("polynomial", points(12))
        burden.hypothesis.get("compute_and_time"):fit(points(20)):progress(0.95)
      end)
    end
    run(1)
    local few, many = run(2), run(50)
    eq(many.total, few.total)
    assert(few.total <= 11, "line crossings: " .. few.total)
    assert(pair(few, "hypothesis.lua", "options.lua") <= 4,
      "hypothesis -> options: " .. pair(few, "hypothesis.lua", "options.lua"))
    eq(pair(few, "fit/lm.lua", "options.lua"), 0)
  end)

  it("a line refitted with a clustered covariance projects with its critical value", function()
    local f = burden.hypothesis.get("polynomial"):fit(points(20))
    local clusters = {}
    for i = 1, 20 do clusters[i] = i % 5 end
    for _, use_t in ipairs({ true, false }) do
      -- (as the paper's Table 2 takes it: the same line, the clustered model)
      local mc = f.model:with_cluster(clusters, { use_t = use_t })
      local fc = setmetatable({ model = mc }, { __index = f })
      for _, kind in ipairs({ "confidence", "prediction" }) do
        local p = fc:project(0.3, 0.9, { interval = kind })
        local inv = mc:inverse{ y = math.log(0.3, 10), level = 0.9, interval = kind }
        eq({ p.shape, p.lower, p.upper }, { inv.shape, 10 ^ inv.lwr, 10 ^ inv.upr })
      end
    end
  end)

  it("a band is the model's confidence band, mapped back", function()
    local f = burden.hypothesis.get("polynomial"):fit(points(20))
    local cs = { 1e18, 1e19, 1e20 }
    local fitv, lo, hi = f:band(cs, 0.9)
    local xs = {}
    for i, c in ipairs(cs) do xs[i] = math.log(c, 10) end
    local p = f.model:predict{ x = xs, interval = "confidence", level = 0.9 }
    for i = 1, 3 do
      eq({ fitv[i], lo[i], hi[i] }, { 10 ^ p.fit[i], 10 ^ p.lwr[i], 10 ^ p.upr[i] })
    end
    local ok, err = pcall(f.band, f, cs, 1.5)
    eq({ ok, err:match("^[^:]+:%d+: (.*)$") },
      { false, "band: level must be a number between 0 and 1 (exclusive), got 1.5" })
  end)

  -- before: 4 calls of fit.quantile; now one fit.quantiles for both intervals
  it("progress_bootstrap takes its quantiles in one call", function()
    local f = burden.hypothesis.get("compute_and_time"):fit(points(20))
    local c = crossings.count(function() f:progress_bootstrap{ B = 50, seed = 2 } end)
    eq(pair(c, "hypotheses/progress.lua", "fit/init.lua"), 1)
  end)
end)

describe("crossings of a formula fit on a frame", function()
  local function frame(n)
    local x, y, g = {}, {}, {}
    for i = 1, n do x[i], y[i], g[i] = i, 2 * i + math.sin(i), i % 3 == 0 and "a" or "b" end
    return burden.data.frame{ x = x, y = y, g = g }
  end

  -- before: 9, the frame's names and row count read twice per fit (4 into data/init),
  -- the design built, then the frame's rows counted again (2 into fit/design), and an
  -- absent options table checked (1 into options); now 5
  it("reads the frame once per design", function()
    local function run(n)
      local fr = frame(n)
      return crossings.count(function() burden.fit.lm(fr, "y ~ x + g") end)
    end
    run(5)
    local small, large = run(10), run(500)
    eq(small.total, large.total)
    assert(small.total <= 5, "fit.lm crossings: " .. small.total)
    eq(pair(small, "fit/init.lua", "options.lua"), 0)
    eq(pair(small, "fit/design.lua", "data/init.lua"), 2)
    eq(pair(small, "fit/init.lua", "fit/design.lua"), 1)
    eq(pair(small, "fit/init.lua", "fit/lm.lua"), 1)
  end)

  -- before: 3 into fit/lm (its private parts, the fit, attaching the parts); now 2
  it("with_cluster refits in one call", function()
    local m = burden.fit.lm(frame(12), "y ~ x")
    local ids = {}
    for i = 1, 12 do ids[i] = i % 4 end
    local c = crossings.count(function() m:with_cluster(ids, { use_t = true }) end)
    eq(pair(c, "fit/init.lua", "fit/lm.lua"), 2)
    local mc = m:with_cluster(ids, { use_t = true })
    eq({ mc.n_clusters, mc.formula, mc.df_inference, mc.coef[2] }, { 4, "y ~ x", 3, m.coef[2] })
    -- and keeps the data for a cluster column, and new data
    eq(#mc:predict{ newdata = { x = { 1, 2 } } }.fit, 2)
  end)

  it("the design's row count is the frame's, for a cluster check", function()
    local f = frame(12)
    local ok, err = pcall(burden.fit.lm, f, "y ~ x", { cluster = { 1, 2, 3 } })
    eq({ ok, err:match("^[^:]+:%d+: (.*)$") }, { false, "lm: cluster has 3 values, the data 12 rows" })
    local m = burden.fit.lm(f, "y ~ x", { cluster = "g" })
    eq(m.n_clusters, 2)
    local w = burden.fit.lm(f, "y ~ x", { weights = "x" })
    eq(w.weighted, true)
  end)
end)
