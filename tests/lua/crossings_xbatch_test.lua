-- Pricing many runs in one call (burden.cost.estimate_each) and the crossings of
-- burden.cost and burden.analysis (doc/architecture.md, "Crossings"): an estimate checks
-- its numbers and gathers its constants without going back and forth between cost/'s
-- files, a batch of estimates comes into burden.cost.methods once, and analysis.run
-- prices all its projections in one call, so pricing 40 projections crosses as often as
-- pricing 2.
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")
local cost = burden.cost

-- Every field of a and b equal, numbers bit for bit (%a, and integer or float), with the
-- path of the first difference.
local function same(a, b, path)
  path = path or "result"
  if type(a) ~= type(b) then
    error(string.format("%s: %s ~= %s", path, tostring(a), tostring(b)), 2)
  end
  if type(a) == "number" then
    if string.format("%a", a) ~= string.format("%a", b) or math.type(a) ~= math.type(b) then
      error(string.format("%s: %.17g ~= %.17g", path, a, b), 2)
    end
  elseif type(a) == "table" then
    for k, v in pairs(a) do same(v, b[k], path .. "." .. tostring(k)) end
    for k in pairs(b) do
      if a[k] == nil then error(path .. "." .. tostring(k) .. ": missing in the first", 2) end
    end
  elseif a ~= b then
    error(string.format("%s: %s ~= %s", path, tostring(a), tostring(b)), 2)
  end
end

local message = error_message

-- Runs of every preset and kind of input: flop, chips x hours, a regime's prior, a
-- measured rate, Monte Carlo intervals (fixed seed), a region, a year, a price file.
local RUNS = {
  { flop = 1e20 },
  { flop = 3.5e24, preset = "thompson-site" },
  { preset = "strubell2019", watts = 1515.43, hours = 84 },
  { preset = "strubell2019", chip = "V100", chips = 8, hours = 12, pricing = "preemptible" },
  { preset = "mlco2", chip = "V100", hours = 500, region = "France", year = 2023 },
  { preset = "mlco2", flop = 1e23, chip = "A100", precision = "tensor_fp16",
    uncertain = { utilization = { 0.3, 0.5 }, pue = { 1.1, 1.6 } }, draws = 2000, seed = 7 },
  { preset = "epoch", chip = "H100", chips = 1000, days = 30, hardware_usd = 30000,
    year = 2023, hyperscaler = true },
  { preset = "epoch", flop = 5.88e23, chip = "H100", chips = 1024, regime = "large_llm",
    uncertain = { utilization = "prior" }, draws = 1000, seed = 3 },
  { preset = "mlco2", flop = 2.488e14, chip = "H200", chips = 1, step_seconds = 0.05455,
    flop_per_step = 6.2206e12, board_power_fraction = 0.856 },
  { preset = "epoch", chip = "V100", flop = 1e21, region = "Germany", pue_provider = "Amazon",
    year = 2023 },
  { preset = "epoch", chip = "A100", flop = 1e22, pricing = "1-year",
    provider = "Amazon Web Services" },
}

describe("cost.estimate_each", function()
  it("gives for each run the result cost.estimate gives, every field bit for bit", function()
    local each = cost.estimate_each(RUNS)
    eq(#each, #RUNS)
    for i, run in ipairs(RUNS) do same(each[i], cost.estimate(run), "run " .. i) end
    -- the same run twice, and a run with a chip and one without, in one call
    local twice = cost.estimate_each{ RUNS[7], RUNS[1], RUNS[7] }
    same(twice[1], cost.estimate(RUNS[7]))
    same(twice[2], cost.estimate(RUNS[1]))
    same(twice[3], twice[1])
    assert(twice[3] ~= twice[1] and twice[3].constants ~= twice[1].constants,
      "each result is a table of its own")
    eq(cost.estimate_each{}, {})
  end)

  it("agrees with the paper's conversions (thompson-site: FLOP / 6.874e16 dollars)", function()
    -- the authors' companion site: 1 dollar buys 6.874e16 FLOP, 1 lb of CO2 3.4976e17 FLOP
    local r = cost.estimate_each{ { flop = 6.874e16 }, { flop = 3.4976e17 } }
    near(r[1].usd, 1, 1e-3)
    near(r[2].co2_lbs, 1, 1e-3)
  end)

  it("raises a bad run's error as cost.estimate would, naming its index", function()
    local good = { flop = 1e20 }
    local bad = {
      { flop = 1e20, preset = "bogus" },                              -- the preset
      { flop = 1e20, flp = 1 },                                       -- an unknown option
      { flop = 1e20, pricing = "weekly" },
      { flop = 1e20, chip = "no such chip" },
      { flop = 1e20, regime = "no_such_regime" },
      { flop = -1 },                                                  -- gathering: numbers
      { flop = 1e20, chip = "V100", precision = "fp4" },              -- the chip's peak
      { preset = "mlco2", chip = "V100", hours = 5, region = "Atlantis" }, -- a look-up
      { preset = "mlco2", chip = "V100", hours = 5, region = "France", year = 1900 },
      { preset = "epoch", chip = "H100", flop = 1e24, step_seconds = 1 },
      { preset = "epoch", chip = "H100", flop = 1e24, uncertain = { nope = { 1, 2 } } }, -- kernel
      { preset = "epoch", chip = "H100", flop = 1e24, uncertain = { pue = { 1, 2 } }, draws = 1 },
    }
    for _, b in ipairs(bad) do
      local single = message(cost.estimate, b)
      assert(single:find("^cost%.estimate: "), single)
      local want = single:gsub("^cost%.estimate: ", "cost.estimate_each: estimate 3: ", 1)
      eq(message(cost.estimate_each, { good, good, b, good }), want)
      eq(message(cost.estimate_each, { b }), (want:gsub("estimate 3", "estimate 1", 1)))
    end
    eq(message(cost.estimate_each, { good, 5 }),
      "cost.estimate_each: estimate 2: table of arguments expected, got number")
    eq(message(cost.estimate_each, "x"),
      "bad argument #1 to 'estimate_each' (array of argument tables expected, got string)")
  end)

  it("raises the first bad run's error, as estimating one run after another would", function()
    -- run 1 fails only at the kernel (draws), run 2 at its first check (the preset): the
    -- error is run 1's, though run 2's check comes first in the call
    local late = { preset = "epoch", chip = "H100", flop = 1e24, uncertain = { pue = { 1, 2 } },
      draws = 1 }
    eq(message(cost.estimate_each, { late, { flop = 1, preset = "bogus" } }),
      "cost.estimate_each: estimate 1: draws must be an integer >= 2")
    -- a run that fails while gathering beats a later one that fails its checks
    eq(message(cost.estimate_each, { { flop = 1 }, { flop = -1 }, { flop = 1, x = 1 } }),
      "cost.estimate_each: estimate 2: flop must be a positive number, got -1")
  end)
end)

describe("crossings of burden.cost", function()
  -- Measured at this commit: 1 crossing for a thompson-site estimate (its one call into
  -- burden.cost.methods; before, 5: the option check and its call into burden.options,
  -- gather, two batches of number checks in burden.cost.tables), 14 for an epoch estimate
  -- on a chip with an interval (before, 19).
  it("an estimate crosses between cost/'s files a bounded number of times", function()
    local function plain() cost.estimate{ flop = 1e20 } end
    local function epoch()
      cost.estimate{ preset = "epoch", chip = "V100", flop = 1e21, region = "Germany",
        uncertain = { utilization = { 0.2, 0.5 } }, draws = 1000, seed = 1 }
    end
    plain(); epoch() -- the tables' one-time reads are not an estimate's
    local p, e = crossings.count(plain).total, crossings.count(epoch).total
    assert(p <= 2, "thompson-site estimate crossings: " .. p)
    assert(e <= 16, "epoch estimate crossings: " .. e)
  end)

  -- estimate_each checks every run, then gathers them all in one call: runs that share a
  -- chip, a region or a price look each up once
  it("estimate_each of 2 runs and of 40 cross the same number of times", function()
    local function runs(n, base)
      local list = {}
      for i = 1, n do
        local r = { flop = 1e20 * i }
        for k, v in pairs(base) do r[k] = v end
        list[i] = r
      end
      return function() cost.estimate_each(list) end
    end
    for _, base in ipairs({ {},
        { preset = "epoch", chip = "V100", region = "Germany", pue_provider = "Amazon",
          year = 2023 },
        { preset = "mlco2", chip = "A100", region = "France", year = 2023 },
        { preset = "strubell2019", chip = "V100" } }) do
      runs(1, base)()
      local two, forty = crossings.count(runs(2, base)).total,
        crossings.count(runs(40, base)).total
      assert(two == forty and two <= 16, ("preset %s: %d crossings for 2 runs, %d for 40")
        :format(base.preset or "thompson-site", two, forty))
    end
  end)

  -- equivalents.csv is resolved on the first call: later calls look nothing up in
  -- burden.cost.tables (before, 7 crossings a call: the rows, a number per constant and
  -- the overrides' sorted names)
  it("cost.equivalents crosses to no other file after its first call", function()
    cost.equivalents(1)
    eq(crossings.count(function() cost.equivalents(12.5) end).total, 0)
    eq(cost.equivalents(1).nyc_months, 1 / cost.equivalents(1).constants[1].value)
  end)
end)

describe("crossings of burden.analysis", function()
  -- points on log10(error) = 1 - 0.3 log10(compute) with a little noise
  local function data(nt)
    local rows = {}
    for i = 1, 15 do
      local c = 10 ^ (15 + i / 2)
      rows[i] = { benchmark = "xb", err = 10 ^ (1 - 0.3 * math.log(c, 10) + 0.02 * math.sin(i)),
        flop = c }
    end
    local targets = {}
    for t = 1, nt do targets[t] = 0.05 / (1 + t / 10) end
    return rows, targets
  end

  it("pricing 2 projections and 40 crosses the same number of times", function()
    local function run(nt)
      local rows, targets = data(nt)
      local d = burden.domain.define{ name = "xbatch_" .. nt, benchmark = "xb", error = "err",
        compute = "flop", targets = targets }
      local res
      local c = crossings.count(function()
        res = burden.analysis.run{ data = rows, domains = { d }, hypotheses = { "polynomial" } }
      end)
      local priced = 0
      for _, p in ipairs(res.projections) do if p.usd then priced = priced + 1 end end
      eq(priced, nt)
      -- each projection priced as one cost.estimate of its compute would price it
      local last = res.projections[nt]
      same({ last.usd, last.co2_lbs }, { cost.estimate{ flop = last.compute }.usd,
        cost.estimate{ flop = last.compute }.co2_lbs })
      return c.total
    end
    run(1) -- loads what the first run loads
    local two, forty = run(2), run(40)
    assert(two == forty, ("%d crossings to price 2 projections, %d for 40"):format(two, forty))
  end)

  -- the bootstrap intervals of every (domain, hypothesis) of a run come from one
  -- burden.fit.quantiles at its end (before, one call per (domain, hypothesis))
  it("a run's bootstrap intervals are one call into burden.fit, whatever its domains", function()
    local rows, targets = data(2)
    local domains = {}
    for k = 1, 3 do
      domains[k] = burden.domain.define{ name = "xbatch_boot_" .. k, benchmark = "xb",
        error = "err", compute = "flop", targets = targets }
    end
    local res
    local c = crossings.count(function()
      res = burden.analysis.run{ data = rows, domains = domains, hypotheses = { "polynomial" },
        bootstrap = 50, seed = 5 }
    end)
    local q = c.pairs["stdlib/burden/analysis.lua -> stdlib/burden/fit/init.lua"]
    eq(q and q.n, 1)
    -- each row gets its own projection's interval: the first domain's rows are those of a
    -- run of that domain alone (the same stream: one per domain position), and the
    -- intervals differ between domains (another stream each)
    eq(#res.projections, 6)
    for _, p in ipairs(res.projections) do
      assert(p.boot_lower < p.compute and p.compute < p.boot_upper, p.domain)
    end
    local one = burden.analysis.run{ data = rows, domains = { domains[1] },
      hypotheses = { "polynomial" }, bootstrap = 50, seed = 5 }
    for t = 1, 2 do
      same({ one.projections[t].boot_lower, one.projections[t].boot_upper },
        { res.projections[t].boot_lower, res.projections[t].boot_upper })
    end
    assert(res.projections[3].boot_lower ~= res.projections[1].boot_lower)
  end)

  -- a fix: an unknown preset was an error only when some projection came to be priced
  it("an unknown preset is an error even when nothing is priced", function()
    local rows = {}
    for i = 1, 8 do rows[i] = { benchmark = "xr", err = 0.1 + i / 100, flop = 10 ^ (15 + i) } end
    local d = burden.domain.define{ name = "xbatch_rising", benchmark = "xr", error = "err",
      compute = "flop", targets = { 0.05 } }
    local ok = burden.analysis.run{ data = rows, domains = { d }, hypotheses = { "polynomial" } }
    eq(ok.projections[1].status, "no_trend")
    eq(message(burden.analysis.run, { data = rows, domains = { d }, hypotheses = { "polynomial" },
        preset = "no-such-preset" }),
      "analysis.run: unknown preset 'no-such-preset' (known: epoch, mlco2, strubell2019, " ..
      "thompson-site)")
  end)
end)
