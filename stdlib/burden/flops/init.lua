--- burden.flops: operation counts of networks, training runs and hardware.
--
-- Layers (`conv2d`, `linear`, `attention`, ...) describe one operation; called
-- with an `input` shape they count it at once. `sequential` chains layers with
-- shape propagation; `block`, `residual`, `concat`, `gate` and `rep` (also
-- `flops["repeat"]`) build structure; `net:count()` returns totals and
-- per-layer rows. Every formula lives in engine/core/flops.c; this module
-- only walks the structure, names rows and sums (with overflow checks).
-- Conventions (MAC vs FLOP, forward vs training, attention options) are in
-- README.md, "Counting conventions".
--
-- One module per job: layers (the layer kinds), net (structure, nets, count reports),
-- training (training compute and the hardware burden); shape holds their shared helpers.
-- This file only gathers their public functions into one table.
local flops = {}

for _, part in ipairs({ require "burden.flops.layers", require "burden.flops.net",
                        require "burden.flops.training" }) do
  for name, value in pairs(part) do
    assert(flops[name] == nil, name) -- one name, one module
    flops[name] = value
  end
end

return flops
