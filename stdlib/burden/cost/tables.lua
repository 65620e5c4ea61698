--- burden.cost.tables: the curated tables burden.cost reads (data/cost/*.csv and
-- data/hardware.csv through burden.hw), each read once and looked up with its source:
-- presets, utilisation priors, chips, grid intensity, electricity prices, PUE and cloud
-- prices; and the small helpers the other cost modules share (listed at the end).
local runtime = require "burden.core.runtime"
local options = require "burden.options"

-- Options of cloud_price (burden.options rejects any other key).
local OPTS = {
  cloud_price = { "chip", "pricing", "provider", "prices" },
}

-- Raises at the caller's line for an unknown key (burden.options.check); the other cost
-- modules call it there directly.
local check_options = options.check

local impl = {}

-- ---- reading the curated tables --------------------------------------------------------

local data = require "burden.data"
local hw = require "burden.hw"

-- The rows of a frame as Lua tables keyed by column name (missing values absent):
-- frame:rows() walks them in C, so reading a table makes no call into burden.data per
-- row or column.
local function frame_rows(frame)
  local rows = {}
  for i, r in frame:rows() do rows[i] = r end
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

local function num(s)
  if type(s) == "number" then return s end
  if s == nil or s == "" then return nil end
  return tonumber(s)
end

-- The rows of an embedded data file by the value of its column `key`, each a copy with
-- the columns `numbers` as numbers, and the path to cite: converted once (a file is
-- always asked for with the same key and numbers), so a caller makes one call, not one
-- per row or value.
local named_cache = {}
local function named_rows(resname, key, numbers)
  local hit = named_cache[resname]
  if hit then return hit.by, hit.path end
  local rows, path = resource_rows(resname)
  local by = {}
  for _, r in ipairs(rows) do
    local c = {}
    for k, v in pairs(r) do c[k] = v end
    for _, n in ipairs(numbers) do c[n] = num(r[n]) end
    by[r[key]] = c
  end
  named_cache[resname] = { by = by, path = path }
  return by, path
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

-- The latest cloud price per chip-hour of a chip record, unchecked: price, row (nil,
-- message when none). cloud_price checks its arguments first; burden.cost.methods calls
-- this directly with a resolved chip and a known pricing.
local function latest_cloud_price(chip, pricing, provider, prices)
  local best
  local function consider(row)
    if best == nil or row.date > best.date then best = row end
  end
  if prices then
    local col = ({ ["on-demand"] = "on_demand", ["1-year"] = "one_year",
                   ["3-year"] = "three_year" })[pricing]
    for _, r in ipairs(prices) do
      local ok = col and r[col] and canonical(r.chip) == chip.name
      if ok and (not provider or (r.vendor or ""):lower() == provider:lower()) then
        consider({ date = r.date, value = r[col], provider = r.vendor, source = r.source,
                   confidence = "estimated", file = prices.path })
      end
    end
  else
    local rows, path = resource_rows("data/cost/cloud_prices.csv")
    for _, r in ipairs(rows) do
      local same = canonical(r.chip) == chip.name
      if same and r.pricing == pricing and
         (not provider or r.provider:lower() == provider:lower()) then
        consider({ date = r.date, value = num(r.usd_per_chip_hour), provider = r.provider,
                   source = r.source, confidence = r.confidence, file = path })
      end
    end
  end
  if not best then
    return nil, string.format("no %s price for %s%s", pricing, chip.name,
      provider and (" from " .. provider) or "")
  end
  return best.value, best
end

-- The latest row of `prices` (rows from cost.read_hardware_prices) with a purchase price
-- for the chip named `name`, or nil.
local function latest_purchase(prices, name)
  local best
  for _, r in ipairs(prices) do
    if r.purchase_usd and canonical(r.chip) == name and (not best or r.date > best.date) then
      best = r
    end
  end
  return best
end

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
  return latest_cloud_price(chip, pricing, opts.provider, opts.prices)
end

local function source_of_chip(chip, what)
  return chip.source .. " (" .. hw.source() .. ": " .. chip.name .. ", " .. what .. ")"
end

-- Shared with the other cost modules (burden.cost exports only the functions above).
impl.frame_rows = frame_rows
impl.resource_rows = resource_rows
impl.named_rows = named_rows
impl.num = num
impl.sorted_keys = sorted_keys
impl.known_list = known_list
impl.decimal_year = decimal_year
impl.presets_table = presets
impl.copy_prior = copy_prior
impl.prior_of = prior_of
impl.PRECISIONS = PRECISIONS
impl.lookup_chip = lookup_chip
impl.canonical = canonical
impl.source_of_chip = source_of_chip
impl.grid_for = grid_for
impl.electricity_for = electricity_for
impl.pue_for = pue_for
impl.PRICINGS = PRICINGS
impl.latest_cloud_price = latest_cloud_price
impl.latest_purchase = latest_purchase

return impl
