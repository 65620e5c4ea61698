--- burden.cost.epoch: reads Epoch AI's hardware prices dataset (hardware_prices.csv),
-- whose rows cost.cloud_price and cost.estimate accept as `prices =`.
local data = require "burden.data"
local tables = require "burden.cost.tables"

local frame_rows, num = tables.frame_rows, tables.num

local impl = {}

--- Reads Epoch AI's hardware_prices.csv: rows {chip, date, vendor, location, on_demand,
-- one_year, three_year, purchase_usd, gpus, source, line}, or nil and a message.
function impl.read_hardware_prices(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'read_hardware_prices' (path expected)", 0)
  end
  local frame, msg = data.try_read_csv(path)
  if not frame then return nil, msg end
  for _, col in ipairs({ "Hardware model", "Price date", "Price per chip-hour (on-demand)" }) do
    if not frame:has(col) then
      error(string.format("%s:1: missing column '%s'", path, col), 0)
    end
  end
  local rows = frame_rows(frame)
  local out = { path = path }
  for _, r in ipairs(rows) do
    out[#out + 1] = {
      chip = r["Hardware model"], date = r["Price date"], vendor = r["Vendor"],
      location = r["Location"],
      on_demand = num(r["Price per chip-hour (on-demand)"]),
      one_year = num(r["Price per chip-hour (1-year CUD)"]),
      three_year = num(r["Price per chip-hour (3-year CUD)"]),
      purchase_usd = num(r["Price (hardware purchase)"]),
      gpus = num(r["Number of GPUs"]), source = r["Price source"],
    }
  end
  return out
end

return impl
