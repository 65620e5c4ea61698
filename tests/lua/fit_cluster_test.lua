-- Cluster-robust inference (burden.fit.lm{..., cluster =}, burden.fit.ols{ cluster = })
-- against statsmodels' OLS/WLS fit(cov_type = "cluster") on the same rows, and the
-- cluster bootstrap (burden.fit.bootstrap{ cluster = }).
local burden = require "burden"
local fit = burden.fit

-- Writes rows (array of arrays) as CSV with a header, runs the python program with the
-- CSV's path, and returns { key = {numbers} } from its "key v1 v2 ..." lines (and _raw,
-- the whole output). Skips visibly without python3, statsmodels, pandas, numpy and scipy.
local function statsmodels(header, rows, program)
  local py = peer.python{ "statsmodels", "pandas", "numpy", "scipy" }
  return peer.keyed(peer.run(py, program, { peer.csv(header, rows) }))
end

local function all_near(res, key, ours, tol)
  local theirs = res[key]
  if not theirs then error("no " .. key .. " in the output of statsmodels: " .. res._raw, 2) end
  eq(#ours, #theirs)
  for j = 1, #ours do
    local ok, msg = pcall(near, ours[j], theirs[j], tol or 1e-8)
    if not ok then error(key .. "[" .. j .. "]: " .. msg, 2) end
  end
end

-- The peer: OLS or WLS with the clustered covariance as statsmodels computes it by default,
-- then everything we compare: SEs, z, p, CIs, Wald F, predictions, the use_t variant,
-- and Fieller's set solved from statsmodels' covariance.
local PY = [==[
import sys
import numpy as np, pandas as pd, statsmodels.api as sm
from scipy import stats
d = pd.read_csv(sys.argv[1])
g = pd.factorize(d["g"])[0]
xcols = [c for c in d.columns if c.startswith("x")]
X = sm.add_constant(d[xcols])
def out(k, v): print(k, " ".join("%.17g" % float(a) for a in np.ravel(v)))
for kind in ["ols", "wls"]:
    mod = sm.OLS(d["y"], X) if kind == "ols" else sm.WLS(d["y"], X, weights=d["w"])
    m = mod.fit(cov_type="cluster", cov_kwds={"groups": g})
    assert m.use_t is False  # statsmodels' default for cluster: normal (z) inference
    out(kind + ".coef", m.params); out(kind + ".se", m.bse); out(kind + ".z", m.tvalues)
    out(kind + ".p", m.pvalues)
    ci = m.conf_int(0.1); out(kind + ".ci_lwr", ci[0]); out(kind + ".ci_upr", ci[1])
    out(kind + ".f", [m.fvalue, m.f_pvalue])
    new = sm.add_constant(pd.DataFrame({c: np.linspace(-1.5, 3.0, 3) + j for j, c in enumerate(xcols)}), has_constant="add")
    pr = m.get_prediction(new).summary_frame(alpha=0.05)
    out(kind + ".fit", pr["mean"]); out(kind + ".mse", pr["mean_se"])
    out(kind + ".mlwr", pr["mean_ci_lower"]); out(kind + ".mupr", pr["mean_ci_upper"])
    out(kind + ".olwr", pr["obs_ci_lower"]); out(kind + ".oupr", pr["obs_ci_upper"])
    mt = mod.fit(cov_type="cluster", cov_kwds={"groups": g}, use_t=True)
    out(kind + ".t_p", mt.pvalues); ci = mt.conf_int(0.05); out(kind + ".t_lwr", ci[0]); out(kind + ".t_upr", ci[1])
    if len(xcols) == 1:
        # Fieller: a + b x - y0 = +-z sqrt(Var(a + b x)), with statsmodels' covariance
        V = np.asarray(m.cov_params()); a, b = m.params.iloc[0], m.params.iloc[1]
        y0 = float(np.mean(d["y"])) - 0.5 * abs(b); z = stats.norm.ppf(0.975)
        for name, extra in [("conf", 0.0), ("pred", m.scale)]:
            r = np.sort(np.roots([b * b - z * z * V[1, 1], 2 * ((a - y0) * b - z * z * V[0, 1]),
                                  (a - y0) ** 2 - z * z * (V[0, 0] + extra)]))
            out(kind + ".fieller_" + name, [y0, r[0], r[1]])
    out(kind + ".n_groups", [len(np.unique(g))])
]==]

-- Synthetic clustered data: unequal cluster sizes (1 to 9 rows), a shared cluster effect,
-- heteroscedastic noise, positive weights. A fixed linear congruential generator.
local function synthetic(nx, seed)
  local s = seed
  local function u()
    s = (s * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
    return (s >> 11) / 2 ^ 52
  end
  local rows, header = {}, { "y" }
  for j = 1, nx do header[#header + 1] = "x" .. j end
  header[#header + 1] = "w"; header[#header + 1] = "g"
  local sizes = { 1, 9, 2, 5, 3, 7, 1, 4, 8, 2, 6, 3, 1, 5 }
  for c, size in ipairs(sizes) do
    local effect = (u() - 0.5) * 2
    local xshift = (u() - 0.5) * 3
    for _ = 1, size do
      local r, y = {}, 1.5 + effect
      local xs = {}
      for j = 1, nx do
        xs[j] = xshift + (u() - 0.5) * 4 + j
        y = y + (j == 1 and -0.7 or 0.3) * xs[j]
      end
      y = y + (u() - 0.5) * (0.5 + math.abs(xs[1]))
      r[1] = y
      for j = 1, nx do r[j + 1] = xs[j] end
      r[nx + 2] = 0.5 + u() * 2
      r[nx + 3] = "paper " .. string.char(64 + c)
      rows[#rows + 1] = r
    end
  end
  return header, rows
end

local function frame_of(header, rows)
  local d = {}
  for j, h in ipairs(header) do
    d[h] = {}
    for i, r in ipairs(rows) do d[h][i] = r[j] end
  end
  return d
end

describe("cluster-robust covariance", function()
  for _, nx in ipairs({ 1, 2 }) do
    it(string.format("CR1 SEs, z, p, CIs, Wald F, predictions and Fieller sets match statsmodels " ..
        "to 1e-8 (unequal clusters, %d regressor%s, OLS and WLS)", nx, nx == 1 and "" or "s"), function()
      local header, rows = synthetic(nx, 20261204 + nx)
      local res = statsmodels(header, rows, PY)
      assert(res["ols.se"], "statsmodels output: " .. res._raw)
      local d = frame_of(header, rows)
      local rhs = nx == 1 and "x1" or "x1 + x2"
      for _, kind in ipairs({ "ols", "wls" }) do
        local m = fit.lm(d, "y ~ " .. rhs, { cluster = "g", weights = kind == "wls" and "w" or nil })
        eq(m.vcov_type, "cluster"); eq(m.n_clusters, 14); eq(m.n_clusters, res[kind .. ".n_groups"][1])
        eq(m.dist, "normal"); eq(m.cluster, "g")
        all_near(res, kind .. ".coef", m.coef); all_near(res, kind .. ".se", m.se)
        all_near(res, kind .. ".z", m.tvalue); all_near(res, kind .. ".p", m.pvalue)
        local ci = m:confint(0.9)
        all_near(res, kind .. ".ci_lwr", ci.lwr); all_near(res, kind .. ".ci_upr", ci.upr)
        all_near(res, kind .. ".f", { m.fstat, m.fpvalue })
        local new = {}
        for j = 1, nx do
          new["x" .. j] = {}
          for i = 1, 3 do new["x" .. j][i] = -1.5 + 2.25 * (i - 1) + (j - 1) end
        end
        local pc = m:predict{ newdata = new, interval = "confidence" }
        local pp = m:predict{ newdata = new, interval = "prediction" }
        all_near(res, kind .. ".fit", pc.fit); all_near(res, kind .. ".mse", pc.se_fit)
        all_near(res, kind .. ".mlwr", pc.lwr); all_near(res, kind .. ".mupr", pc.upr)
        all_near(res, kind .. ".olwr", pp.lwr); all_near(res, kind .. ".oupr", pp.upr)
        -- use_t: Student's t on G - 1 degrees of freedom (statsmodels' df_correction)
        local mt = fit.lm(d, "y ~ " .. rhs, { cluster = "g", use_t = true, weights = kind == "wls" and "w" or nil })
        eq(mt.dist, "t"); eq(mt.df_inference, 13)
        all_near(res, kind .. ".t_p", mt.pvalue)
        local cit = mt:confint(0.95)
        all_near(res, kind .. ".t_lwr", cit.lwr); all_near(res, kind .. ".t_upr", cit.upr)
        if nx == 1 then
          for _, which in ipairs({ "conf", "pred" }) do
            local f = res[kind .. ".fieller_" .. which]
            local inv = m:inverse{ y = f[1], interval = which == "conf" and "confidence" or "prediction" }
            eq(inv.bounded, true)
            near(inv.lwr, f[2], 1e-8); near(inv.upr, f[3], 1e-8)
          end
        end
        -- the plain covariance stays beside the clustered one
        local plain = fit.lm(d, "y ~ " .. rhs, { weights = kind == "wls" and "w" or nil })
        eq(plain.vcov_type, "plain")
        for j = 1, m.p do near(m.se_plain[j], plain.se[j], 1e-13) end
      end
    end)
  end

  it("WMT 2014 En-Fr, polynomial model clustered by paper: slope SE 0.0149 (plain 0.0080), as statsmodels", function()
    local rows = burden.dataset.load()
    local pts = burden.domain.get("wmt2014_en_fr"):points(rows)
    local data, x, y, pap = {}, {}, {}, {}
    for i = 1, pts.n do
      x[i], y[i], pap[i] = math.log(pts.compute[i], 10), math.log(pts.error[i], 10), pts.rows[i].paper
      data[i] = { y[i], x[i], 1, pap[i] }
    end
    local res = statsmodels({ "y", "x1", "w", "g" }, data, PY)
    assert(res["ols.se"], "statsmodels output: " .. res._raw)
    local m = fit.ols{ x = x, y = y, cluster = pap }
    all_near(res, "ols.se", m.se); all_near(res, "ols.p", m.pvalue)
    local ci = m:confint(0.9)
    all_near(res, "ols.ci_lwr", ci.lwr); all_near(res, "ols.ci_upr", ci.upr)
    eq(string.format("%.4f %.4f", m.se[2], m.se_plain[2]), "0.0149 0.0080")
    eq(m.n_clusters, res["ols.n_groups"][1])
  end)

  it("the clustered covariance of ImageNet by paper has 27 clusters for 45 rows", function()
    local rows = burden.dataset.load()
    local pts = burden.domain.get("imagenet"):points(rows)
    local x, y, pap = {}, {}, {}
    for i = 1, pts.n do
      x[i], y[i], pap[i] = math.log(pts.compute[i], 10), math.log(pts.error[i], 10), pts.rows[i].paper
    end
    local m = fit.ols{ x = x, y = y, cluster = pap }
    eq(m.n, 45); eq(m.n_clusters, 27)
  end)

  it("one row per cluster gives HC1 (White with n/(n-k)), computed by hand", function()
    -- with singleton clusters CR1 = G/(G-1) (N-1)/(N-K) X'X^-1 (sum x x' e^2) X'X^-1
    -- = N/(N-K) ... (G = N); a straight line checked against the closed form
    local x = { 1, 2, 3, 4, 5, 6, 7 }
    local y = { 1.2, 1.9, 3.4, 3.8, 5.3, 5.7, 7.4 }
    local ids = { 1, 2, 3, 4, 5, 6, 7 }
    local m = fit.ols{ x = x, y = y, cluster = ids }
    local n, mx = #x, 4
    local sxx, num = 0, 0
    for i = 1, n do sxx = sxx + (x[i] - mx) ^ 2 end
    for i = 1, n do
      local e = y[i] - m.coef[1] - m.coef[2] * x[i]
      num = num + (x[i] - mx) ^ 2 * e * e
    end
    near(m.se[2], math.sqrt(n / (n - 2) * num / sxx ^ 2), 1e-12)
  end)

  it("says which covariance it used when printed", function()
    local d = { y = { 1, 3, 2, 5, 4, 6, 8, 7 }, x = { 1, 2, 3, 4, 5, 6, 7, 8 },
      paper = { "a", "a", "b", "b", "b", "c", "d", "d" } }
    local s = tostring(fit.lm(d, "y ~ x", { cluster = "paper" }))
    assert(s:find("Standard errors: cluster-robust (CR1) by 'paper', 4 clusters; normal (z) tests", 1, true), s)
    assert(s:find("z value", 1, true) and s:find("Pr(>|z|)", 1, true), s)
    local st = tostring(fit.lm(d, "y ~ x", { cluster = "paper", use_t = true }))
    assert(st:find("t tests on 3 degrees of freedom", 1, true), st)
    assert(not tostring(fit.lm(d, "y ~ x")):find("cluster", 1, true))
  end)
end)

describe("cluster: bad input", function()
  local d = { y = { 1, 3, 2, 5, 4, 6 }, x = { 1, 2, 3, 4, 5, 6 }, paper = { "a", "a", "b", "", "c", "c" } }
  it("a missing cluster value names the column and the row", function()
    assert_error("lm: missing cluster value in column 'paper' at row 4", fit.lm, d, "y ~ x", { cluster = "paper" })
    assert_error("ols: missing cluster value in cluster at row 2", fit.ols,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 4, 3 }, cluster = { 1, 0 / 0, 2, 2 } })
  end)
  it("names an unknown cluster column, option or argument", function()
    assert_error("lm: unknown cluster column 'papr'", fit.lm, d, "y ~ x", { cluster = "papr" })
    assert_error("lm: unknown option 'clusters' (did you mean 'cluster'?)", fit.lm, d, "y ~ x", { clusters = "paper" })
    assert_error("fit.ols: unknown option 'clustr' (did you mean 'cluster'?)", fit.ols, { x = { 1, 2, 3 }, y = { 1, 2, 4 }, clustr = {} })
  end)
  it("rejects one cluster, a cluster array of the wrong length, use_t without cluster", function()
    assert_error("1 cluster among the used rows; at least 2 needed", fit.ols,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 4, 3 }, cluster = { "a", "a", "a", "a" } })
    assert_error("ols: cluster has 3 values, y has 4", fit.ols,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 4, 3 }, cluster = { 1, 2, 2 } })
    assert_error("lm: use_t needs cluster", fit.lm, d, "y ~ x", { use_t = true })
  end)
end)

describe("cluster bootstrap", function()
  -- 7 clusters of 1 to 8 rows
  local d = { y = {}, x = {}, paper = {} }
  local sizes = { 1, 5, 2, 8, 3, 1, 4 }
  local k = 0
  for c, sz in ipairs(sizes) do
    for _ = 1, sz do
      k = k + 1
      d.x[k] = k * 0.37 % 5 + c
      d.y[k] = 2 - 0.5 * d.x[k] + math.sin(k * 1.7) + c * 0.1
      d.paper[k] = "p" .. c
    end
  end
  local m = fit.lm(d, "y ~ x", { cluster = "paper" })

  it("every resample consists of whole clusters, G of them", function()
    local seen = 0
    local b = fit.bootstrap{ data = d, B = 300, seed = 11, cluster = "paper", bca = false,
      statistic = function(s)
        local count, total = {}, 0
        for i, pap in ipairs(s.paper) do
          count[pap] = (count[pap] or 0) + 1
          -- each row keeps its own cluster: x and y travel with the paper
          local c = tonumber(pap:sub(2))
          assert(s.x[i] >= c and s.x[i] < c + 5, "row moved out of its cluster")
        end
        for pap, nrows in pairs(count) do
          local size = sizes[tonumber(pap:sub(2))]
          assert(nrows % size == 0, string.format("%s: %d rows, cluster size %d", pap, nrows, size))
          total = total + nrows // size
        end
        assert(total == #sizes, "drew " .. total .. " clusters")
        seen = seen + 1
        return #s.paper
      end }
    eq(seen, 301) -- B resamples and the full data
    eq(b.n_clusters, 7); eq(b.cluster, "paper")
    -- the resample size varies with the clusters drawn (a row bootstrap keeps n = 24)
    local sizes_seen = {}
    for _, v in ipairs(b.t) do sizes_seen[v] = true end
    local distinct = 0
    for _ in pairs(sizes_seen) do distinct = distinct + 1 end
    assert(distinct > 10, "resample sizes: " .. distinct)
  end)

  it("is deterministic for any thread count, and the C and Lua paths draw the same clusters", function()
    local b1 = fit.bootstrap{ model = m, statistic = "slope", B = 2000, seed = 7, cluster = "paper", threads = 1 }
    local b3 = fit.bootstrap{ model = m, statistic = "slope", B = 2000, seed = 7, cluster = "paper", threads = 3 }
    local b0 = fit.bootstrap{ model = m, statistic = "slope", B = 2000, seed = 7, cluster = true }
    eq(b1.engine, "c")
    for i = 1, 2000 do
      assert(b1.t[i] == b3.t[i] or (b1.t[i] ~= b1.t[i] and b3.t[i] ~= b3.t[i]), "thread count changed resample " .. i)
      assert(b1.t[i] == b0.t[i] or b1.t[i] ~= b1.t[i], "cluster = true differs at " .. i)
    end
    eq(b1.se, b3.se)
    local bl = fit.bootstrap{ model = m, B = 2000, seed = 7, cluster = "paper",
      statistic = function(mb) return mb.coef[2] end }
    local bd = fit.bootstrap{ data = d, B = 2000, seed = 7, cluster = "paper", bca = false,
      statistic = function(s) return fit.lm(s, "y ~ x").coef[2] end }
    eq(bl.engine, "lua")
    for i = 1, 2000 do
      if b1.t[i] == b1.t[i] then
        near(bl.t[i], b1.t[i], 1e-12); near(bd.t[i], b1.t[i], 1e-12)
      end
    end
    -- delete-one-cluster jackknife (7 values) for BCa, the same in both paths
    eq(#b1.jackknife, 7)
    for g = 1, 7 do near(b1.jackknife[g], bl.jackknife[g], 1e-12) end
    near(b1.acceleration, bl.acceleration, 1e-10)
    -- and different from the row bootstrap with the same seed
    local rows = fit.bootstrap{ model = m, statistic = "slope", B = 2000, seed = 7 }
    assert(rows.se ~= b1.se and rows.n_clusters == nil)
  end)

  it("its SE agrees with numpy's own cluster bootstrap of the same data (5%)", function()
    local rows = {}
    for i = 1, #d.y do rows[i] = { d.y[i], d.x[i], 1, d.paper[i] } end
    local res = statsmodels({ "y", "x1", "w", "g" }, rows, [==[
import sys
import numpy as np, pandas as pd
d = pd.read_csv(sys.argv[1])
groups = [d[d["g"] == g] for g in pd.unique(d["g"])]
rng = np.random.default_rng(20261204)
B = 40000
slopes = np.empty(B)
for b in range(B):
    s = pd.concat([groups[i] for i in rng.integers(0, len(groups), len(groups))])
    x, y = s["x1"].to_numpy(), s["y"].to_numpy()
    xc = x - x.mean()
    sxx = (xc * xc).sum()
    slopes[b] = (xc * (y - y.mean())).sum() / sxx if sxx > 1e-12 else np.nan
print("se", np.nanstd(slopes, ddof=1))
]==])
    assert(res.se, "numpy output: " .. res._raw)
    local b = fit.bootstrap{ model = m, statistic = "slope", B = 40000, seed = 3, cluster = "paper", bca = false }
    near(b.se, res.se[1], 0.05)
  end)

  it("bad input: residual method, unknown column, cluster = true without clusters, wrong length", function()
    assert_error("bootstrap: cluster resampling needs method = 'case'", fit.bootstrap,
      { model = m, statistic = "slope", method = "residual", cluster = "paper" })
    assert_error("bootstrap: unknown cluster column 'papr'", fit.bootstrap,
      { model = m, statistic = "slope", cluster = "papr" })
    local plain = fit.lm(d, "y ~ x")
    assert_error("bootstrap: cluster = true needs a model fitted with cluster", fit.bootstrap,
      { model = plain, statistic = "slope", cluster = true })
    assert_error("bootstrap: cluster has 3 values, the data 24 rows", fit.bootstrap,
      { model = plain, statistic = "slope", cluster = { 1, 2, 3 } })
    local o = fit.ols{ x = d.x, y = d.y }
    assert_error("bootstrap: cluster 'paper' needs data", fit.bootstrap,
      { model = o, statistic = "slope", cluster = "paper" })
    local bad = { y = d.y, x = d.x, paper = {} }
    for i = 1, #d.y do bad.paper[i] = d.paper[i] end
    bad.paper[5] = ""
    assert_error("bootstrap: missing cluster value in column 'paper' at row 5", fit.bootstrap,
      { data = bad, B = 10, statistic = function(s) return 1 end, cluster = "paper" })
  end)
end)

describe("with_cluster", function()
  local d = { y = { 1, 3, 2, 5, 4, 6, 8, 7, 9 }, x = { 1, 2, 3, 4, 5, 6, 7, 8, 9 },
    paper = { "a", "a", "b", "b", "b", "c", "d", "d", "e" } }
  it("gives the same model as fitting with cluster, from a column name or an array", function()
    local direct = fit.lm(d, "y ~ x", { cluster = "paper" })
    local plain = fit.lm(d, "y ~ x")
    local a, b = plain:with_cluster("paper"), plain:with_cluster(d.paper)
    for j = 1, 2 do
      eq(a.se[j], direct.se[j]); eq(b.se[j], direct.se[j]); eq(a.coef[j], plain.coef[j])
      eq(a.se_plain[j], plain.se[j])
    end
    eq(a.cluster, "paper"); eq(b.cluster, nil); eq(a.n_clusters, 5)
    eq(plain.vcov_type, "plain") -- the original is untouched
    local p = a:predict{ newdata = { x = { 2.5 } }, interval = "confidence" }
    near(p.fit[1], direct:predict{ x = { 2.5 } }.fit[1], 1e-14)
    local o = fit.ols{ x = d.x, y = d.y }
    eq(o:with_cluster(d.paper).se[2], direct.se[2])
    eq(o:with_cluster(d.paper, { use_t = true }).dist, "t")
    assert_error("with_cluster: cluster 'paper' needs a model fitted by burden.fit.lm", o.with_cluster, o, "paper")
    assert_error("with_cluster: cluster has 2 values, the data 9 rows", o.with_cluster, o, { 1, 2 })
    assert_error("with_cluster: unknown option 'use_z'", o.with_cluster, o, d.paper, { use_z = true })
  end)
end)

describe("cluster with dropped rows", function()
  it("maps cluster values through the rows the fit keeps (missing y dropped)", function()
    local full = { y = { 1, 3, 2, 5, 4, 6, 8, 7, 9, 8 }, x = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
      paper = { "a", "a", "b", "b", "b", "c", "d", "d", "e", "e" } }
    local yv = require("burden.core.vector").new(full.y)
    yv[3] = nil -- a missing response: row 3 (paper b) is dropped
    local holed = { y = yv, x = full.x, paper = full.paper }
    local kept = { y = {}, x = {}, paper = {} }
    for i = 1, 10 do
      if i ~= 3 then
        kept.y[#kept.y + 1], kept.x[#kept.x + 1], kept.paper[#kept.paper + 1] = full.y[i], full.x[i], full.paper[i]
      end
    end
    local m = fit.lm(holed, "y ~ x", { cluster = "paper" })
    local r = fit.lm(kept, "y ~ x", { cluster = "paper" })
    eq(m.n, 9); eq(m.n_dropped, 1)
    for j = 1, 2 do near(m.se[j], r.se[j], 1e-14) end
    local b1 = fit.bootstrap{ model = m, statistic = "slope", B = 200, seed = 5, cluster = "paper" }
    local b2 = fit.bootstrap{ model = r, statistic = "slope", B = 200, seed = 5, cluster = "paper" }
    for i = 1, 200 do eq(b1.t[i] == b1.t[i] and b1.t[i] or "nan", b2.t[i] == b2.t[i] and b2.t[i] or "nan") end
    local o = fit.ols{ x = full.x, y = yv, cluster = full.paper }
    for j = 1, 2 do near(o.se[j], r.se[j], 1e-14) end
  end)
end)

describe("Table 1 clustered by paper", function()
  it("every benchmark's polynomial and exponential fit, clustered by paper, equals statsmodels to 1e-8", function()
    local rows = burden.dataset.load()
    local data, ours = {}, {}
    for _, name in ipairs(burden.domain.builtin) do
      local pts = burden.domain.get(name):points(rows)
      local papers = {}
      for i = 1, pts.n do papers[i] = pts.rows[i].paper end
      for _, hname in ipairs({ "polynomial", "exponential" }) do
        -- the report's path: the hypothesis' own fit, then with_cluster on its papers
        local f = burden.hypothesis.get(hname):fit(pts)
        local mc = f.model:with_cluster(papers)
        local key = name .. "." .. hname
        ours[key] = { mc.se[1], mc.se[2], mc.pvalue[2], mc.n_clusters }
        local y = f.model._design.y
        local x = f.model._design.columns[1]
        for i = 1, pts.n do data[#data + 1] = { key, y[i], x[i], papers[i] } end
      end
    end
    local res = statsmodels({ "key", "y", "x", "g" }, data, [==[
import sys
import numpy as np, pandas as pd, statsmodels.api as sm
d = pd.read_csv(sys.argv[1])
for key, s in d.groupby("key", sort=True):
    g = pd.factorize(s["g"])[0]
    m = sm.OLS(s["y"].to_numpy(), sm.add_constant(s["x"].to_numpy())).fit(cov_type="cluster", cov_kwds={"groups": g})
    print(key, "%.17g %.17g %.17g %d" % (m.bse[0], m.bse[1], m.pvalues[1], len(np.unique(g))))
]==])
    local n = 0
    for key, v in pairs(ours) do
      local theirs = res[key]
      assert(theirs, "no " .. key .. " from statsmodels: " .. res._raw)
      for j = 1, 3 do near(v[j], theirs[j], 1e-8) end
      eq(v[4], theirs[4])
      n = n + 1
    end
    eq(n, 12)
  end)
end)
