-- Made-up points for the tests of hypotheses and their crossings: n points on a falling
-- line in log-log with a little deterministic scatter, and n target errors below them.
local M = {}

--- Points as domain:points gives them: { n, error, compute, year, rows, model }.
function M.points(n)
  local p = { n = n, error = {}, compute = {}, year = {}, rows = {}, model = {} }
  for i = 1, n do
    p.compute[i] = 10 ^ (17 + i / 4)
    p.error[i] = 10 ^ (-0.3 - 0.02 * i + 0.01 * math.sin(i * 1.7))
    p.year[i] = 2010 + (i * 7) % 11
    p.rows[i], p.model[i] = i, "m" .. i
  end
  return p
end

--- n target errors, falling from about 0.36.
function M.targets(n)
  local t = {}
  for i = 1, n do t[i] = 0.4 / (1 + i / 10) end
  return t
end

return M
