--- burden.cost.estimate: the cost of one training run. Checks the arguments, gathers
-- the constants of the chosen preset (burden.cost.methods) with the caller's overrides
-- on a context that records each one and its source, applies a utilisation prior or a
-- measured rate, and runs the kernel (engine/core/cost.c), with Monte Carlo intervals
-- over the inputs the caller marks uncertain.
local core = require "burden.core.cost"
require "burden.core.vector" -- the kernels' samples come back as vectors
local runtime = require "burden.core.runtime"
local tables = require "burden.cost.tables"
local BUILDERS = require "burden.cost.methods"

local check_options, check_positive = tables.check_options, tables.check_positive
local sorted_keys, known_list = tables.sorted_keys, tables.known_list
local presets, prior_of, copy_prior = tables.presets_table, tables.prior_of, tables.copy_prior
local lookup_chip, pue_for, PRICINGS = tables.lookup_chip, tables.pue_for, tables.PRICINGS

local impl = {}

local KG_PER_LB = core.KG_PER_LB

local check_measured, measured_utilization -- defined below, used by impl.estimate

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

-- A run of constants being gathered for one estimate.
local function new_context(fname, opts, preset_name)
  local ctx = { fname = fname, opts = opts, used = {}, order = {}, notes = {},
                preset = presets()[preset_name], preset_name = preset_name }

  -- Records a constant (a table with name, value, unit, source...) under `as` and returns
  -- its value. A caller's argument named like the constant wins.
  function ctx.use(as, c)
    local v = opts[as]
    if v ~= nil then
      check_positive(fname, as, v, true)
      c = { name = as, value = v, unit = c and c.unit, source = "caller", confidence = "caller" }
    end
    if not c then return nil end
    if not ctx.used[as] then ctx.order[#ctx.order + 1] = as end
    ctx.used[as] = { name = as, value = c.value, unit = c.unit, source = c.source,
                     confidence = c.confidence, constant = c.name }
    return c.value
  end

  -- A preset constant by name (recorded), or nil.
  function ctx.const(name, as)
    local c = ctx.preset[name]
    if as and as ~= name and opts[name] ~= nil then -- the caller overrides the preset's row
      check_positive(fname, name, opts[name], true)
      c = { name = name, value = opts[name], unit = c and c.unit, source = "caller",
            confidence = "caller" }
    end
    return ctx.use(as or name, c)
  end

  function ctx.note(text) ctx.notes[#ctx.notes + 1] = text end

  -- Drops a recorded constant, so that a later ctx.use records its replacement.
  function ctx.forget(as)
    if not ctx.used[as] then return end
    ctx.used[as] = nil
    for i, k in ipairs(ctx.order) do if k == as then table.remove(ctx.order, i) break end end
  end
  return ctx
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

-- A measured rate instead of a utilisation: step_seconds with flop_per_step, or
-- throughput (items/s, whole job) with flop_per_item. Checks the combination.
check_measured = function(fname, o)
  for _, k in ipairs({ "step_seconds", "flop_per_step", "throughput", "flop_per_item" }) do
    check_positive(fname, k, o[k])
  end
  if o.board_power_fraction ~= nil and (type(o.board_power_fraction) ~= "number" or
      not (o.board_power_fraction > 0) or o.board_power_fraction > 1) then
    error(string.format("%s: board_power_fraction must be in (0, 1], got %s", fname,
      tostring(o.board_power_fraction)), 0)
  end
  if o.step_seconds and o.throughput then
    error(fname .. ": give step_seconds or throughput, not both", 0)
  end
  if (o.step_seconds or o.throughput) and o.utilization ~= nil then
    error(fname .. ": give utilization or a measured step_seconds / throughput, not both", 0)
  end
  if o.step_seconds and not o.flop_per_step then
    error(fname .. ": step_seconds needs flop_per_step (the FLOP of one step, all chips)", 0)
  end
  if o.throughput and not o.flop_per_item then
    error(fname .. ": throughput needs flop_per_item (the FLOP of one item it counts)", 0)
  end
  if (o.flop_per_step and not o.step_seconds) or (o.flop_per_item and not o.throughput) then
    error(fname .. ": flop_per_step goes with step_seconds, flop_per_item with throughput", 0)
  end
end

-- The utilisation a measured rate implies: achieved FLOP/s / (chips x peak), recorded.
measured_utilization = function(ctx, params, chip)
  local o, fname = ctx.opts, ctx.fname
  if not params.peak_flop_per_s then
    error(fname .. ": a measured rate needs a chip (or peak_flop_per_s) to give utilization", 0)
  end
  if not params.chips then
    params.chips = 1
    ctx.note("chips = 1 assumed for the measured rate")
  end
  local achieved, how
  if o.step_seconds then
    achieved = o.flop_per_step / o.step_seconds
    how = string.format("measured: %.6g FLOP per step / %.6g s per step", o.flop_per_step,
      o.step_seconds)
  else
    achieved = o.throughput * o.flop_per_item
    how = string.format("measured: %.6g items/s x %.6g FLOP per item", o.throughput,
      o.flop_per_item)
  end
  local peak = params.chips * params.peak_flop_per_s
  local u = achieved / peak
  if u > 1 then
    error(string.format("%s: the measured rate, %.4g FLOP/s, is %.2f x the peak of %s " ..
      "%s at %s (%.4g FLOP/s): check the FLOP per step or item, chips and precision", fname,
      achieved, u, tostring(params.chips), chip and chip.name or "chips",
      ctx.precision or "the given peak", peak), 0)
  end
  ctx.forget("utilization")
  return ctx.use("utilization", { name = "utilization", value = u, unit = "fraction of peak",
    confidence = "measured", source = string.format("caller (%s; %.4g FLOP/s of %.4g)", how,
      achieved, peak) })
end

--- Estimate the cost of a training run. See README "### burden.cost".
function impl.estimate(opts)
  local fname = "cost.estimate"
  if type(opts) ~= "table" then
    error("bad argument #1 to 'estimate' (table expected, got " .. type(opts) .. ")", 0)
  end
  local preset_name = opts.preset or "thompson-site"
  local preset = presets()[preset_name]
  if not preset then
    error(string.format("%s: unknown preset '%s' (known: %s)", fname, tostring(preset_name),
      known_list(presets())), 0)
  end
  local allowed = {}
  for k in pairs(ARGS) do allowed[k] = true end
  for k in pairs(preset) do allowed[k] = true end
  check_options(fname, opts, allowed)
  if opts.pricing and not PRICINGS[opts.pricing] then
    error(string.format("%s: unknown pricing '%s' (known: %s)", fname, tostring(opts.pricing),
      known_list(PRICINGS)), 0)
  end
  local chip = opts.chip and lookup_chip(fname, opts.chip) or nil
  local ctx = new_context(fname, opts, preset_name)
  if opts.regime ~= nil then ctx.prior = prior_of(fname, opts.regime) end
  check_measured(fname, opts)
  local params = {}
  local headline = BUILDERS[preset_name](ctx, params, chip)
  -- a caller's utilization, pue or server factor always wins
  if opts.pue_provider and not opts.pue then
    if not params.pue then
      error(string.format("%s: %s uses no PUE", fname, preset_name), 0)
    end
    local c, extrapolated = pue_for(fname, opts.pue_provider, opts.year, opts.extrapolate)
    if extrapolated then ctx.extrapolated = true end
    ctx.used.pue = nil
    for i, k in ipairs(ctx.order) do if k == "pue" then table.remove(ctx.order, i) break end end
    params.pue = ctx.use("pue", c)
  end
  if opts.pue and params.pue then params.pue = ctx.use("pue", { unit = "ratio" }) end
  if opts.server_factor and params.server_factor then
    params.server_factor = ctx.use("server_factor", { unit = "ratio" })
  end
  if opts.utilization then params.utilization = opts.utilization end
  if opts.step_seconds or opts.throughput then
    params.utilization = measured_utilization(ctx, params, chip)
  elseif ctx.prior and opts.utilization == nil then
    local u = ctx.prior.utilization
    ctx.forget("utilization")
    params.utilization = ctx.use("utilization", { name = "utilization", value = u.central,
      unit = "fraction of peak", confidence = u.confidence,
      source = string.format("%s (%s, regime %s)", u.source, u.file, ctx.prior.regime) })
  end
  if opts.board_power_fraction ~= nil and not ctx.board_fraction then
    error(string.format("%s: board_power_fraction scales a chip's TDP, which this estimate " ..
      "does not use (preset %s%s)", fname, preset_name,
      opts.watts and ", a measured watts" or ""), 0)
  end
  if ctx.prior and ctx.prior.board_power_fraction and not ctx.board_fraction then
    ctx.note(string.format("regime %s: the board-power prior is not used (preset %s uses " ..
      "no chip power)", ctx.prior.regime, preset_name))
  end

  local ok, out = pcall(core.eval, params, headline)
  if not ok then error(fname .. ": " .. tostring(out), 0) end
  local result = { preset = preset_name, chip = chip and chip.name or nil,
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
    local ok, summary = pcall(core.montecarlo, params, headline, specs, draws, seed, level,
      opts.threads or 2)
    if not ok then error(fname .. ": " .. tostring(summary), 0) end
    result.uncertainty = summary
    result.draws, result.level, result.seed = draws, level, seed
  end
  return result
end

return impl
