--- burden.cost.decompose: compute growth between two training runs split into per-chip
-- speed x chip count x time (the hardware burden of each), as Thompson et al. do for
-- AlexNet to NASNet-A.
local core = require "burden.core.cost"
local hw = require "burden.hw"
local tables = require "burden.cost.tables"

local check_options = require("burden.options").check
local lookup_chip, source_of_chip = tables.lookup_chip, tables.source_of_chip
local named_rows, known_list = tables.named_rows, tables.known_list

-- Options of decompose (burden.options rejects any other key).
local OPTS = {
  decompose = { "from", "to", "precision" },
}

local impl = {}

local function run_of(fname, which, r, precision)
  if type(r) ~= "table" then
    error(string.format("%s: %s must be a table {chip =, count =, days = | hours =}", fname,
      which), 0)
  end
  local chip = lookup_chip(fname, r.chip)
  local peak, used = r.peak_flop_per_s, r.precision
  if not peak then
    local ok, v, p = pcall(hw.peak, chip, precision)
    if not ok then
      error(string.format("%s: %s: %s", fname, which,
        tostring(v):gsub("^[^\n]-:%d+: ", ""):gsub("^burden%.hw%.peak: ", "")), 0)
    end
    peak, used = v, p
  end
  local hours = r.hours or (r.days and r.days * 24)
  if type(r.count) ~= "number" or type(hours) ~= "number" then
    error(string.format("%s: %s needs count and days (or hours)", fname, which), 0)
  end
  -- the hardware burden, computed in one place (engine/core/flops.c)
  local ok, flop = pcall(require("burden.core.flops").hardware, r.count, hours, 3600, peak)
  if not ok then error(string.format("%s: %s: %s", fname, which, tostring(flop)), 0) end
  return { chip = chip.name, peak_flop_per_s = peak, precision = used, count = r.count,
           hours = hours, flop = flop,
           source = source_of_chip(chip, used or "caller's peak") }
end

--- Compute growth between two runs as per-chip speed x chip count x time (hardware burden).
-- impl.decompose{ from = {chip =, count =, days =}, to = {...}, precision = "auto" }, or
-- impl.decompose("alexnet-nasnet") for the paper's example (data/cost/training_runs.csv).
function impl.decompose(opts)
  local fname = "cost.decompose"
  if type(opts) == "string" then
    local by, path = named_rows("data/cost/training_runs.csv", "run", { "chips", "days" })
    local pairs_known = { ["alexnet-nasnet"] = { "AlexNet", "NASNet-A" } }
    local pair = pairs_known[opts]
    if not pair then
      error(string.format("%s: unknown example '%s' (known: %s)", fname, opts,
        known_list(pairs_known)), 0)
    end
    local function run(name)
      local r = by[name]
      return { chip = r.chip, count = r.chips, days = r.days, source = r.source,
               file = path }
    end
    -- the paper compares the chips' FP32 peaks (Thompson et al., Sec. 4)
    local res = impl.decompose{ from = run(pair[1]), to = run(pair[2]), precision = "fp32" }
    res.from.name, res.to.name = pair[1], pair[2]
    res.from.run_source, res.to.run_source = by[pair[1]].source, by[pair[2]].source
    return res
  end
  if type(opts) ~= "table" then
    error("bad argument #1 to 'decompose' (table or example name expected)", 0)
  end
  check_options(fname, opts, OPTS.decompose)
  local precision = opts.precision or "auto"
  local a = run_of(fname, "from", opts.from, precision)
  local b = run_of(fname, "to", opts.to, precision)
  local speed, count, time, total = core.decompose(a.peak_flop_per_s, a.count, a.hours,
    b.peak_flop_per_s, b.count, b.hours)
  local lt = math.log(total)
  return { from = a, to = b, speed = speed, chips = count, time = time, total = total,
           precision = precision,
           share = { speed = math.log(speed) / lt, chips = math.log(count) / lt,
                     time = math.log(time) / lt } }
end

return impl
