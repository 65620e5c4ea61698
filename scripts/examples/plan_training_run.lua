-- Example: plan a training run before paying for it.
--
--   burden scripts/examples/plan_training_run.lua [--out DIR]
--
-- For each plan: an architecture (from burden.models, or a parameter count), a data
-- set size, a chip, a number of chips and the regime the run belongs to. The script
-- works out
--   1. the training compute (burden.flops.training: 3 x forward x examples x
--      epochs; burden.flops.dense_transformer: 6 N D plus the attention term),
--   2. the wall-clock time on those chips at the regime's utilisation (peak FLOP/s
--      from burden.hw at the chip's default training precision), and the paper's
--      "hardware burden" of the run (burden.flops.hardware: chips x peak x time, no
--      utilisation),
--   3. dollars (on-demand cloud prices), kWh and CO2 with 95% intervals from the
--      uncertain inputs (burden.cost.estimate with `uncertain = {...}`, Epoch AI's
--      energy chain), and what that CO2 compares to (burden.cost.equivalents).
-- Everything but the plans and the planning assumptions below comes from burden's
-- curated data (data/hardware.csv, data/cost/*.csv), each constant with its source.
-- Tables go to stdout and, as .md and .csv, to DIR (default out/examples).
local burden = require "burden"

local opts = burden.cli.options(arg, { out = "out/examples" },
  "burden scripts/examples/plan_training_run.lua [--out DIR]")
burden.io.mkdir(opts.out)

-- ---- 1. Planning assumptions ------------------------------------------------------------
-- Utilisation: the share of peak FLOP/s the run sustains depends on the kind of run
-- (burden.cost.prior, data/cost/utilization_priors.csv, each sourced): a large
-- distributed run (Epoch AI's reported MFUs, median 0.38), one node compiled or one node
-- eager / a small CNN (runs measured on an H200). Each plan draws its regime's utilisation
-- (and, for single-node regimes, the board's share of its TDP) from the prior's triangular
-- distribution; PUE and grid intensity are drawn uniformly; 100,000 draws.
local UNCERTAIN = {
  pue = { 1.1, 1.4 },           -- data-centre overhead (Epoch's default 1.25 lies inside)
  grid = { 0.25, 0.45 },        -- kg CO2 per kWh of the grid the data centre draws on
}
local REGION, YEAR = "United States (EIA)", 2023   -- point estimate of the grid intensity
local PRICING = "on-demand"                          -- cloud price per chip-hour

-- ---- 2. The plans -----------------------------------------------------------------------
-- Precision: each chip's default (burden.hw.training_precision: mixed precision on the
-- V100's tensor cores, bf16 on the A100, H100 and H200), the one the priors' MFUs are
-- measured against.
-- An image model: ResNet-50 at 224 x 224, 90 epochs of ImageNet-1k (1,281,167 images),
-- on one node of eight V100s: a small CNN, so the eager single-node regime.
local resnet = burden.models.resnet50():count()

-- A language model the size of GPT-2 XL (its parameter count from the FLOP library),
-- trained on 20 tokens per parameter (the compute-optimal ratio of Hoffmann et al.
-- 2022; see scripts/examples/chinchilla.lua), and a 70B model on 1.4T tokens.
local gpt2xl = burden.models.gpt2{ size = "xl" }:count()
-- GPT-2 medium (the model measured on the H200) on 20 tokens per parameter, on one H200
-- under torch.compile.
local gpt2m = burden.models.gpt2{ size = "medium" }:count()

local PLANS = {
  { name = "ResNet-50, ImageNet, 90 epochs", chip = "V100", chips = 8,
    regime = "single_node_eager",
    training = burden.flops.training{ forward = resnet, examples = 1281167, epochs = 90 } },
  { name = "GPT-2 medium, 20 tokens/param", chip = "H200", chips = 1,
    regime = "single_node_compiled",
    training = burden.flops.dense_transformer{ params = gpt2m.params,
      tokens = 20 * gpt2m.params, attention = { layers = 24, ctx = 1024, d_attn = 1024 } } },
  { name = "GPT-2 XL size, 20 tokens/param", chip = "A100", chips = 64, regime = "large_llm",
    training = burden.flops.dense_transformer{ params = gpt2xl.params,
      tokens = 20 * gpt2xl.params, attention = { layers = 48, ctx = 1024, d_attn = 1600 } } },
  { name = "70B parameters, 1.4T tokens", chip = "H100", chips = 1024, regime = "large_llm",
    training = burden.flops.dense_transformer{ params = 70e9, tokens = 1.4e12 } },
}

-- ---- 3. Compute, time, cost -------------------------------------------------------------

local rows, sources = {}, {}
for _, p in ipairs(PLANS) do
  local chip = burden.hw.lookup(p.chip)
  local peak, precision = burden.hw.peak(chip) -- the chip's default training precision
  local flop = p.training.flop
  local prior = burden.cost.prior(p.regime)
  local uncertain = { utilization = "prior",
    board_power_fraction = prior.board_power_fraction and "prior" or nil }
  for k, v in pairs(UNCERTAIN) do uncertain[k] = v end

  local e = burden.cost.estimate{ preset = "epoch", flop = flop, chip = chip.name,
    chips = p.chips, regime = p.regime, region = REGION, year = YEAR, pricing = PRICING,
    uncertain = uncertain }
  -- cost.estimate uses the same precision and the regime's central utilisation
  assert(e.precision == precision and e.utilization == prior.utilization.central)
  local hours = flop / (p.chips * peak * e.utilization) / 3600
  assert(math.abs(e.hours - hours) <= 1e-9 * hours, "time disagrees with cost.estimate")
  -- the same run measured as Thompson et al. do: chips x peak x time
  local burden_flop = burden.flops.hardware{ chip = chip.name, count = p.chips, hours = hours,
    precision = precision }.flop
  local u = e.uncertainty
  rows[#rows + 1] = {
    plan = p.name, chip = string.format("%d x %s", p.chips, chip.name), flop = flop,
    precision = precision, regime = p.regime, utilization = e.utilization,
    utilization_lo = prior.utilization.low, utilization_hi = prior.utilization.high,
    hardware_burden = burden_flop,
    days = hours / 24, days_lo = u.hours.lo / 24, days_hi = u.hours.hi / 24,
    usd = e.usd_cloud, usd_lo = u.usd_cloud and u.usd_cloud.lo,
    usd_hi = u.usd_cloud and u.usd_cloud.hi,
    kwh = e.kwh, kwh_lo = u.kwh.lo, kwh_hi = u.kwh.hi,
    co2_kg = e.co2_kg, co2_lo = u.co2_kg.lo, co2_hi = u.co2_kg.hi,
    co2_lbs = e.co2_lbs, peak = peak,
  }
  if not e.usd_cloud then -- no price: the table leaves the cells empty and says why
    sources[#sources + 1] = string.format("%s: no %s price in data/cost/cloud_prices.csv",
      chip.name, PRICING)
  end
  for _, c in ipairs(e.constants) do
    if c.name == "usd_per_chip_hour" and not sources[chip.name] then
      sources[chip.name] = true
      sources[#sources + 1] = string.format("%s: $%.2f per chip-hour, %s", chip.name, c.value,
        c.source)
    end
  end
end

-- How each plan's training FLOP was counted (the FLOP library names its method).
local function methods()
  local out = {}
  for i, p in ipairs(PLANS) do
    out[i] = string.format("%s: %s (peak %.4g FLOP/s per chip at %s)", p.name,
      p.training.method, rows[i].peak, rows[i].precision)
  end
  return table.concat(out, "; ")
end

local function write(t, basename)
  t:save(opts.out, basename, { "md", "csv" })
  io.write("\n", tostring(t), "\n")
end

write(burden.report.table{
  title = "Training compute and time",
  columns = {
    { key = "plan", title = "Plan" },
    { key = "chip", title = "Chips" },
    { key = "precision", title = "Precision" },
    { key = "regime", title = "Regime" },
    { key = "utilization", title = "Util.", format = "%.3g" },
    { key = "utilization_lo", title = "Util. lo", format = "%.3g" },
    { key = "utilization_hi", title = "Util. hi", format = "%.3g" },
    { key = "flop", title = "Training FLOP", format = "%.3g" },
    { key = "hardware_burden", title = "Hardware burden", format = "%.3g" },
    { key = "days", title = "Days", format = "%.3g" },
    { key = "days_lo", title = "Days lo", format = "%.3g" },
    { key = "days_hi", title = "Days hi", format = "%.3g" },
  },
  rows = rows,
  notes = { "Time = FLOP / (chips x peak FLOP/s at the chip's default training precision " ..
    "x the regime's central utilisation); the interval draws the utilisation from the " ..
    "regime's prior, triangular on [Util. lo, Util. hi] (burden.cost.prior: large_llm from " ..
    "Epoch AI's reported MFUs, single_node_* from runs measured on one H200). Hardware " ..
    "burden = chips x peak x time (Thompson et al.'s measure, an upper bound on the work " ..
    "done).", methods() },
}, "plan_compute")

write(burden.report.table{
  title = "Dollars, energy and CO2 (95% intervals)",
  columns = {
    { key = "plan", title = "Plan" },
    { key = "usd", title = "USD", format = "money" },
    { key = "usd_lo", title = "USD lo", format = "money" },
    { key = "usd_hi", title = "USD hi", format = "money" },
    { key = "kwh", title = "kWh", format = "%.3g" },
    { key = "kwh_lo", title = "kWh lo", format = "%.3g" },
    { key = "kwh_hi", title = "kWh hi", format = "%.3g" },
    { key = "co2_kg", title = "kg CO2", format = "%.3g" },
    { key = "co2_lo", title = "kg CO2 lo", format = "%.3g" },
    { key = "co2_hi", title = "kg CO2 hi", format = "%.3g" },
  },
  rows = rows,
  notes = {
    string.format("Epoch AI's chain (Cottier et al. 2024): kWh = chip-hours x TDP x " ..
      "chip-to-server power x server TDP fraction x PUE (single-node regimes: the measured " ..
      "board-power fraction in place of the server TDP fraction); CO2 = kWh x grid " ..
      "intensity (%s, %d); USD = chip-hours x %s cloud price. Intervals: utilisation and " ..
      "board power from the regime's prior, uniform PUE [%.2f, %.2f], grid [%.2f, %.2f] " ..
      "kg/kWh.", REGION, YEAR, PRICING, UNCERTAIN.pue[1], UNCERTAIN.pue[2],
      UNCERTAIN.grid[1], UNCERTAIN.grid[2]),
    table.concat(sources, "; "),
  },
}, "plan_cost")

-- ---- 4. What the CO2 compares to --------------------------------------------------------
print("\nCO2 equivalents (point estimates, burden.cost.equivalents):")
for _, r in ipairs(rows) do
  local q = burden.cost.equivalents(r.co2_lbs)
  print(string.format("  %-32s %.3g kg CO2 = %.3g NY-SF round-trip flights (per passenger), " ..
    "%.3g American-years, %.3g car lifetimes", r.plan, r.co2_kg, q.flights, q.american_years,
    q.car_lifetimes))
end
