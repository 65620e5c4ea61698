-- 6. Where the growth in compute came from: AlexNet (2 GTX 580 for 5.5 days) to the
-- NASNet-A search (500 P100 for 4 days) is about 1,000x more hardware burden, of which
-- only about 6x came from faster chips (Thompson et al., Sec. 4).
local burden = require "burden"

return function(s)
  local cost = burden.cost
  local base = cost.decompose("alexnet-nasnet")
  -- the same comparison with the P100's PCIe variant (9.3 TFLOP/s; the paper used 9.526)
  local pcie = cost.decompose{ from = base.from, to = { chip = "NVIDIA Tesla P100 PCIe",
    count = base.to.count, hours = base.to.hours, days = base.to.days }, precision = "fp32" }
  local rows = {}
  for _, d in ipairs({ { "P100 SXM2 (10.6 TFLOP/s)", base }, { "P100 PCIe (9.3 TFLOP/s)", pcie } }) do
    local r = d[2]
    rows[#rows + 1] = { variant = d[1], speed = r.speed, chips = r.chips, time = r.time,
      total = r.total, share = r.share and r.share.speed }
  end
  local t = burden.report.table{
    title = "Table 7. AlexNet to NASNet-A: growth in hardware burden by source",
    columns = {
      { key = "variant", title = "NASNet-A chips" },
      { key = "speed", title = "Faster chips", format = "%.1fx" },
      { key = "chips", title = "More chips", format = "%.0fx" },
      { key = "time", title = "Longer training", format = "%.2fx" },
      { key = "total", title = "Total", format = "%.0fx" },
      { key = "share", title = "Share from speed", format = "percent:0" },
    },
    rows = rows,
    notes = { "Speeds are FP32 peaks from data/hardware.csv; runs from " ..
      "data/cost/training_runs.csv. Share: the speed factor's part of log10(total)." },
  }
  s:table(t, "table7_hardware")
  return { title = "6. Hardware decomposition", table = t,
    text = "The paper: about 1,000x more compute from AlexNet to NASNet-A, of which only " ..
      "about 6x came from faster processors; the rest from more processors, used longer." }
end
