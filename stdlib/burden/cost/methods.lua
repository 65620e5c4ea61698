--- burden.cost.methods: the published methods behind burden.cost's presets, one
-- builder each (thompson-site, strubell2019, mlco2, epoch). A builder fills the cost
-- kernel's parameters for one run from the preset's constants, the chip and the
-- caller's arguments, recording each constant it uses on the estimate's context, and
-- returns the headline the kernel computes ("cloud" or "amortized"). gather makes the
-- context, runs the builder and applies the caller's overrides, a utilisation prior or a
-- measured rate; gather_each, the one entry point, gathers every run of an estimate (or
-- of a batch of them) in one call, the constants looked up and the numbers checked here
-- rather than one call back per constant or per check.
local core = require "burden.core.cost"
local hw = require "burden.hw"
local tables = require "burden.cost.tables"

local source_of_chip, pue_for = tables.source_of_chip, tables.pue_for
local grid_for, electricity_for = tables.grid_for, tables.electricity_for
local latest_cloud_price, latest_purchase = tables.latest_cloud_price, tables.latest_purchase

local KG_PER_LB = core.KG_PER_LB

-- The number checks of an estimate's arguments live here, beside the builders that make
-- them (one file, so checking an estimate's numbers crosses to no other); equivalents
-- and when_affordable use them too.
local function check_positive(fname, key, v, allow_zero)
  if v == nil then return end
  if type(v) ~= "number" or v ~= v or v == math.huge or v < 0 or (v == 0 and not allow_zero) then
    error(string.format("%s: %s must be a positive number, got %s", fname, key, tostring(v)), 0)
  end
end

-- check_positive for each key of `keys` in order, on opts[key].
local function check_positives(fname, opts, keys)
  for _, key in ipairs(keys) do check_positive(fname, key, opts[key]) end
end

-- The look-ups of one gather_each (a chip's peak and sources, a region's grid intensity,
-- a price...), kept by their arguments, so that runs sharing a chip or a region look it
-- up once per call, not once per run. once(ctx, fn, ...) is fn(...) the first time;
-- once_named(ctx, fn, fname, ...) the same for a look-up whose first argument is the
-- name its errors carry (not part of the key: each run's error names that run). A
-- look-up that raises is not kept. A NaN argument is never a key: then fn is called.
local NIL, RESULT = {}, {}
local function look_up(memo, fn, named, ...)
  local node = memo[fn]
  if not node then node = {}; memo[fn] = node end
  for i = named and 2 or 1, select("#", ...) do
    local a = select(i, ...)
    if a == nil then a = NIL elseif a ~= a then return fn(...) end
    local nxt = node[a]
    if not nxt then nxt = {}; node[a] = nxt end
    node = nxt
  end
  local r = node[RESULT]
  if not r then
    r = table.pack(fn(...))
    node[RESULT] = r
  end
  return table.unpack(r, 1, r.n)
end

local function once(ctx, fn, ...) return look_up(ctx.memo, fn, false, ...) end
local function once_named(ctx, fn, ...) return look_up(ctx.memo, fn, true, ...) end

-- A run of constants being gathered for one estimate; `memo` is its gather_each's.
local function new_context(fname, opts, preset_name, preset, memo)
  local ctx = { fname = fname, opts = opts, used = {}, order = {}, notes = {},
                preset = preset, preset_name = preset_name, memo = memo }

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

-- A measured rate instead of a utilisation: step_seconds with flop_per_step, or
-- throughput (items/s, whole job) with flop_per_item. Checks the combination.
local MEASURED = { "step_seconds", "flop_per_step", "throughput", "flop_per_item" }

local function check_measured(fname, o)
  check_positives(fname, o, MEASURED)
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
local function measured_utilization(ctx, params, chip)
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

-- Peak FLOP/s of a chip at a precision ("auto" as burden.hw.peak), and the precision used.
local function chip_peak(ctx, chip, precision)
  local ok, peak, used = pcall(once, ctx, hw.peak, chip, precision)
  if not ok then
    local msg = tostring(peak):gsub("^[^\n]-:%d+: ", ""):gsub("^burden%.hw%.peak: ", "")
    error(ctx.fname .. ": " .. msg, 0)
  end
  return peak, used
end

local RUN_SIZE = { "flop", "chips", "hours", "days", "chip_hours", "devices" }

-- Fills params for the run's size: flop, or chips x hours, or chip-hours.
local function run_size(ctx, params, chip, default_peak, default_chips)
  local o, fname = ctx.opts, ctx.fname
  check_positives(fname, o, RUN_SIZE)
  if o.utilization ~= nil and (type(o.utilization) ~= "number" or not (o.utilization > 0)
      or o.utilization > 1) then
    error(string.format("%s: utilization must be in (0, 1], got %s", fname,
      tostring(o.utilization)), 0)
  end
  params.flop = o.flop
  params.chips = o.chips
  params.hours = o.hours or (o.days and o.days * 24)
  params.chip_hours = o.chip_hours
  if default_chips and params.hours and not (params.chips or params.flop or params.chip_hours
      or o.devices) then
    params.chips = default_chips
    ctx.note(string.format("chips = %d assumed", default_chips))
  end
  if o.devices then
    local per = o.chips_per_device or 4
    params.chips = o.devices * per
    ctx.use("chips_per_device", { name = "chips_per_device", value = per, unit = "chips",
      source = o.chips_per_device and "caller" or
        "Strubell et al. 2019 Table 3 TPU devices: 8 cores = 4 chips (data/cost/README.md)",
      confidence = "reported" })
  end
  if chip then
    local peak, prec = chip_peak(ctx, chip, o.precision or "auto")
    ctx.precision = prec
    if o.precision == nil or o.precision == "auto" then
      local _, rule = once(ctx, hw.training_precision, chip)
      ctx.note(string.format("precision %s: the default for %s (%s; pass precision = to " ..
        "choose another)", prec, chip.name, rule))
    end
    params.peak_flop_per_s = o.peak_flop_per_s or peak
    ctx.use("peak_flop_per_s", { name = "peak_flop_per_s", value = params.peak_flop_per_s,
      unit = "FLOP/s", source = once(ctx, source_of_chip, chip, prec),
      confidence = chip.confidence })
  elseif default_peak then
    params.peak_flop_per_s = ctx.const(default_peak, "peak_flop_per_s")
  elseif o.peak_flop_per_s then
    params.peak_flop_per_s = ctx.use("peak_flop_per_s", { value = o.peak_flop_per_s,
      unit = "FLOP/s" })
  end
  if not (params.flop or params.chip_hours or (params.chips and params.hours) or o.watts) then
    error(string.format("%s: give flop, or chips and hours (or days), or chip_hours", fname), 0)
  end
  if params.flop and not params.peak_flop_per_s and not params.chip_hours and
     not (params.chips and params.hours) then
    error(string.format("%s: flop needs a chip (or peak_flop_per_s) to give chip-hours", fname), 0)
  end
end

local function grid_constant(ctx, default_name, default_as_lbs)
  local o = ctx.opts
  if o.kg_co2_per_kwh then return ctx.use("kg_co2_per_kwh", { unit = "kg CO2/kWh" }) end
  if o.lbs_co2_per_kwh then
    return ctx.use("lbs_co2_per_kwh", { unit = "lb CO2/kWh" }) * KG_PER_LB
  end
  if o.region then
    local c, extrapolated = once_named(ctx, grid_for, ctx.fname, o.region, o.year, o.extrapolate)
    if extrapolated then ctx.extrapolated = true end
    return ctx.use("kg_co2_per_kwh", c)
  end
  local v = ctx.const(default_name)
  return default_as_lbs and v * KG_PER_LB or v
end

-- The rental price per chip-hour: the caller's, else the latest matching price of
-- cloud_prices.csv (or of `prices =`); nil and the reason when there is none.
local function cloud_constant(ctx, chip, pricing)
  local o = ctx.opts
  if o.usd_per_chip_hour then return ctx.use("usd_per_chip_hour", { unit = "USD/chip-hour" }) end
  if o.usd_per_device_hour then
    ctx.use("usd_per_device_hour", { unit = "USD/device-hour" })
    return o.usd_per_device_hour / (o.chips_per_device or 4)
  end
  if not chip then return nil, "no chip given: no cloud price" end
  local value, row = once(ctx, latest_cloud_price, chip, o.pricing or pricing, o.provider,
    o.prices)
  if not value then return nil, row end
  return ctx.use("usd_per_chip_hour", { name = "usd_per_chip_hour", value = value,
    unit = "USD/chip-hour", confidence = row.confidence,
    source = string.format("%s (%s, %s, %s)", row.source, row.provider or "?", chip.name,
      row.date) })
end

-- The fraction of its TDP the board draws: the caller's, else the regime's prior.
local function board_fraction(ctx)
  local o = ctx.opts
  if o.board_power_fraction ~= nil then
    return ctx.use("board_power_fraction", { unit = "fraction of TDP" })
  end
  local p = ctx.prior and ctx.prior.board_power_fraction
  if p then
    return ctx.use("board_power_fraction", { name = "board_power_fraction", value = p.central,
      unit = "fraction of TDP", confidence = p.confidence,
      source = string.format("%s (%s, regime %s)", p.source, p.file, ctx.prior.regime) })
  end
  return nil
end

-- Whether chip power will be scaled by a board-power fraction (Epoch's server TDP
-- fraction then stands aside: the fraction is already applied at the chip).
local function has_board_fraction(ctx)
  return ctx.opts.board_power_fraction ~= nil or
    (ctx.prior ~= nil and ctx.prior.board_power_fraction ~= nil)
end

-- The power of one chip: the caller's chip_w or tdp_w, else the chip's TDP; times the
-- board-power fraction when there is one (ctx.tdp keeps the unscaled figure).
local function chip_power(ctx, chip)
  local o = ctx.opts
  local w
  if o.chip_w then w = ctx.use("chip_w", { unit = "W" })
  elseif o.tdp_w then w = ctx.use("tdp_w", { unit = "W" })
  elseif chip and chip.tdp_w then
    w = ctx.use("chip_w", { name = "tdp_w", value = chip.tdp_w, unit = "W",
      source = once(ctx, source_of_chip, chip, "TDP"), confidence = "reported" })
  end
  if w == nil then return nil end
  local f = board_fraction(ctx)
  if f then
    ctx.board_fraction, ctx.tdp = f, w
    return w * f
  end
  return w
end

local BUILDERS = {}

BUILDERS["thompson-site"] = function(ctx, params, chip)
  local o = ctx.opts
  if o.region or o.kg_co2_per_kwh or o.lbs_co2_per_kwh then
    error(ctx.fname .. ": thompson-site converts FLOP to CO2 directly (lbs_co2_per_flop); " ..
      "region and grid intensity need a preset with energy (strubell2019, mlco2, epoch)", 0)
  end
  run_size(ctx, params, chip, "chip_peak_flop_per_s")
  params.utilization = o.utilization or 1
  if o.utilization then ctx.use("utilization", { unit = "fraction of peak" }) end
  params.usd_per_flop = ctx.const("usd_per_flop")
  params.lbs_co2_per_flop = ctx.const("lbs_co2_per_flop")
  params.usd_per_chip_hour = o.usd_per_chip_hour and
    ctx.use("usd_per_chip_hour", { unit = "USD/chip-hour" }) or ctx.const("usd_per_chip_hour")
  return "cloud"
end

BUILDERS.strubell2019 = function(ctx, params, chip)
  local o = ctx.opts
  run_size(ctx, params, chip, nil)
  params.utilization = o.utilization or 1
  if o.utilization then ctx.use("utilization", { unit = "fraction of peak" }) end
  params.pue = ctx.const("pue")
  params.server_factor = 1
  params.kg_co2_per_kwh = grid_constant(ctx, "lbs_co2_per_kwh", true)
  if o.watts then
    check_positive(ctx.fname, "watts", o.watts)
    params.watts = ctx.use("watts", { unit = "W (CPU + DRAM + all GPUs)" })
    if not params.hours then
      error(ctx.fname .. ": watts (a measured total draw) needs hours", 0)
    end
  else
    local w = chip_power(ctx, chip)
    if w and (o.cpu_w or o.dram_w) and params.chips and params.hours then
      -- Eq. 1: p = (p_c + p_r + g p_g)
      params.watts = (o.cpu_w or 0) + (o.dram_w or 0) + params.chips * w
      if o.cpu_w then ctx.use("cpu_w", { unit = "W" }) end
      if o.dram_w then ctx.use("dram_w", { unit = "W" }) end
    else
      params.chip_w = w
    end
  end
  -- Table 3's GCP prices by chip (pre-emptible = low bound, on-demand = high bound)
  local pricing = o.pricing or "on-demand"
  if not o.usd_per_chip_hour and not o.usd_per_device_hour and chip then
    local key = ({ ["NVIDIA Tesla P100"] = "p100", ["NVIDIA Tesla V100"] = "v100" })[chip.name]
    local tpu = ({ ["Google TPU v2"] = "tpu_v2", ["Google TPU v3"] = "tpu_v3" })[chip.name]
    local suffix = pricing == "preemptible" and "preemptible" or "on_demand"
    if key then
      params.usd_per_chip_hour = ctx.const("usd_per_" .. key .. "_hour_" .. suffix,
        "usd_per_chip_hour")
    elseif tpu then
      local dev = ctx.const("usd_per_" .. tpu .. "_device_hour_" .. suffix, "usd_per_device_hour")
      params.usd_per_chip_hour = dev / (o.chips_per_device or 4)
    end
  end
  if not params.usd_per_chip_hour then
    local why
    params.usd_per_chip_hour, why = cloud_constant(ctx, chip, pricing)
    if why then ctx.note(why) end
  end
  return "cloud"
end

BUILDERS.mlco2 = function(ctx, params, chip)
  local o = ctx.opts
  run_size(ctx, params, chip, nil, 1) -- the calculator's hours are per device
  params.utilization = o.utilization or 1
  if o.utilization then ctx.use("utilization", { unit = "fraction of peak" }) end
  params.pue = ctx.const("pue")
  params.server_factor = 1
  params.chip_w = chip_power(ctx, chip)
  if o.watts then params.watts = ctx.use("watts", { unit = "W" }) end
  params.kg_co2_per_kwh = grid_constant(ctx, "kg_co2_per_kwh_default")
  local why
  params.usd_per_chip_hour, why = cloud_constant(ctx, chip, "on-demand")
  if why then ctx.note(why) end
  return "cloud"
end

-- Epoch's chip-to-server power multiplier and the server's average fraction of its TDP.
local function epoch_server_factor(ctx, chip)
  local name = chip and chip.name or ""
  local is_tpu = chip and chip.type == "TPU" or name:find("TPU") ~= nil
  local key
  if name:find("H100") or name:find("H200") then key = "chip_to_server_power_h100"
  elseif name:find("A100") then key = "chip_to_server_power_a100"
  elseif name:find("V100") then key = "chip_to_server_power_v100"
  elseif name == "Google TPU v1" then key = "chip_to_server_power_tpu_v1"
  elseif name == "Google TPU v2" then key = "chip_to_server_power_tpu_v2"
  elseif name == "Google TPU v3" then key = "chip_to_server_power_tpu_v3"
  elseif is_tpu then key = "chip_to_server_power_tpu_default"
  else key = "chip_to_server_power_gpu_default" end
  local ratio = ctx.const(key, "chip_to_server_power")
  if has_board_fraction(ctx) then
    ctx.note("board_power_fraction replaces Epoch's server TDP fraction (the server is " ..
      "taken to draw the same share of its TDP as the board)")
    return ratio
  end
  local fraction = ctx.const(is_tpu and "server_tdp_fraction_tpu" or "server_tdp_fraction_gpu",
    "server_tdp_fraction")
  return ratio * fraction
end

-- Epoch's amortised hardware cost per chip-hour: the chip's value (caller's price, launch
-- price, Epoch's TPU equivalent price, or the latest purchase price of `prices =`) times
-- the server overhead, plus interconnect, over the amortisation rate. nil without a price.
local function epoch_capex(ctx, chip)
  local o = ctx.opts
  local name = chip and chip.name or ""
  local price = o.hardware_usd and ctx.use("hardware_usd", { unit = "USD per chip" })
  if not price and chip and chip.launch_price_usd then
    price = ctx.use("hardware_usd", { name = "launch_price_usd", value = chip.launch_price_usd,
      unit = "USD per chip", source = once(ctx, source_of_chip, chip, "launch price"),
      confidence = chip.confidence })
  end
  local tpu_price = ({ ["Google TPU v2"] = "tpu_equivalent_price_v2",
                       ["Google TPU v3"] = "tpu_equivalent_price_v3",
                       ["Google TPU v4"] = "tpu_equivalent_price_v4" })[name]
  if not price and tpu_price then price = ctx.const(tpu_price, "hardware_usd") end
  if not price and chip and o.prices then
    local best = once(ctx, latest_purchase, o.prices, name)
    if best then
      price = ctx.use("hardware_usd", { name = "hardware_usd", value = best.purchase_usd,
        unit = "USD per chip", confidence = "estimated",
        source = best.source .. " (Epoch AI hardware prices dataset, " .. best.date .. ")" })
    end
  end
  if not price then return nil end
  local overhead
  local key = name:find("P100") and "server_cost_overhead_p100"
    or name:find("V100") and "server_cost_overhead_v100"
    or name:find("H100") and "server_cost_overhead_dgx_h100"
  if key then
    overhead = ctx.const(key, "server_cost_overhead")
  else
    local p = ctx.preset
    overhead = ctx.use("server_cost_overhead", { name = "server_cost_overhead",
      value = (p.server_cost_overhead_p100.value + p.server_cost_overhead_v100.value +
               p.server_cost_overhead_dgx_h100.value) / 3,
      unit = "ratio", confidence = "derived",
      source = "mean of the epoch preset's P100, V100 and DGX H100 server cost ratios" })
  end
  local interconnect = ctx.const("cluster_interconnect_cost_fraction")
  local rate = ctx.const("amortization_rate_per_year")
  local hours_per_year = ctx.const("hours_per_year")
  return price * overhead / (1 - interconnect) * rate / hours_per_year
end

-- Epoch's cloud-price method: a committed-use price, else the on-demand price less Epoch's
-- default discount for the provider and term. nil and the reason when neither exists.
local function epoch_cloud(ctx, chip)
  local o = ctx.opts
  local pricing = o.pricing or "3-year"
  local value, why = cloud_constant(ctx, chip, pricing)
  local term = ({ ["1-year"] = "1y", ["3-year"] = "3y" })[pricing]
  if value or not chip or not term then return value, why end
  local od, row = once(ctx, latest_cloud_price, chip, "on-demand", o.provider, o.prices)
  local key = od and ({ ["Amazon Web Services"] = "aws", ["Google Cloud"] = "gcp",
                        ["Microsoft Azure"] = "azure" })[row.provider]
  if not key then return nil, why end
  ctx.use("usd_per_chip_hour_on_demand", { name = "usd_per_chip_hour_on_demand", value = od,
    unit = "USD/chip-hour", confidence = row.confidence,
    source = string.format("%s (%s, %s, %s)", row.source, row.provider, chip.name, row.date) })
  local discount = ctx.const("cud_discount_" .. key .. "_" .. term, "cud_discount")
  return od * (1 - discount)
end

BUILDERS.epoch = function(ctx, params, chip)
  local o = ctx.opts
  run_size(ctx, params, chip, nil)
  params.utilization = o.utilization or ctx.const("median_hardware_utilization", "utilization")
  params.pue = o.pue and ctx.use("pue", { unit = "ratio" }) or
    ctx.const(o.hyperscaler and "pue_hyperscaler" or "pue_other", "pue")
  params.server_factor = o.server_factor and ctx.use("server_factor", { unit = "ratio" }) or
    epoch_server_factor(ctx, chip)
  params.chip_w = chip_power(ctx, chip)
  if not params.chip_w and chip and chip.name == "Google TPU v4" then
    params.chip_w = ctx.const("tpu_v4_chip_tdp_w", "chip_w")
  end
  if o.usd_per_kwh then
    params.usd_per_kwh = ctx.use("usd_per_kwh", { unit = "USD/kWh" })
  else
    local c, extrapolated = once_named(ctx, electricity_for, ctx.fname,
      o.electricity_region or "United States", o.sector or "industrial", o.year, o.extrapolate)
    if extrapolated then ctx.extrapolated = true end
    params.usd_per_kwh = ctx.use("usd_per_kwh", c)
  end
  -- Epoch's method prices energy but has no grid intensity: CO2 only when one is given
  if o.kg_co2_per_kwh or o.lbs_co2_per_kwh or o.region then
    params.kg_co2_per_kwh = grid_constant(ctx)
  else
    ctx.note("no grid intensity given (region, kg_co2_per_kwh): no CO2")
  end
  params.capex_usd_per_chip_hour = epoch_capex(ctx, chip)
  if not params.capex_usd_per_chip_hour then
    ctx.note("no purchase price for the chip: pass hardware_usd (or prices =) for the " ..
      "amortised hardware cost")
  end
  local why
  params.usd_per_chip_hour, why = epoch_cloud(ctx, chip)
  if why then ctx.note(why) end
  return "amortized"
end

--- Gathers the constants of one estimate: a context recording each constant and its
-- source (preset, chip, tables, caller), the kernel's parameters and the headline
-- ("cloud" or "amortized"). The preset's builder, then the caller's overrides.
local function gather(fname, opts, preset_name, preset, chip, prior, memo)
  local ctx = new_context(fname, opts, preset_name, preset, memo)
  ctx.prior = prior
  check_measured(fname, opts)
  local params = {}
  local headline = BUILDERS[preset_name](ctx, params, chip)
  -- a caller's utilization, pue or server factor always wins
  if opts.pue_provider and not opts.pue then
    if not params.pue then
      error(string.format("%s: %s uses no PUE", fname, preset_name), 0)
    end
    local c, extrapolated = once_named(ctx, pue_for, fname, opts.pue_provider, opts.year,
      opts.extrapolate)
    if extrapolated then ctx.extrapolated = true end
    ctx.forget("pue")
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
  return ctx, params, headline
end

--- gather for each item of an array ({ fname, opts, preset_name, preset, chip, prior },
-- checked by burden.cost.estimate) in one call, so that an estimate of many runs comes
-- here once, not once per run. Sets each item's ctx, params and headline, up to the first
-- that fails, and returns that one's index and message (nil when none fails): the items
-- after it are not gathered, and the caller raises it as one estimate after another would.
local function gather_each(items)
  local memo = {}
  for i, it in ipairs(items) do
    local ok, ctx, params, headline = pcall(gather, it.fname, it.opts, it.preset_name,
      it.preset, it.chip, it.prior, memo)
    if not ok then return i, ctx end
    it.ctx, it.params, it.headline = ctx, params, headline
  end
  return nil
end

return { gather_each = gather_each, check_positive = check_positive,
         check_positives = check_positives }
