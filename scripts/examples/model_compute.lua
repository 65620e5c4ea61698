-- What the reference architectures cost: forward MACs and parameters of each
-- model in burden.models, then the paper's two compute measures for a few
-- famous training runs.
--   burden scripts/examples/model_compute.lua [out.md]
local burden = require "burden"
local F, M, hw = burden.flops, burden.models, burden.hw

print(string.format("%-16s %14s %14s %14s", "model", "params", "forward MACs", "per token"))
for _, name in ipairs(M.list()) do
  local c = M[name]():count()
  print(string.format("%-16s %14s %14s %14s", name, F.si(c.params), F.si(c.macs),
    c.per_token and F.si(c.per_token.macs) or "-"))
end

-- network operations (2 x MACs x 3 x examples x epochs) and hardware burden
-- (chips x peak x time), for runs whose numbers are published
local runs = {
  { "ResNet-152, 128 epochs of 1.2 M images",
    F.training{ macs = M.resnet152{ stride = "1x1" }:count().macs, examples = 1.2e6, epochs = 128 } },
  { "GPT-3, 300 B tokens", M.gpt3():training{ examples = 300e9 } },
  { "GPT-3, 6 N D", F.dense_transformer{ params = 175e9, tokens = 300e9 } },
  { "AlexNet, 2 GTX 580 x 5.5 days",
    F.hardware{ chip = "GTX 580", count = 2, days = 5.5, precision = "fp32" } },
  { "GPT-3, 10,000 V100 x 355.2 h x 0.1968",
    F.hardware{ chip = "V100", count = 10000, hours = 355.2, utilization = 0.1968 } },
}
print()
for _, run in ipairs(runs) do
  print(string.format("%-40s %10.3e FLOP  %s", run[1], run[2].flop, run[2].method))
end

-- the per-layer report of one model, written as Markdown when a path is given
if arg and arg[1] then
  assert(M.resnet50():count():write(arg[1], { max_depth = 2 }))
  print("\nwrote " .. arg[1])
end
