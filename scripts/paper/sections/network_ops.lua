-- 7. The same study with the network's own operations: FLOP per forward pass (from
-- the dataset's forward_flops) instead of the hardware burden.
local burden = require "burden"

return function(s)
  local domains = {}
  for _, name in ipairs(burden.domain.builtin) do
    local base = burden.domain.get(name)
    domains[#domains + 1] = burden.domain.define{ name = name .. "_forward",
      title = base.title, benchmark = base.benchmark, metric = base.metric,
      keep = base.keep, drop = base.drop, filter = base.filter, compute = "forward_flops", targets = base.targets }
  end
  local res = burden.analysis.run{ data = s.rows, domains = domains,
    hypotheses = s.HYPOTHESES, level = s.LEVEL, preset = s.PRESET }
  local t = burden.report.table{
    title = "Table 5. Error regressed on FLOP per forward pass",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "hypothesis", title = "Model" },
      { key = "n", title = "n", format = "%d" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "se_slope", title = "SE", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.2f" },
      { key = "k", title = "k", format = "%.1f" },
    },
    rows = res.fits,
  }
  if #res.skipped > 0 then
    local names = {}
    for _, sk in ipairs(res.skipped) do names[#names + 1] = sk.domain .. "/" .. sk.hypothesis end
    t.notes = { "Too few points with forward_flops to fit: " .. table.concat(names, ", ") .. "." }
  end
  s:table(t, "table5_network_ops")
  return { title = "7. Network operations per forward pass", table = t,
    text = "The paper's second measure of compute: the operations of one forward pass. " ..
      "Fewer models report it, so fewer points enter each fit." }
end
