--- burden.suggest: "did you mean ...?" for unknown names (columns, chips, functions).
local M = {}

--- Levenshtein distance between two byte strings (insertions, deletions, substitutions).
function M.distance(a, b)
  if a == b then return 0 end
  local row = {}
  for j = 0, #b do row[j] = j end
  for i = 1, #a do
    local diag = row[0]
    row[0] = i
    local ca = a:byte(i)
    for j = 1, #b do
      local up = row[j]
      local best = diag + (ca == b:byte(j) and 0 or 1)
      if up + 1 < best then best = up + 1 end
      if row[j - 1] + 1 < best then best = row[j - 1] + 1 end
      row[j] = best
      diag = up
    end
  end
  return row[#b]
end

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
