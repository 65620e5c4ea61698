--- burden.cost: from FLOP (or a planned run) to chip-hours, energy, CO2 and dollars,
-- with every constant named and sourced, several published methods side by side
-- (presets), Monte Carlo intervals, price-performance trends and projections.
--
-- The arithmetic lives in engine/core/cost.c (burden.core.cost); this module picks
-- constants from data/cost/*.csv and data/hardware.csv, applies the caller's
-- overrides, and records which constants were used and where they come from.
--
-- One module per job: tables (the curated tables and sourced lookups), methods (one
-- builder per preset), estimate, equivalents, epoch (Epoch AI's prices file), trend,
-- projection (when_affordable) and decompose. This file only exports their public
-- functions.
local cost = {}

-- Each module and the public functions it defines.
local PUBLIC = {
  { require "burden.cost.tables", { "presets", "constants", "priors", "prior", "cloud_price" } },
  { require "burden.cost.estimate", { "estimate", "estimate_each" } },
  { require "burden.cost.equivalents", { "equivalents" } },
  { require "burden.cost.epoch", { "read_hardware_prices" } },
  { require "burden.cost.trend", { "trend" } },
  { require "burden.cost.projection", { "when_affordable" } },
  { require "burden.cost.decompose", { "decompose" } },
}

-- The public functions are these, wrapped by burden.options (the one wrapper of the
-- public API): an error raised anywhere inside reads as coming from the caller's line
-- (`script.lua:12: cost.estimate: unknown chip ...`).
local wrap = require("burden.options").wrap
for _, part in ipairs(PUBLIC) do
  for _, name in ipairs(part[2]) do
    cost[name] = wrap(part[1][name])
  end
end

return cost
