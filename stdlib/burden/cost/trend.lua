--- burden.cost.trend: price-performance trends of chips, log10(FLOP/s per USD or per W)
-- on release year, fitted by least squares over data/hardware.csv (burden.hw's records)
-- or Epoch AI's chip file (read by burden.import.epoch_chips).
local core = require "burden.core.cost"
local hw = require "burden.hw"
local tables = require "burden.cost.tables"
local import_epoch = require "burden.import.epoch"

local check_options = require("burden.options").check
local known_list, PRECISIONS = tables.known_list, tables.PRECISIONS
local decimal_year = tables.decimal_year

-- Options of trend (burden.options rejects any other key).
local OPTS = {
  trend = { "metric", "precision", "chips", "type", "from", "to", "level" },
}

local impl = {}

-- burden.hw's precisions -> the columns of Epoch's chip file as burden.import reads it
local EPOCH_PRECISION = {
  fp64 = "fp64", fp32 = "fp32", fp16 = "fp16", tf32 = "tf32", tensor_fp16 = "tensor_fp16",
  bf16 = "tensor_fp16", fp8 = "fp8",
}

-- Epoch's chip file through burden.import's reader (the one that knows its columns):
-- a frame, else nil and the reader's message. An error (a missing column, a bad date)
-- loses the reader's position: it is the file's fault, raised at the caller's line.
local function epoch_chips(path)
  local ok, frame, msg = pcall(import_epoch.epoch_chips, path)
  if not ok then error((tostring(frame):gsub("^[^\n]-:%d+: ", "")), 0) end
  if not frame then return nil, (msg:gsub("^import%.epoch_chips: ", "")) end
  return frame
end

local function trend_points(fname, opts, metric, precision)
  local points = {}
  if opts.chips then
    if not EPOCH_PRECISION[precision] then
      error(string.format("%s: precision '%s' is not in Epoch's chip file (known: %s)", fname,
        precision, known_list(EPOCH_PRECISION)), 0)
    end
    local frame, msg = epoch_chips(opts.chips)
    if not frame then return nil, msg end
    local names, types, dates = frame:col("name"), frame:col("type"), frame:col("release_date")
    local rates = frame:col(EPOCH_PRECISION[precision])
    local denoms = frame:col(metric == "flop_per_usd" and "price_usd" or "tdp_w")
    for i = 1, frame:nrow() do
      local rate, denom = rates[i], denoms[i]
      local year = decimal_year(dates[i])
      if (opts.type == nil or types[i] == opts.type) and rate and rate > 0 and denom and
         denom > 0 and year then
        points[#points + 1] = { name = ((names[i] or ""):gsub("%s+$", "")), year = year,
                                value = rate / denom }
      end
    end
    return points, opts.chips
  end
  for _, r in ipairs(hw.records()) do
    local rate = r[precision]
    local denom
    if metric == "flop_per_usd" then denom = r.launch_price_usd else denom = r.tdp_w end
    local year = decimal_year(r.release_date)
    if rate and rate > 0 and denom and denom > 0 and year and
       (opts.type == nil or r.type == opts.type) then
      points[#points + 1] = { name = r.name, year = year, value = rate / denom }
    end
  end
  local path = hw.source()
  return points, path
end

--- Price-performance trend: log10(FLOP/s per USD or per W) on release year.
-- impl.trend{ metric = "flop_per_usd" | "flop_per_watt", precision = "fp32", chips = PATH
-- (Epoch's chips.csv; default data/hardware.csv), type = "GPU", from =, to =, level = 0.95 }
function impl.trend(opts)
  local fname = "cost.trend"
  opts = opts or {}
  if type(opts) ~= "table" then
    error("bad argument #1 to 'trend' (table expected, got " .. type(opts) .. ")", 0)
  end
  check_options(fname, opts, OPTS.trend)
  local metric = opts.metric or "flop_per_usd"
  if metric ~= "flop_per_usd" and metric ~= "flop_per_watt" then
    error(string.format("%s: unknown metric '%s' (known: flop_per_usd, flop_per_watt)", fname,
      tostring(metric)), 0)
  end
  local precision = opts.precision or "fp32"
  if not PRECISIONS[precision] then
    error(string.format("%s: unknown precision '%s' (known: %s)", fname, tostring(precision),
      known_list(PRECISIONS)), 0)
  end
  local points, source = trend_points(fname, opts, metric, precision)
  if not points then return nil, source end
  local x, y, kept = {}, {}, {}
  table.sort(points, function(a, b)
    if a.year ~= b.year then return a.year < b.year end
    return a.name < b.name
  end)
  for _, p in ipairs(points) do
    if (not opts.from or p.year >= opts.from) and (not opts.to or p.year < opts.to + 1) then
      x[#x + 1] = p.year
      y[#y + 1] = math.log(p.value, 10)
      kept[#kept + 1] = p
    end
  end
  if #x < 3 then
    error(string.format("%s: only %d chips with %s and a release date", fname, #x, metric), 0)
  end
  local level = opts.level or 0.95
  local fit = require("burden.fit").ols{ x = x, y = y }
  local ci = fit:confint(level)
  local b0, b1 = fit.coef[1], fit.coef[2]
  return {
    metric = metric, precision = precision, source = source, n = fit.n,
    slope = b1, slope_lo = ci.lwr[2], slope_hi = ci.upr[2], se_slope = fit.se[2],
    intercept = b0, r2 = fit.r2, sigma = fit.sigma, level = level, fit = fit,
    doubling_years = core.doubling_years(b1),
    -- the faster end of the slope gives the shorter doubling time
    doubling_lo = core.doubling_years(ci.upr[2]),
    doubling_hi = core.doubling_years(ci.lwr[2]),
    points = kept,
    predict = function(year) return 10 ^ (b0 + b1 * year) end,
  }
end

return impl
