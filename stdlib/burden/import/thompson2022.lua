--- burden.import.thompson2022: the per-benchmark CSVs Thompson et al. released in 2022.
local data = require "burden.data"
local fields = require "burden.import.fields"

local record_lines, decimal, parse_cells = fields.record_lines, fields.decimal,
  fields.parse_cells

local import = {}

-- ---- Thompson et al. 2022 (MIT FutureTech, TheComputationalLimitsOfDeepLearning) -------

-- Columns that hold numbers: a non-empty cell that is not a decimal number is an error.
-- Every other column is text (names, links, chip models, "11 days" time phrases).
local THOMPSON_NUMERIC = {
  "^year$", "^parameters$", "^flops$", "^multiadds$", "^fp_bp_ratio$", "_epochs$",
  "_set_size$", "_time_total_sec$", "_tpu_core_days$", "_amount$", "_ptp_gflops$",
  "^network_operations$", "^hardware_burden$", "^log10", "^lo10net$", "^computing_power$",
  "^%(.+%)$",
}

-- The metric column that defines `error`, in order of preference: SQuAD 1.1 files hold
-- both EM and F1, and the authors regress EM; CoNLL 2003 files hold F1 only.
local THOMPSON_METRICS = { "(TOP 1 score)", "(EM score)", "(BOX AP)", "(BLEU)", "(F1 score)" }

local function thompson_numeric(name)
  for _, p in ipairs(THOMPSON_NUMERIC) do
    if name:find(p) then return true end
  end
  return false
end

--- One of the CSVs Thompson et al. released in 2022 (one per benchmark), read as it is:
-- row 1 holds the column names, rows 2-4 sub-headers (group names, units) that are not
-- data. Returns a frame with the file's columns in file order, numbers parsed (see
-- THOMPSON_NUMERIC), and `error` appended: (100 - metric) / 100 from the benchmark's metric
-- column (opts.metric to choose another), and a second value
-- { metric =, renamed = { {column =, from =, to =}, ... }, rows = n }.
-- An empty column name becomes `column_J` (J its 1-based position); a repeated name gets
-- `_2`, `_3`, ... in order (the first keeps it). Missing file: raises (try_thompson2022:
-- nil, message). Malformed input raises "import.thompson2022: PATH:LINE: ..." naming the
-- column.
function import.thompson2022(path, opts)
  if type(path) ~= "string" then
    error(string.format("bad argument #1 to 'thompson2022' (path expected, got %s)", type(path)), 2)
  end
  if opts ~= nil then
    if type(opts) ~= "table" then
      error(string.format("bad argument #2 to 'thompson2022' (table expected, got %s)",
        type(opts)), 2)
    end
    require("burden.options").check("import.thompson2022", opts, { "metric" }, 2)
  end
  opts = opts or {}
  local text, msg = require("burden.io").read(path)
  if not text then return nil, "import.thompson2022: cannot open " .. tostring(msg) end
  local function fail(fmt, ...)
    error("import.thompson2022: " .. string.format(fmt, ...), 0)
  end
  -- the sub-header rows are text in numeric columns, parsed below: no reader warnings
  local ok, raw = pcall(require("burden.options").without_warnings, data.read_csv_text, text,
    { header = false, na = { "" } }, path)
  if not ok then fail("%s", tostring(raw)) end
  -- the columns once; their length is the number of records
  local cols = raw:columns()
  local ncol = #cols
  local nrow = ncol > 0 and #cols[1] or 0
  if nrow < 4 then
    fail("%s: %d lines: expected the column names, three sub-header rows and data", path, nrow)
  end
  -- where record i starts, for a message (so counted only then); should the quote-aware
  -- count ever disagree with the reader, messages name the record instead of a line that
  -- might be wrong
  local function at(i)
    local lines = record_lines(text)
    return #lines == nrow and (path .. ":" .. lines[i]) or (path .. ": record " .. i)
  end

  -- column names: empty ones numbered, repeats suffixed
  local names, seen, renamed = {}, {}, {}
  for j = 1, ncol do
    local name = cols[j][1]
    name = name and tostring(name):match("^%s*(.-)%s*$") or ""
    local from = name
    if name == "" then name = "column_" .. j end
    if seen[name] then
      local k = 2
      while seen[name .. "_" .. k] do k = k + 1 end
      name = name .. "_" .. k
    end
    seen[name] = true
    names[j] = name
    if name ~= from then renamed[#renamed + 1] = { column = j, from = from, to = name } end
  end
  if seen.error then fail("%s:1: the file already has a column named 'error'", path) end

  -- rows 2-4 are sub-headers: a number in the year column means data sits there
  local year_j
  for j = 1, ncol do if names[j] == "year" then year_j = j end end
  if not year_j then
    fail("%s:1: missing column 'year' (closest: %s)", path, data.closest(names, "year"))
  end
  for i = 2, 4 do
    local v = cols[year_j][i]
    if v ~= nil and decimal(tostring(v)) then
      fail("%s: expected a sub-header row (rows 2-4 hold group names and units), " ..
        "found data (year = %s)", at(i), tostring(v))
    end
  end

  local metric = opts.metric
  if metric ~= nil then
    if not seen[metric] then
      fail("%s: no metric column '%s' (closest: %s)", path, tostring(metric),
        data.closest(names, tostring(metric)))
    end
  else
    for _, m in ipairs(THOMPSON_METRICS) do
      if seen[m] then metric = m break end
    end
    if not metric then
      fail("%s: no metric column (expected one of %s)", path,
        "'" .. table.concat(THOMPSON_METRICS, "', '") .. "'")
    end
  end

  local n = nrow - 4
  local numeric = {}
  for j = 1, ncol do numeric[j] = thompson_numeric(names[j]) or names[j] == metric end
  local values, bad_j, bad_i, bad_s = parse_cells(cols, numeric, 5, nrow)
  if not values then
    fail("%s: column '%s' (%d): cannot read '%s' as a number", at(bad_i), names[bad_j], bad_j,
      bad_s)
  end
  local spec, metric_values = {}, nil
  for j = 1, ncol do
    if names[j] == metric then metric_values = values[j] end
    spec[#spec + 1] = { names[j], values[j] }
  end

  local err = {}
  for i = 1, n do
    local score = metric_values[i]
    if score ~= nil then
      if score < 0 or score > 100 then
        fail("%s: column '%s': score %s is outside 0..100 (percent)", at(i + 4), metric,
          tostring(score))
      end
      err[i] = (100 - score) / 100
    end
  end
  spec[#spec + 1] = { "error", err }
  return data.frame(spec, { n = n }), { metric = metric, renamed = renamed, rows = n }
end

return import
