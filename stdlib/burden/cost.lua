--- burden.cost: from FLOP (or a planned run) to chip-hours, energy, CO2 and dollars,
-- with every constant named and sourced, several published methods side by side
-- (presets), Monte Carlo intervals, price-performance trends and projections.
--
-- The arithmetic lives in engine/core/cost.c (burden.core.cost); this module picks
-- constants from data/cost/*.csv and data/hardware.csv, applies the caller's
-- overrides, and records which constants were used and where they come from.
local core = require "burden.core.cost"
require "burden.core.vector" -- the kernels' samples come back as vectors
local runtime = require "burden.core.runtime"
local options = require "burden.options"

local cost = {}

-- Options of the functions other than estimate (burden.options rejects any other key;
-- estimate accepts ARGS below and the constants of its preset).
local OPTS = {
  cloud_price = { "chip", "pricing", "provider", "prices" },
  trend = { "metric", "precision", "chips", "type", "from", "to", "level" },
  when_affordable = { "flop", "budget", "chip", "preset", "pricing", "usd_now", "utilization",
    "year0", "algorithmic_halving", "hardware_trend", "interval", "level", "draws", "seed" },
  decompose = { "from", "to", "precision" },
}

-- Raises (level 0: the public wrappers below add the caller's line) for an unknown key.
local function check_options(fname, opts, allowed)
  local msg = options.unknown(fname, opts, allowed)
  if msg then error(msg, 0) end
end

-- The public functions are wrappers around these: an error raised anywhere inside reads
-- as coming from the caller's line (`script.lua:12: cost.estimate: unknown chip ...`).
local impl = {}

local KG_PER_LB = core.KG_PER_LB
local LOG10_2 = math.log(2, 10)

-- ---- reading the curated tables --------------------------------------------------------

local data = require "burden.data"
local hw = require "burden.hw"

-- The rows of a frame as Lua tables keyed by column name (missing values absent).
local function frame_rows(frame)
  local rows = {}
  for i = 1, frame:nrow() do rows[i] = frame:row(i) end
  return rows
end

local cache = {}

-- Rows of an embedded data file (cached), and the path to cite.
local function resource_rows(resname)
  local hit = cache[resname]
  if hit then return hit.rows, hit.path end
  local text, path = runtime.resource(resname)
  if not text then error("burden.cost: " .. tostring(path), 0) end
  local rows = frame_rows(data.read_csv_text(text, {}, path))
  cache[resname] = { rows = rows, path = path }
  return rows, path
end

-- Rows of a CSV file on disk, or nil and a message.
local function file_rows(path)
  local frame, msg = data.try_read_csv(path)
  if not frame then return nil, msg end
  return frame_rows(frame)
end

local function num(s)
  if type(s) == "number" then return s end
  if s == nil or s == "" then return nil end
  return tonumber(s)
end

-- "$999.00", "1,499" -> 999, 1499
local function money(s)
  if type(s) == "number" then return s end
  if s == nil then return nil end
  return num((tostring(s):gsub("^%s*%$", ""):gsub(",", "")))
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local function known_list(t)
  return table.concat(sorted_keys(t), ", ")
end

-- "2017-05-10", "2021-06" (the 15th) or "2019" (2 July) as a decimal year; calendar
-- arithmetic only, so no time zone or locale is involved.
local function decimal_year(date)
  if type(date) == "number" then return date end
  date = tostring(date or "")
  local y, m, d = date:match("^(%d%d%d%d)%-(%d%d?)%-(%d%d?)")
  if not y then
    y, m = date:match("^(%d%d%d%d)%-(%d%d?)$")
    d = m and 15
  end
  if not y then
    y = date:match("^(%d%d%d%d)$")
    m, d = 7, 2
  end
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  local mdays = { 31, leap and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  local doy = d - 1
  for k = 1, m - 1 do doy = doy + mdays[k] end
  return y + doy / (leap and 366 or 365)
end

-- ---- presets ---------------------------------------------------------------------------

local presets_cache

local function presets()
  if presets_cache then return presets_cache end
  local rows, path = resource_rows("data/cost/presets.csv")
  local out = {}
  for _, r in ipairs(rows) do
    local p = out[r.preset] or {}
    out[r.preset] = p
    p[r.constant] = { name = r.constant, value = num(r.value), unit = r.unit, source = r.source,
                      confidence = r.confidence, file = path }
  end
  presets_cache = out
  return out
end

--- Sorted names of the presets.
function impl.presets()
  return sorted_keys(presets())
end

--- The constants of one preset: an array sorted by name of {name, value, unit, source, confidence}.
function impl.constants(preset)
  local p = presets()[preset]
  if not p then
    error(string.format("cost.constants: unknown preset '%s' (known: %s)", tostring(preset),
      known_list(presets())), 0)
  end
  local out = {}
  for _, k in ipairs(sorted_keys(p)) do out[#out + 1] = p[k] end
  return out
end

-- ---- utilisation priors ----------------------------------------------------------------

local priors_cache

local function priors_table()
  if priors_cache then return priors_cache end
  local rows, path = resource_rows("data/cost/utilization_priors.csv")
  local by = {}
  for _, r in ipairs(rows) do
    local p = by[r.regime] or { regime = r.regime, applies_to = r.applies_to }
    by[r.regime] = p
    p[r.quantity] = { low = num(r.low), central = num(r.central), high = num(r.high),
                      dist = r.dist, source = r.source, confidence = r.confidence,
                      notes = r.notes, file = path }
  end
  priors_cache = by
  return by
end

local function copy_prior(p)
  local out = {}
  for k, v in pairs(p) do
    if type(v) == "table" then
      local c = {}
      for k2, v2 in pairs(v) do c[k2] = v2 end
      out[k] = c
    else
      out[k] = v
    end
  end
  return out
end

local function prior_of(fname, regime)
  local p = priors_table()[regime]
  if not p then
    error(string.format("%s: unknown regime '%s' (known: %s)", fname, tostring(regime),
      known_list(priors_table())), 0)
  end
  return p
end

--- Sorted names of the utilisation regimes (data/cost/utilization_priors.csv).
function impl.priors()
  return sorted_keys(priors_table())
end

--- One regime's priors: { regime, applies_to, utilization = { low, central, high, dist,
-- source, confidence, notes, file }, board_power_fraction = {...} or nil }.
function impl.prior(regime)
  return copy_prior(prior_of("cost.prior", regime))
end

-- ---- chips -------------------------------------------------------------------------------

-- Precisions of data/hardware.csv as the trend reads them (TFLOP/s columns of burden.hw's
-- records are already in FLOP/s).
local PRECISIONS = {}
for _, p in ipairs(hw.precisions) do PRECISIONS[p] = true end

-- The burden.hw record of a chip; an unknown name lists every known chip.
local function lookup_chip(fname, name)
  local chip, msg = hw.resolve(name)
  if not chip then
    error(string.format("%s: %s; known: %s", fname, msg, table.concat(hw.list(), ", ")), 0)
  end
  return chip
end

-- Canonical chip name of a price row's chip (cached; nil when burden.hw does not know it).
local canonical_cache = {}
local function canonical(name)
  if name == nil then return nil end
  local hit = canonical_cache[name]
  if hit == nil then
    local chip = hw.resolve(name)
    hit = chip and chip.name or false
    canonical_cache[name] = hit
  end
  return hit or nil
end

-- ---- sourced lookups ----------------------------------------------------------------------

-- Chooses the row of `rows` for `year`: the exact year, else the latest earlier one; a
-- year outside the data's range fails unless `extrapolate`, then the nearest row is
-- used and the result is flagged.
local function pick_year(fname, what, rows, year, extrapolate)
  table.sort(rows, function(a, b) return a.year < b.year end)
  if not year then return rows[#rows], false end
  local first, last = rows[1].year, rows[#rows].year
  if year < first or year > last then
    if not extrapolate then
      error(string.format("%s: year %s is outside the data for %s (%d to %d); pass " ..
        "extrapolate = true to use the nearest year", fname, tostring(year), what, first, last), 0)
    end
    return (year < first) and rows[1] or rows[#rows], true
  end
  local best = rows[1]
  for _, r in ipairs(rows) do if r.year <= year then best = r end end
  return best, false
end

-- Rows of a table whose `field` matches `name`: exactly (case-insensitive), else by prefix
-- when only one distinct value has that prefix.
local function match_named(fname, kind, rows, field, name)
  local want = tostring(name):lower()
  local exact, prefixed, values, all = {}, {}, {}, {}
  for _, r in ipairs(rows) do
    local v = r[field]
    all[v] = true
    if v:lower() == want then exact[#exact + 1] = r
    elseif v:lower():sub(1, #want) == want then prefixed[#prefixed + 1] = r; values[v] = true end
  end
  if #exact > 0 then return exact end
  local distinct = sorted_keys(values)
  if #distinct == 1 then return prefixed end
  if #distinct > 1 then
    error(string.format("%s: %s '%s' is ambiguous (%s)", fname, kind, tostring(name),
      table.concat(distinct, "; ")), 0)
  end
  error(string.format("%s: unknown %s '%s' (known: %s)", fname, kind, tostring(name),
    table.concat(sorted_keys(all), "; ")), 0)
end

local function grid_for(fname, region, year, extrapolate)
  local rows, path = resource_rows("data/cost/grid_intensity.csv")
  local matched = {}
  for _, r in ipairs(match_named(fname, "region", rows, "region", region)) do
    matched[#matched + 1] = { year = num(r.year), row = r }
  end
  local pick, extrapolated = pick_year(fname, "region " .. matched[1].row.region, matched, year,
    extrapolate)
  local r = pick.row
  return { name = "kg_co2_per_kwh", value = num(r.kg_co2_per_kwh), unit = "kg CO2/kWh",
           source = r.source .. " (" .. r.region .. ", " .. r.year .. ")",
           confidence = r.confidence, file = path }, extrapolated
end

local function electricity_for(fname, region, sector, year, extrapolate)
  local rows, path = resource_rows("data/cost/electricity_prices.csv")
  local matched = {}
  for _, r in ipairs(match_named(fname, "region", rows, "region", region)) do
    if r.sector == sector then matched[#matched + 1] = { year = num(r.year), row = r } end
  end
  if #matched == 0 then
    error(string.format("%s: no %s electricity price for %s", fname, sector, region), 0)
  end
  local pick, extrapolated = pick_year(fname, "electricity prices in " .. region, matched, year,
    extrapolate)
  local r = pick.row
  return { name = "usd_per_kwh", value = num(r.usd_per_kwh), unit = "USD/kWh",
           source = r.source .. " (" .. r.region .. ", " .. r.sector .. ", " .. r.year .. ")",
           confidence = r.confidence, file = path }, extrapolated
end

local function pue_for(fname, provider, year, extrapolate)
  local rows, path = resource_rows("data/cost/pue.csv")
  local matched = {}
  for _, r in ipairs(match_named(fname, "PUE provider", rows, "provider", provider)) do
    matched[#matched + 1] = { year = num(r.year), row = r }
  end
  local pick, extrapolated = pick_year(fname, "PUE of " .. matched[1].row.provider, matched, year,
    extrapolate)
  local r = pick.row
  return { name = "pue", value = num(r.pue), unit = "ratio",
           source = r.source .. " (" .. r.provider .. ", " .. r.year .. ")",
           confidence = r.confidence, file = path }, extrapolated
end

local PRICINGS = { ["on-demand"] = true, ["1-year"] = true, ["3-year"] = true,
                   preemptible = true }

--- The latest cloud price per chip-hour for a chip: `impl.cloud_price{ chip =, pricing =
-- "on-demand", provider = nil, prices = nil }` -> price, row (nil, message when none).
-- `prices` may be rows from cost.read_hardware_prices (Epoch's dataset).
function impl.cloud_price(opts)
  local fname = "cost.cloud_price"
  if type(opts) ~= "table" then
    error("bad argument #1 to 'cloud_price' (table expected, got " .. type(opts) .. ")", 0)
  end
  check_options(fname, opts, OPTS.cloud_price)
  local chip = type(opts.chip) == "table" and opts.chip or lookup_chip(fname, opts.chip)
  local pricing = opts.pricing or "on-demand"
  if not PRICINGS[pricing] then
    error(string.format("%s: unknown pricing '%s' (known: %s)", fname, tostring(pricing),
      known_list(PRICINGS)), 0)
  end
  local best
  local function consider(row)
    if best == nil or row.date > best.date then best = row end
  end
  if opts.prices then
    local col = ({ ["on-demand"] = "on_demand", ["1-year"] = "one_year",
                   ["3-year"] = "three_year" })[pricing]
    for _, r in ipairs(opts.prices) do
      local ok = col and r[col] and canonical(r.chip) == chip.name
      if ok and (not opts.provider or (r.vendor or ""):lower() == opts.provider:lower()) then
        consider({ date = r.date, value = r[col], provider = r.vendor, source = r.source,
                   confidence = "estimated", file = opts.prices.path })
      end
    end
  else
    local rows, path = resource_rows("data/cost/cloud_prices.csv")
    for _, r in ipairs(rows) do
      local same = canonical(r.chip) == chip.name
      if same and r.pricing == pricing and
         (not opts.provider or r.provider:lower() == opts.provider:lower()) then
        consider({ date = r.date, value = num(r.usd_per_chip_hour), provider = r.provider,
                   source = r.source, confidence = r.confidence, file = path })
      end
    end
  end
  if not best then
    return nil, string.format("no %s price for %s%s", pricing, chip.name,
      opts.provider and (" from " .. opts.provider) or "")
  end
  return best.value, best
end

-- ---- estimate ------------------------------------------------------------------------------

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

local function check_positive(fname, key, v, allow_zero)
  if v == nil then return end
  if type(v) ~= "number" or v ~= v or v == math.huge or v < 0 or (v == 0 and not allow_zero) then
    error(string.format("%s: %s must be a positive number, got %s", fname, key, tostring(v)), 0)
  end
end

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

-- Peak FLOP/s of a chip at a precision ("auto" as burden.hw.peak), and the precision used.
local function chip_peak(ctx, chip, precision)
  local ok, peak, used = pcall(hw.peak, chip, precision)
  if not ok then
    local msg = tostring(peak):gsub("^[^\n]-:%d+: ", ""):gsub("^burden%.hw%.peak: ", "")
    error(ctx.fname .. ": " .. msg, 0)
  end
  return peak, used
end

local function source_of_chip(chip, what)
  return chip.source .. " (" .. hw.source() .. ": " .. chip.name .. ", " .. what .. ")"
end

-- Fills params for the run's size: flop, or chips x hours, or chip-hours.
local function run_size(ctx, params, chip, default_peak, default_chips)
  local o, fname = ctx.opts, ctx.fname
  check_positive(fname, "flop", o.flop)
  check_positive(fname, "chips", o.chips)
  check_positive(fname, "hours", o.hours)
  check_positive(fname, "days", o.days)
  check_positive(fname, "chip_hours", o.chip_hours)
  check_positive(fname, "devices", o.devices)
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
      local _, rule = hw.training_precision(chip)
      ctx.note(string.format("precision %s: the default for %s (%s; pass precision = to " ..
        "choose another)", prec, chip.name, rule))
    end
    params.peak_flop_per_s = o.peak_flop_per_s or peak
    ctx.use("peak_flop_per_s", { name = "peak_flop_per_s", value = params.peak_flop_per_s,
      unit = "FLOP/s", source = source_of_chip(chip, prec), confidence = chip.confidence })
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
    local c, extrapolated = grid_for(ctx.fname, o.region, o.year, o.extrapolate)
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
  local value, row = impl.cloud_price{ chip = chip, pricing = o.pricing or pricing,
                                       provider = o.provider, prices = o.prices }
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
      source = source_of_chip(chip, "TDP"), confidence = "reported" })
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
      unit = "USD per chip", source = source_of_chip(chip, "launch price"),
      confidence = chip.confidence })
  end
  local tpu_price = ({ ["Google TPU v2"] = "tpu_equivalent_price_v2",
                       ["Google TPU v3"] = "tpu_equivalent_price_v3",
                       ["Google TPU v4"] = "tpu_equivalent_price_v4" })[name]
  if not price and tpu_price then price = ctx.const(tpu_price, "hardware_usd") end
  if not price and chip and o.prices then
    local best
    for _, r in ipairs(o.prices) do
      if r.purchase_usd and canonical(r.chip) == name and (not best or r.date > best.date) then
        best = r
      end
    end
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
  local od, row = impl.cloud_price{ chip = chip, pricing = "on-demand", provider = o.provider,
                                    prices = o.prices }
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
    local c, extrapolated = electricity_for(ctx.fname, o.electricity_region or "United States",
      o.sector or "industrial", o.year, o.extrapolate)
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

-- ---- equivalents ---------------------------------------------------------------------------

local EQUIVALENTS = {
  { key = "nyc_months", name = "new_york_city_co2_1_month" },
  { key = "american_years", name = "american_life_avg_1_year" },
  { key = "human_years", name = "human_life_avg_1_year" },
  { key = "car_lifetimes", name = "car_avg_incl_fuel_1_lifetime" },
  { key = "flights", name = "air_travel_ny_sf_roundtrip_1_passenger" },
}

--- Everyday equivalents of an amount of CO2 in lbs (or of an estimate's co2_lbs).
-- `overrides` replaces constants of equivalents.csv by name (source "caller").
function impl.equivalents(lbs, overrides)
  if type(lbs) == "table" then lbs = lbs.co2_lbs end
  if type(lbs) ~= "number" or lbs ~= lbs or lbs < 0 then
    error("bad argument #1 to 'equivalents' (non-negative number of lbs CO2 expected)", 0)
  end
  overrides = overrides or {}
  if type(overrides) ~= "table" then
    error("bad argument #2 to 'equivalents' (table of constants expected)", 0)
  end
  local rows, path = resource_rows("data/cost/equivalents.csv")
  local by = {}
  for _, r in ipairs(rows) do by[r.name] = r end
  for _, k in ipairs(sorted_keys(overrides)) do
    if not by[k] then
      error(string.format("cost.equivalents: unknown constant '%s' (known: %s)", tostring(k),
        known_list(by)), 0)
    end
    check_positive("cost.equivalents", k, overrides[k])
  end
  local out = { lbs = lbs, kg = lbs * KG_PER_LB, constants = {} }
  for _, e in ipairs(EQUIVALENTS) do
    local r = by[e.name]
    local c = { name = e.name, value = num(r.value), unit = r.unit, source = r.source,
                confidence = r.confidence, file = path, as = e.key }
    if overrides[e.name] then
      c.value, c.source, c.confidence, c.file = overrides[e.name], "caller", "caller", nil
    end
    out[e.key] = lbs / c.value
    out.constants[#out.constants + 1] = c
  end
  return out
end

-- ---- importers -----------------------------------------------------------------------------

--- Reads Epoch AI's hardware_prices.csv: rows {chip, date, vendor, location, on_demand,
-- one_year, three_year, purchase_usd, gpus, source, line}, or nil and a message.
function impl.read_hardware_prices(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'read_hardware_prices' (path expected)", 0)
  end
  local frame, msg = data.try_read_csv(path)
  if not frame then return nil, msg end
  for _, col in ipairs({ "Hardware model", "Price date", "Price per chip-hour (on-demand)" }) do
    if not frame:has(col) then
      error(string.format("%s:1: missing column '%s'", path, col), 0)
    end
  end
  local rows = frame_rows(frame)
  local out = { path = path }
  for _, r in ipairs(rows) do
    out[#out + 1] = {
      chip = r["Hardware model"], date = r["Price date"], vendor = r["Vendor"],
      location = r["Location"],
      on_demand = num(r["Price per chip-hour (on-demand)"]),
      one_year = num(r["Price per chip-hour (1-year CUD)"]),
      three_year = num(r["Price per chip-hour (3-year CUD)"]),
      purchase_usd = num(r["Price (hardware purchase)"]),
      gpus = num(r["Number of GPUs"]), source = r["Price source"],
    }
  end
  return out
end

-- ---- trends ----------------------------------------------------------------------------------

local EPOCH_PRECISION = {
  fp64 = "FP64 (double precision) performance (FLOP/s)",
  fp32 = "FP32 (single precision) performance (FLOP/s)",
  fp16 = "FP16 (half precision) performance (FLOP/s)",
  tf32 = "TF32 (TensorFloat-32) performance (FLOP/s)",
  tensor_fp16 = "Tensor-FP16/BF16 performance (FLOP/s)",
  bf16 = "Tensor-FP16/BF16 performance (FLOP/s)",
  fp8 = "FP8 performance (FLOP/s)",
}

local function trend_points(fname, opts, metric, precision)
  local points = {}
  if opts.chips then
    if not EPOCH_PRECISION[precision] then
      error(string.format("%s: precision '%s' is not in Epoch's chip file (known: %s)", fname,
        precision, known_list(EPOCH_PRECISION)), 0)
    end
    local rows, msg = file_rows(opts.chips)
    if not rows then return nil, msg end
    for _, r in ipairs(rows) do
      if opts.type and r["Type"] ~= opts.type then goto continue end
      local rate = num(r[EPOCH_PRECISION[precision]])
      local denom
      if metric == "flop_per_usd" then denom = money(r["Release price (USD)"])
      else denom = num(r["TDP (W)"]) end
      local year = decimal_year(r["Release date"])
      if rate and rate > 0 and denom and denom > 0 and year then
        points[#points + 1] = { name = (r["Hardware name"]:gsub("%s+$", "")), year = year,
                                value = rate / denom }
      end
      ::continue::
    end
    return points, opts.chips
  end
  for _, r in ipairs(hw.records()) do
    local rate = r[precision]
    local denom
    if metric == "flop_per_usd" then denom = r.launch_price_usd else denom = r.tdp_w end
    local year = decimal_year(r.release_date)
    if rate and rate > 0 and denom and denom > 0 and year and
       (opts.type == nil or r.type == opts.type) then
      points[#points + 1] = { name = r.name, year = year, value = rate / denom }
    end
  end
  local path = hw.source()
  return points, path
end

--- Price-performance trend: log10(FLOP/s per USD or per W) on release year.
-- impl.trend{ metric = "flop_per_usd" | "flop_per_watt", precision = "fp32", chips = PATH
-- (Epoch's chips.csv; default data/hardware.csv), type = "GPU", from =, to =, level = 0.95 }
function impl.trend(opts)
  local fname = "cost.trend"
  opts = opts or {}
  if type(opts) ~= "table" then
    error("bad argument #1 to 'trend' (table expected, got " .. type(opts) .. ")", 0)
  end
  check_options(fname, opts, OPTS.trend)
  local metric = opts.metric or "flop_per_usd"
  if metric ~= "flop_per_usd" and metric ~= "flop_per_watt" then
    error(string.format("%s: unknown metric '%s' (known: flop_per_usd, flop_per_watt)", fname,
      tostring(metric)), 0)
  end
  local precision = opts.precision or "fp32"
  if not PRECISIONS[precision] then
    error(string.format("%s: unknown precision '%s' (known: %s)", fname, tostring(precision),
      known_list(PRECISIONS)), 0)
  end
  local points, source = trend_points(fname, opts, metric, precision)
  if not points then return nil, source end
  local x, y, kept = {}, {}, {}
  table.sort(points, function(a, b)
    if a.year ~= b.year then return a.year < b.year end
    return a.name < b.name
  end)
  for _, p in ipairs(points) do
    if (not opts.from or p.year >= opts.from) and (not opts.to or p.year < opts.to + 1) then
      x[#x + 1] = p.year
      y[#y + 1] = math.log(p.value, 10)
      kept[#kept + 1] = p
    end
  end
  if #x < 3 then
    error(string.format("%s: only %d chips with %s and a release date", fname, #x, metric), 0)
  end
  local level = opts.level or 0.95
  local fit = require("burden.fit").ols{ x = x, y = y }
  local ci = fit:confint(level)
  local b0, b1 = fit.coef[1], fit.coef[2]
  return {
    metric = metric, precision = precision, source = source, n = fit.n,
    slope = b1, slope_lo = ci.lwr[2], slope_hi = ci.upr[2], se_slope = fit.se[2],
    intercept = b0, r2 = fit.r2, sigma = fit.sigma, level = level, fit = fit,
    doubling_years = core.doubling_years(b1),
    -- the faster end of the slope gives the shorter doubling time
    doubling_lo = core.doubling_years(ci.upr[2]),
    doubling_hi = core.doubling_years(ci.lwr[2]),
    points = kept,
    predict = function(year) return 10 ^ (b0 + b1 * year) end,
  }
end

-- ---- projections ------------------------------------------------------------------------------

local algorithmic_cache

local function algorithmic_rows()
  if algorithmic_cache then return algorithmic_cache end
  local rows, path = resource_rows("data/cost/algorithmic_progress.csv")
  local by = {}
  for _, r in ipairs(rows) do
    by[r.domain] = { domain = r.domain, years = num(r.halving_months) / 12,
                     lo = num(r.ci_low_months) / 12, hi = num(r.ci_high_months) / 12,
                     level = num(r.ci_level),
                     source = r.source, confidence = r.confidence, file = path }
  end
  algorithmic_cache = by
  return by
end

-- The interval of the affordability year by Monte Carlo over the two rates: the hardware
-- slope normal, with the fit's interval as its central `hw_level` interval; the algorithmic
-- halving time lognormal, with the published interval as its central `al_level` interval.
local function affordable_interval(usd_now, budget, year0, level, opts, r)
  local draws = opts.draws or 20000
  local seed = opts.seed or runtime.seed()
  if math.type(draws) ~= "integer" or draws < 2 then
    error("cost.when_affordable: draws must be an integer >= 2", 0)
  end
  local z_hw = core.normal_quantile(1 - (1 - r.hw_level) / 2)
  local hw = core.sample({ dist = "normal", a = r.hw_rate, b = r.hw_half / z_hw }, draws, seed)
  local al
  if r.al_hi > r.al_lo then
    -- rates log10(2)/halving: the halving-time interval maps to [al_lo, al_hi] reversed, and
    -- the lognormal spec takes the central 90% interval
    local mu = (math.log(r.al_lo) + math.log(r.al_hi)) / 2
    local sigma = (math.log(r.al_hi) - math.log(r.al_lo)) /
      (2 * core.normal_quantile(1 - (1 - (r.al_level or 0.95)) / 2))
    local z90 = core.normal_quantile(0.95)
    al = core.sample({ dist = "lognormal", a = math.exp(mu - z90 * sigma),
                       b = math.exp(mu + z90 * sigma) }, draws, seed + 1)
  end
  local years = {}
  for i = 1, draws do
    local rate = hw[i] + (al and al[i] or r.al_lo)
    years[i] = core.year_affordable(usd_now, budget, year0, rate)
  end
  table.sort(years)
  local function q(p) -- type 7
    local h = (draws - 1) * p
    local k = math.floor(h)
    local a, b = years[k + 1], years[math.min(k + 2, draws)]
    if h == k or a == b then return a end -- also keeps 0 x inf (never) out
    return a + (h - k) * (b - a)
  end
  return q((1 - level) / 2), q(1 - (1 - level) / 2)
end

-- The year a compute requirement fits a budget. See README.
function impl.when_affordable(opts)
  local fname = "cost.when_affordable"
  if type(opts) ~= "table" then
    error("bad argument #1 to 'when_affordable' (table expected, got " .. type(opts) .. ")", 0)
  end
  check_options(fname, opts, OPTS.when_affordable)
  check_positive(fname, "flop", opts.flop)
  check_positive(fname, "budget", opts.budget)
  if not opts.flop or not opts.budget then
    error(fname .. ": flop and budget are required", 0)
  end
  local constants = {}
  -- today's cost of the compute
  local usd_now, year0 = opts.usd_now, opts.year0
  local preset = opts.preset or "thompson-site"
  if not usd_now then
    local est = impl.estimate{ flop = opts.flop, preset = preset, chip = opts.chip,
                               utilization = opts.utilization, pricing = opts.pricing }
    usd_now = est.usd
    if not usd_now then
      error(string.format("%s: preset %s gives no dollar figure for this run", fname, preset), 0)
    end
    for _, c in ipairs(est.constants) do constants[#constants + 1] = c end
  end
  if not year0 then
    if preset == "thompson-site" and not opts.usd_now then
      year0 = decimal_year("2020-07-10") -- the site's V100 price (cloud_prices.csv)
      constants[#constants + 1] = { name = "year0", value = year0, unit = "year",
        source = "data/cost/cloud_prices.csv: thompson-site V100 price dated 2020-07-10",
        confidence = "reported" }
    else
      error(fname .. ": year0 (the year of the price) is required with usd_now or this preset", 0)
    end
  end
  -- hardware: orders of magnitude per year of FLOP per dollar
  local hw = opts.hardware_trend
  local hw_rate, hw_lo, hw_hi, trend
  if hw == nil or type(hw) == "table" then
    trend = hw or impl.trend{ metric = "flop_per_usd", type = "GPU" }
    hw_rate, hw_lo, hw_hi = trend.slope, trend.slope_lo, trend.slope_hi
    constants[#constants + 1] = { name = "hardware_oom_per_year", value = hw_rate,
      unit = "log10(FLOP/s per USD)/year", source = "fit: " .. tostring(trend.source) ..
      string.format(" (%s, %s, %d chips)", trend.metric, trend.precision, trend.n),
      confidence = "derived" }
  elseif type(hw) == "number" then
    check_positive(fname, "hardware_trend", hw)
    hw_rate = LOG10_2 / hw
    hw_lo, hw_hi = hw_rate, hw_rate
    constants[#constants + 1] = { name = "hardware_doubling_years", value = hw, unit = "years",
      source = "caller", confidence = "caller" }
  else
    error(fname .. ": hardware_trend must be a doubling time in years or a cost.trend result", 0)
  end
  -- algorithms: compute for fixed performance halves every `years`
  local a = opts.algorithmic_halving
  local al_rate, al_lo, al_hi, al_level = 0, 0, 0, nil
  if a ~= nil then
    local years, lo, hi
    if type(a) == "string" then
      local row = algorithmic_rows()[a]
      if not row then
        error(string.format("%s: unknown algorithmic_halving '%s' (known: %s)", fname, a,
          known_list(algorithmic_rows())), 0)
      end
      years, lo, hi, al_level = row.years, row.lo, row.hi, row.level
      constants[#constants + 1] = { name = "algorithmic_halving_years", value = years,
        unit = "years", source = row.source, confidence = row.confidence }
    elseif type(a) == "number" then
      check_positive(fname, "algorithmic_halving", a)
      years, lo, hi = a, a, a
      constants[#constants + 1] = { name = "algorithmic_halving_years", value = a,
        unit = "years", source = "caller", confidence = "caller" }
    else
      error(fname .. ": algorithmic_halving must be years or 'vision' / 'language'", 0)
    end
    al_rate, al_lo, al_hi = LOG10_2 / years, LOG10_2 / hi, LOG10_2 / lo
  end
  local rate = hw_rate + al_rate
  local year = core.year_affordable(usd_now, opts.budget, year0, rate)
  local level = opts.level or 0.95
  if type(level) ~= "number" or not (level > 0 and level < 1) then
    error(fname .. ": level must be in (0, 1)", 0)
  end
  local early, late
  local method = opts.interval or "montecarlo"
  if method == "bounds" then
    -- the slow and fast ends of both rates' intervals at once (conservative)
    late = core.year_affordable(usd_now, opts.budget, year0, hw_lo + al_lo)
    early = core.year_affordable(usd_now, opts.budget, year0, hw_hi + al_hi)
  elseif method == "montecarlo" then
    early, late = affordable_interval(usd_now, opts.budget, year0, level, opts, {
      hw_rate = hw_rate, hw_half = (hw_hi - hw_lo) / 2, hw_level = trend and trend.level or 0.95,
      al_lo = al_lo, al_hi = al_hi, al_level = al_level })
  else
    error(string.format("%s: unknown interval '%s' (known: bounds, montecarlo)", fname,
      tostring(method)), 0)
  end
  return {
    level = level, interval_method = method,
    year = year, year_lo = early, year_hi = late, interval = { early, late },
    usd_now = usd_now, year0 = year0, budget = opts.budget, flop = opts.flop,
    oom_per_year = rate, hardware_oom_per_year = hw_rate, algorithmic_oom_per_year = al_rate,
    doubling_years = core.doubling_years(rate), trend = trend, constants = constants,
  }
end

-- ---- decomposition ----------------------------------------------------------------------------

local function run_of(fname, which, r, precision)
  if type(r) ~= "table" then
    error(string.format("%s: %s must be a table {chip =, count =, days = | hours =}", fname,
      which), 0)
  end
  local chip = lookup_chip(fname, r.chip)
  local peak, used = r.peak_flop_per_s, r.precision
  if not peak then
    local ok, v, p = pcall(hw.peak, chip, precision)
    if not ok then
      error(string.format("%s: %s: %s", fname, which,
        tostring(v):gsub("^[^\n]-:%d+: ", ""):gsub("^burden%.hw%.peak: ", "")), 0)
    end
    peak, used = v, p
  end
  local hours = r.hours or (r.days and r.days * 24)
  if type(r.count) ~= "number" or type(hours) ~= "number" then
    error(string.format("%s: %s needs count and days (or hours)", fname, which), 0)
  end
  -- the hardware burden, computed in one place (engine/core/flops.c)
  local ok, flop = pcall(require("burden.core.flops").hardware, r.count, hours, 3600, peak)
  if not ok then error(string.format("%s: %s: %s", fname, which, tostring(flop)), 0) end
  return { chip = chip.name, peak_flop_per_s = peak, precision = used, count = r.count,
           hours = hours, flop = flop,
           source = source_of_chip(chip, used or "caller's peak") }
end

--- Compute growth between two runs as per-chip speed x chip count x time (hardware burden).
-- impl.decompose{ from = {chip =, count =, days =}, to = {...}, precision = "auto" }, or
-- impl.decompose("alexnet-nasnet") for the paper's example (data/cost/training_runs.csv).
function impl.decompose(opts)
  local fname = "cost.decompose"
  if type(opts) == "string" then
    local rows, path = resource_rows("data/cost/training_runs.csv")
    local by = {}
    for _, r in ipairs(rows) do by[r.run] = r end
    local pairs_known = { ["alexnet-nasnet"] = { "AlexNet", "NASNet-A" } }
    local pair = pairs_known[opts]
    if not pair then
      error(string.format("%s: unknown example '%s' (known: %s)", fname, opts,
        known_list(pairs_known)), 0)
    end
    local function run(name)
      local r = by[name]
      return { chip = r.chip, count = num(r.chips), days = num(r.days), source = r.source,
               file = path }
    end
    -- the paper compares the chips' FP32 peaks (Thompson et al., Sec. 4)
    local res = impl.decompose{ from = run(pair[1]), to = run(pair[2]), precision = "fp32" }
    res.from.name, res.to.name = pair[1], pair[2]
    res.from.run_source, res.to.run_source = by[pair[1]].source, by[pair[2]].source
    return res
  end
  if type(opts) ~= "table" then
    error("bad argument #1 to 'decompose' (table or example name expected)", 0)
  end
  check_options(fname, opts, OPTS.decompose)
  local precision = opts.precision or "auto"
  local a = run_of(fname, "from", opts.from, precision)
  local b = run_of(fname, "to", opts.to, precision)
  local speed, count, time, total = core.decompose(a.peak_flop_per_s, a.count, a.hours,
    b.peak_flop_per_s, b.count, b.hours)
  local lt = math.log(total)
  return { from = a, to = b, speed = speed, chips = count, time = time, total = total,
           precision = precision,
           share = { speed = math.log(speed) / lt, chips = math.log(count) / lt,
                     time = math.log(time) / lt } }
end

for _, name in ipairs({ "presets", "constants", "priors", "prior", "cloud_price", "estimate",
                        "equivalents",
                        "read_hardware_prices", "trend", "when_affordable", "decompose" }) do
  local f = impl[name]
  cost[name] = function(...)
    local res = table.pack(pcall(f, ...))
    if not res[1] then error(res[2], 2) end
    return table.unpack(res, 2, res.n)
  end
end

return cost
