-- Reading a generated 100 MB numeric CSV (see csv_numeric.setup.sh) into a frame.
local runtime = require "burden.core.runtime"
local data = require("burden").data
local c0 = os.clock() -- CPU time of the process, every thread
local t0 = runtime.clock()
local t = assert(data.read_csv("build/bench/numeric_1070k.csv"))
local seconds = runtime.clock() - t0
local cpu = os.clock() - c0
assert(t:nrow() == 1070000 and t:ncol() == 8, "unexpected shape")
print(string.format("seconds: %.6f", seconds))
print(string.format("cpu: %.6f", cpu))
