--- burden.cost.equivalents: an amount of CO2 as everyday equivalents (months of New
-- York City, years of a human or an American life, car lifetimes, flights), with the
-- constants of data/cost/equivalents.csv and their sources.
local core = require "burden.core.cost"
local tables = require "burden.cost.tables"

local named_rows = tables.named_rows
local check_positive = require("burden.cost.methods").check_positive
local sorted_keys, known_list = tables.sorted_keys, tables.known_list

local impl = {}

local KG_PER_LB = core.KG_PER_LB

local EQUIVALENTS = {
  { key = "nyc_months", name = "new_york_city_co2_1_month" },
  { key = "american_years", name = "american_life_avg_1_year" },
  { key = "human_years", name = "human_life_avg_1_year" },
  { key = "car_lifetimes", name = "car_avg_incl_fuel_1_lifetime" },
  { key = "flights", name = "air_travel_ny_sf_roundtrip_1_passenger" },
}

-- The rows of equivalents.csv by name, and each equivalent's constant (value a number):
-- resolved on the first call, so later calls look nothing up in burden.cost.tables.
local resolved
local function equivalents_table()
  if resolved then return resolved end
  local by, path = named_rows("data/cost/equivalents.csv", "name", { "value" })
  local base = {}
  for i, e in ipairs(EQUIVALENTS) do
    local r = by[e.name]
    base[i] = { name = e.name, value = r.value, unit = r.unit, source = r.source,
                confidence = r.confidence, file = path, as = e.key }
  end
  resolved = { by = by, base = base }
  return resolved
end

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
  local t = equivalents_table()
  if next(overrides) ~= nil then
    for _, k in ipairs(sorted_keys(overrides)) do
      if not t.by[k] then
        error(string.format("cost.equivalents: unknown constant '%s' (known: %s)", tostring(k),
          known_list(t.by)), 0)
      end
      check_positive("cost.equivalents", k, overrides[k])
    end
  end
  local out = { lbs = lbs, kg = lbs * KG_PER_LB, constants = {} }
  for i, e in ipairs(EQUIVALENTS) do
    local c = {}
    for k, v in pairs(t.base[i]) do c[k] = v end
    if overrides[e.name] then
      c.value, c.source, c.confidence, c.file = overrides[e.name], "caller", "caller", nil
    end
    out[e.key] = lbs / c.value
    out.constants[#out.constants + 1] = c
  end
  return out
end

return impl
