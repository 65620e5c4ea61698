--- burden.dataset: the curated benchmark results that ship with burden
-- (data/benchmarks/*.csv; see data/README.md), with their hardware burden.
--
--   local frame, info = burden.dataset.load()            -- every benchmark
--   local frame = burden.dataset.load{ benchmarks = { "imagenet" }, precision = "fp32" }
--
-- One frame (burden.data) with a row per published result: the files' columns
-- (benchmark, model, year, value, hardware, chips, train_hours, forward_flops, ...) plus:
--   peak_flops       peak FLOP/s of one chip at the precision used: by default the
--                    paper's (FP32; see peak_flops) for the paper's benchmarks, and the
--                    chip's training precision (burden.hw.training_precision: BF16 on an
--                    A100) for the language-model files, whose models trained at it
--   precision        which precision that is
--   hardware_burden  chips x peak FLOP/s x train_hours x 3600: the paper's compute
--                    (no utilisation factor: an upper bound on the work done); for
--                    language-model rows with chip_hours but no chips or hours,
--                    chip_hours x peak FLOP/s x 3600
-- Language-model files (mmlu, gsm8k, hellaswag) also have train_flop, tokens, shots,
-- variant and chip_hours (data/README.md).
-- `info.unresolved` lists rows whose chip the hardware table does not know.
local runtime = require "burden.core.runtime"
local flops_core = require "burden.core.flops"
local vector = require "burden.core.vector"

local M = {}

local TYPES = { year = "integer", value = "number", chips = "integer", train_hours = "number",
  search_chip_hours = "number", forward_flops = "number", epochs = "number",
  params = "number" }
-- columns of the language-model files only (mmlu, gsm8k, hellaswag; data/README.md)
local LLM_TYPES = { train_flop = "number", tokens = "number", shots = "integer",
  chip_hours = "number" }

-- True for a language-model file (data/README.md: it has a train_flop column).
local function is_llm(header)
  return (("," .. header .. ","):find(",train_flop,", 1, true)) ~= nil
end

-- The column types for a file whose header line is `header`.
local function types_for(header)
  local have, out = {}, {}
  for name in (header .. ","):gmatch("([^,]*),") do have[name] = true end
  for k, v in pairs(TYPES) do out[k] = v end
  for k, v in pairs(LLM_TYPES) do if have[k] then out[k] = v end end
  return out
end

--- Names of the embedded benchmark files, sorted.
function M.files()
  local out = {}
  for _, name in ipairs(runtime.resources()) do
    if name:match("^data/benchmarks/[^/]+%.csv$") then out[#out + 1] = name end
  end
  table.sort(out)
  return out
end

--- The text of a data file that ships with burden, such as "data/hardware.csv" or
-- "data/cost/presets.csv" (the copy embedded at build time, or the file under --data
-- DIR), and the path to cite in messages about it. An unknown name raises.
function M.resource(name)
  if type(name) ~= "string" then
    error("bad argument #1 to 'resource' (string expected, got " .. type(name) .. ")", 2)
  end
  local text, where = runtime.resource(name)
  if not text then error("dataset.resource: " .. where, 2) end
  return text, where
end

--- Peak FLOP/s of one chip for the hardware burden, and the precision used.
-- "paper" (the default): FP32 where the chip has it, else its dense matrix rate
-- (TPUs have no FP32 matrix unit); "auto": the precision a training run on the chip
-- would use (burden.hw.training_precision); any other value names a column of the
-- hardware table (burden.hw.precisions).
function M.peak_flops(chip, precision)
  local hw = require "burden.hw"
  local rec = hw.lookup(chip)
  if precision == "auto" then
    local p = hw.training_precision(rec)
    if p then return rec[p], p end
    error("dataset: chip '" .. chip .. "' has no floating-point peak in the hardware table")
  end
  if precision == nil or precision == "paper" then
    if rec.fp32 then return rec.fp32, "fp32" end
    for _, p in ipairs({ "bf16", "tensor_fp16", "fp16", "int8" }) do
      if rec[p] then return rec[p], p end
    end
    error("dataset: chip '" .. chip .. "' has no floating-point peak in the hardware table")
  end
  local v = rec[precision]
  if not v then
    error(string.format("dataset: chip '%s' has no %s peak", chip, precision))
  end
  return v, precision
end

local function wanted(list)
  if not list then return nil end
  local set = {}
  for _, b in ipairs(list) do set[b] = true end
  return set
end

-- The value of every row of a column, or nil when the frame has no such column.
local function column(frame, name)
  if frame:has(name) then return frame:col(name) end
end

-- Adds peak_flops, precision and hardware_burden to `frame` (the curated rows of every
-- file, `where[k]` and `first[k]` giving the file and first row of file k; row i's peak
-- at precision precisions_of(i)): the peak is looked up once per chip, and the burden of
-- every row computed in one call to the one C function that computes it
-- (engine/core/flops.c, bn_flops_hardware).
local function with_burden(frame, where, first, precisions_of, info)
  local n = frame:nrow()
  local hardware = column(frame, "hardware")
  local chips, hours = column(frame, "chips"), column(frame, "train_hours")
  local chip_hours = column(frame, "chip_hours")
  local count, time, peak = vector.new(n), vector.new(n), vector.new(n)
  local precisions, peaks, cache = {}, {}, {}
  for i = 1, n do
    count[i], time[i], peak[i] = nil, nil, nil
    local chip = hardware and hardware[i]
    -- chips x hours, or the chip-hours that language-model papers often give alone
    local c, t = chips and chips[i], hours and hours[i]
    if not (c and t) then c, t = 1, chip_hours and chip_hours[i] end
    if chip and t then
      local precision = precisions_of(i)
      local key = chip .. "\0" .. tostring(precision)
      local hit = cache[key]
      if hit == nil then
        local ok, v, p = pcall(M.peak_flops, chip, precision)
        hit = ok and { v, p } or { reason = tostring(v) }
        cache[key] = hit
      end
      if hit.reason then
        local row = frame:row(i)
        info.unresolved[#info.unresolved + 1] = { benchmark = row.benchmark,
          model = row.model, hardware = chip, reason = hit.reason }
      else
        count[i], time[i], peak[i] = c, t, hit[1]
        peaks[i], precisions[i] = hit[1], hit[2]
      end
    end
  end
  local burden, msg, bad = flops_core.hardware(count, time, 3600, peak)
  if not burden then
    -- the file and line of the bad row (one line per row after the header)
    local k = #first
    while first[k] > bad do k = k - 1 end
    error(string.format("%s:%d: %s (model '%s')", where[k], bad - first[k] + 2, msg,
      tostring(frame:row(bad).model)), 0)
  end
  return frame:mutate{ { "peak_flops", peaks }, { "precision", precisions },
    { "hardware_burden", burden } }
end

--- Loads the curated results as one frame (a row per published result; files in name
-- order, rows in file order). opts: benchmarks (names), precision (for every row, as
-- peak_flops; default "paper" for the paper's benchmarks, "auto" for language-model
-- files), files (paths on disk to read instead of the embedded files). Also returns
-- info: files read, and unresolved (rows whose chip the hardware table does not know).
function M.load(opts)
  opts = require("burden.options").check("dataset.load", opts, { "benchmarks", "precision", "files" })
  local data = require "burden.data"
  local only = wanted(opts.benchmarks)
  local info = { unresolved = {}, files = {} }
  local frames, where, first, mode, nrow = {}, {}, {}, {}, 0
  local files = opts.files or M.files()
  for _, name in ipairs(files) do
    local bench = name:match("([^/]+)%.csv$")
    if not only or only[bench] then
      local text, path
      if opts.files then
        text, path = require("burden.io").read(name), name
        if not text then error("dataset: cannot open " .. name, 2) end
      else
        text, path = runtime.resource(name)
      end
      local header = text:match("^[^\r\n]*")
      local frame = data.read_csv_text(text, { types = types_for(header) }, path)
      info.files[#info.files + 1] = name
      local k = #frames + 1
      frames[k], where[k], first[k] = frame, path, nrow + 1
      -- language models trained at their chip's training precision (BF16 on an A100), not
      -- at the FP32 peak the paper used for its 2012-2020 vision and language models
      mode[k] = opts.precision or (is_llm(header) and "auto" or "paper")
      nrow = nrow + frame:nrow()
    end
  end
  if #frames == 0 then return data.frame{}, info end
  local all = frames[1]:bind_rows(table.unpack(frames, 2))
  -- the precision of row i: its file's (files are few, rows in file order)
  local k = 1
  local function precision_of(i)
    while first[k + 1] and first[k + 1] <= i do k = k + 1 end
    while first[k] > i do k = k - 1 end
    return mode[k]
  end
  return with_burden(all, where, first, precision_of, info), info
end

return M
