-- The compute_and_time hypothesis, log10(error) ~ log10(compute) + year, and the
-- algorithmic progress it implies: against exact data, against statsmodels on the
-- curated rows, and against the coefficients Thompson et al.'s notebooks print for
-- their own ImageNet data.
local burden = require "burden"

local h = burden.hypothesis.get("compute_and_time")

-- points exactly on log10(error) = 1 - 0.1 log10(compute) - 0.03 (year - 2010), with
-- a small wiggle so the fit has a residual
local function exact_points(wiggle)
  local p = { error = {}, compute = {}, year = {}, model = {} }
  for i = 1, 24 do
    local lc, year = 16 + (i * 7 % 24) * 0.25, 2010 + (i - 1) // 2
    local le = 1 - 0.1 * lc - 0.03 * (year - 2010) + (wiggle or 0) * math.sin(i * 2.3)
    p.compute[i], p.year[i], p.error[i], p.model[i] = 10 ^ lc, year, 10 ^ le, "m" .. i
  end
  p.n = #p.error
  return p
end

describe("compute_and_time", function()
  it("recovers the coefficients and the progress they imply", function()
    local f = h:fit(exact_points())
    near(f.slope, -0.1, 1e-9)
    near(f.b_year, -0.03, 1e-9)
    eq(f.falls, true)
    eq(f.year, 2021)
    local g = f:progress()
    -- one year is worth 0.3 decades of compute: 10^0.3 = 2x a year, halving in a year
    near(g.rate, 0.3, 1e-9)
    near(g.gain, 10 ^ 0.3, 1e-9)
    near(g.halving, math.log(2, 10) / 0.3, 1e-9)
    -- the projection inverts the prediction in the given year
    local p = f:project(0.05, 0.95, 2015)
    near(f:predict(p.compute, 2015), 0.05, 1e-9)
    eq(p.method, "Fieller, at year 2015")
  end)

  it("gives Fieller and delta intervals that bracket the estimate", function()
    local f = h:fit(exact_points(0.02))
    local g = f:progress(0.95)
    eq(g.bounded, true)
    assert(g.rate_lower < g.rate and g.rate < g.rate_upper, "Fieller brackets the rate")
    assert(g.halving_lower < g.halving and g.halving < g.halving_upper, "halving brackets")
    assert(g.gain_lower < g.gain and g.gain < g.gain_upper, "delta brackets the gain")
    -- Fieller's ends solve (c - r b)^2 = t^2 Var(c - r b)
    local V, b, c = f.model.vcov, f.slope, f.b_year
    local t = require("burden.fit.lm").qt(0.975, f.model.df)
    for _, r in ipairs({ g.rate_lower, g.rate_upper }) do
      local var = V[3][3] - 2 * r * V[2][3] + r * r * V[2][2]
      near((c - r * b) ^ 2, t * t * var, 1e-9)
    end
    local p = f:project(0.05)
    assert(p.bounded and p.lower < p.compute and p.compute < p.upper, "projection brackets")
    local bt = f:progress_bootstrap{ B = 400, seed = 11 }
    eq(bt.B, 400)
    assert(bt.halving_lower < g.halving and g.halving < bt.halving_upper, "bootstrap brackets")
    assert(bt.gain_lower < g.gain and g.gain < bt.gain_upper)
    local again = f:progress_bootstrap{ B = 400, seed = 11 }
    eq(again.halving_lower, bt.halving_lower)
  end)

  it("runs in burden.analysis with Fieller and bootstrap projections", function()
    local p = exact_points(0.02)
    local rows = {}
    for i = 1, p.n do
      rows[i] = { benchmark = "ct", model = p.model[i], year = p.year[i], c = p.compute[i],
        e = p.error[i] }
    end
    local d = burden.domain.define{ name = "ct_toy", benchmark = "ct", compute = "c",
      error = "e", targets = { 0.01 } }
    local res = burden.analysis.run{ data = rows, domains = { d },
      hypotheses = { "compute_and_time" }, bootstrap = 200, seed = 4 }
    local pr = res.projections[1]
    local f = res.models.ct_toy.compute_and_time
    near(pr.compute, f:project(0.01).compute, 1e-12)
    eq(pr.method, "Fieller, at year 2021")
    assert(pr.lower < pr.compute and pr.compute < pr.upper, "Fieller brackets")
    assert(pr.boot_lower < pr.compute and pr.compute < pr.boot_upper, "bootstrap brackets")
  end)

  it("says when the compute needed does not halve", function()
    local p = exact_points(0.01)
    for i = 1, p.n do p.error[i] = p.error[i] * 10 ^ (0.06 * (p.year[i] - 2010)) end
    local g = h:fit(p):progress()
    assert(g.rate < 0)
    eq(g.halving, math.huge)
    eq(g.se_halving, nil)
  end)

  it("rejects points without a year and too few points", function()
    local p = exact_points()
    p.year[3] = nil
    assert_error("point 3 (m3) has no year", function() h:fit(p) end)
    local q = exact_points()
    q.n = 3
    for _, k in ipairs({ "error", "compute", "year" }) do
      for i = 4, 24 do q[k][i] = nil end
    end
    assert_error("3 points are too few to fit compute and time", function() h:fit(q) end)
  end)

  it("matches statsmodels on every curated benchmark: coefficients, delta SEs, Fieller", function()
    local py = peer.python{ "statsmodels", "numpy", "scipy" }
    local rows = burden.dataset.load()
    local lines, fits = { "domain,compute,error,year" }, {}
    for _, name in ipairs(burden.domain.builtin) do
      local pts = burden.domain.get(name):points(rows)
      for i = 1, pts.n do
        lines[#lines + 1] = string.format("%s,%.17g,%.17g,%d", name, pts.compute[i],
          pts.error[i], pts.year[i])
      end
      fits[name] = h:fit(pts)
    end
    local out = peer.run(py, [[
import sys, csv, math
import numpy as np
import statsmodels.api as sm
from scipy import stats
rows = list(csv.DictReader(open(sys.argv[1])))
for dom in dict.fromkeys(r["domain"] for r in rows):
    s = [r for r in rows if r["domain"] == dom]
    X = sm.add_constant(np.array([[math.log10(float(r["compute"])), float(r["year"])] for r in s]))
    y = np.array([math.log10(float(r["error"])) for r in s])
    m = sm.OLS(y, X).fit()
    b, c = m.params[1], m.params[2]
    V = m.cov_params()
    r = c / b
    g = np.array([0.0, -c / b**2, 1 / b])
    se_r = math.sqrt(g @ V @ g)
    half = math.log10(2) / r
    se_half = math.log10(2) * se_r / r**2
    t = stats.t.ppf(0.975, m.df_resid)
    # Fieller: (c - r b)^2 <= t^2 (Vcc - 2 r Vbc + r^2 Vbb)
    A = b * b - t * t * V[1, 1]
    B = b * c - t * t * V[1, 2]
    C = c * c - t * t * V[2, 2]
    d = math.sqrt(B * B - A * C)
    print(dom, " ".join("%.17g" % v for v in (b, c, m.bse[1], m.bse[2], m.rsquared, r, se_r,
        10 ** r, half, se_half, (B - d) / A, (B + d) / A)))
]], { table.concat(lines, "\n") .. "\n" })
    local checked = 0
    for line in out:gmatch("[^\n]+") do
      local tok = {}
      for w in line:gmatch("%S+") do tok[#tok + 1] = w end
      local f = fits[tok[1]]
      assert(f, "unexpected statsmodels output: " .. line)
      local v = {}
      for i = 2, #tok do v[#v + 1] = tonumber(tok[i]) end
      local g = f:progress(0.95)
      near(f.slope, v[1], 1e-9)
      near(f.b_year, v[2], 1e-9)
      near(f.se_slope, v[3], 1e-8)
      near(f.se_year, v[4], 1e-8)
      near(f.r2, v[5], 1e-9)
      near(g.rate, v[6], 1e-9)
      near(g.se_rate, v[7], 1e-8)
      near(g.gain, v[8], 1e-9)
      near(g.halving, v[9], 1e-9)
      near(g.se_halving, v[10], 1e-8)
      if g.bounded then
        near(g.rate_lower, v[11], 1e-8)
        near(g.rate_upper, v[12], 1e-8)
      end
      checked = checked + 1
    end
    eq(checked, 6)
  end)

  it("reproduces Thompson et al.'s ImageNet fit on their released data", function()
    -- their notebook: log10(error) ~ log10(network operations) + (year - 2012),
    -- n = 77, coefficients -0.0638 and -0.0250, R² 0.831
    local path = need_file("../shared/data/thompson2022/image-classification-on-imagenet.csv")
    local cols = { year = "string", network_operations = "string", ["(TOP 1 score)"] = "string" }
    local t = burden.data.read_csv(path, { types = cols })
    local year, ops, top1 = t:col("year"), t:col("network_operations"), t:col("(TOP 1 score)")
    local p = { error = {}, compute = {}, year = {}, model = {} }
    -- rows 2-4 of the file (the frame's first three) are sub-headers, not data
    for i = 4, t:nrow() do
      local y, c, s = tonumber(year[i]), tonumber(ops[i]), tonumber(top1[i])
      if y and c and s then
        local k = #p.error + 1
        p.error[k], p.compute[k], p.year[k] = (100 - s) / 100, c, y - 2012
      end
    end
    p.n = #p.error
    eq(p.n, 77)
    local f = h:fit(p)
    local function printed(v, want, digits)
      local r = math.floor(v * 10 ^ digits + 0.5) / 10 ^ digits
      near(r, want, 1e-12)
    end
    printed(f.slope, -0.0638, 4)
    printed(f.b_year, -0.0250, 4)
    printed(f.r2, 0.831, 3)
    -- one year is worth 0.392 decades of compute: the compute halves in about 9 months
    printed(f:progress().halving * 12, 9.2, 1)
  end)
end)
