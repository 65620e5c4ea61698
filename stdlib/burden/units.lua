--- burden.units: quantities written by people, and unit conversion.
--
-- Kinds and base units: compute "FLOP" (operations), rate "FLOP/s", mac "MAC"
-- (multiply-accumulates, 2 FLOP each), time "s", energy "J", mass "kg" (of CO2),
-- money "USD", power "W", data "B", count "" (a plain number).
local core = require "burden.core.units"

local units = {}

local function check_text(fname, text)
  if type(text) == "number" then return tostring(text) end
  if type(text) ~= "string" then
    error(string.format("bad argument #1 to '%s' (string expected, got %s)", fname, type(text)), 3)
  end
  return text
end

--- Everything known about a quantity: { value, unit, kind, low, high, range, approximate }
-- (value, low and high in base units); or nil and a message.
function units.describe(text, to_unit)
  text = check_text("describe", text)
  local value, kind, base, low, high, is_range, approx = core.parse(text)
  if value == nil then return nil, "units.parse: " .. kind end
  local unit = base
  if to_unit ~= nil then
    if type(to_unit) ~= "string" then
      error("bad argument #2 to 'parse' (unit expected, got " .. type(to_unit) .. ")", 3)
    end
    local v, msg = core.convert(value, base, to_unit)
    if v == nil then return nil, string.format("units.parse: '%s': %s", text, msg) end
    low = core.convert(low, base, to_unit)
    high = core.convert(high, base, to_unit)
    value, unit = v, to_unit
  end
  return { value = value, unit = unit, kind = kind, low = low, high = high, range = is_range,
    approximate = approx }
end

--- The value (in base units, or in to_unit) and the unit; for a range, the midpoint, the
-- unit, then the low and high bounds. Unknown units and impossible conversions raise.
function units.parse(text, to_unit)
  local q, msg = units.describe(check_text("parse", text), to_unit)
  if not q then error(msg, 2) end
  if q.range then return q.value, q.unit, q.low, q.high end
  return q.value, q.unit
end

--- Like parse, but returns nil and the message instead of raising.
function units.try_parse(text, to_unit)
  if type(text) ~= "string" and type(text) ~= "number" then
    return nil, "units.parse: string expected, got " .. type(text)
  end
  local q, msg = units.describe(text, to_unit)
  if not q then return nil, msg end
  if q.range then return q.value, q.unit, q.low, q.high end
  return q.value, q.unit
end

--- value converted from one unit to another of the same kind (MAC <-> FLOP at 2 FLOP/MAC).
function units.convert(value, from, to)
  if type(value) ~= "number" then
    error("bad argument #1 to 'convert' (number expected, got " .. type(value) .. ")", 2)
  end
  if type(from) ~= "string" then error("bad argument #2 to 'convert' (unit expected)", 2) end
  if type(to) ~= "string" then error("bad argument #3 to 'convert' (unit expected)", 2) end
  local v, msg = core.convert(value, from, to)
  if v == nil then error("units.convert: " .. msg, 2) end
  return v
end

--- The kind of a unit ("compute", "time", ...) and its factor to the base unit; nil, msg
-- for an unknown unit.
function units.kind(unit)
  if type(unit) ~= "string" then error("bad argument #1 to 'kind' (unit expected)", 2) end
  local kind, factor = core.lookup(unit)
  if kind == nil then return nil, "units.kind: " .. factor end
  return kind, factor
end

return units
