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
    eq(burden.domain.get("squad11").metric, "f1")
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

  it("needs three points", function()
    local pts = d:points({ synthetic()[1], synthetic()[2] })
    assert_error("2 points are too few", function()
      burden.hypothesis.get("polynomial"):fit(pts)
    end)
  end)

  it("rejects unknown hypotheses, listing the known ones", function()
    assert_error("unknown hypothesis 'poly' (known: polynomial, exponential, power_floor, time_trend)",
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
