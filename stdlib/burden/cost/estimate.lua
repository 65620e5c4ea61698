--- burden.cost.estimate: the cost of a training run (estimate), or of many runs in one
-- call (estimate_each). Checks the arguments, has burden.cost.methods gather the
-- constants of the chosen preset with the caller's overrides, a utilisation prior or a
-- measured rate (one call for all the runs of a call), and runs the kernel
-- (engine/core/cost.c), with Monte Carlo intervals over the inputs the caller marks
-- uncertain.
local core = require "burden.core.cost"
require "burden.core.vector" -- the kernels' samples come back as vectors
local runtime = require "burden.core.runtime"
local options = require "burden.options"
local tables = require "burden.cost.tables"
local gather_each = require("burden.cost.methods").gather_each

local sorted_keys, known_list = tables.sorted_keys, tables.known_list
local prior_of, copy_prior = tables.prior_of, tables.copy_prior
local lookup_chip, PRICINGS = tables.lookup_chip, tables.PRICINGS

local impl = {}

local KG_PER_LB = core.KG_PER_LB

-- Arguments estimate understands besides the constants of the chosen preset.
local ARGS = {
  flop = true, chip = true, precision = true, utilization = true, preset = true, year = true,
  region = true, chips = true, hours = true, days = true, chip_hours = true, devices = true,
  chips_per_device = true, watts = true, chip_w = true, tdp_w = true, cpu_w = true,
  dram_w = true, server_factor = true, pue = true, kg_co2_per_kwh = true,
  lbs_co2_per_kwh = true, usd_per_chip_hour = true, usd_per_device_hour = true,
  usd_per_kwh = true, hardware_usd = true, provider = true, pricing = true,
  hyperscaler = true, extrapolate = true, electricity_region = true, sector = true,
  prices = true, uncertain = true, draws = true, seed = true, level = true, threads = true,
  peak_flop_per_s = true, pue_provider = true,
  regime = true, step_seconds = true, flop_per_step = true, throughput = true,
  flop_per_item = true, board_power_fraction = true,
  -- the names under which estimate records chosen constants can be overridden too
  chip_to_server_power = true, server_tdp_fraction = true, server_cost_overhead = true,
  cud_discount = true, usd_per_chip_hour_on_demand = true,
}

-- Uncertain inputs: the user's name -> the kernel's parameter (and a scale factor).
local UNCERTAIN = {
  flop = { "flop" }, utilization = { "utilization" }, chips = { "chips" }, hours = { "hours" },
  watts = { "watts" }, chip_w = { "chip_w" }, tdp_w = { "chip_w" },
  server_factor = { "server_factor" }, pue = { "pue" }, grid = { "kg_co2_per_kwh" },
  kg_co2_per_kwh = { "kg_co2_per_kwh" }, lbs_co2_per_kwh = { "kg_co2_per_kwh", KG_PER_LB },
  usd_per_chip_hour = { "usd_per_chip_hour" }, usd_per_kwh = { "usd_per_kwh" },
  capex_usd_per_chip_hour = { "capex_usd_per_chip_hour" },
  peak_flop_per_s = { "peak_flop_per_s" }, usd_per_flop = { "usd_per_flop" },
  lbs_co2_per_flop = { "lbs_co2_per_flop" },
  board_power_fraction = { "chip_w" }, -- scaled by the chip's TDP (see uncertain_spec)
}

local OUTPUTS = core.outputs()

-- The presets (read once, on the first estimate) and, per preset, the arguments
-- estimate accepts: an estimate looks them up here rather than rebuilding them.
local presets_read
local function presets()
  presets_read = presets_read or tables.presets_table()
  return presets_read
end

local allowed_of = {}
local function allowed_args(preset_name, preset)
  local allowed = allowed_of[preset_name]
  if not allowed then
    allowed = {}
    for k in pairs(ARGS) do allowed[k] = true end
    for k in pairs(preset) do allowed[k] = true end
    allowed_of[preset_name] = allowed
  end
  return allowed
end

-- Converts one `uncertain` entry to the kernel's spec.
local function uncertain_spec(fname, key, spec, params, ctx)
  local target = UNCERTAIN[key]
  if not target then
    error(string.format("%s: uncertain.%s: not an uncertain input (known: %s)", fname, key,
      known_list(UNCERTAIN)), 0)
  end
  local param, scale = target[1], target[2] or 1
  if params[param] == nil then
    error(string.format("%s: uncertain.%s: this estimate does not use %s", fname, key, param), 0)
  end
  if key == "board_power_fraction" then
    if not ctx.board_fraction then
      error(string.format("%s: uncertain.board_power_fraction: this estimate uses no " ..
        "board-power fraction (give board_power_fraction or a regime that has one)", fname), 0)
    end
    scale = ctx.tdp
  end
  if spec == "prior" then
    local p = ctx.prior and ctx.prior[key]
    if not p then
      error(string.format("%s: uncertain.%s = \"prior\" needs a regime with a %s prior%s",
        fname, key, key, ctx.prior and (" (" .. ctx.prior.regime .. " has none)") or ""), 0)
    end
    spec = { dist = p.dist, lo = p.low, mode = p.central, hi = p.high }
  end
  if type(spec) ~= "table" then
    error(string.format("%s: uncertain.%s: a table expected ({low, high} or {dist = ...})",
      fname, key), 0)
  end
  local dist = spec.dist or "uniform"
  local s = { param = param, dist = dist }
  if dist == "uniform" or dist == "loguniform" or dist == "lognormal" then
    s.a, s.b = spec.lo or spec[1], spec.hi or spec[2]
  elseif dist == "normal" then
    s.a, s.b = spec.mean or spec[1], spec.sd or spec[2]
  elseif dist == "triangular" then
    s.a, s.b, s.c = spec.lo or spec[1], spec.mode or spec[2], spec.hi or spec[3]
  else
    error(string.format("%s: uncertain.%s: unknown distribution '%s' (known: loguniform, " ..
      "lognormal, normal, triangular, uniform)", fname, key, tostring(dist)), 0)
  end
  for _, f in ipairs({ "a", "b", "c" }) do
    if s[f] ~= nil and type(s[f]) ~= "number" then
      error(string.format("%s: uncertain.%s: numbers expected", fname, key), 0)
    end
  end
  if type(s.a) ~= "number" or type(s.b) ~= "number" then
    error(string.format("%s: uncertain.%s: two numbers expected", fname, key), 0)
  end
  -- every family scales linearly (lb -> kg for lbs_co2_per_kwh)
  s.a, s.b = s.a * scale, s.b * scale
  if s.c then s.c = s.c * scale end
  return s
end

-- memo[kind][key], looked up with lookup(fname, key) the first time.
local function remembered(memo, kind, key, lookup, fname)
  local seen = memo[kind] or {}
  memo[kind] = seen
  if seen[key] == nil then seen[key] = lookup(fname, key) end
  return seen[key]
end

-- Checks one run's arguments and resolves its preset, chip and regime: the item
-- burden.cost.methods gathers. `memo` keeps the chips and regimes already looked up in
-- this call, so runs that share a chip look it up once.
local function prepare(fname, opts, memo)
  local preset_name = opts.preset or "thompson-site"
  local preset = presets()[preset_name]
  if not preset then
    error(string.format("%s: unknown preset '%s' (known: %s)", fname, tostring(preset_name),
      known_list(presets())), 0)
  end
  -- burden.options words the message; the keys are checked here, against the set made once
  -- per preset
  local allowed = allowed_args(preset_name, preset)
  for k in pairs(opts) do
    if not allowed[k] then error(options.unknown(fname, opts, allowed), 0) end
  end
  if opts.pricing and not PRICINGS[opts.pricing] then
    error(string.format("%s: unknown pricing '%s' (known: %s)", fname, tostring(opts.pricing),
      known_list(PRICINGS)), 0)
  end
  local chip = opts.chip and remembered(memo, "chips", opts.chip, lookup_chip, fname)
  local prior = opts.regime ~= nil and remembered(memo, "priors", opts.regime, prior_of, fname)
    or nil
  return { fname = fname, opts = opts, preset_name = preset_name, preset = preset,
           chip = chip, prior = prior }
end

-- Runs the kernel on one gathered run and builds its result (with the Monte Carlo
-- intervals of its uncertain inputs).
local function finish(item)
  local fname, opts, chip = item.fname, item.opts, item.chip
  local ctx, params, headline = item.ctx, item.params, item.headline
  local ok, out = pcall(core.eval, params, headline)
  if not ok then error(fname .. ": " .. tostring(out), 0) end
  local result = { preset = item.preset_name, chip = chip and chip.name or nil,
                   precision = ctx.precision,
                   chips = params.chips, utilization = params.utilization,
                   board_power_fraction = ctx.board_fraction,
                   regime = ctx.prior and ctx.prior.regime or nil,
                   prior = ctx.prior and copy_prior(ctx.prior) or nil,
                   extrapolated = ctx.extrapolated or nil }
  for _, k in ipairs(OUTPUTS) do result[k] = out[k] end
  result.constants = {}
  for _, k in ipairs(ctx.order) do result.constants[#result.constants + 1] = ctx.used[k] end
  local seen, sources = {}, {}
  for _, c in ipairs(result.constants) do
    if not seen[c.source] then seen[c.source] = true; sources[#sources + 1] = c.source end
  end
  table.sort(sources)
  result.sources = sources
  result.notes = ctx.notes
  result.params = params

  if opts.uncertain ~= nil then
    if type(opts.uncertain) ~= "table" then
      error(fname .. ": uncertain must be a table of ranges", 0)
    end
    local specs = {}
    for _, k in ipairs(sorted_keys(opts.uncertain)) do
      specs[#specs + 1] = uncertain_spec(fname, k, opts.uncertain[k], params, ctx)
    end
    local draws = opts.draws or 100000
    local level = opts.level or 0.95
    local seed = opts.seed or runtime.seed()
    if math.type(draws) ~= "integer" or draws < 2 then
      error(fname .. ": draws must be an integer >= 2", 0)
    end
    if type(level) ~= "number" or not (level > 0 and level < 1) then
      error(fname .. ": level must be in (0, 1)", 0)
    end
    local ok2, summary = pcall(core.montecarlo, params, headline, specs, draws, seed, level,
      opts.threads or 2)
    if not ok2 then error(fname .. ": " .. tostring(summary), 0) end
    result.uncertainty = summary
    result.draws, result.level, result.seed = draws, level, seed
  end
  return result
end

-- The results of the runs `list` (argument tables, already known to be tables), the
-- errors of run i named by fname_of(i). The checks of every run, then one gather for all,
-- then the kernel for each: the error raised is the first run's that fails, with the
-- message it would raise alone, as if the runs were estimated one after another.
local function estimate_all(list, fname_of)
  local memo = {}
  local items, failed = {}, nil
  if #list == 1 then
    items[1] = prepare(fname_of(1), list[1], memo) -- alone, its error is the first
  else
    for i, opts in ipairs(list) do
      local ok, item = pcall(prepare, fname_of(i), opts, memo)
      if not ok then failed = item; break end
      items[i] = item
    end
  end
  local bad, msg = gather_each(items)
  local out = {}
  for i = 1, bad and bad - 1 or #items do out[i] = finish(items[i]) end
  if bad then error(msg, 0) end
  if failed then error(failed, 0) end
  return out
end

local function single_name() return "cost.estimate" end
local function each_name(i) return string.format("cost.estimate_each: estimate %d", i) end

--- Estimate the cost of a training run. See doc/api/cost.md.
function impl.estimate(opts)
  if type(opts) ~= "table" then
    error("bad argument #1 to 'estimate' (table expected, got " .. type(opts) .. ")", 0)
  end
  return estimate_all({ opts }, single_name)[1]
end

--- estimate for each argument table of the array `list`, in one call: the results in
-- order, each the one estimate would return for its table. A bad table raises the
-- message estimate would, with "cost.estimate_each: estimate i" for "cost.estimate".
function impl.estimate_each(list)
  if type(list) ~= "table" then
    error("bad argument #1 to 'estimate_each' (array of argument tables expected, got " ..
      type(list) .. ")", 0)
  end
  for i, opts in ipairs(list) do
    if type(opts) ~= "table" then
      error(string.format("cost.estimate_each: estimate %d: table of arguments expected, " ..
        "got %s", i, type(opts)), 0)
    end
  end
  return estimate_all(list, each_name)
end

return impl
