--- burden.import.fields: what burden.import's readers share: reading a file quietly,
-- finding a column among its spellings, numeric, text and date columns, the line on
-- which each CSV record starts, and the public list and year_fraction.
local data = require "burden.data"
local units = require "burden.units"
local vector = require "burden.core.vector"

local import = {}

--- The items of a comma-joined multi-value field ("Language,Vision" -> {"Language", "Vision"}).
function import.list(value)
  local out = {}
  if value == nil then return out end
  for item in tostring(value):gmatch("[^,]+") do
    item = item:gsub("^%s+", ""):gsub("%s+$", "")
    if item ~= "" then out[#out + 1] = item end
  end
  return out
end

local DAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

--- The date "YYYY-MM-DD" (or "YYYY-MM", "YYYY"; a time after the day is ignored) as a
-- fractional year: 2020-05-28 -> 2020.404... nil for a missing value (not a string).
-- Raises "import.year_fraction: '2020-02-30' is not a date (...)" for any other text,
-- including impossible days and years that are not four digits.
function import.year_fraction(date)
  if type(date) ~= "string" then return nil end
  local y, m, d, rest = date:match("^(%d%d%d%d)%-(%d%d?)%-(%d%d?)(.*)$")
  if y and rest ~= "" and not rest:match("^[T ]%d%d:%d%d") then y = nil end
  if not y then
    d = "1"
    y, m = date:match("^(%d%d%d%d)%-(%d%d?)$")
    if not y then
      m = "1"
      y = date:match("^(%d%d%d%d)$")
    end
  end
  if not y then
    error(string.format("import.year_fraction: '%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
      date), 2)
  end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  if m < 1 or m > 12 then
    error(string.format("import.year_fraction: '%s' is not a date (month %d)", date, m), 2)
  end
  local days = DAYS[m] + ((leap and m == 2) and 1 or 0)
  if d < 1 or d > days then
    error(string.format("import.year_fraction: '%s' is not a date (month %d of %d has %d days)",
      date, m, y, days), 2)
  end
  local before = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 }
  local doy = before[m] + d + ((leap and m > 2) and 1 or 0)
  return y + (doy - 1) / (leap and 366 or 365)
end

local function read(fname, path)
  if type(path) ~= "string" then
    error(string.format("bad argument #1 to '%s' (path expected, got %s)", fname, type(path)), 3)
  end
  -- text cells of numeric columns are parsed below (numbers): no warning for them here
  return require("burden.options").without_warnings(data.try_read_csv, path)
end

-- Finds each wanted column among its alternative spellings; raises for a required one.
local function locate(fname, path, f, spec)
  local found = {}
  for _, item in ipairs(spec) do
    local out, alternatives, required = item[1], item[2], item[3]
    for _, name in ipairs(alternatives) do
      if f:has(name) then
        found[out] = name
        break
      end
    end
    if required and not found[out] then
      error(string.format("import.%s: %s: missing column '%s' (closest: %s)", fname, path,
        alternatives[1], data.closest(f:names(), alternatives[1])), 3)
    end
  end
  return found
end

-- A numeric column: the vector itself when it already is one, else each text parsed
-- ("$1,234" -> 1234, "1.2e18" -> 1.2e18); text that is not a number becomes missing.
local function numbers(f, name)
  local n = f:nrow()
  if name == nil then
    local v = vector.new(n)
    for i = 1, n do v[i] = nil end
    return v
  end
  local t = f:type(name)
  if t == "number" or t == "integer" then return f:col(name) end
  local c, v = f:col(name), vector.new(n)
  for i = 1, n do
    local x = c[i]
    if type(x) == "string" then
      x = tonumber(x) or units.try_parse(x)
    elseif type(x) ~= "number" then
      x = nil
    end
    v[i] = x
  end
  return v
end

-- A string column (numbers turned into text); all missing when the column is absent.
local function strings(f, name)
  local n = f:nrow()
  if name and f:type(name) == "string" then return f:col(name) end
  local out = {}
  if name then
    local c = f:col(name)
    for i = 1, n do
      local x = c[i]
      if x ~= nil then out[i] = tostring(x) end
    end
  end
  return require("burden.core.column").strings(out, n)
end

-- year_fraction as defined above, before options.wrap_all (burden.import) re-raises its
-- errors at the caller's line: the importers add the file, row and column themselves.
local raw_year_fraction = import.year_fraction

-- Fractional years of a date column; a bad date raises naming the file, row and column.
local function years(fname, path, f, name)
  local v = vector.new(f:nrow())
  local c = f:col(name)
  for i = 1, f:nrow() do
    local ok, y = pcall(raw_year_fraction, c[i])
    if not ok then
      error(string.format("import.%s: %s: row %d, column '%s': %s", fname, path, i, name,
        (tostring(y):gsub("^import%.year_fraction: ", ""))), 3)
    end
    v[i] = y
  end
  return v
end

-- The physical line on which each non-blank CSV record starts (quote-aware: a newline
-- inside quotes does not end a record), so cell errors can name their line.
local function record_lines(text)
  local lines, line, in_quote, start = {}, 1, false, true
  for i = 1, #text do
    local c = text:byte(i)
    if start then
      if c ~= 10 and not (c == 13 and text:byte(i + 1) == 10) then
        lines[#lines + 1] = line
        start = false
      end
    end
    if c == 34 then
      in_quote = not in_quote
    elseif c == 10 then
      line = line + 1
      if not in_quote then start = true end
    end
  end
  return lines
end

-- A decimal number ("2.4E+23", "-3", ".5"); nil for anything else, hex included.
local function decimal(s)
  local t = s:match("^%s*(.-)%s*$")
  if t:match("^[-+]?%d+%.?%d*[eE][-+]?%d+$") or t:match("^[-+]?%d+%.?%d*$")
      or t:match("^[-+]?%.%d+[eE][-+]?%d+$") or t:match("^[-+]?%.%d+$") then
    return tonumber(t)
  end
  return nil
end

-- Cells first..last of every column at once (one call per file, not one per cell): an
-- array per column, indexed from 1, of each cell as text (tostring) or, where numeric[j],
-- as a decimal number (see decimal; missing cells stay nil). Returns the arrays, or nil,
-- j, i, text for the first cell, column by column, that is not a decimal number.
local function parse_cells(cols, numeric, first, last)
  local out = {}
  for j, c in ipairs(cols) do
    local vals, num = {}, numeric[j]
    for i = first, last do
      local v = c[i]
      if v ~= nil then
        local s = tostring(v)
        if num then
          local x = decimal(s)
          if x == nil then return nil, j, i, s end
          vals[i - first + 1] = x
        else
          vals[i - first + 1] = s
        end
      end
    end
    out[j] = vals
  end
  return out
end

import.read = read
import.locate = locate
import.numbers = numbers
import.strings = strings
import.years = years
import.record_lines = record_lines
import.decimal = decimal
import.parse_cells = parse_cells

return import
