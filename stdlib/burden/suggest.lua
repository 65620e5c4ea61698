--- burden.suggest: "did you mean ...?" for unknown names (columns, chips, functions).
local M = {}

--- Levenshtein distance between two byte strings (insertions, deletions, substitutions
-- of one byte): engine/core/editdist.c, the same distance csvread uses for column names.
M.distance = require("burden.core.text").edit_distance

--- The up to n (default 3) names closest to `want`, ignoring case; ties keep the
-- order of `names`. Returns an array, and the distance of the closest.
function M.closest(names, want, n)
  local scored = {}
  local lw = want:lower()
  for i, name in ipairs(names) do
    scored[#scored + 1] = { d = M.distance(name:lower(), lw), i = i, name = name }
  end
  table.sort(scored, function(a, b)
    if a.d ~= b.d then return a.d < b.d end
    return a.i < b.i
  end)
  local out = {}
  for k = 1, math.min(n or 3, #scored) do out[k] = scored[k].name end
  return out, scored[1] and scored[1].d
end

return M
