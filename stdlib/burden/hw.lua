--- burden.hw: the hardware table (data/hardware.csv) and chip look-up.
--
-- lookup(name) resolves forgiving names ("V100", "Tesla V100-PCIE-16GB",
-- "nvidia v100 pcie") to a record whose peak figures are in FLOP/s (OP/s for
-- int8): fp64, fp32, tf32, fp16, tensor_fp16, bf16, fp8, int8 (nil where the
-- chip does not offer the precision). peak(chip, precision) picks one figure,
-- with "auto" (the default here, in burden.flops.hardware and in
-- burden.cost.estimate) taking training_precision(chip): the precision a
-- training run on that chip's generation would use, and "paper" the paper's
-- (FP32, else the chip's dense matrix rate). peak_each(chips, precisions) does
-- many at once without raising (burden.dataset.load: one call per load).
-- The table is parsed once per run; register{...} and load(path) add or
-- override chips from a script.
local runtime = require "burden.core.runtime"
local suggest = require "burden.suggest"

local hw = {}

--- Precisions in the table's column order.
hw.precisions = { "fp64", "fp32", "tf32", "fp16", "tensor_fp16", "bf16", "fp8", "int8" }


local precision_set = {}
for _, p in ipairs(hw.precisions) do precision_set[p] = true end

local precision_aliases = {
  float64 = "fp64", double = "fp64", float32 = "fp32", single = "fp32", float16 = "fp16",
  half = "fp16", bfloat16 = "bf16", tensor = "tensor_fp16", fp16_tensor = "tensor_fp16",
  tensor_bf16 = "bf16", tensorfloat32 = "tf32",
}

-- Columns of data/hardware.csv: the peak columns (TFLOP/s, TOP/s for int8) and
-- the other numbers.
local peak_columns = {
  fp64 = "fp64_tflops", fp32 = "fp32_tflops", tf32 = "tf32_tflops", fp16 = "fp16_tflops",
  tensor_fp16 = "tensor_fp16_tflops", bf16 = "bf16_tflops", fp8 = "fp8_tflops",
  int8 = "int8_tops",
}
local number_columns = { "memory_gb", "bandwidth_gbs", "tdp_w", "launch_price_usd" }
local string_columns = { "name", "aliases", "manufacturer", "type", "release_date", "source",
  "confidence", "notes" }

-- Words a name may carry or omit: vendor and brand prefixes.
local optional_words = {
  nvidia = true, tesla = true, geforce = true, google = true, amd = true, radeon = true,
  instinct = true, intel = true, habana = true, cloud = true,
}

--- The key a name is compared by: lower case, punctuation and spaces removed,
-- vendor words dropped ("NVIDIA Tesla V100-PCIE-16GB" -> "v100pcie16gb").
function hw.normalize(name)
  local parts = {}
  for word in tostring(name):lower():gmatch("[%w]+") do
    if not optional_words[word] then parts[#parts + 1] = word end
  end
  return table.concat(parts)
end

-- ---- the table -------------------------------------------------------------------------------

local state = { records = nil, index = nil, path = nil }

local function split_aliases(s)
  local out = {}
  if type(s) == "table" then
    for i, a in ipairs(s) do out[i] = tostring(a) end
  elseif type(s) == "string" then
    for a in s:gmatch("[^|]+") do
      a = a:match("^%s*(.-)%s*$")
      if a ~= "" then out[#out + 1] = a end
    end
  end
  return out
end

local function copy_record(r)
  local out = {}
  for k, v in pairs(r) do out[k] = v end
  out.aliases = {}
  for i, a in ipairs(r.aliases) do out.aliases[i] = a end
  return out
end

-- The normalised keys (name and aliases, sorted) of each indexed record, kept beside the
-- records rather than in them, so that the copies lookup and resolve return hold only
-- the chip's fields (weak keys: an entry lives as long as its record).
local keys_of = setmetatable({}, { __mode = "k" })

-- key -> list of records having that key (canonical name or alias)
local function build_index(records)
  local index = {}
  for _, r in ipairs(records) do
    local keys = { [hw.normalize(r.name)] = true }
    for _, a in ipairs(r.aliases) do keys[hw.normalize(a)] = true end
    local list = {}
    for k in pairs(keys) do
      if k ~= "" then
        list[#list + 1] = k
        index[k] = index[k] or {}
        table.insert(index[k], r)
      end
    end
    table.sort(list)
    keys_of[r] = list
  end
  return index
end

-- A record from a row of the CSV (peaks in TFLOP/s) or from register{} (peaks
-- in FLOP/s, or in TFLOP/s under the CSV's column names).
local function make_record(fields, where)
  local r = { aliases = split_aliases(fields.aliases) }
  if type(fields.name) ~= "string" or fields.name:match("^%s*$") then
    error(where .. ": name is required", 0)
  end
  for _, c in ipairs(string_columns) do
    if c ~= "aliases" and fields[c] ~= nil then r[c] = tostring(fields[c]) end
  end
  for _, c in ipairs(number_columns) do
    local v = fields[c]
    if v ~= nil then
      if type(v) ~= "number" then
        error(string.format("%s: %s must be a number (got %s)", where, c, tostring(v)), 0)
      end
      r[c] = math.tointeger(v) or v
    end
  end
  for p, col in pairs(peak_columns) do
    local flops, tflops = fields[p], fields[col]
    if flops ~= nil and tflops ~= nil then
      error(string.format("%s: give %s (FLOP/s) or %s (TFLOP/s), not both", where, p, col), 0)
    end
    local v = flops or (tflops and tflops * 1e12)
    if v ~= nil then
      if type(v) ~= "number" or not (v > 0) or v == math.huge then
        error(string.format("%s: %s must be a positive number (got %s)", where,
          flops and p or col, tostring(flops or tflops)), 0)
      end
      r[p] = v
    end
  end
  return r
end

local function sort_records(records)
  table.sort(records, function(a, b) return a.name < b.name end)
end

local function parse_table(text, path)
  local data = require "burden.data"
  local wanted = {}
  for _, col in pairs(peak_columns) do wanted[col] = "number" end
  for _, col in ipairs(number_columns) do wanted[col] = "number" end
  for _, col in ipairs(string_columns) do wanted[col] = "string" end
  -- force the types of the columns this file has (a user's file may have fewer)
  local types = {}
  for _, col in ipairs(data.read_csv_text(text, { na = { "" } }, path):names()) do
    types[col] = wanted[col]
  end
  local frame = data.read_csv_text(text, { types = types, na = { "" } }, path)
  local records = {}
  for i, row in frame:rows() do
    local r = make_record(row, string.format("%s:%d", path, i + 1))
    records[#records + 1] = r
  end
  return records
end

local function load()
  if state.records then return end
  local text, path = runtime.resource("data/hardware.csv")
  if not text then error("burden.hw: cannot read the hardware table: " .. tostring(path), 0) end
  local records = parse_table(text, path)
  sort_records(records)
  state.records, state.path = records, path
  state.index = build_index(records)
end

-- Adds records, replacing any with the same canonical name (normalised).
local function merge(records)
  load()
  for _, r in ipairs(records) do
    local key = hw.normalize(r.name)
    local replaced = false
    for i, old in ipairs(state.records) do
      if hw.normalize(old.name) == key then
        state.records[i] = r
        replaced = true
        break
      end
    end
    if not replaced then state.records[#state.records + 1] = r end
  end
  sort_records(state.records)
  state.index = build_index(state.records)
end

--- register{ name =, aliases =, type =, fp32 = FLOP/s, ... }: adds a chip, or
-- replaces the one with the same name. Peaks in FLOP/s (fp32 = 15.7e12) or in
-- TFLOP/s under the CSV's names (fp32_tflops = 15.7). Returns the record.
function hw.register(fields)
  if type(fields) ~= "table" then
    error("burden.hw.register: expected a table of fields (got " .. type(fields) .. ")", 2)
  end
  local known = { aliases = true }
  for _, c in ipairs(string_columns) do known[c] = true end
  for _, c in ipairs(number_columns) do known[c] = true end
  for p, c in pairs(peak_columns) do known[p], known[c] = true, true end
  local msg = require("burden.options").unknown("burden.hw.register", fields, known, "field")
  if msg then error(msg, 2) end
  local ok, r = pcall(make_record, fields, "burden.hw.register")
  if not ok then error(r, 2) end
  r.source = r.source or "registered by a script"
  merge({ r })
  return copy_record(r)
end

--- load(path): adds (or replaces) the chips of a CSV file with
-- data/hardware.csv's columns. Returns the number of chips read, or nil and
-- a message when the file cannot be read.
function hw.load(path)
  if type(path) ~= "string" then
    error("burden.hw.load: path must be a string (got " .. type(path) .. ")", 2)
  end
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local text = f:read("a")
  f:close()
  local ok, records = pcall(parse_table, text, path)
  if not ok then error("burden.hw.load: " .. tostring(records), 2) end
  merge(records)
  return #records
end

--- reset(): forgets registered chips; the next look-up rereads the table.
function hw.reset()
  state.records, state.index, state.path = nil, nil, nil
end

--- The canonical names, sorted.
function hw.list()
  load()
  local out = {}
  for i, r in ipairs(state.records) do out[i] = r.name end
  return out
end

--- Copies of every record, sorted by name.
function hw.records()
  load()
  local out = {}
  for i, r in ipairs(state.records) do out[i] = copy_record(r) end
  return out
end

--- Where the table was read from (the embedded path, or --data DIR's).
function hw.source()
  load()
  return state.path
end

-- ---- resolving names -----------------------------------------------------------------------------

local function unique(list)
  local seen, out = {}, {}
  for _, r in ipairs(list) do
    if not seen[r] then
      seen[r] = true
      out[#out + 1] = r
    end
  end
  table.sort(out, function(a, b) return a.name < b.name end)
  return out
end

local function names_of(records)
  local out = {}
  for i, r in ipairs(records) do out[i] = r.name end
  return table.concat(out, ", ")
end

-- The closest records to a key: first those whose key starts the query (the
-- query is more specific, "GTX 580M"), then by edit distance.
local function closest(key, n)
  local scored = {}
  for _, r in ipairs(state.records) do
    local best = math.huge
    for _, k in ipairs(keys_of[r]) do
      local d = suggest.distance(key, k)
      if #k >= 3 and key:sub(1, #k) == k then d = d - 100 end
      if d < best then best = d end
    end
    scored[#scored + 1] = { r = r, d = best }
  end
  table.sort(scored, function(a, b)
    if a.d ~= b.d then return a.d < b.d end
    return a.r.name < b.r.name
  end)
  local out = {}
  for i = 1, math.min(n, #scored) do out[i] = scored[i].r end
  return out
end

-- The record a name means (the cached one), or nil, a message and candidates.
local function find(name, exact)
  if type(name) ~= "string" then
    return nil, "chip name must be a string (got " .. type(name) .. ")", {}
  end
  load()
  local key = hw.normalize(name)
  if key == "" then return nil, "chip name '" .. name .. "' is empty", {} end
  local found = unique(state.index[key] or {})
  if #found == 0 and #key >= 3 and not exact then
    local prefixed = {}
    for k, list in pairs(state.index) do
      if k:sub(1, #key) == key then
        for _, r in ipairs(list) do prefixed[#prefixed + 1] = r end
      end
    end
    found = unique(prefixed)
  end
  if #found == 1 then return found[1] end
  local candidates = {}
  if #found > 1 then
    for i, r in ipairs(found) do candidates[i] = r.name end
    return nil, string.format("chip '%s' is ambiguous: it could be %s", name, names_of(found)),
      candidates
  end
  if exact then return nil, string.format("unknown chip '%s'", name), candidates end
  local near = closest(key, 3)
  for i, r in ipairs(near) do candidates[i] = r.name end
  return nil, string.format("unknown chip '%s' (closest: %s; hw.list() gives all, "
    .. "hw.register{} adds one)", name, names_of(near)), candidates
end

--- resolve(name [, { exact = true }]): a copy of the record a name means, or
-- nil, a message and the candidate names. Rules, in order: the normalised name
-- equals a chip's name or alias; else (unless exact) it starts exactly one
-- chip's name or alias (at least 3 characters). Several matches are
-- ambiguous; none (unless exact) suggests the three closest names.
function hw.resolve(name, opts)
  -- no options, nothing to check (scripts resolve a chip per row)
  if opts ~= nil then require("burden.options").check("hw.resolve", opts, { "exact" }, 2) end
  local r, msg, candidates = find(name, type(opts) == "table" and opts.exact)
  if not r then return nil, msg, candidates end
  return copy_record(r)
end

--- lookup(name): a copy of the chip's record; raises for an unknown or
-- ambiguous name, naming the candidates.
function hw.lookup(name)
  local r, msg = find(name)
  if not r then error("burden.hw.lookup: " .. msg, 2) end
  return copy_record(r)
end

-- ---- precisions ------------------------------------------------------------------------------------

--- offers(chip): the precisions a chip (name or record) has figures for, in
-- table order.
function hw.offers(chip)
  local r = type(chip) == "table" and chip or hw.lookup(chip)
  local out = {}
  for _, p in ipairs(hw.precisions) do
    if r[p] then out[#out + 1] = p end
  end
  return out
end

local function offers_text(r, with_auto)
  local offered = hw.offers(r)
  if #offered == 0 then return "it has no peak figures" end
  return "it offers " .. table.concat(offered, ", ") .. (with_auto and ', or "auto"' or "")
end

--- training_precision(chip): the precision a training run on the chip would use, and
-- the rule that chose it. The rule reads the chip's columns of data/hardware.csv,
-- which mark its generation (sources in README, burden.hw):
--   1. bf16 where the chip runs it at its full 16-bit matrix rate (Ampere and later
--      GPUs, TPU v2 and later, Gaudi, MI250X and later): bf16 mixed precision;
--   2. else tensor_fp16 (Volta and Turing tensor cores, MI100's matrix cores): FP16
--      mixed precision with loss scaling;
--   3. else tf32, then plain fp16 on TPUs only;
--   4. else fp32: chips without matrix units (to Pascal, CPUs) trained in FP32.
function hw.training_precision(chip)
  local r
  if type(chip) == "table" then r = chip else
    local msg
    r, msg = find(chip)
    if not r then error("burden.hw.training_precision: " .. msg, 2) end
  end
  if r.bf16 and (not r.tensor_fp16 or r.bf16 >= r.tensor_fp16) then
    return "bf16", "bf16 mixed precision at the full 16-bit matrix rate"
  elseif r.tensor_fp16 then
    return "tensor_fp16", "FP16 mixed precision on tensor (matrix) units"
  elseif r.tf32 then
    return "tf32", "TF32 on matrix units"
  elseif r.fp16 and r.type == "TPU" then
    return "fp16", "the TPU's 16-bit matrix rate"
  elseif r.fp32 then
    return "fp32", "FP32: no matrix units for lower precision"
  end
  return nil, "no floating-point training precision"
end

-- The precisions the paper's hardware burden falls back to, in order, on a chip without
-- an FP32 figure (TPUs have no FP32 matrix unit: their dense matrix rate).
local paper_fallback = { "bf16", "tensor_fp16", "fp16", "int8" }

-- The peak of record r at a precision as hw.peak takes it: the FLOP/s and the precision
-- used, or nil and the message (without the function's name).
local function peak_of(r, precision)
  precision = precision or "auto"
  if type(precision) ~= "string" then
    return nil, "precision must be a string (got " .. type(precision) .. ")"
  end
  local p = precision:lower():gsub("[%s%-]", "_")
  p = precision_aliases[p] or p
  if p == "auto" then
    local q = hw.training_precision(r)
    if q then return r[q], q end
    return nil, string.format("%s has no figure for \"auto\" to use (%s)", r.name,
      offers_text(r, false))
  end
  if p == "paper" then
    if r.fp32 then return r.fp32, "fp32" end
    for _, q in ipairs(paper_fallback) do
      if r[q] then return r[q], q end
    end
    return nil, string.format("%s has no figure for \"paper\" to use (%s)", r.name,
      offers_text(r, false))
  end
  if not precision_set[p] then
    return nil, string.format("unknown precision '%s' for %s (%s)", precision, r.name,
      offers_text(r, true))
  end
  if not r[p] then
    return nil, string.format("%s has no %s figure (%s)", r.name, p, offers_text(r, true))
  end
  return r[p], p
end

--- peak(chip, precision = "auto"): FLOP/s (OP/s for int8) of one chip, and the
-- precision used. chip is a name or a record. "auto" is training_precision(chip);
-- "paper" is the hardware burden's convention in Thompson et al.: FP32 where the chip
-- has it, else its dense matrix rate (bf16, tensor_fp16, fp16, int8: TPUs).
function hw.peak(chip, precision)
  local r
  if type(chip) == "table" then
    if type(chip.name) ~= "string" then
      error("burden.hw.peak: chip must be a name or a record from hw.lookup (got a table "
        .. "without a name)", 2)
    end
    r = chip
  else
    local msg
    r, msg = find(chip)
    if not r then error("burden.hw.peak: " .. msg, 2) end
  end
  local v, p = peak_of(r, precision)
  if not v then error("burden.hw.peak: " .. p, 2) end
  return v, p
end

--- peak_each(chips, precisions): hw.peak for many chips in one call, without raising.
-- chips is an array of names; precisions one precision for all, or an array of one per
-- chip (nil: "auto"). Returns three arrays: peaks[i] and used[i] as hw.peak(chips[i],
-- precision) returns them, or errors[i], the message it would raise ("burden.hw.peak:
-- unknown chip 'X' (closest: ...)"). Each distinct name is resolved once.
function hw.peak_each(chips, precisions)
  if type(chips) ~= "table" then
    error("burden.hw.peak_each: chips must be an array of names (got " .. type(chips) .. ")", 2)
  end
  local pt = type(precisions)
  if precisions ~= nil and pt ~= "string" and pt ~= "table" then
    error("burden.hw.peak_each: precisions must be a precision or an array of them (got "
      .. pt .. ")", 2)
  end
  local peaks, used, errors, rec, why = {}, {}, {}, {}, {}
  for i = 1, #chips do
    local name = chips[i]
    local r, msg = rec[name], why[name]
    if not (r or msg) then
      r, msg = find(name)
      if type(name) == "string" then rec[name], why[name] = r, msg end
    end
    local v, p
    if r then
      v, p = peak_of(r, pt == "table" and precisions[i] or precisions)
    else
      p = msg
    end
    if v then peaks[i], used[i] = v, p else errors[i] = "burden.hw.peak: " .. p end
  end
  return peaks, used, errors
end

return hw
