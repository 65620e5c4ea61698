--- burden.import.epoch: Epoch AI's files: "Notable AI Models" (epoch), the chip file
-- (epoch_chips) and the language-model benchmark results (epoch_benchmark).
local data = require "burden.data"
local vector = require "burden.core.vector"
local fields = require "burden.import.fields"

local read, locate, numbers, strings, years = fields.read, fields.locate, fields.numbers,
  fields.strings, fields.years
local record_lines, decimal = fields.record_lines, fields.decimal

local import = {}

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

-- The columns of an importer's spec, in its order (the located columns of file f, and
-- `at`, where each was found): numbers where is_number(name), else text; the date column
-- date_col is followed by its fractional year, year_col.
local function spec_columns(fname, path, f, spec, date_col, year_col, is_number)
  local at = locate(fname, path, f, spec)
  local cols = {}
  for _, item in ipairs(spec) do
    local out = item[1]
    if out == date_col then
      cols[#cols + 1] = { out, strings(f, at[out]) }
      cols[#cols + 1] = { year_col, years(fname, path, f, at[out]) }
    elseif is_number(out) then
      cols[#cols + 1] = { out, numbers(f, at[out]) }
    else
      cols[#cols + 1] = { out, strings(f, at[out]) }
    end
  end
  return cols, at
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
  local cols, at = spec_columns("epoch", path, f, EPOCH, "date", "year",
    function(out) return EPOCH_NUMERIC[out] end)
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
  local cols = spec_columns("epoch_chips", path, f, CHIPS, "release_date", "release_year",
    function(out) return not CHIPS_TEXT[out] end)
  return data.frame(cols)
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
      local options = require "burden.options"
      local sys, smsg = options.without_warnings(options.wrap(import.epoch), opts.systems)
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

return import
