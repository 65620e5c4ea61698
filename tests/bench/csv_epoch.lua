-- Reading Epoch AI's Notable AI Models CSV (4 MB, quoted multi-line fields) into a frame.
local runtime = require "burden.core.runtime"
local data = require("burden").data
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = runtime.clock()
local t = assert(data.read_csv("../shared/data/epoch/all_ml_systems.csv"))
local seconds = runtime.clock() - t0
local cpu = os.clock() - c0
assert(t:nrow() == 1892 and t:ncol() == 57, "unexpected shape")
print(string.format("seconds: %.6f", seconds))
print(string.format("cpu: %.6f", cpu))
