-- burden.fit.multistart: Huber on log-residuals of the Chinchilla form, L-BFGS from a grid.
local fitnls = require "burden.fit.nls"
local ms = fitnls.multistart

local function chinchilla_data(path)
  local N, D, L = {}, {}, {}
  local first = true
  for line in io.lines(path) do
    if first then
      first = false
    else
      local f = {}
      for v in line:gmatch("[^,]+") do f[#f + 1] = v end
      local n, flop = tonumber(f[4]), tonumber(f[5])
      N[#N + 1], D[#D + 1], L[#L + 1] = n, flop / (6 * n), tonumber(f[7])
    end
  end
  return N, D, L
end

-- a synthetic law with known parameters
local N, D, L = {}, {}, {}
for i = 1, 60 do
  N[i] = 10 ^ (7 + (i % 10) * 0.3); D[i] = 10 ^ (9 + (i % 7) * 0.4)
  L[i] = 1.7 + 400 / N[i] ^ 0.34 + 1200 / D[i] ^ 0.3
end

describe("multistart", function()
  it("objective gradient matches central differences", function()
    local p = { 6, 7, 0.5, 0.3, 0.28 }
    local f, g = fitnls.multistart_objective({ x = { N, D }, y = L, delta = 1e-3 }, p)
    for j = 1, 5 do
      local h = 1e-6
      local q1, q2 = { table.unpack(p) }, { table.unpack(p) }
      q1[j] = q1[j] + h; q2[j] = q2[j] - h
      local f1 = fitnls.multistart_objective({ x = { N, D }, y = L, delta = 1e-3 }, q1)
      local f2 = fitnls.multistart_objective({ x = { N, D }, y = L, delta = 1e-3 }, q2)
      near(g[j], (f1 - f2) / (2 * h), 1e-5)
    end
    assert(f > 0)
  end)

  it("recovers a known law from a grid; the same whatever the thread count", function()
    local grid = { a = { 0, 5, 10 }, b = { 0, 5, 10 }, e = { -1, 0.5 }, alpha = { 0, 0.5 }, beta = { 0, 0.5 } }
    local r1 = ms{ x = { N, D }, y = L, grid = grid, threads = 1, keep = true }
    local r2 = ms{ x = { N, D }, y = L, grid = grid, threads = 2, keep = true }
    eq(r1.nstarts, 72)
    eq(r1.names, { "a", "b", "e", "alpha", "beta" })
    near(r1.E, 1.7, 1e-5); near(r1.A[1], 400, 1e-4); near(r1.B, 1200, 1e-4)
    near(r1.alpha[1], 0.34, 1e-5); near(r1.beta, 0.3, 1e-5)
    assert(r1.objective < 1e-12, r1.objective)
    assert(r1.nbest >= 1 and r1.nbest <= r1.nstarts)
    eq(r1.runs.obj, r2.runs.obj)
    eq(r1.runs.params, r2.runs.params)
    eq(r1.coef, r2.coef)
    near(r1.predict({ { 1e9 }, { 1e11 } })[1], 1.7 + 400 / 1e9 ^ 0.34 + 1200 / 1e11 ^ 0.3, 1e-6)
  end)

  it("fits the Chinchilla data (approach 3) to the optimum scipy finds", function()
    local path = need_file("../shared/data/chinchilla/svg_extracted_data.csv")
    local n, d, l = chinchilla_data(path)
    eq(#n, 245)
    local grid = { a = { 0, 10, 20 }, b = { 0, 10, 20 }, e = { -1, 1 }, alpha = { 0, 1 }, beta = { 0, 1 } }
    local r = ms{ x = { n, d }, y = l, grid = grid, delta = 1e-3 }
    -- scipy's L-BFGS-B, best over the full 4,500-start grid subset (tests/bench/chinchilla.peer.py)
    assert(r.objective <= 0.00182601052353 * (1 + 1e-6), string.format("%.12g", r.objective))
    near(r.alpha[1], 0.3493, 1e-3); near(r.beta, 0.4530, 1e-3); near(r.E, 1.8913, 1e-3)
  end)

  it("rejects bad input", function()
    assert_error("multistart: 'y' has a non-positive value at row 2", ms,
      { x = { 1, 2, 3, 4 }, y = { 1, -1, 1, 1 }, grid = { a = 1, e = 0, alpha = 1 } })
    assert_error("'grid' names an unknown parameter 'gamma'", ms,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 1, 1 }, grid = { a = 1, e = 0, alpha = 1, gamma = 2 } })
    assert_error("start 1 must have 3 numbers (a, e, alpha)", ms,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 1, 1 }, starts = { { 1, 2 } } })
    assert_error("'delta' must be a positive number", ms,
      { x = { 1, 2, 3, 4 }, y = { 1, 2, 1, 1 }, starts = { { 1, 2, 3 } }, delta = 0 })
  end)
end)
