--- burden.import: readers for data sets users download, into frames with normalised
-- column names and units. Each validates the header and names the missing column.
-- A file that cannot be opened raises (the try_ variants give nil and the message); a
-- file with the wrong header raises "import.NAME: PATH: missing column 'X' (closest: ...)".
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

-- year_fraction as defined above, before options.wrap_all (at the end) re-raises its
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

local EPOCH = {
  { "model", { "Model", "System" }, true },
  { "organization", { "Organization" } },
  { "date", { "Publication date", "Publication date (YYYY-MM-DD)" }, true },
  { "domain", { "Domain" } },
  { "task", { "Task" } },
  { "parameters", { "Parameters" } },
  { "training_compute", { "Training compute (FLOP)", "Training compute (FLOPs)" }, true },
  { "training_compute_low", { "Training compute lower bound" } },
  { "training_compute_high", { "Training compute upper bound" } },
  { "dataset_size", { "Training dataset size (datapoints)", "Training dataset size" } },
  { "epochs", { "Epochs" } },
  { "hardware", { "Training hardware" }, true },
  { "hardware_quantity", { "Hardware quantity" }, true },
  { "training_hours", { "Training time (hours)" }, true },
  { "chip_hours", { "Training chip-hours" } },
  { "utilization", { "Hardware utilization (MFU)", "Hardware utilization" } },
  { "cost_usd", { "Training compute cost (2023 USD)", "Training compute cost (2020 USD)",
    "Training cost (2023 USD)" } },
  { "power_draw_w", { "Training power draw (W)" } },
  { "confidence", { "Confidence" } },
  { "estimation_method", { "Training compute estimation method" } },
  { "accessibility", { "Model accessibility" } },
  { "country", { "Country (of organization)" } },
  { "notability", { "Notability criteria" } },
}

local EPOCH_NUMERIC = {
  parameters = true, training_compute = true, training_compute_low = true,
  training_compute_high = true, dataset_size = true, epochs = true, hardware_quantity = true,
  training_hours = true, chip_hours = true, utilization = true, cost_usd = true,
  power_draw_w = true,
}

local record_lines -- defined with import.thompson2022; used for warnings here too

-- Columns of Epoch's file that hold a fraction: a value outside [0, 1] (Epoch's MFU column
-- has one row reading 72, a percent) is read as missing with a warning (burden.options:
-- stderr) naming file:line:column and the value; the warnings are also returned. Not an error: one
-- cell of a third-party file should not stop work that does not use it, and guessing
-- "72 means 0.72" would be silent.
local EPOCH_FRACTIONS = { "utilization" }

local function check_fractions(fname, path, f, at, cols)
  local warnings, lines = {}, nil
  for _, item in ipairs(cols) do
    for _, out in ipairs(EPOCH_FRACTIONS) do
      if item[1] == out and at[out] then
        local v, copied = item[2], false
        local colno
        for j, name in ipairs(f:names()) do if name == at[out] then colno = j end end
        for i = 1, f:nrow() do
          local x = v[i]
          if x ~= nil and (x < 0 or x > 1) then
            if not lines then
              local text = require("burden.io").read(path)
              lines = text and record_lines(text) or {}
              -- header + records; should the count disagree, name the record instead
              if #lines ~= f:nrow() + 1 then lines = {} end
            end
            local where = lines[i + 1] and (path .. ":" .. lines[i + 1]) or
              string.format("%s: record %d", path, i)
            local msg = string.format("import.%s: %s: column %d '%s': %s is not a fraction " ..
              "in [0, 1] (a percent? divide by 100 if so); read as missing", fname, where,
              colno, at[out], string.format("%.10g", x))
            warnings[#warnings + 1] = msg
            require("burden.options").warn(msg)
            if not copied then -- the frame's own column may be a read-only view
              local c = vector.new(f:nrow())
              for k = 1, f:nrow() do c[k] = v[k] end
              v, item[2], copied = c, c, true
            end
            v[i] = nil
          end
        end
      end
    end
  end
  return warnings
end

--- Epoch AI's "Notable AI Models" CSV (first column `Model`, or `System` in older exports):
-- a frame with model, organization, date, year (fractional), domain, task, parameters,
-- training_compute (FLOP), training_compute_low/high, dataset_size, epochs, hardware,
-- hardware_quantity, training_hours, chip_hours, utilization, cost_usd (from "$..."),
-- power_draw_w, confidence, estimation_method, accessibility, country, notability.
-- Multi-value fields (domain, task, hardware, estimation_method, ...) stay comma-joined
-- strings: split them with import.list.
function import.epoch(path)
  local f, msg = read("epoch", path)
  if not f then return nil, "import.epoch: " .. msg end
  local at = locate("epoch", path, f, EPOCH)
  local cols = {}
  for _, item in ipairs(EPOCH) do
    local out = item[1]
    if out == "date" then
      cols[#cols + 1] = { "date", strings(f, at.date) }
      cols[#cols + 1] = { "year", years("epoch", path, f, at.date) }
    elseif EPOCH_NUMERIC[out] then
      cols[#cols + 1] = { out, numbers(f, at[out]) }
    else
      cols[#cols + 1] = { out, strings(f, at[out]) }
    end
  end
  local warnings = check_fractions("epoch", path, f, at, cols)
  return data.frame(cols), warnings
end

local CHIPS = {
  { "name", { "Hardware name" }, true },
  { "manufacturer", { "Manufacturer" } },
  { "type", { "Type" } },
  { "release_date", { "Release date" }, true },
  { "price_usd", { "Release price (USD)" } },
  { "fp64", { "FP64 (double precision) performance (FLOP/s)" } },
  { "fp32", { "FP32 (single precision) performance (FLOP/s)" }, true },
  { "fp16", { "FP16 (half precision) performance (FLOP/s)" } },
  { "tf32", { "TF32 (TensorFloat-32) performance (FLOP/s)" } },
  { "tensor_fp16", { "Tensor-FP16/BF16 performance (FLOP/s)" } },
  { "fp8", { "FP8 performance (FLOP/s)" } },
  { "fp4", { "FP4 performance (FLOP/s)" } },
  { "int8", { "INT8 performance (OP/s)" } },
  { "memory_bytes", { "Memory size per board (Byte)" } },
  { "memory_bandwidth", { "Memory bandwidth (byte/s)" } },
  { "tdp_w", { "TDP (W)" } },
  { "process_nm", { "Process size (nm)" } },
  { "foundry", { "Foundry" } },
}

local CHIPS_TEXT = { name = true, manufacturer = true, type = true, foundry = true }

--- Epoch AI's chip database: name, manufacturer, type, release_date, release_year, price_usd,
-- peak FLOP/s per precision (fp64, fp32, fp16, tf32, tensor_fp16 (FP16/BF16 tensor),
-- fp8, fp4; int8 in OP/s), memory_bytes, memory_bandwidth (byte/s), tdp_w, process_nm, foundry.
function import.epoch_chips(path)
  local f, msg = read("epoch_chips", path)
  if not f then return nil, "import.epoch_chips: " .. msg end
  local at = locate("epoch_chips", path, f, CHIPS)
  local cols = {}
  for _, item in ipairs(CHIPS) do
    local out = item[1]
    if out == "release_date" then
      cols[#cols + 1] = { "release_date", strings(f, at.release_date) }
      cols[#cols + 1] = { "release_year", years("epoch_chips", path, f, at.release_date) }
    elseif CHIPS_TEXT[out] then
      cols[#cols + 1] = { out, strings(f, at[out]) }
    else
      cols[#cols + 1] = { out, numbers(f, at[out]) }
    end
  end
  return data.frame(cols)
end

local TIMM_RESULTS = {
  { "model", { "model" }, true },
  { "img_size", { "img_size" }, true },
  { "top1", { "top1" }, true },
  { "top1_err", { "top1_err" }, true },
  { "top5", { "top5" }, true },
  { "top5_err", { "top5_err" }, true },
  { "param_count", { "param_count" }, true },
}

local TIMM_BENCH = {
  { "model", { "model" }, true },
  { "img_size", { "infer_img_size" }, true },
  { "gmacs", { "infer_gmacs" }, true },
  { "samples_per_sec", { "infer_samples_per_sec" } },
}

--- timm's ImageNet results joined with its inference benchmark on (architecture, image
-- size): the architecture is the results' `model` without its ".tag". One row per
-- checkpoint (a left join: gmacs is missing when the benchmark lacks the pair): model,
-- arch, tag, img_size, top1, top1_err, top5, top5_err (percent), param_count (millions),
-- params, gmacs (multiply-accumulates per image, billions), flops (FLOP per image =
-- 2e9 x gmacs), samples_per_sec.
function import.timm(results_path, benchmark_path)
  local r, msg = read("timm", results_path)
  if not r then return nil, "import.timm: " .. msg end
  local b, msg2 = read("timm", benchmark_path)
  if not b then return nil, "import.timm: " .. msg2 end
  local at = locate("timm", results_path, r, TIMM_RESULTS)
  local bt = locate("timm", benchmark_path, b, TIMM_BENCH)
  local models = r:col(at.model)
  local arch, tag = {}, {}
  for i = 1, r:nrow() do
    local m = models[i]
    if m then
      arch[i], tag[i] = m:match("^([^.]*)%.?(.*)$")
      if tag[i] == "" then tag[i] = nil end
    end
  end
  local left = data.frame({
    { "model", strings(r, at.model) },
    { "arch", arch },
    { "tag", tag },
    { "img_size", numbers(r, at.img_size) },
    { "top1", numbers(r, at.top1) },
    { "top1_err", numbers(r, at.top1_err) },
    { "top5", numbers(r, at.top5) },
    { "top5_err", numbers(r, at.top5_err) },
    { "param_count", numbers(r, at.param_count) },
  }, { n = r:nrow(), types = { img_size = "integer" } })
  local right = data.frame({
    { "arch", strings(b, bt.model) },
    { "img_size", numbers(b, bt.img_size) },
    { "gmacs", numbers(b, bt.gmacs) },
    { "samples_per_sec", numbers(b, bt.samples_per_sec) },
  }, { types = { img_size = "integer" } })
  local ok, joined = pcall(left.join, left, right, { by = { "arch", "img_size" }, how = "left",
    many_to_one = true })
  if not ok then error("import.timm: " .. tostring(joined), 2) end
  return joined:mutate{
    { "params", function(row) return row.param_count and row.param_count * 1e6 end },
    { "flops", function(row) return row.gmacs and row.gmacs * 2e9 end },
  }:select("model", "arch", "tag", "img_size", "top1", "top1_err", "top5", "top5_err",
    "param_count", "params", "gmacs", "flops", "samples_per_sec")
end

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

-- The physical line on which each non-blank CSV record starts (quote-aware: a newline
-- inside quotes does not end a record), so cell errors can name their line.
function record_lines(text)
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
  opts = opts or {}
  if type(opts) ~= "table" then
    error(string.format("bad argument #2 to 'thompson2022' (table expected, got %s)", type(opts)), 2)
  end
  require("burden.options").check("import.thompson2022", opts, { "metric" }, 2)
  local text, msg = require("burden.io").read(path)
  if not text then return nil, "import.thompson2022: cannot open " .. tostring(msg) end
  local function fail(fmt, ...)
    error("import.thompson2022: " .. string.format(fmt, ...), 0)
  end
  -- the sub-header rows are text in numeric columns, parsed below: no reader warnings
  local ok, raw = pcall(require("burden.options").without_warnings, data.read_csv_text, text,
    { header = false, na = { "" } }, path)
  if not ok then fail("%s", tostring(raw)) end
  if raw:nrow() < 4 then
    fail("%s: %d lines: expected the column names, three sub-header rows and data", path,
      raw:nrow())
  end
  -- where record i starts; should the quote-aware count ever disagree with the reader,
  -- messages name the record instead of a line that might be wrong
  local lines = record_lines(text)
  if #lines ~= raw:nrow() then lines = nil end
  local function at(i)
    return lines and (path .. ":" .. lines[i]) or (path .. ": record " .. i)
  end
  local ncol = raw:ncol()
  local vnames = raw:names()
  local cols = {}
  for j = 1, ncol do cols[j] = raw:col(vnames[j]) end

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

  local n = raw:nrow() - 4
  local spec, metric_values = {}, nil
  for j = 1, ncol do
    local c, out = cols[j], {}
    local numeric = thompson_numeric(names[j]) or names[j] == metric
    for i = 5, raw:nrow() do
      local v = c[i]
      if v ~= nil then
        local s = tostring(v)
        if numeric then
          local x = decimal(s)
          if x == nil then
            fail("%s: column '%s' (%d): cannot read '%s' as a number", at(i), names[j], j, s)
          end
          out[i - 4] = x
        else
          out[i - 4] = s
        end
      end
    end
    if names[j] == metric then metric_values = out end
    spec[#spec + 1] = { names[j], out }
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

-- Score columns of Epoch AI's benchmark files, in order of preference (ARC's file has a
-- "Challenge score" and an "Easy score": the challenge set unless opts.score says).
local EPOCH_SCORES = { "EM", "Accuracy", "Overall accuracy", "Score", "Average",
  "Challenge score" }

-- Reads a whole CSV file as a frame for epoch_benchmark: nil and a message when it
-- cannot be opened; its text too, for line numbers.
local function epoch_file(path)
  local text, msg = require("burden.io").read(path)
  if not text then
    -- io.open says "PATH: reason"; name the file as the other readers do
    local reason = tostring(msg)
    if reason:sub(1, #path + 2) == path .. ": " then reason = reason:sub(#path + 3) end
    return nil, string.format("import.epoch_benchmark: cannot open '%s': %s", path, reason)
  end
  -- Shots mixes numbers and "few": parsed below, so no reader warning for it
  local ok, f = pcall(require("burden.options").without_warnings, data.read_csv_text, text,
    { na = { "" } }, path)
  if not ok then error("import.epoch_benchmark: " .. tostring(f), 0) end
  return f, text
end

--- Epoch AI's language-model benchmark results (epoch-research/benchmark-stitching,
-- `external_benchmark_*.csv`: UTF-8 BOM, one row per (model, source), the score as
-- "77.0%" in a column named EM, Accuracy, Overall accuracy, Score, Average or Challenge
-- score). Returns a frame with id, name, score (PERCENT, 0-100, as the file prints it and
-- as burden's data/benchmarks files store `value`), shots (integer; missing when the
-- file says "few" or nothing), shots_text (the cell as written), version (Epoch's
-- `Model version` id), source, source_link, notes; and a second value
-- { score_column =, rows =, with_model =, with_compute = }.
-- opts.score picks the score column; opts.versions = path of model_versions.csv adds
-- epoch_model (the version's `Model`, which names a row of all_ml_systems.csv);
-- opts.systems = path of all_ml_systems.csv (needs versions) adds training_compute
-- (FLOP), parameters, publication_date, hardware, hardware_quantity, training_hours.
function import.epoch_benchmark(path, opts)
  if type(path) ~= "string" then
    error(string.format("bad argument #1 to 'epoch_benchmark' (path expected, got %s)",
      type(path)), 2)
  end
  opts = opts or {}
  if type(opts) ~= "table" then
    error(string.format("bad argument #2 to 'epoch_benchmark' (table expected, got %s)",
      type(opts)), 2)
  end
  require("burden.options").check("import.epoch_benchmark", opts,
    { "score", "systems", "versions" }, 2)
  if opts.systems and not opts.versions then
    error("import.epoch_benchmark: option 'systems' needs 'versions' (model_versions.csv " ..
      "maps a benchmark row's version to the model name all_ml_systems.csv uses)", 2)
  end
  local f, text = epoch_file(path)
  if not f then return nil, text end
  local function fail(fmt, ...)
    error("import.epoch_benchmark: " .. string.format(fmt, ...), 0)
  end
  local names = f:names()
  local score_col = opts.score
  if score_col ~= nil then
    if not f:has(score_col) then
      fail("%s: no score column '%s' (closest: %s)", path, tostring(score_col),
        data.closest(names, tostring(score_col)))
    end
  else
    for _, c in ipairs(EPOCH_SCORES) do
      if f:has(c) then score_col = c break end
    end
    if not score_col then
      fail("%s: no score column (expected one of '%s')", path,
        table.concat(EPOCH_SCORES, "', '"))
    end
  end
  local at = locate("epoch_benchmark", path, f, {
    { "id", { "id" }, true }, { "name", { "Name" }, true },
    { "version", { "Model version" }, true }, { "shots", { "Shots" } },
    { "source", { "Source" } }, { "source_link", { "Source link" } }, { "notes", { "Notes" } },
  })
  -- record i (1 = the header) starts on line lines[i]; if the quote-aware count ever
  -- disagrees with the reader, messages name the record instead
  local lines = record_lines(text)
  if #lines ~= f:nrow() + 1 then lines = nil end
  local function where(i)
    return lines and (path .. ":" .. lines[i + 1]) or (path .. ": record " .. (i + 1))
  end

  local n = f:nrow()
  local raw, score, shots, shots_text = f:col(score_col), {}, {}, {}
  local sc = at.shots and f:col(at.shots)
  for i = 1, n do
    local v = raw[i]
    if v ~= nil then
      local s = tostring(v):match("^%s*(.-)%s*$")
      local num = s:match("^(.-)%%$")
      local x = num and decimal(num)
      if not x then
        fail("%s: column '%s': cannot read '%s' as a percentage (expected like '77.0%%')",
          where(i), score_col, s)
      end
      if x < 0 or x > 100 then
        fail("%s: column '%s': score %s is outside 0..100%%", where(i), score_col, s)
      end
      score[i] = x
    end
    local t = sc and sc[i]
    if type(t) == "number" then -- the reader typed the column: every cell a number
      shots_text[i] = string.format("%d", t)
      shots[i] = math.tointeger(t)
    elseif t ~= nil then
      t = tostring(t):match("^%s*(.-)%s*$")
      shots_text[i] = t
      shots[i] = t:match("^%d+$") and math.tointeger(tonumber(t)) or nil
    end
  end
  local strs = require("burden.core.column").strings
  local spec = {
    { "id", strings(f, at.id) }, { "name", strings(f, at.name) },
    { "score", score }, { "shots", shots }, { "shots_text", strs(shots_text, n) },
    { "version", strings(f, at.version) }, { "source", strings(f, at.source) },
    { "source_link", strings(f, at.source_link) }, { "notes", strings(f, at.notes) },
  }
  local info = { score_column = score_col, rows = n }
  if opts.versions then
    local vf, vtext = epoch_file(opts.versions)
    if not vf then return nil, vtext end
    local vat = locate("epoch_benchmark", opts.versions, vf,
      { { "id", { "id" }, true }, { "model", { "Model" }, true } })
    local model_of, ids, models = {}, vf:col(vat.id), vf:col(vat.model)
    for i = 1, vf:nrow() do
      if ids[i] ~= nil and models[i] ~= nil then model_of[tostring(ids[i])] = tostring(models[i]) end
    end
    local version, epoch_model, with_model = f:col(at.version), {}, 0
    for i = 1, n do
      local m = version[i] ~= nil and model_of[tostring(version[i])] or nil
      epoch_model[i] = m
      if m then with_model = with_model + 1 end
    end
    spec[#spec + 1] = { "epoch_model", strs(epoch_model, n) }
    info.with_model = with_model
    if opts.systems then
      -- only compute, parameters, date and hardware are joined: warnings about other
      -- columns (Epoch's one percent in the utilisation column) are not this join's
      local sys, smsg = require("burden.options").without_warnings(import.try_epoch,
        opts.systems)
      if not sys then
        return nil, "import.epoch_benchmark: " .. tostring(smsg):gsub("^import%.epoch: ", "")
      end
      local row_of, sm = {}, sys:col("model")
      for i = 1, sys:nrow() do
        if sm[i] ~= nil and not row_of[sm[i]] then row_of[sm[i]] = i end
      end
      local joined = { training_compute = {}, parameters = {}, publication_date = {},
        hardware = {}, hardware_quantity = {}, training_hours = {} }
      local from = { training_compute = "training_compute", parameters = "parameters",
        publication_date = "date", hardware = "hardware",
        hardware_quantity = "hardware_quantity", training_hours = "training_hours" }
      local with_compute = 0
      for i = 1, n do
        local j = epoch_model[i] and row_of[epoch_model[i]]
        if j then
          for out, col in pairs(from) do joined[out][i] = sys:col(col)[j] end
          if joined.training_compute[i] then with_compute = with_compute + 1 end
        end
      end
      for _, out in ipairs({ "training_compute", "parameters", "publication_date", "hardware",
        "hardware_quantity", "training_hours" }) do
        if out == "publication_date" or out == "hardware" then
          spec[#spec + 1] = { out, strs(joined[out], n) }
        else
          spec[#spec + 1] = { out, joined[out] }
        end
      end
      info.with_compute = with_compute
    end
  end
  return data.frame(spec, { n = n }), info
end

-- import.epoch, epoch_chips, timm, thompson2022 and epoch_benchmark raise when a file cannot be opened
-- ("cannot open 'x.csv': No such file or directory", at the caller's line); the try_
-- variants return nil and that message instead.
local options = require "burden.options"
for _, name in ipairs({ "epoch", "epoch_chips", "timm", "thompson2022", "epoch_benchmark" }) do
  local try = options.wrap(import[name])
  import["try_" .. name] = try
  import[name] = options.wrap(function(...)
    local res = table.pack(try(...))
    if res[1] == nil and res[2] ~= nil then error(res[2], 0) end
    return table.unpack(res, 1, res.n)
  end)
end
options.wrap_all(import, { "list", "year_fraction" })

return import
