--- burden.flops.training: training compute from formulas: a net's forward FLOPs times
-- examples and epochs, 6 N D for dense transformers, and the hardware burden (chips x
-- peak x time x utilisation).
local core = require "burden.core.flops"
local options = require "burden.options"
local shapes = require "burden.flops.shape"

local is_integer = shapes.is_integer

local flops = {}

-- ---- training compute -----------------------------------------------------------------------

local Result = {}
Result.__index = Result
Result.__name = "burden.flops.result"

function Result.__tostring(self)
  return string.format("%.4g %s (%s)", self.flop, self.unit, self.method)
end

--- Utilisation presets: the paper's upper bound and Epoch AI's defaults.
flops.utilization = { paper = 1, epoch_language = 0.3, epoch_other = 0.4 }

local function check_args(fname, args, allowed)
  if type(args) ~= "table" then
    error(string.format("burden.flops.%s: expected a table of arguments (got %s)", fname,
      type(args)), 3)
  end
  local msg = options.unknown("burden.flops." .. fname, args, allowed)
  if msg then error(msg, 3) end
end

local function number_arg(fname, args, key, default)
  local v = args[key]
  if v == nil then
    if default == nil then
      error(string.format("burden.flops.%s: %s is required", fname, key), 3)
    end
    return default
  end
  if type(v) ~= "number" then
    error(string.format("burden.flops.%s: %s must be a number (got %s)", fname, key, type(v)), 3)
  end
  return v
end

-- Runs a core function, re-raising its message at the caller of the API function.
local function call_core(f, ...)
  local ok, a, b = pcall(f, ...)
  if not ok then error("burden.flops." .. tostring(a), 3) end
  return a, b
end

--- training{ forward =, examples =, epochs = 1, backward_ratio = 2 }
-- forward: FLOPs of one forward pass of one example (a number, or a count
-- report), or macs = MACs of it (x 2). Returns a result { flop, unit, method, ... }.
function flops.training(args)
  check_args("training", args, { "forward", "macs", "examples", "epochs", "backward_ratio" })
  local forward = args.forward
  if type(forward) == "table" then forward = forward.flops end
  if forward ~= nil and args.macs ~= nil then
    error("burden.flops.training: give forward (FLOPs) or macs, not both", 2)
  end
  if forward == nil then
    if args.macs == nil then error("burden.flops.training: forward is required", 2) end
    forward = 2 * number_arg("training", args, "macs")
  elseif type(forward) ~= "number" then
    error("burden.flops.training: forward must be a number of FLOPs or a count report (got "
      .. type(forward) .. ")", 2)
  end
  local examples = number_arg("training", args, "examples")
  local epochs = number_arg("training", args, "epochs", 1)
  local ratio = number_arg("training", args, "backward_ratio", 2)
  local flop = call_core(core.training, forward, examples, epochs, ratio)
  return setmetatable({ flop = flop, unit = "FLOP",
    method = string.format("training: (1 + %g) x forward x examples x epochs", ratio),
    forward = forward, examples = examples, epochs = epochs, backward_ratio = ratio }, Result)
end

--- dense_transformer{ params = N, tokens = D, attention = { layers, ctx, d_attn } }
-- 6 N D, plus Kaplan et al.'s attention term 6 n_layer n_ctx d_attn D when asked.
function flops.dense_transformer(args)
  check_args("dense_transformer", args, { "params", "tokens", "attention" })
  local n = number_arg("dense_transformer", args, "params")
  local d = number_arg("dense_transformer", args, "tokens")
  local att = args.attention
  local layers, ctx, d_attn = 0, 0, 0
  if att ~= nil and att ~= false then
    if type(att) ~= "table" then
      error("burden.flops.dense_transformer: attention must be a table { layers =, ctx =, "
        .. "d_attn = } (got " .. type(att) .. ")", 2)
    end
    check_args("dense_transformer", att, { "layers", "ctx", "d_attn" })
    layers = number_arg("dense_transformer", att, "layers")
    ctx = number_arg("dense_transformer", att, "ctx")
    d_attn = number_arg("dense_transformer", att, "d_attn")
  end
  local flop, attention = call_core(core.dense_transformer, n, d, layers, ctx, d_attn)
  return setmetatable({ flop = flop, unit = "FLOP", attention_flop = attention,
    method = layers > 0 and "6 N D + 6 n_layer n_ctx d_attn D (Kaplan et al. 2020)"
      or "6 N D", params = n, tokens = d }, Result)
end

--- hardware{ chip =, count =, hours = | seconds = | days =, precision = "auto",
--  utilization = 1, peak = } : the hardware burden, count x peak x time x utilization.
-- chip is a name or a record from burden.hw.lookup; peak (FLOP/s per chip)
-- overrides the table.
function flops.hardware(args)
  check_args("hardware", args, { "chip", "count", "hours", "seconds", "days", "precision",
    "utilization", "peak" })
  local count = args.count
  if count == nil then error("burden.flops.hardware: count is required", 2) end
  if not is_integer(count) or count < 1 then
    error("burden.flops.hardware: count must be a positive integer (got " .. tostring(count)
      .. ")", 2)
  end
  local given = {}
  for _, k in ipairs { "seconds", "hours", "days" } do
    if args[k] ~= nil then given[#given + 1] = k end
  end
  if #given ~= 1 then
    error("burden.flops.hardware: give exactly one of seconds, hours, days"
      .. (#given > 1 and " (got " .. table.concat(given, " and ") .. ")" or ""), 2)
  end
  local scale = { seconds = 1, hours = 3600, days = 86400 }
  local time, unit = number_arg("hardware", args, given[1]), scale[given[1]]
  local seconds = time * unit
  local utilization = number_arg("hardware", args, "utilization", 1)
  local peak, chip, precision = args.peak, nil, args.precision
  if peak ~= nil then
    peak = number_arg("hardware", args, "peak")
    if args.chip ~= nil then chip = args.chip end
  else
    if args.chip == nil then error("burden.flops.hardware: chip (or peak) is required", 2) end
    local hw = require "burden.hw"
    local ok, rec = true, args.chip
    if type(rec) ~= "table" then ok, rec = pcall(hw.lookup, args.chip) end
    if not ok then error((tostring(rec):gsub("^burden%.hw%.lookup", "burden.flops.hardware")), 2) end
    local ok2, p, used = pcall(hw.peak, rec, precision or "auto")
    if not ok2 then error((tostring(p):gsub("^burden%.hw%.peak", "burden.flops.hardware")), 2) end
    peak, chip, precision = p, rec.name, used
  end
  local flop = call_core(core.hardware, count, time, unit, peak, utilization)
  return setmetatable({ flop = flop, unit = "FLOP", chip = chip, precision = precision,
    peak = peak, count = count, seconds = seconds, utilization = utilization,
    method = string.format("hardware burden: %d x %s%.4g FLOP/s%s x %.6g s x %g", count,
      chip and (chip .. " at ") or "", peak, precision and (" " .. precision) or "", seconds,
      utilization) }, Result)
end

return flops
