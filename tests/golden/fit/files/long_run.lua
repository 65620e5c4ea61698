-- A run far longer than the test waits for: a bootstrap (arg[1] = "bootstrap") or a
-- multi-start fit (arg[1] = "multistart"), each entirely inside one C call. It writes
-- arg[2] just before the call, so the test knows the C loop has started.
local burden = require "burden"
local what, marker = arg[1], arg[2]
local function started()
  local f = assert(io.open(marker, "w"))
  f:close()
end
if what == "bootstrap" then
  local x, y = {}, {}
  for i = 1, 100000 do x[i] = i; y[i] = 2 * i + (i % 7) end
  local m = burden.fit.ols{ x = x, y = y }
  started()
  burden.fit.bootstrap{ model = m, statistic = "coef", B = 1000000, bca = false, threads = 1 }
else
  local N, D, L = {}, {}, {}
  for i = 1, 20000 do
    N[i] = 1e6 * (1 + i % 97)
    D[i] = 1e9 * (1 + i % 89)
    L[i] = 1.7 + 400 / N[i] ^ 0.34 + 410 / D[i] ^ 0.28 + (i % 13) * 1e-3
  end
  local starts = {}
  for s = 1, 4000 do starts[s] = { 5 + s % 7, 5 + s % 5, 0.5, 0.3, 0.3 } end
  started()
  burden.fit.multistart{ x = { N, D }, y = L, starts = starts, threads = 1, maxiter = 100000 }
end
print("finished (not interrupted)")
