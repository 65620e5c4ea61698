-- The LLM era (issue 14): the mmlu, gsm8k and hellaswag domains, the chance_logistic
-- hypothesis (accuracy between guessing and 100%), its inverse prediction, held-out
-- scores, and the fits against R's nls, scipy's curve_fit and statsmodels on the same rows.
local burden = require "burden"

local logistic = burden.hypothesis.get("chance_logistic")

-- points with accuracy exactly chance + (1 - chance) logistic(a + b (log10 C - 22)),
-- plus an optional wiggle so the fit has a residual
local function logistic_points(chance, a, b, wiggle)
  local p = { error = {}, compute = {}, year = {}, model = {}, chance = chance }
  for i = 1, 30 do
    local lc = 20 + (i * 7 % 30) * 0.15
    local acc = chance + (1 - chance) / (1 + math.exp(-(a + b * (lc - 22))))
    acc = acc + (wiggle or 0) * math.sin(i * 1.7)
    p.compute[i], p.error[i], p.year[i], p.model[i] = 10 ^ lc, 1 - acc, 2018 + i % 8, "m" .. i
  end
  p.n = 30
  return p
end

-- Epoch's benchmark results joined to its training compute, read in place
-- (model version -> Epoch's model name -> all_ml_systems.csv), as rows of a domain.
local function epoch_rows()
  local dir = shared_data("epoch")
  if not dir then skip("no ../shared/data/epoch") end
  local mv = burden.data.read_csv(dir .. "/benchmarks/model_versions.csv",
    { types = { id = "string", Model = "string" } })
  local sys = burden.data.read_csv(dir .. "/all_ml_systems.csv", { types = { Model = "string",
    ["Training compute (FLOP)"] = "number", ["Publication date"] = "string" } })
  local flop, year, model_of = {}, {}, {}
  for _, r in sys:rows() do
    flop[r.Model] = r["Training compute (FLOP)"]
    year[r.Model] = tonumber((r["Publication date"] or ""):sub(1, 4))
  end
  for _, r in mv:rows() do model_of[r.id] = r.Model end
  local rows = {}
  for _, b in ipairs(burden.domain.llm) do
    local score = b == "hellaswag" and "Overall accuracy" or "EM"
    local t = burden.data.read_csv(dir .. "/benchmarks/external_benchmark_" .. b .. ".csv",
      { types = { ["Model version"] = "string", [score] = "string", Shots = "string" } })
    for _, r in t:rows() do
      local m = model_of[r["Model version"]]
      local v = r[score] and tonumber((r[score]:gsub("%%$", "")))
      if m and flop[m] and year[m] and v then
        rows[#rows + 1] = { benchmark = b, model = m, value = v, train_flop = flop[m],
          year = year[m], shots = tonumber(r.Shots) }
      end
    end
  end
  return rows
end

local function points_csv(pts)
  local lines = { "compute,error,year" }
  for i = 1, pts.n do
    lines[#lines + 1] = string.format("%.17g,%.17g,%d", pts.compute[i], pts.error[i], pts.year[i])
  end
  return table.concat(lines, "\n") .. "\n"
end

describe("llm domains", function()
  it("know their chance levels, compute column and targets", function()
    local want = { mmlu = 0.25, gsm8k = 0, hellaswag = 0.25 }
    eq(burden.domain.llm, { "mmlu", "gsm8k", "hellaswag" })
    for _, name in ipairs(burden.domain.llm) do
      local d = burden.domain.get(name)
      eq(d.chance, want[name])
      eq(d.compute, "train_flop")
      assert(d.measure:find("train_flop", 1, true), name .. " names its compute measure")
      assert(#d.targets == 2 and d.targets[1] > d.targets[2], name .. " targets")
    end
    -- the paper's six stay the paper's: the LLM domains are listed, not built in
    eq(#burden.domain.builtin, 6)
    local listed = table.concat(burden.domain.list(), ",")
    assert(listed:find("mmlu", 1, true) and listed:find("hellaswag", 1, true), listed)
  end)

  it("take error = 1 - accuracy and MMLU only 5-shot", function()
    local d = burden.domain.get("mmlu")
    local p = d:points({
      { benchmark = "mmlu", model = "a", value = 70, train_flop = 1e24, shots = 5, year = 2023 },
      { benchmark = "mmlu", model = "b", value = 75, train_flop = 1e24, shots = 0, year = 2023 },
      { benchmark = "mmlu", model = "c", value = 60, train_flop = "2e23", year = 2022 },
      { benchmark = "gsm8k", model = "d", value = 50, train_flop = 1e24, year = 2023 } })
    eq(p.n, 2)
    near(p.error[1], 0.30)
    near(p.error[2], 0.40)
    eq(p.compute[2], 2e23)
    eq(p.chance, 0.25)
  end)

  it("fit one protocol: base models at MMLU 5-shot, GSM8K 8-shot, HellaSwag 0-shot", function()
    local function row(bench, model, shots, variant)
      return { benchmark = bench, model = model, value = 60, train_flop = 1e24, year = 2023,
        shots = shots, variant = variant }
    end
    local rows = {
      row("mmlu", "m-base", 5, "base"), row("mmlu", "m-instruct", 5, "instruct"),
      row("mmlu", "m-chat", 5, "chat"), row("mmlu", "m-0shot", 0, "base"),
      row("gsm8k", "g-8", 8, "base"), row("gsm8k", "g-5", 5, "base"),
      row("gsm8k", "g-8-instruct", 8, "instruct"),
      row("hellaswag", "h-0", 0, "base"), row("hellaswag", "h-10", 10, "base"),
      row("hellaswag", "h-0-instruct", 0, "instruct") }
    eq(burden.domain.get("mmlu"):points(rows).model, { "m-base" })
    eq(burden.domain.get("gsm8k"):points(rows).model, { "g-8" })
    eq(burden.domain.get("hellaswag"):points(rows).model, { "h-0" })
  end)

  it("rejects a chance level outside [0, 1)", function()
    assert_error("chance must be an accuracy between 0 and 1", function()
      burden.domain.define{ name = "bad_chance", chance = 1 } end)
    assert_error("chance must be an accuracy between 0 and 1", function()
      burden.domain.define{ name = "bad_chance", chance = "0.25" } end)
  end)
end)

describe("chance_logistic", function()
  it("recovers exact parameters and respects the floor and the ceiling", function()
    local f = logistic:fit(logistic_points(0.25, -0.5, 0.9))
    near(f.a + f.b * (22 - f.x0), -0.5, 1e-7)
    near(f.b, 0.9, 1e-7)
    eq(f.falls, true)
    near(f.r2, 1, 1e-9)
    -- far below the data the error tends to 1 - chance, far above to 0
    near(f:predict(1e5), 0.75, 1e-6)
    assert(f:predict(1e40) < 1e-6)
  end)

  it("inverts its prediction, with intervals that widen for a new model", function()
    local f = logistic:fit(logistic_points(0.25, -0.5, 0.9, 0.01))
    for _, target in ipairs({ 0.5, 0.2, 0.05 }) do
      local p = f:project(target)
      near(f:predict(p.compute), target, 1e-9)
      assert(p.lower < p.compute and p.compute < p.upper, "confidence interval brackets")
      local q = f:project(target, 0.95, { interval = "prediction" })
      near(q.compute, p.compute, 1e-12)
      assert(q.lower < p.lower and q.upper > p.upper, "prediction interval is wider")
      eq(q.method, "delta method (prediction)")
    end
    -- no better than guessing, or perfect: outside the model
    local p = f:project(0.8)
    eq(p.reachable, false)
    eq(p.status, "unreachable")
    assert(p.reason:find("outside (0, 1 - chance = 0.75)", 1, true), p.reason)
    eq(f:project(0.3).status, "ok")
    assert_error("interval must be 'confidence' or 'prediction'", function()
      f:project(0.3, 0.95, { interval = "both" }) end)
    assert(p.compute ~= p.compute, "NaN compute")
    eq(f:project(0).reachable, false)
  end)

  it("has a confidence band that brackets the fit and stays above zero", function()
    local f = logistic:fit(logistic_points(0, 0.3, 1.2, 0.02))
    local fitv, lo, hi = f:band({ 1e19, 1e22, 1e26 })
    for i = 1, 3 do assert(lo[i] > 0 and lo[i] < fitv[i] and fitv[i] < hi[i] and hi[i] < 1) end
  end)

  it("delta-method SE of log10(compute) matches a finite-difference gradient", function()
    local f = logistic:fit(logistic_points(0.25, -0.5, 0.9, 0.01))
    local target = 0.1
    local function x_of(a, b)
      local q = (1 - target - 0.25) / 0.75
      return f.x0 + (math.log(q / (1 - q)) - a) / b
    end
    local h = 1e-6
    local ga = (x_of(f.a + h, f.b) - x_of(f.a - h, f.b)) / (2 * h)
    local gb = (x_of(f.a, f.b + h) - x_of(f.a, f.b - h)) / (2 * h)
    local V = f.vcov
    local se = math.sqrt(ga * ga * V[1][1] + 2 * ga * gb * V[1][2] + gb * gb * V[2][2])
    near(f:project(target).se_log10, se, 1e-6)
  end)

  it("rejects too few points and a bad chance", function()
    local p = logistic_points(0.25, 0, 1)
    assert_error("chance must be an accuracy in [0, 1)", function()
      logistic:fit(p, { chance = 1.5 }) end)
    p.n = 3
    assert_error("3 points are too few to fit a logistic from chance", function()
      logistic:fit(p) end)
  end)
end)

describe("chance_logistic in burden.analysis.run", function()
  it("keeps the domain's chance in every bootstrap resample", function()
    local p = logistic_points(0.25, -0.5, 0.9, 0.01)
    local rows = {}
    for i = 1, p.n do
      rows[i] = { benchmark = "toy_mc", model = p.model[i], value = (1 - p.error[i]) * 100,
        c = p.compute[i], year = p.year[i] }
    end
    local d = burden.domain.define{ name = "toy_mc", compute = "c", chance = 0.25,
      targets = { 0.05 } }
    local res = burden.analysis.run{ data = rows, domains = { d },
      hypotheses = { "chance_logistic" }, bootstrap = 300, seed = 3 }
    local pr = res.projections[1]
    near(pr.compute, res.models.toy_mc.chance_logistic:project(0.05).compute, 1e-12)
    eq(pr.method, "delta method")
    -- resamples fitted with chance 0 would put the 5% target at far less compute
    assert(pr.boot_lower < pr.compute and pr.compute < pr.boot_upper, "bootstrap brackets")
    near(math.log(pr.boot_lower, 10), math.log(pr.lower, 10), 0.05)
    near(math.log(pr.boot_upper, 10), math.log(pr.upper, 10), 0.05)
  end)
end)

describe("inverse prediction round-trips", function()
  it("polynomial, exponential, linear and chance_logistic reach the target they project", function()
    local p = logistic_points(0.25, -0.5, 0.9, 0.01)
    for _, name in ipairs({ "polynomial", "exponential", "linear", "chance_logistic" }) do
      local f = burden.hypothesis.get(name):fit(p)
      for _, target in ipairs({ 0.3, 0.1 }) do
        local pr = f:project(target)
        near(f:predict(pr.compute), target, 1e-9)
        local pp = f:project(target, 0.95, { interval = "prediction" })
        assert(pp.lower <= pr.lower and pp.upper >= pr.upper, name .. ": prediction is wider")
      end
    end
  end)
end)

describe("hypothesis.heldout", function()
  it("scores leave-one-out and a time split", function()
    local p = logistic_points(0.25, -0.5, 0.9, 0.001)
    local loo = burden.hypothesis.heldout("chance_logistic", p)
    eq(loo.n, 30)
    eq(loo.n_failed, 0)
    assert(loo.rmse < 0.002, "the right model predicts held-out points to their wiggle")
    local line = burden.hypothesis.heldout("linear", p)
    assert(line.rmse > 0.01, "a straight line misses a logistic")
    local later = 0
    for i = 1, p.n do if p.year[i] > 2022 then later = later + 1 end end
    local ts = burden.hypothesis.heldout("chance_logistic", p, { split = 2022 })
    eq(ts.n, later)
    -- leave-one-out of a straight line, by hand
    local q = { error = {}, compute = {}, year = {}, n = 5 }
    local e = { 0.5, 0.4, 0.35, 0.2, 0.18 }
    for i = 1, 5 do q.error[i], q.compute[i], q.year[i] = e[i], 10 ^ (20 + i), 2020 end
    local sse = 0
    for i = 1, 5 do
      local xs, ys = {}, {}
      for j = 1, 5 do if j ~= i then xs[#xs + 1], ys[#ys + 1] = 20 + j, e[j] end end
      local m = burden.fit.ols{ x = xs, y = ys }
      sse = sse + (m.coef[1] + m.coef[2] * (20 + i) - e[i]) ^ 2
    end
    near(burden.hypothesis.heldout("linear", q).rmse, math.sqrt(sse / 5), 1e-12)
    assert_error('split must be "loo" or a year', function()
      burden.hypothesis.heldout("linear", q, { split = "yes" }) end)
  end)
end)

-- The peers below fit the same rows: Epoch's results joined to its compute (read in place).
local R_NLS = [==[
args <- commandArgs(TRUE)
d <- read.csv(args[2])
chance <- as.numeric(args[1])
x0 <- mean(log10(d$compute))
d$u <- log10(d$compute) - x0
d$acc <- 1 - d$error
# start from the line through the clamped logits, as burden does
q <- pmin(pmax((d$acc - chance) / (1 - chance), 0.02), 0.98)
s <- coef(lm(log(q / (1 - q)) ~ u, data = d))
m <- nls(acc ~ chance + (1 - chance) / (1 + exp(-(a + b * u))), data = d,
  start = list(a = s[[1]], b = s[[2]]), control = nls.control(tol = 1e-7, maxiter = 1000, minFactor = 1e-10))
se <- summary(m)$coefficients[, 2]
cat(sprintf("%.17g", c(coef(m), se, summary(m)$sigma)), "\n")
]==]

local SCIPY = [[
import sys, csv, math
import numpy as np
from scipy.optimize import curve_fit
chance = float(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2])))
lc = np.array([math.log10(float(r["compute"])) for r in rows])
u = lc - lc.mean()
acc = np.array([1 - float(r["error"]) for r in rows])
f = lambda u, a, b: chance + (1 - chance) / (1 + np.exp(-(a + b * u)))
p, cov = curve_fit(f, u, acc, p0=[0.0, 1.0], xtol=1e-15, ftol=1e-15, gtol=1e-15)
print(" ".join("%.17g" % v for v in (p[0], p[1], math.sqrt(cov[0, 0]), math.sqrt(cov[1, 1]))))
]]

local STATSMODELS = [[
import sys, csv, math
import numpy as np
import statsmodels.api as sm
rows = list(csv.DictReader(open(sys.argv[1])))
x = sm.add_constant(np.array([math.log10(float(r["compute"])) for r in rows]))
e = np.array([float(r["error"]) for r in rows])
for name, y in (("polynomial", np.log10(e)), ("exponential", 1 / e), ("linear", e)):
    m = sm.OLS(y, x).fit()
    print(name, " ".join("%.17g" % v for v in (m.params[0], m.params[1], m.bse[1], m.rsquared)))
]]

-- each check fits the three domains on `rows` and compares with a peer on the same points
local function check_r_nls(rows)
  local r = peer.rscript()
  for _, name in ipairs(burden.domain.llm) do
    local d = burden.domain.get(name)
    local pts = d:points(rows)
    assert(pts.n >= 12, name .. ": too few rows")
    local f = logistic:fit(pts)
    local out = peer.run(r, R_NLS, string.format("%.17g", d.chance), { points_csv(pts) })
    local v = peer.numbers(out)
    assert(#v == 5, name .. ": unexpected R output: " .. out)
    near(f.a, v[1], 1e-6)
    near(f.b, v[2], 1e-6)
    near(f.se_a, v[3], 1e-5)
    near(f.se_b, v[4], 1e-5)
    near(f.sigma, v[5], 1e-6)
  end
end

local function check_scipy(rows)
  local py = peer.python{ "scipy", "numpy" }
  for _, name in ipairs(burden.domain.llm) do
    local d = burden.domain.get(name)
    local pts = d:points(rows)
    local f = logistic:fit(pts)
    local out = peer.run(py, SCIPY, string.format("%.17g", d.chance), { points_csv(pts) })
    local v = peer.numbers(out)
    assert(#v == 4, name .. ": unexpected scipy output: " .. out)
    near(f.a, v[1], 1e-6)
    near(f.b, v[2], 1e-6)
    near(f.se_a, v[3], 1e-5)
    near(f.se_b, v[4], 1e-5)
  end
end

local function check_statsmodels(rows)
  local py = peer.python{ "statsmodels", "numpy" }
  for _, name in ipairs(burden.domain.llm) do
    local pts = burden.domain.get(name):points(rows)
    local out = peer.run(py, STATSMODELS, { points_csv(pts) })
    local checked = 0
    for line in out:gmatch("[^\n]+") do
      local h = line:match("^(%a+) ")
      assert(h, name .. ": unexpected statsmodels output: " .. line)
      local v = peer.numbers(line:sub(#h + 2))
      local f = burden.hypothesis.get(h):fit(pts)
      near(f.intercept, v[1], 1e-9)
      near(f.slope, v[2], 1e-9)
      near(f.se_slope, v[3], 1e-8)
      near(f.r2, v[4], 1e-9)
      checked = checked + 1
    end
    eq(checked, 3)
  end
end

describe("llm fits against peers on the curated rows (data/benchmarks)", function()
  local rows = burden.dataset.load{ benchmarks = burden.domain.llm }
  it("chance_logistic matches R nls: parameters, SEs and sigma", function() check_r_nls(rows) end)
  it("chance_logistic matches scipy curve_fit: parameters and SEs", function() check_scipy(rows) end)
  it("polynomial, exponential and linear match statsmodels OLS", function()
    check_statsmodels(rows) end)
end)

describe("llm fits against peers on Epoch's rows (read in place)", function()
  it("chance_logistic matches R nls: parameters, SEs and sigma", function()
    check_r_nls(epoch_rows()) end)
  it("chance_logistic matches scipy curve_fit: parameters and SEs", function()
    check_scipy(epoch_rows()) end)
  it("polynomial, exponential and linear match statsmodels OLS", function()
    check_statsmodels(epoch_rows()) end)
end)

describe("paper section 12: the LLM era", function()
  it("writes table8_llm.csv with the fits, k, projections priced as Table 2", function()
    local study = assert(loadfile("scripts/paper/study.lua"))()
    local section = assert(loadfile("scripts/paper/sections/llm_era.lua"))()
    local p = logistic_points(0.25, -0.5, 0.9, 0.01)
    local rows = {}
    for i = 1, p.n do
      rows[i] = { benchmark = "mmlu", model = p.model[i], value = (1 - p.error[i]) * 100,
        train_flop = p.compute[i], year = p.year[i], shots = 5 }
    end
    -- five rows with hardware: their burden (burden.dataset's column, at the chip's
    -- training precision) is chip-hours x the A100's BF16 peak (312 TFLOP/s,
    -- data/hardware.csv), or chips x hours x the V100's FP16 tensor peak (125)
    local hw = { { "NVIDIA A100", 1e5 }, { "NVIDIA A100", 4e5 }, { "NVIDIA A100", 2e6 },
      { "NVIDIA A100", 9e6 }, { "NVIDIA Tesla V100", 3e5 } }
    local burdens = {}
    for i, h in ipairs(hw) do
      rows[i].hardware, rows[i].chip_hours = h[1], h[2]
      burdens[i] = h[2] * (h[1] == "NVIDIA A100" and 312e12 or 125e12) * 3600
      rows[i].hardware_burden = burdens[i]
    end
    rows[5].chip_hours, rows[5].chips, rows[5].train_hours = nil, 1000, 300
    local out = os.tmpname()
    os.remove(out)
    burden.io.mkdir(out)
    local s = setmetatable({ out = out, outputs = {}, figure_formats = { "svg" }, rows = rows, result = { fits = {
      { hypothesis = "polynomial", domain = "imagenet", k = 10 },
      { hypothesis = "polynomial", domain = "coco", k = 20 } } } }, { __index = study })
    local real_write = io.write
    io.write = function() end -- the section prints its tables; keep the test quiet
    local ok, sec = pcall(section, s)
    io.write = real_write
    assert(ok, tostring(sec))
    eq(sec.title, "12. The LLM era")
    local t = burden.data.read_csv(out .. "/table8_llm.csv", { types = { k = "number" } })
    eq(t:names(), { "benchmark", "hypothesis", "n", "slope", "se", "r2", "k" })
    local pts = burden.domain.get("mmlu"):points(rows)
    local fp = burden.hypothesis.get("polynomial"):fit(pts)
    local fl = logistic:fit(pts)
    local seen = 0
    for _, r in t:rows() do
      if r.benchmark == "MMLU" and r.hypothesis == "polynomial" then
        near(r.slope, fp.slope, 1e-12)
        near(r.se, fp.se_slope, 1e-12)
        near(r.k, -1 / fp.slope, 1e-12)
        seen = seen + 1
      elseif r.benchmark == "MMLU" and r.hypothesis == "chance_logistic" then
        near(r.slope, fl.b, 1e-12)
        eq(r.k, nil)
        seen = seen + 1
      elseif r.benchmark == "GSM8K" then
        eq(r.n, 0)
        eq(r.slope, nil)
      end
    end
    eq(seen, 2)
    local hb = { error = {}, compute = burdens, n = 5 }
    for i = 1, 5 do hb.error[i] = p.error[i] end
    local fh = burden.hypothesis.get("polynomial"):fit(hb)
    local found
    for _, r in t:rows() do
      if r.benchmark == "MMLU" and r.hypothesis == "polynomial (hardware burden)" then found = r end
    end
    eq(found.n, 5)
    near(found.slope, fh.slope, 1e-12)
    local pr = burden.data.read_csv(out .. "/table8c_llm_projections.csv")
    local priced = 0
    for _, r in pr:rows() do
      if r.hypothesis == "chance_logistic" and r.target == 0.05 then
        local want = fl:project(0.05)
        near(r.compute, want.compute, 1e-12)
        near(r.usd, burden.cost.estimate{ flop = want.compute, preset = "thompson-site" }.usd, 1e-12)
        priced = priced + 1
      end
    end
    eq(priced, 1)
    -- the k sentence sets MMLU beside the paper's benchmarks' range
    assert(sec.text:find(string.format("MMLU (30 models, training compute): k = %.1f", fp.k),
      1, true), sec.text)
    assert(sec.text:find("k runs from 10.0 to 20.0", 1, true), sec.text)
  end)
end)
