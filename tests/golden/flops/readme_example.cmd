# The burden.flops example of doc/api/flops.md, run with the values it shows (the docs block itself runs in tests/lua/docs_test.lua)
$BURDEN -e '
local F = require("burden").flops
local c = F.conv2d{ in_ch = 3, out_ch = 64, kernel = 11, stride = 4, padding = 2, input = { 224, 224 } }
print(c.macs, c.flops, c.params, F.shape_text(c.output))
local net = F.sequential{ name = "tiny", input = { 3, 32, 32 },
  F.conv2d{ out_ch = 16, kernel = 3, padding = 1 }, F.batchnorm(), F.relu(),
  F.residual{ name = "res", F.conv2d{ out_ch = 16, kernel = 3, padding = 1 }, F.relu() },
  F.global_avgpool(), F.flatten(), F.linear{ name = "fc", out_features = 10 } }
local r = net:count()
print(r.macs, r.flops, r.params)
print(r)
print(string.format("%.7g", F.training{ forward = 2 * 11.3e9, examples = 1.2e6, epochs = 128 }.flop))
print(string.format("%.3g", F.dense_transformer{ params = 175e9, tokens = 300e9 }.flop))
local h = F.hardware{ chip = "V100", count = 10000, hours = 355.2, utilization = 0.1968 }
print(string.format("%.4g", h.flop), h.precision, h.peak)
'
