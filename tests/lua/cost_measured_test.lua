-- burden.cost against training runs measured on one NVIDIA H200 (issue 15 item 10):
-- ../shared/data/measured/h200_training_2026-12.csv, read in place (SKIP without it).
-- From each run's counted FLOP, the regime's priors must bracket the measured time and
-- board energy, and a measured step time must reproduce them.
local burden = require "burden"
local cost = burden.cost

local MEASURED = "measured/h200_training_2026-12.csv"

-- The training rows: FLOP, seconds, energy, board power, MFU, and the regime they belong to.
local function runs()
  local path = need_file("../shared/data/" .. MEASURED)
  local f = assert(burden.data.read_csv(path))
  local out = {}
  for _, r in f:rows() do
    if r.workload:match("^train ") then
      local compiled = r.workload:find("torch.compile", 1, true) ~= nil
      local cnn = r.workload:find("ResNet", 1, true) ~= nil
      out[#out + 1] = {
        name = r.workload, steps = r.steps, seconds = r.seconds,
        flop_per_step = r.flop_per_step_counted, flop = r.flop_per_step_counted * r.steps,
        energy_j = r.energy_j, board_w = r.board_power_w, mfu = r.mfu_vs_datasheet_bf16,
        -- a small CNN stays in the eager regime even compiled
        regime = (compiled and not cnn) and "single_node_compiled" or "single_node_eager",
      }
    end
  end
  eq(#out, 4)
  return out
end

local function est(run, extra)
  local args = { preset = "mlco2", chip = "H200", chips = 1, flop = run.flop }
  for k, v in pairs(extra) do args[k] = v end
  return cost.estimate(args)
end

describe("cost priors against the H200 measurements", function()
  it("each regime's utilisation and board-power interval brackets the measured run", function()
    for _, run in ipairs(runs()) do
      local prior = cost.prior(run.regime)
      local u, f = prior.utilization, prior.board_power_fraction
      -- fastest and slowest runs the prior allows, at its power extremes
      local fast = est(run, { regime = run.regime, utilization = u.high,
                              board_power_fraction = f.low })
      local slow = est(run, { regime = run.regime, utilization = u.low,
                              board_power_fraction = f.high })
      eq(fast.precision, "bf16") -- the H200's default, what the runs used
      local s_lo, s_hi = fast.hours * 3600, slow.hours * 3600
      local e_lo, e_hi = fast.kwh_chip * 3.6e6, slow.kwh_chip * 3.6e6
      assert(s_lo <= run.seconds and run.seconds <= s_hi, string.format(
        "%s: measured %.3f s outside [%.3f, %.3f]", run.name, run.seconds, s_lo, s_hi))
      assert(e_lo <= run.energy_j and run.energy_j <= e_hi, string.format(
        "%s: measured %.1f J outside [%.1f, %.1f]", run.name, run.energy_j, e_lo, e_hi))
      -- the central prior is within a factor of 2 of the time
      local mid = est(run, { regime = run.regime })
      local ratio = mid.hours * 3600 / run.seconds
      assert(ratio > 0.5 and ratio < 2, run.name .. ": central time off by " .. ratio)
    end
  end)

  it("a measured step time or throughput reproduces time, MFU and energy", function()
    for _, run in ipairs(runs()) do
      local e = est(run, { step_seconds = run.seconds / run.steps,
        flop_per_step = run.flop_per_step, board_power_fraction = run.board_w / 700 })
      near(e.hours * 3600, run.seconds, 1e-12)
      near(e.utilization, run.mfu, 5e-3) -- the file rounds MFU to 3 digits
      -- board_power_w and energy_j / seconds differ by up to 1.2% in the file
      near(e.kwh_chip * 3.6e6, run.energy_j, 0.015)
      -- the same through throughput (items per second x FLOP per item)
      local t = est(run, { throughput = run.steps / run.seconds,
        flop_per_item = run.flop_per_step, board_power_fraction = run.board_w / 700 })
      near(t.hours, e.hours, 1e-12)
    end
  end)

  it("the regime's prior drives the Monte Carlo interval", function()
    local run = runs()[1]
    local e = est(run, { regime = run.regime,
      uncertain = { utilization = "prior", board_power_fraction = "prior" }, draws = 20000 })
    local u = e.uncertainty
    assert(u.hours.lo * 3600 < run.seconds and run.seconds < u.hours.hi * 3600)
    assert(u.kwh_chip.lo * 3.6e6 < run.energy_j and run.energy_j < u.kwh_chip.hi * 3.6e6)
  end)
end)

describe("cost priors and measured rates: data and errors", function()
  it("ships three sourced regimes", function()
    eq(cost.priors(), { "large_llm", "single_node_compiled", "single_node_eager" })
    local l = cost.prior("large_llm")
    eq({ l.utilization.low, l.utilization.central, l.utilization.high },
       { 0.2272, 0.38, 0.56 })
    eq(l.board_power_fraction, nil)
    assert(l.utilization.source:find("Epoch AI", 1, true))
    eq(cost.prior("single_node_compiled").utilization.central, 0.372)
    eq(cost.prior("single_node_eager").board_power_fraction.central, 0.866)
    assert_error("cost.prior: unknown regime 'huge' (known: large_llm, single_node_compiled, "
      .. "single_node_eager)", cost.prior, "huge")
  end)

  it("the large-run prior matches Epoch's reported MFUs", function()
    -- recomputed from Epoch's file with burden's importer: median and deciles
    local path = need_file("../shared/data/epoch/all_ml_systems.csv")
    local f = burden.import.epoch(path)
    local xs = {}
    local col = f:col("utilization")
    for i = 1, f:nrow() do if col[i] ~= nil then xs[#xs + 1] = col[i] end end
    table.sort(xs)
    eq(#xs, 61) -- 62 reported, the percent (72) read as missing with a warning
    local function q(p) -- type 7
      local h = (#xs - 1) * p
      local k = math.floor(h)
      return xs[k + 1] + (h - k) * ((xs[math.min(k + 2, #xs)]) - xs[k + 1])
    end
    local l = cost.prior("large_llm").utilization
    near(q(0.5), l.central, 1e-12)
    near(q(0.1), l.low, 1e-12)
    near(q(0.9), l.high, 1e-12)
  end)

  it("rejects contradictory or impossible measured inputs", function()
    local base = { preset = "mlco2", chip = "H200", chips = 1, flop = 1e18 }
    local function with(extra)
      local t = {}
      for k, v in pairs(base) do t[k] = v end
      for k, v in pairs(extra) do t[k] = v end
      return t
    end
    assert_error("step_seconds needs flop_per_step", cost.estimate, with{ step_seconds = 1 })
    assert_error("give utilization or a measured step_seconds / throughput, not both",
      cost.estimate, with{ step_seconds = 1, flop_per_step = 1e12, utilization = 0.3 })
    assert_error("is 2.02 x the peak of 1 NVIDIA H200 at bf16", cost.estimate,
      with{ step_seconds = 1, flop_per_step = 2e15 })
    assert_error("board_power_fraction must be in (0, 1], got 1.5", cost.estimate,
      with{ board_power_fraction = 1.5 })
    assert_error("board_power_fraction scales a chip's TDP, which this estimate does not use",
      cost.estimate, { preset = "thompson-site", flop = 1e18, board_power_fraction = 0.9 })
    assert_error("uncertain.utilization = \"prior\" needs a regime", cost.estimate,
      with{ uncertain = { utilization = "prior" } })
    assert_error("unknown regime 'laptop'", cost.estimate, with{ regime = "laptop" })
  end)

  it("epoch's chain uses the board fraction in place of the server TDP fraction", function()
    local a = cost.estimate{ preset = "epoch", chip = "H100", chips = 8, hours = 10,
                             hardware_usd = 30000 }
    local b = cost.estimate{ preset = "epoch", chip = "H100", chips = 8, hours = 10,
                             hardware_usd = 30000, board_power_fraction = 0.75 }
    near(b.kwh, a.kwh, 1e-12) -- 0.75 is Epoch's GPU server TDP fraction
    near(b.kwh_chip, a.kwh_chip * 0.75, 1e-12)
  end)
end)
