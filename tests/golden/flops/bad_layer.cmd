# A kernel larger than its padded input: the error names the net, the layer path and the argument
$BURDEN -e 'local F = require("burden").flops
local net = F.sequential{ name = "small", input = { 3, 8, 8 },
  F.block{ name = "features", F.conv2d{ out_ch = 4, kernel = 3 }, F.conv2d{ name = "big", out_ch = 4, kernel = 9 } } }
net:count()'
