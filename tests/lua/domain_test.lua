-- burden.domain, burden.hypothesis and burden.analysis on data made up for the test.
local burden = require "burden"

-- 30 models on the line log10(error) = 0.5 - 0.1 log10(compute / 1e16), with noise
local function synthetic()
  local rows = {}
  for i = 1, 30 do
    local c = 10 ^ (16 + i * 0.2)
    local e = 10 ^ (0.5 - 0.1 * (i * 0.2)) / 10 * (1 + 0.03 * math.sin(i))
    rows[i] = { benchmark = "toy", metric = "err", model = "m" .. i, year = 2010 + i // 3,
      c = c, e = e }
  end
  return rows
end

describe("domain", function()
  it("selects rows and computes error from a metric in percent", function()
    local d = burden.domain.define{ name = "t_acc", benchmark = "b", metric = "top1",
      compute = "flop", targets = { 0.05 } }
    local rows = {
      { benchmark = "b", metric = "top1", value = 76.5, flop = 1e18, year = 2015 },
      { benchmark = "b", metric = "top1", value = 80, year = 2016 },     -- no compute
      { benchmark = "other", metric = "top1", value = 90, flop = 1e19 }, -- other benchmark
    }
    local p = d:points(rows)
    eq(p.n, 1)
    eq(p.n_dropped, 1)
    near(p.error[1], 0.235)
    eq(p.compute[1], 1e18)
  end)

  it("finds the best error of each year", function()
    local d = burden.domain.define{ name = "t_best", benchmark = "b", error = "e" }
    local best = d:best_by_year({ { benchmark = "b", year = 2012, e = 0.4, model = "a" },
      { benchmark = "b", year = 2012, e = 0.3, model = "b" },
      { benchmark = "b", year = 2014, e = 0.2, model = "c" } })
    eq(best, { year = { 2012, 2014 }, error = { 0.3, 0.2 }, model = { "b", "c" } })
  end)

  it("knows the paper's six benchmarks and their targets", function()
    eq(burden.domain.builtin, { "imagenet", "coco", "squad11", "conll2003", "wmt2014_en_fr",
      "wmt2014_en_de" })
    eq(burden.domain.get("imagenet").targets, { 0.05, 0.01 })
    eq(burden.domain.get("coco").targets, { 0.30, 0.10 })
    eq(burden.domain.get("squad11").metric, "em")
  end)

  it("scores SQuAD 1.1 by exact match, as the paper did, and keeps F1 available", function()
    local rows = burden.dataset.load()
    local em = burden.domain.get("squad11"):points(rows)
    local by_model = {}
    for i = 1, em.n do by_model[em.model[i]] = em.error[i] end
    near(by_model["BERT-Large"], (100 - 84.1) / 100)       -- BERT Table 2, dev EM/F1 84.1/90.9
    near(by_model["LUKE"], (100 - 90.2) / 100)
    eq(by_model["BiDAF + Self Attention + ELMo (single)"], nil) -- its paper prints F1 only
    eq(em.n, 14)
    local f1 = burden.domain.define{ name = "squad11_f1_test", benchmark = "squad11",
      metric = "f1", higher_is_better = true, compute = "hardware_burden" }:points(rows)
    eq(f1.n, 15)
  end)

  it("leaves zero-shot and probe results out of the ImageNet domain", function()
    local d = burden.domain.get("imagenet")
    local rows = {}
    for i, name in ipairs({ "ViT-L/16", "CLIP (zero-shot)", "SimCLR (ResNet-50, linear probe)",
      "AIMv2-3B (attentive probe)" }) do
      rows[i] = { benchmark = "imagenet", metric = "top1", model = name, value = 80 }
    end
    local kept = d:select(rows)
    eq(#kept, 1)
    eq(kept[1].model, "ViT-L/16")
  end)

  it("rejects bad definitions and unknown names", function()
    assert_error("name must be a non-empty string", burden.domain.define, {})
    assert_error("targets[1] must be an error between 0 and 1", burden.domain.define,
      { name = "x", targets = { 5 } })
    assert_error("unknown domain 'imagenett'", burden.domain.get, "imagenett")
  end)
end)

describe("hypothesis", function()
  local d = burden.domain.define{ name = "toy", benchmark = "toy", compute = "c", error = "e",
    targets = { 0.05 } }

  it("fits the polynomial model and inverts it exactly", function()
    local f = burden.hypothesis.get("polynomial"):fit(d:points(synthetic()))
    near(f.slope, -0.1, 0.02)
    near(f.k, -1 / f.slope)
    local p = f:project(0.05)
    near(f:predict(p.compute), 0.05, 1e-12)
    assert(p.lower < p.compute and p.compute < p.upper, "Fieller interval brackets")
    eq(p.method, "Fieller")
  end)

  it("fits the exponential model", function()
    local f = burden.hypothesis.get("exponential"):fit(d:points(synthetic()))
    local p = f:project(0.05)
    near(f:predict(p.compute), 0.05, 1e-12)
  end)

  -- points on 1/error = 2 + 3 log10(compute / 1e10), with a little noise on 1/error
  local function reciprocal_line(rising)
    local rows = {}
    for i = 1, 20 do
      local x = 10 + i * 0.25
      local inv = 2 + 3 * (x - 10) + 0.05 * math.sin(i * 1.7)
      if rising then inv = 30 - 1.2 * (x - 10) + 0.05 * math.sin(i * 1.7) end
      rows[i] = { benchmark = "toy", c = 10 ^ x, e = 1 / inv, year = 2000 + i }
    end
    return rows
  end

  it("fits the exponential model as the paper does: 1/error ~ log10(compute)", function()
    local f = burden.hypothesis.get("exponential"):fit(d:points(reciprocal_line()))
    eq(burden.hypothesis.get("exponential").formula, "1/error ~ log10(compute)")
    near(f.slope, 3, 0.01)             -- 1/error rises as compute grows...
    eq(f.falls, true)                  -- ...so the error falls
    near(f.intercept + 10 * f.slope, 2, 0.05)
    -- a target e maps to 1/e: 5% error is 1/error = 20, reached at log10(c) = 10 + 18/3
    local p = f:project(0.05)
    near(math.log(p.compute, 10), (20 - f.intercept) / f.slope, 1e-12)
    near(math.log(p.compute, 10), 16, 0.01)
    near(f:predict(p.compute), 0.05, 1e-12)
    assert(p.bounded and p.lower < p.compute and p.compute < p.upper, "Fieller brackets")
    -- the 95% band of the error: 1/y swaps the ends, lower <= fit <= upper
    local fitv, lo, hi = f:band({ 1e11, 1e13, 1e15 })
    for i = 1, 3 do assert(lo[i] < fitv[i] and fitv[i] < hi[i], "band order at " .. i) end
    near(fitv[2], 1 / (f.intercept + 13 * f.slope), 1e-12)
    -- where the fitted 1/error is not positive the error is unbounded
    eq(f:predict(1e5), math.huge)
  end)

  it("projects and bootstraps the exponential model with intervals around the estimate", function()
    local res = burden.analysis.run{ data = reciprocal_line(), domains = { d },
      hypotheses = { "exponential" }, bootstrap = 300, seed = 5 }
    local p = res.projections[1]
    near(math.log(p.compute, 10), 16, 0.01)
    assert(p.boot_lower < p.compute and p.compute < p.boot_upper,
      string.format("bootstrap %g < %g < %g", p.boot_lower, p.compute, p.boot_upper))
    assert(p.usd and p.usd > 0, "priced")
  end)

  it("gives no exponential projection when the error rises with compute", function()
    local f = burden.hypothesis.get("exponential"):fit(d:points(reciprocal_line(true)))
    assert(f.slope < 0)
    eq(f.falls, false)
    local res = burden.analysis.run{ data = reciprocal_line(true), domains = { d },
      hypotheses = { "exponential" } }
    eq(res.projections[1].compute, nil)
  end)

  it("keeps the former exponential form as linear: error ~ log10(compute)", function()
    local pts = d:points(synthetic())
    local f = burden.hypothesis.get("linear"):fit(pts)
    eq(burden.hypothesis.get("linear").formula, "error ~ log10(compute)")
    local x, y = {}, {}
    for i = 1, pts.n do x[i], y[i] = math.log(pts.compute[i], 10), pts.error[i] end
    local m = burden.fit.ols{ x = x, y = y }
    near(f.slope, m.coef[2], 1e-12)
    eq(f.falls, true)
    local p = f:project(0.05)
    near(math.log(p.compute, 10), (0.05 - m.coef[1]) / m.coef[2], 1e-12)
  end)

  it("needs three points", function()
    local pts = d:points({ synthetic()[1], synthetic()[2] })
    assert_error("2 points are too few", function()
      burden.hypothesis.get("polynomial"):fit(pts)
    end)
  end)

  it("rejects unknown hypotheses, listing the known ones", function()
    assert_error("unknown hypothesis 'poly' (known: polynomial, exponential, linear, power_floor, " ..
      "chance_logistic, time_trend, compute_and_time)",
      burden.hypothesis.get, "poly")
  end)
end)

describe("analysis", function()
  it("computes R's type-7 quantiles", function()
    -- R: quantile(c(1, 2, 3, 4, 10), c(0.1, 0.5, 0.9)) = 1.4, 3, 7.6
    local q = burden.analysis.quantile
    near(q({ 1, 2, 3, 4, 10 }, 0.1), 1.4)
    eq(q({ 1, 2, 3, 4, 10 }, 0.5), 3)
    near(q({ 1, 2, 3, 4, 10 }, 0.9), 7.6)
  end)

  it("draws the same resamples for the same seed", function()
    local a, b, c = burden.analysis.rng(7), burden.analysis.rng(7), burden.analysis.rng(8)
    local same, differ = true, false
    for _ = 1, 100 do
      local x, y, z = a(50), b(50), c(50)
      assert(x >= 1 and x <= 50)
      if x ~= y then same = false end
      if x ~= z then differ = true end
    end
    assert(same and differ)
  end)

  it("draws from burden's one generator: call k is the first row of bootstrap stream k", function()
    local core_lm = require "burden.core.lm"
    local draw = burden.analysis.rng(7)
    for k = 1, 20 do eq(draw(50), core_lm.boot_indices(7, k, 50)[1]) end
    eq(core_lm.boot_indices(7, 3, 50, 4), table.move(core_lm.boot_indices(7, 3, 50), 1, 4, 1, {}))
    assert_error("count in 0..n expected", core_lm.boot_indices, 7, 3, 50, 51)
  end)

  it("fits, projects and bootstraps every pair, reproducibly", function()
    local d = burden.domain.get("toy")
    local run = function()
      return burden.analysis.run{ data = synthetic(), domains = { d },
        hypotheses = { "polynomial", "exponential" }, bootstrap = 200, seed = 3 }
    end
    local r1, r2 = run(), run()
    eq(#r1.fits, 2)
    eq(#r1.projections, 2)
    local p = r1.projections[1]
    assert(p.boot_lower < p.compute and p.compute < p.boot_upper)
    eq(r1.projections[1].boot_lower, r2.projections[1].boot_lower)
  end)
end)

describe("power_floor hypothesis", function()
  it("recovers a floor, exponent and scale, and never reaches below the floor", function()
    local d = burden.domain.define{ name = "floor_toy", compute = "c", error = "e" }
    local rows = {}
    for i = 1, 40 do
      local c = 10 ^ (20 + i * 0.15) -- errors stay fractions (below 1)
      rows[i] = { c = c, e = 0.04 + 0.3 * (c / 1e21) ^ -0.25 * (1 + 0.002 * math.sin(i)) }
    end
    local f = burden.hypothesis.get("power_floor"):fit(d:points(rows))
    near(f.E, 0.04, 0.02)
    near(f.alpha, 0.25, 0.05)
    near(f:predict(1e21), 0.04 + 0.3, 0.02)
    local p = f:project(0.1)
    near(f:predict(p.compute), 0.1, 1e-9)
    eq(f:project(0.03).compute, math.huge)
    eq(f:project(0.03).bounded, false)
  end)
end)

describe("analysis cost preset", function()
  it("raises on an unknown preset instead of leaving dollars out", function()
    local d = burden.domain.define{ name = "toy_preset", compute = "c", error = "e",
      targets = { 0.05 } }
    local rows = {}
    for i = 1, 10 do rows[i] = { c = 10 ^ (16 + i), e = 0.5 / i } end
    assert_error("unknown preset", burden.analysis.run, { data = rows, domains = { d },
      hypotheses = { "polynomial" }, preset = "no-such-preset" })
  end)
end)
