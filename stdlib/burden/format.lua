--- burden.format: numbers as text for each kind of output.
-- Every report and figure formats numbers through here, so a value reads the same in
-- the terminal, Markdown, LaTeX, HTML and SVG, and never depends on Lua's default
-- float printing.
local M = {}

local text = require "burden.core.text"

--- The shortest decimal that reads back as the same double: whole numbers up to 2^53
-- as integers ("250", "-0"), others with the fewest significant digits in %g's layout
-- ("0.1", "6.5e-05", "1e+28"); "NaN", "Inf", "-Inf". A Lua integer is written exactly.
-- One formatter (engine/core/numfmt.c) serves CSV, JSON, reports, figures and messages.
M.shortest = text.number

--- One CSV field: s itself, or quoted (quotes doubled) when it holds sep (default ","),
-- a quote, CR or LF, or starts or ends with a space or tab (engine/core/csvwrite.c).
M.csv_field = text.csv_field

--- The end of every CSV line burden writes: CRLF, as RFC 4180 says.
M.csv_eol = text.csv_eol

local JSON_ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r",
  ["\t"] = "\\t" }

--- s as a JSON string: quotes, backslashes and control characters escaped (\n, \r, \t,
-- else \u00XX); other bytes as they are (UTF-8 text stays UTF-8).
function M.json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return JSON_ESCAPES[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

--- Many strings as JSON strings at once (see json_string): a new array with list[1..n]
-- converted; nil and false entries stay nil.
function M.json_strings(list, n)
  local out = {}
  for i = 1, n or #list do
    local s = list[i]
    if s then out[i] = M.json_string(s) end
  end
  return out
end

local function escape_for(target, s)
  if target == "md" then
    return (s:gsub("|", "\\|"))
  elseif target == "tex" then
    return (s:gsub("[\\&%%$#_{}~^]", function(c)
      if c == "\\" then return "\\textbackslash{}" end
      if c == "~" then return "\\textasciitilde{}" end
      if c == "^" then return "\\textasciicircum{}" end
      return "\\" .. c
    end))
  elseif target == "html" or target == "svg" then
    return (s:gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
      ['"'] = "&quot;" }))
  end
  return s
end
M.escape = escape_for

-- mantissa and exponent with `digits` significant digits: 1.45e11 -> "1.5", 11
local function split10(x, digits)
  local e = math.floor(math.log(math.abs(x), 10))
  local m = x / 10 ^ e
  local ms = string.format("%." .. (digits - 1) .. "f", m)
  if math.abs(tonumber(ms)) >= 10 then -- rounding carried into the next decade
    e = e + 1
    ms = string.format("%." .. (digits - 1) .. "f", x / 10 ^ e)
  end
  return ms, e
end

--- x as "m×10^e" in the target's markup; digits = significant digits (default 2).
-- A mantissa of exactly 1 is dropped: 1e19 reads "10^19".
function M.pow10(x, target, digits)
  digits = digits or 2
  if x == 0 then return "0" end
  if x ~= x or x == math.huge or x == -math.huge then return M.shortest(x) end
  local m, e = split10(x, digits)
  local one = tonumber(m) == 1 or tonumber(m) == -1
  local sign = tonumber(m) < 0 and "-" or ""
  local mant = one and sign or (m .. (target == "tex" and "\\times" or "×"))
  if target == "tex" then
    return string.format("$%s10^{%d}$", mant, e)
  elseif target == "html" or target == "md" then
    return string.format("%s10<sup>%d</sup>", mant, e)
  elseif target == "svg" then
    return string.format("%s10^%d", mant, e)
  end
  return string.format("%s10^%d", one and sign or (m .. "×"), e)
end

local function group_thousands(digits)
  local int, frac = digits:match("^(%-?%d+)(.*)$")
  int = int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^(%-?),", "%1")
  return int .. frac
end

--- An integer with thousands separators: 1234567 -> "1,234,567".
function M.int(x)
  return group_thousands(string.format("%.0f", x))
end

--- Dollars: "$12,345" below a million, "$1.4 million/billion/trillion", then powers of ten.
function M.money(x, target)
  local dollar = target == "tex" and "\\$" or "$"
  local ax = math.abs(x)
  local words = { { 1e12, "trillion" }, { 1e9, "billion" }, { 1e6, "million" } }
  if ax >= 1e15 then return dollar .. M.pow10(x, target, 2) end
  for _, w in ipairs(words) do
    if ax >= w[1] then return string.format("%s%.1f %s", dollar, x / w[1], w[2]) end
  end
  return dollar .. group_thousands(string.format("%.0f", x))
end

--- A fraction as a percentage: 0.053 -> "5.3%".
function M.percent(x, target, decimals)
  local s = string.format("%." .. (decimals or 1) .. "f", 100 * x)
  return s .. (target == "tex" and "\\%" or "%")
end

-- format.value with the error's level for its callers (3: the caller of the public
-- function that called this one).
local function format_value(v, spec, target, level)
  target = target or "text"
  if v == nil or (type(v) == "number" and v ~= v) then
    return target == "text" and "NA" or ""
  end
  if type(spec) == "function" then return escape_for(target, tostring(spec(v, target))) end
  if type(v) ~= "number" then return escape_for(target, tostring(v)) end
  if spec == nil then return M.shortest(v) end
  local name, arg = spec:match("^(%w+):(%d+)$")
  name, arg = name or spec, tonumber(arg)
  if name == "pow10" then return M.pow10(v, target, arg) end
  if name == "money" then return M.money(v, target) end
  if name == "percent" then return M.percent(v, target, arg) end
  if name == "int" then return M.int(v) end
  if spec:find("%%") then return escape_for(target, string.format(spec, v)) end
  error("format: unknown number format '" .. tostring(spec) .. "'", level)
end

--- Formats value v with spec for target ("text", "md", "tex", "html", "svg").
-- spec: nil (shortest for numbers), a printf pattern ("%.3g"), "pow10[:digits]",
-- "money", "percent[:decimals]", "int", or a function(v, target) -> string.
-- nil and NaN give "" in every target but "text", where they read "NA".
function M.value(v, spec, target)
  local s = format_value(v, spec, target, 3)
  return s
end

--- Many values with one spec at once (one call per column or axis, not one per value):
-- a new array with format.value(list[i], spec, target) for i = 1..n (default #list).
function M.values(list, spec, target, n)
  local out = {}
  for i = 1, n or #list do out[i] = format_value(list[i], spec, target, 3) end
  return out
end

-- Every cell of rows x columns formatted for target; errors at `level` (seen from
-- format_value: 4 is the caller of the public function that called this one).
local function cells_for(rows, columns, target, level)
  local out = {}
  for i, r in ipairs(rows) do
    local line = {}
    for j, c in ipairs(columns) do line[j] = format_value(r[c.key], c.format, target, level) end
    out[i] = line
  end
  return out
end

--- A whole table's cells at once (one call per table, not one per cell): out[i][j] is
-- format.value(rows[i][columns[j].key], columns[j].format, target), for the rows
-- rows[1..#rows] and the columns { key =, format = } in order. With texts, the table's
-- other texts (title, notes, ...) escaped as escape_all(target, texts, ntexts) gives them
-- are a second result.
function M.cells(rows, columns, target, texts, ntexts)
  local out = cells_for(rows, columns, target, 4)
  if texts then return out, M.escape_all(target, texts, ntexts) end
  return out
end

--- format.cells for several targets at once (one call per table, whatever formats it is
-- written in): jobs is an array of { target, texts, ntexts } (texts may be nil), and
-- out[k] is { cells, escaped texts } as format.cells(rows, columns, table.unpack(jobs[k]))
-- gives them.
function M.cells_each(rows, columns, jobs)
  local out = {}
  for k, job in ipairs(jobs) do
    out[k] = { cells_for(rows, columns, job[1], 4), job[2] and M.escape_all(job[1], job[2],
      job[3]) or nil }
  end
  return out
end

--- Many strings escaped for target at once (see format.escape): a new array with
-- list[1..n] escaped; nil and false entries stay nil.
function M.escape_all(target, list, n)
  local out = {}
  for i = 1, n or #list do
    local s = list[i]
    if s then out[i] = escape_for(target, s) end
  end
  return out
end

--- Fills a document's escaped texts in place: each table among parts[1..] (strings pass)
-- becomes the concatenation of its pieces, a number k among them standing for texts[k]
-- escaped for target. One call escapes every text of a figure or a page; returns parts.
function M.escape_into(target, parts, texts, n)
  local escaped = M.escape_all(target, texts, n)
  for k, p in ipairs(parts) do
    if type(p) == "table" then
      for i, piece in ipairs(p) do
        if type(piece) == "number" then p[i] = escaped[piece] end
      end
      parts[k] = table.concat(p)
    end
  end
  return parts
end
return M
