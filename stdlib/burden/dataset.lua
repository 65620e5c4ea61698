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
-- hardware table (burden.hw.precisions). The rules are burden.hw.peak's.
function M.peak_flops(chip, precision)
  if type(chip) ~= "string" then
    error("bad argument #1 to 'peak_flops' (chip name expected, got " .. type(chip) .. ")", 2)
  end
  local peaks, used, errors = require("burden.hw").peak_each({ chip }, { precision or "paper" })
  if not peaks[1] then error(errors[1], 2) end
  return peaks[1], used[1]
end

local function wanted(list)
  if not list then return nil end
  local set = {}
  for _, b in ipairs(list) do set[b] = true end
  return set
end

-- Adds peak_flops, precision and hardware_burden to `frame` (n curated rows of every
-- file, `where[k]` and `first[k]` giving the file and first row of file k; row i's peak
-- at precision precision_of(i)): the frame's columns are read once, the peaks of every
-- distinct chip and precision resolved in one call into burden.hw, and the burden of
-- every row computed in one call to the one C function that computes it
-- (engine/core/flops.c, bn_flops_hardware).
local function with_burden(frame, n, where, first, precision_of, info)
  local col = {}
  local names, cols = frame:names(), frame:columns()
  for k, name in ipairs(names) do col[name] = cols[k] end
  local hardware, chips, hours = col.hardware, col.chips, col.train_hours
  local chip_hours = col.chip_hours
  -- the rows with a chip and a time: chips x hours, or the chip-hours that
  -- language-model papers often give alone; and the distinct (chip, precision) pairs
  local runs, wanted_chips, wanted_precisions, slot = {}, {}, {}, {}
  for i = 1, n do
    local chip = hardware and hardware[i]
    local c, t = chips and chips[i], hours and hours[i]
    if not (c and t) then c, t = 1, chip_hours and chip_hours[i] end
    if chip and t then
      local precision = precision_of(i)
      local key = chip .. "\0" .. tostring(precision)
      if not slot[key] then
        wanted_chips[#wanted_chips + 1], wanted_precisions[#wanted_chips + 1] = chip, precision
        slot[key] = #wanted_chips
      end
      runs[#runs + 1] = { i = i, c = c, t = t, slot = slot[key], chip = chip }
    end
  end
  local peak_of, used, why = require("burden.hw").peak_each(wanted_chips, wanted_precisions)
  local count, time, peak = vector.new(n), vector.new(n), vector.new(n)
  for i = 1, n do count[i], time[i], peak[i] = nil, nil, nil end
  local precisions, peaks = {}, {}
  for _, r in ipairs(runs) do
    local i, j = r.i, r.slot
    if peak_of[j] then
      count[i], time[i], peak[i] = r.c, r.t, peak_of[j]
      peaks[i], precisions[i] = peak_of[j], used[j]
    else
      info.unresolved[#info.unresolved + 1] = { benchmark = col.benchmark and col.benchmark[i],
        model = col.model and col.model[i], hardware = r.chip, reason = why[j] }
    end
  end
  local burden, msg, bad = flops_core.hardware(count, time, 3600, peak)
  if not burden then
    -- the file and line of the bad row (one line per row after the header)
    local k = #first
    while first[k] > bad do k = k - 1 end
    error(string.format("%s:%d: %s (model '%s')", where[k], bad - first[k] + 2, msg,
      tostring(col.model and col.model[bad])), 0)
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
  local texts, where, read_opts, mode = {}, {}, {}, {}
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
      info.files[#info.files + 1] = name
      local k = #texts + 1
      texts[k], where[k], read_opts[k] = text, path, { types = types_for(header) }
      -- language models trained at their chip's training precision (BF16 on an A100), not
      -- at the FP32 peak the paper used for its 2012-2020 vision and language models
      mode[k] = opts.precision or (is_llm(header) and "auto" or "paper")
    end
  end
  if #texts == 0 then return data.frame{}, info end
  -- every file in one read: their rows bound in file order, and each file's row count
  local all, counts = data.read_csv_text(texts, read_opts, where)
  local first, nrow = {}, 0
  for k, c in ipairs(counts) do first[k], nrow = nrow + 1, nrow + c end
  -- the precision of row i: its file's (files are few, rows in file order)
  local k = 1
  local function precision_of(i)
    while first[k + 1] and first[k + 1] <= i do k = k + 1 end
    while first[k] > i do k = k - 1 end
    return mode[k]
  end
  return with_burden(all, nrow, where, first, precision_of, info), info
end

return M
