--- burden.dataset: the curated benchmark results that ship with burden
-- (data/benchmarks/*.csv; see data/README.md), with their hardware burden.
--
--   local rows, info = burden.dataset.load()             -- every benchmark
--   local rows = burden.dataset.load{ benchmarks = { "imagenet" }, precision = "fp32" }
--
-- Each row is a table keyed by column name (benchmark, model, year, value, hardware,
-- chips, train_hours, forward_flops, ...) plus:
--   peak_flops       peak FLOP/s of one chip at the precision used
--   precision        which precision that is
--   hardware_burden  chips x peak FLOP/s x train_hours x 3600: the paper's compute
--                    (no utilisation factor: an upper bound on the work done); for
--                    language-model rows with chip_hours but no chips or hours,
--                    chip_hours x peak FLOP/s x 3600
-- Language-model files (mmlu, gsm8k, hellaswag) also have train_flop, tokens, shots,
-- variant and chip_hours (data/README.md).
-- `info.unresolved` lists rows whose chip the hardware table does not know.
local runtime = require "burden.core.runtime"

local M = {}

local TYPES = { year = "integer", value = "number", chips = "integer", train_hours = "number",
  search_chip_hours = "number", forward_flops = "number", epochs = "number",
  params = "number" }
-- columns of the language-model files only (mmlu, gsm8k, hellaswag; data/README.md)
local LLM_TYPES = { train_flop = "number", tokens = "number", shots = "integer",
  chip_hours = "number" }

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
-- (TPUs have no FP32 matrix unit); any other value is passed to burden.hw.
function M.peak_flops(chip, precision)
  local hw = require "burden.hw"
  local rec = hw.lookup(chip)
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

--- Loads the curated results. opts: benchmarks (names), precision ("paper"), files
-- (paths on disk to read instead of the embedded files).
function M.load(opts)
  opts = require("burden.options").check("dataset.load", opts, { "benchmarks", "precision", "files" })
  local data = require "burden.data"
  local only = wanted(opts.benchmarks)
  local rows, info = {}, { unresolved = {}, files = {} }
  local files = opts.files or M.files()
  for _, name in ipairs(files) do
    local bench = name:match("([^/]+)%.csv$")
    if not only or only[bench] then
      local frame
      local text, where
      if opts.files then
        text, where = require("burden.io").read(name), name
        if not text then error("dataset: cannot open " .. name, 2) end
      else
        text, where = runtime.resource(name)
      end
      frame = data.read_csv_text(text, { types = types_for(text:match("^[^\r\n]*")) }, where)
      info.files[#info.files + 1] = name
      for _, row in frame:rows() do
        -- chips x hours, or the chip-hours that language-model papers often give alone
        local chip_hours = row.chip_hours
        if row.chips and row.train_hours then chip_hours = row.chips * row.train_hours end
        if row.hardware and chip_hours then
          local ok, peak, precision = pcall(M.peak_flops, row.hardware, opts.precision)
          if ok then
            row.peak_flops, row.precision = peak, precision
            row.hardware_burden = chip_hours * peak * 3600
          else
            info.unresolved[#info.unresolved + 1] = { benchmark = row.benchmark,
              model = row.model, hardware = row.hardware, reason = tostring(peak) }
          end
        end
        rows[#rows + 1] = row
      end
    end
  end
  return rows, info
end

return M
