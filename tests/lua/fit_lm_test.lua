-- burden.fit linear models: formulas, results, errors, prediction, inverse prediction,
-- robust fits, bootstrap and model comparison.
local fit = require("burden").fit
local vector = require "burden.core.vector"

local function line_data(n, seed, slope, noise)
  math.randomseed(seed)
  local x, y = {}, {}
  for i = 1, n do
    x[i] = i / n * 10
    y[i] = 2 + slope * x[i] + noise * (math.random() - 0.5)
  end
  return { x = x, y = y }
end

-- A stand-in for a frame of the data layer: names(), col(name), nrow(); a text column
-- answering #col and col[i].
local function fake_frame(cols, n)
  local names = {}
  for k in pairs(cols) do names[#names + 1] = k end
  table.sort(names)
  local frame = {}
  function frame:names() return names end
  function frame:col(name) return cols[name] end
  function frame:nrow() return n end
  return setmetatable(frame, { __name = "fake.frame" })
end

local function text_column(values, n)
  return setmetatable({}, { __len = function() return n end, __index = function(_, i) return values[i] end })
end

describe("formula", function()
  local d = line_data(30, 1, 0.5, 1)

  it("drops the intercept with 0 + and - 1", function()
    local a = fit.lm(d, "y ~ 0 + x")
    local b = fit.lm(d, "y ~ x - 1")
    eq(a.names, { "x" })
    eq(b.names, { "x" })
    eq(a.coef[1], b.coef[1])
    eq(a.intercept, false)
    local o = fit.ols{ x = d.x, y = d.y, intercept = false }
    near(o.coef[1], a.coef[1], 1e-14)
    -- R^2 of a model without intercept is against zero
    local ss, ssy = 0, 0
    for i, y in ipairs(d.y) do ss = ss + (y - a.coef[1] * d.x[i]) ^ 2; ssy = ssy + y * y end
    near(a.r2, 1 - ss / ssy, 1e-12)
  end)

  it("evaluates transforms and I() arithmetic", function()
    local m = fit.lm(d, "log(y) ~ log2(x) + sqrt(x) + I(x^2 + 1) + exp(x / 10) + log(x, 10)")
    eq(m.names, { "(Intercept)", "log2(x)", "sqrt(x)", "I(x^2 + 1)", "exp(x / 10)", "log(x, 10)" })
    -- log(x, 10) is log2(x) times a constant: aliased, named, not silently wrong
    eq(m.status, "rank_deficient")
    eq(m.aliased, { "log(x, 10)" })
    assert(m.coef[6] ~= m.coef[6])
  end)

  it("expands poly(x, k) into raw powers", function()
    local m = fit.lm(d, "y ~ poly(x, 3)")
    local cols = { {}, {}, {} }
    for i, x in ipairs(d.x) do cols[1][i], cols[2][i], cols[3][i] = x, x ^ 2, x ^ 3 end
    local o = fit.ols{ x = cols, y = d.y }
    for j = 1, 4 do near(m.coef[j], o.coef[j], 1e-10) end
    eq(m.names[4], "poly(x, 3)3")
  end)

  it("codes text columns as treatment factors with a selectable reference", function()
    local g = {}
    for i = 1, 30 do g[i] = ({ "b", "a", "c" })[i % 3 + 1] end
    local data = { x = d.x, y = d.y, g = g }
    local m = fit.lm(data, "y ~ x + g")
    eq(m.names, { "(Intercept)", "x", "gb", "gc" })
    eq(m.factors.g.ref, "a")
    local r = fit.lm(data, "y ~ x + g", { ref = { g = "c" } })
    eq(r.names, { "(Intercept)", "x", "ga", "gb" })
    near(r.coef[2], m.coef[2], 1e-12)
    near(r.coef[3], -m.coef[4], 1e-10) -- a vs c is minus (c vs a)
    near(r.sigma, m.sigma, 1e-12)
    -- without an intercept the first factor keeps every level
    local z = fit.lm(data, "y ~ 0 + g + x")
    eq(z.names, { "ga", "gb", "gc", "x" })
    assert_error("reference level 'zz' is not a level of column 'g'", fit.lm, data, "y ~ g", { ref = { g = "zz" } })
  end)

  it("codes interactions (':' and '*') as R does: names and estimates match lm", function()
    local r = peer.rscript()
    math.randomseed(77)
    local n = 48
    local data = { x = {}, y = {}, g = {}, h = {} }
    for i = 1, n do
      data.x[i] = 0.5 + math.random() * 4
      data.g[i] = ({ "u", "v", "w" })[(i % 3) + 1]
      data.h[i] = ({ "lo", "hi" })[(i // 3) % 2 + 1]
      data.y[i] = 1 + data.x[i] * ((data.g[i] == "v") and 2 or 1) + (data.h[i] == "hi" and 0.5 or 0) + math.random()
    end
    local csv = { "x,y,g,h\n" }
    for i = 1, n do csv[#csv + 1] = string.format("%.17g,%.17g,%s,%s\n", data.x[i], data.y[i], data.g[i], data.h[i]) end
    local formulas = { "y ~ x * g", "y ~ x:g", "y ~ 0 + g + x:g", "y ~ g * h", "y ~ x + g:h",
      "y ~ log(x) * g - g", "y ~ x * g * h", "y ~ 0 + g:h" }
    local script = { "d <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = TRUE)" }
    for _, fm in ipairs(formulas) do
      script[#script + 1] = string.format("m <- lm(%s, d); cat(paste(names(coef(m)), collapse = '|'), '\\n'); " ..
        "cat(sprintf('%%.17g', coef(m)), '\\n')", fm)
    end
    local out = peer.run(r, table.concat(script, "\n") .. "\n", { table.concat(csv) })
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert(#lines == 2 * #formulas, "R output: " .. out)
    for k, fm in ipairs(formulas) do
      local m = fit.lm(data, fm)
      local rnames = {}
      for nm in lines[2 * k - 1]:gmatch("[^|%s]+") do rnames[#rnames + 1] = nm end
      if table.concat(m.names, "|") ~= table.concat(rnames, "|") then error(fm .. ": " .. table.concat(m.names, "|") .. " vs R " .. table.concat(rnames, "|")) end
      local j = 0
      for v in lines[2 * k]:gmatch("%S+") do
        j = j + 1
        local r = tonumber(v) or 0 / 0 -- "NA": aliased in R
        if r ~= r then assert(m.coef[j] ~= m.coef[j], fm .. ": " .. m.names[j] .. " should be aliased")
        else near(m.coef[j], r, 1e-9) end
      end
      eq(j, #m.names)
      -- new data go through the same coding
      local pr = m:predict{ newdata = data }
      for i = 1, n do near(pr.fit[i], m.fitted[i], 1e-9) end
    end
  end)

  it("an empty cell of a factor interaction is aliased, not an error", function()
    local d = { y = { 1, 2, 3, 4, 5, 6, 7.5 }, g = { "a", "a", "b", "b", "c", "c", "a" },
                h = { "p", "q", "p", "q", "p", "p", "q" } }
    local m = fit.lm(d, "y ~ g * h")
    eq(m.names, { "(Intercept)", "gb", "gc", "hq", "gb:hq", "gc:hq" })
    eq(m.status, "rank_deficient")
    eq(m.aliased, { "gc:hq" })
  end)

  it("reads frames: vectors with missing values and text columns", function()
    local n = 12
    local x, y = vector.new(n), vector.new(n)
    local g = {}
    for i = 1, n do x[i] = i; y[i] = 3 * i + (i % 2); g[i] = i % 2 == 0 and "even" or "odd" end
    x[4] = nil
    y[7] = nil
    g[9] = nil
    local frame = fake_frame({ x = x, y = y, g = text_column(g, n) }, n)
    local w = vector.new(n)
    for i = 1, n do w[i] = 1 + i % 3 end
    w[11] = nil
    local wf = fake_frame({ x = x, y = y, w = w }, n)
    local mw = fit.lm(wf, "y ~ x", { weights = "w" })
    eq(mw.n, 9)
    eq(mw.n_dropped, 3)
    local m = fit.lm(frame, "y ~ x + g")
    eq(m.n, 9)
    eq(m.n_dropped, 3)
    eq(m.names, { "(Intercept)", "x", "godd" })
    near(m.coef[2], 3, 1e-12)
    near(m.coef[3], 1, 1e-12)
    assert(tostring(m):find("(3 observations deleted due to missingness)", 1, true))
    -- ols with vectors drops missing rows too
    local o = fit.ols{ x = x, y = y }
    eq(o.n, 10)
    eq(o.n_dropped, 2)
  end)
end)

describe("bad input", function()
  local d = { error = { 0.3, 0.2, 0.1, 0.05 }, x = { 1, 2, 3, 4 } }

  it("names an unknown column and suggests the nearest", function()
    assert_error("lm: unknown column 'eror' in 'log10(eror) ~ x' (did you mean 'error'?)",
      fit.lm, d, "log10(eror) ~ x")
  end)

  it("points at the offending token", function()
    assert_error("lm: unexpected ')' at position 11 in 'y ~ log(x))'", fit.lm, d, "y ~ log(x))")
    assert_error("lm: unknown function 'lg' at position 5 in 'y ~ lg(x)'", fit.lm, d, "y ~ lg(x)")
    assert_error("'/' at position 7: operators between terms are not supported", fit.lm, d, "y ~ x / z")
    assert_error("lm: expected '~' at position", fit.lm, d, "error x")
    assert_error("bad argument #2 to 'lm' (formula expected, got nil)", fit.lm, d)
  end)

  it("reports log of a non-positive value with column and row, or drops it when asked", function()
    local bad = { error = { 0.3, 0.2, -0.1, 0.05, 0.01 }, x = { 1, 2, 3, 4, 5 } }
    assert_error("lm: log10 of a non-positive value (-0.1) in column 'error' at row 3 in 'log10(error) ~ x'",
      fit.lm, bad, "log10(error) ~ x")
    local m = fit.lm(bad, "log10(error) ~ x", { invalid = "drop" })
    eq(m.n, 4)
    eq(m.n_invalid, 1)
  end)

  it("refuses too few rows, constant regressors, all-missing columns, NaN and Inf", function()
    assert_error("lm: 2 rows for 3 coefficients in 'y ~ a + b'", fit.lm, { y = { 1, 2 }, a = { 1, 2 }, b = { 3, 5 } }, "y ~ a + b")
    assert_error("lm: regressor 'c' is constant (5 in every used row) in 'y ~ x + c'",
      fit.lm, { y = { 1, 2, 3 }, x = { 1, 2, 4 }, c = { 5, 5, 5 } }, "y ~ x + c")
    local empty = vector.new(3)
    for i = 1, 3 do empty[i] = nil end
    assert_error("lm: column 'm' has no values (all missing) in 'y ~ m'", fit.lm,
      fake_frame({ y = vector.new({ 1, 2, 3 }), m = empty }, 3), "y ~ m")
    assert_error("lm: non-finite value (nan) in column 'x' at row 2", fit.lm, { y = { 1, 2, 3 }, x = { 1, 0 / 0, 3 } }, "y ~ x")
    assert_error("lm: non-finite value (inf) in column 'x' at row 3", fit.lm, { y = { 1, 2, 3 }, x = { 1, 2, math.huge } }, "y ~ x")
    assert_error("ols: non-finite value (inf) in 'x' at row 2", fit.ols, { y = { 1, 2, 3 }, x = { 1, math.huge, 3 } })
    assert_error("ols: non-finite value (nan) in 'y' at row 1", fit.ols, { y = { 0 / 0, 2, 3 }, x = { 1, 2, 3 } })
    assert_error("lm: factor 'g' has a single level ('a') in the used rows", fit.lm,
      { y = { 1, 2, 3 }, x = { 1, 2, 4 }, g = { "a", "a", "a" } }, "y ~ x + g")
    assert_error("lm: regressor 'z' is constant (0 in every used row) in 'y ~ 0 + z'", fit.lm, { y = { 1, 2, 3 }, z = { 0, 0, 0 } }, "y ~ 0 + z")
    assert_error("ols: x has 2 values, y has 3", fit.ols, { y = { 1, 2, 3 }, x = { 1, 2 } })
    assert_error("bad argument #1 to 'ols' (table with x and y expected)", fit.ols, 5)
  end)
end)

describe("results", function()
  it("reports rank deficiency with the aliased names and R's estimates for the rest", function()
    local d = line_data(20, 2, 1, 1)
    d.x2 = {}
    for i, x in ipairs(d.x) do d.x2[i] = 2 * x end
    local m = fit.lm(d, "y ~ x + x2")
    local s = fit.lm(d, "y ~ x")
    eq(m.status, "rank_deficient")
    eq(m.aliased, { "x2" })
    eq(m.rank, 2)
    eq(m.df, 18)
    near(m.coef[2], s.coef[2], 1e-12)
    near(m.se[2], s.se[2], 1e-12)
    assert(m.coef[3] ~= m.coef[3])
    assert(tostring(m):find("1 not defined because of singularities", 1, true))
    -- predictions ignore the aliased column, as R's do
    near(m:predict{ newdata = { x = { 3 }, x2 = { 6 } } }.fit[1], s:predict{ x = { 3 } }.fit[1], 1e-12)
  end)

  it("prints an R-like summary", function()
    local m = fit.lm(line_data(25, 3, 0.4, 1), "y ~ x")
    local text = tostring(m)
    assert(text:find("Call: lm(y ~ x)", 1, true))
    assert(text:find("Coefficients:", 1, true))
    assert(text:find("(Intercept)", 1, true))
    assert(text:find("Residual standard error: [%d.]+ on 23 degrees of freedom"))
    assert(text:find("Multiple R-squared:", 1, true))
    assert(text:find("F-statistic:", 1, true))
  end)

  it("predicts the training rows and new x with R's intervals", function()
    local d = line_data(40, 4, 0.3, 2)
    local m = fit.ols{ x = d.x, y = d.y }
    local all = m:predict()
    for i = 1, 40 do near(all.fit[i], m.fitted[i], 1e-12) end
    local p = m:predict{ x = { 1, 5 }, interval = "prediction", level = 0.9 }
    local c = m:predict{ x = { 1, 5 }, interval = "confidence", level = 0.9 }
    local t = require("burden.core.lm").qt(0.95, 38)
    for i = 1, 2 do
      near(c.upr[i] - c.fit[i], t * c.se_fit[i], 1e-12)
      near(p.upr[i] - p.fit[i], t * math.sqrt(c.se_fit[i] ^ 2 + m.sigma ^ 2), 1e-12)
    end
    assert_error("predict: x has 2 columns, the model 1 regressor", m.predict, m, { x = { { 1 }, { 2 } } })
  end)

  it("inverts a straight line with Fieller's interval", function()
    local d = line_data(30, 5, -0.8, 1)
    local m = fit.ols{ x = d.x, y = d.y }
    local inv = m:inverse{ y = -2, level = 0.95 }
    near(inv.x, (-2 - m.coef[1]) / m.coef[2], 1e-14)
    assert(inv.bounded)
    eq(inv.shape, "interval")
    assert(inv.method:find("Fieller", 1, true))
    -- at each end the confidence band of the line passes through the target
    local b = m:predict{ x = { inv.lwr, inv.upr }, interval = "confidence" }
    local ends = { b.lwr[1], b.upr[1], b.lwr[2], b.upr[2] }
    local hits = 0
    for _, v in ipairs(ends) do if math.abs(v - (-2)) < 1e-9 then hits = hits + 1 end end
    eq(hits, 2)
    assert(inv.lwr < inv.x and inv.x < inv.upr)
    local pinv = m:inverse{ y = -2, interval = "prediction" }
    assert(pinv.lwr < inv.lwr and pinv.upr > inv.upr)
    -- a slope that is not significant: the set is unbounded
    local flat = line_data(12, 6, 0.01, 5)
    local f = fit.ols{ x = flat.x, y = flat.y }
    local fi = f:inverse{ y = 10 }
    eq(fi.bounded, false)
    assert(fi.shape == "complement" or fi.shape == "all")
    eq(fi.upr, math.huge)
    assert_error("inverse: needs a straight line", fit.lm(d, "y ~ poly(x, 2)").inverse, fit.lm(d, "y ~ poly(x, 2)"), { y = 1 })
  end)
end)

describe("robust", function()
  it("down-weights outliers (bisquare, huber)", function()
    local d = line_data(40, 7, 1.5, 0.5)
    d.y[5], d.y[20], d.y[33] = 80, -60, 90
    local o = fit.ols{ x = d.x, y = d.y }
    for _, method in ipairs({ "bisquare", "huber" }) do
      local r = fit.robust{ x = d.x, y = d.y, method = method }
      eq(r.method, method)
      assert(r.converged)
      assert(math.abs(r.coef[2] - 1.5) < 0.1, method .. " slope " .. r.coef[2])
      assert(r.weights[5] < 0.2 and r.weights[20] < 0.2)
    end
    assert(math.abs(o.coef[2] - 1.5) > 0.1)
    local rf = fit.robust(d, "y ~ x", { method = "huber" })
    near(rf.coef[2], fit.robust{ x = d.x, y = d.y, method = "huber" }.coef[2], 1e-12)
    assert_error("robust: unknown method 'tukey'", fit.robust, { x = d.x, y = d.y, method = "tukey" })
  end)

  it("agrees with R's MASS::rlm to 1% (GSL adjusts residuals for leverage, MASS does not)", function()
    local rscript = peer.rscript{ "MASS" }
    local d = line_data(50, 5, 0.5, 1)
    d.y[7], d.y[30] = 15, -8
    local csv = { "x,y\n" }
    for i = 1, 50 do csv[#csv + 1] = string.format("%.17g,%.17g\n", d.x[i], d.y[i]) end
    local out = peer.run(rscript, [=[suppressMessages(library(MASS)); d <- read.csv(commandArgs(TRUE)[1]); cat(sprintf("%.17g", c(coef(rlm(y ~ x, d)), coef(rlm(y ~ x, d, psi = psi.bisquare)))))]=],
      { table.concat(csv) })
    local r = {}
    for v in out:gmatch("%S+") do r[#r + 1] = tonumber(v) end
    local h = fit.robust{ x = d.x, y = d.y, method = "huber" }
    local b = fit.robust{ x = d.x, y = d.y, method = "bisquare" }
    near(h.coef[1], r[1], 1e-2); near(h.coef[2], r[2], 1e-2)
    near(b.coef[1], r[3], 1e-2); near(b.coef[2], r[4], 1e-2)
  end)
end)

describe("bootstrap", function()
  local d = line_data(200, 8, 0.7, 2)
  local m = fit.ols{ x = d.x, y = d.y }

  it("gives the same resamples whatever the thread count, in C and in Lua", function()
    local a = fit.bootstrap{ model = m, statistic = "slope", B = 300, threads = 1, seed = 11 }
    local b = fit.bootstrap{ model = m, statistic = "slope", B = 300, threads = 2, seed = 11 }
    local c = fit.bootstrap{ model = m, statistic = function(mb) return mb.coef[2] end, B = 300, seed = 11 }
    eq(a.t, b.t)
    for i = 1, 300 do near(c.t[i], a.t[i], 1e-10) end
    near(c.bca.lwr, a.bca.lwr, 1e-9)
    eq(a.engine, "c"); eq(c.engine, "lua")
    local other = fit.bootstrap{ model = m, statistic = "slope", B = 300, seed = 12 }
    assert(other.t[1] ~= a.t[1])
    -- the default seed is the run's seed
    eq(fit.bootstrap{ model = m, statistic = "slope", B = 50 }.seed, require("burden").seed())
  end)

  it("percentile and BCa intervals match R's boot.ci on the same resamples", function()
    local r = fit.bootstrap{ model = m, statistic = "slope", B = 2000, level = 0.9 }
    -- the bootstrap standard error is close to the classical one here
    assert(math.abs(r.se / m.se[2] - 1) < 0.15, "se ratio " .. r.se / m.se[2])
    assert(r.percentile.lwr < m.coef[2] and m.coef[2] < r.percentile.upr)
    eq(#r.jackknife, m.n)
    local rscript = peer.rscript{ "boot" }
    local tf, lf = {}, {}
    for _, v in ipairs(r.t) do tf[#tf + 1] = string.format("%.17g\n", v) end
    for _, v in ipairs(r.jackknife) do lf[#lf + 1] = string.format("%.17g\n", v) end
    -- jackknife influence values L_i = (n - 1) (mean - t_(-i)), as boot's empinf(type = "jack")
    local out = peer.run(rscript, string.format([=[a <- commandArgs(TRUE); t <- scan(a[1], quiet = TRUE); j <- scan(a[2], quiet = TRUE); L <- (length(j) - 1) * (mean(j) - j); cat(sprintf("%%.17g", c(boot:::perc.ci(t, conf = 0.9)[4:5], boot:::bca.ci(NULL, conf = 0.9, t0 = %.17g, t = t, L = L)[4:5])))]=], r.t0),
      { table.concat(tf) }, { table.concat(lf) })
    local v = {}
    for x in out:gmatch("%S+") do v[#v + 1] = tonumber(x) end
    assert(#v == 4, "R output: " .. out)
    near(r.percentile.lwr, v[1], 1e-12); near(r.percentile.upr, v[2], 1e-12)
    near(r.bca.lwr, v[3], 1e-12); near(r.bca.upr, v[4], 1e-12)
  end)

  it("agrees between C and Lua for several regressors and for residual resampling", function()
    local z = {}
    for i = 1, 200 do z[i] = math.sin(i) end
    local m2 = fit.ols{ x = { d.x, z }, y = d.y }
    for _, method in ipairs({ "case", "residual" }) do
      local a = fit.bootstrap{ model = m2, statistic = "coef", B = 200, threads = 1, seed = 5, method = method }
      local b = fit.bootstrap{ model = m2, statistic = "coef", B = 200, threads = 2, seed = 5, method = method }
      local c = fit.bootstrap{ model = m2, statistic = function(mb) return mb.coef end, B = 200, seed = 5,
        method = method }
      eq(a.t, b.t)
      for i = 1, 200 do
        for j = 1, 3 do near(c.t[i][j], a.t[i][j], 1e-9) end
      end
      for j = 1, 3 do near(c.bca.lwr[j], a.bca.lwr[j], 1e-9) end
    end
  end)

  it("resamples residuals, whole coefficient vectors, inverse predictions and any data", function()
    local r = fit.bootstrap{ model = m, statistic = "coef", B = 500, method = "residual" }
    eq(#r.se, 2)
    assert(math.abs(r.se[2] / m.se[2] - 1) < 0.15)
    local inv = fit.bootstrap{ model = m, statistic = "inverse", target = 5, B = 500 }
    near(inv.t0, m:inverse{ y = 5 }.x, 1e-14)
    local mean = fit.bootstrap{ data = { v = d.y }, B = 300, statistic = function(s)
      local t = 0
      for _, v in ipairs(s.v) do t = t + v end
      return t / #s.v
    end }
    assert(mean.percentile.lwr < mean.t0 and mean.t0 < mean.percentile.upr)
    -- resampled frames keep missing values in place (the sample is a minimal frame)
    local n = 30
    local x, y = vector.new(n), vector.new(n)
    for i = 1, n do x[i] = i; y[i] = 2 * i + (i % 3) end
    x[5] = nil
    local frame = fake_frame({ x = x, y = y }, n)
    local seen = fit.bootstrap{ data = frame, B = 20, bca = false, statistic = function(sm)
      eq(sm:nrow(), n)
      local mm = fit.lm(sm, "y ~ x")
      return mm.n + mm.n_dropped
    end }
    for _, v in ipairs(seen.t) do eq(v, n) end
    assert_error("model: a burden.fit.lm or ols result expected", fit.bootstrap,
      { model = fit.robust{ x = d.x, y = d.y }, statistic = "slope" })
    assert_error("bootstrap: unknown statistic 'slop' (did you mean 'slope'?)", fit.bootstrap, { model = fit.lm(d, "y ~ x"), statistic = "slop" })
  end)
end)

describe("comparison", function()
  local d = line_data(60, 9, 0.5, 2)
  d.z = {}
  math.randomseed(99)
  for i = 1, 60 do d.z[i] = math.random() end
  d.year = {}
  for i = 1, 60 do d.year[i] = 2000 + (i - 1) // 6 end

  it("tabulates AIC, BIC, R2 and sigma", function()
    local a, b = fit.lm(d, "y ~ x"), fit.lm(d, "y ~ x + z")
    local t = fit.compare{ a, b }
    eq(#t.rows, 2)
    eq(t.rows[2].aic, b.aic)
    local text = tostring(t)
    assert(text:find("lm(y ~ x + z)", 1, true) and text:find("AIC", 1, true))
    assert_error("compare: 'lm(y ~ x)' and 'lm(log(y) ~ x)' are not fits of the same response", fit.compare,
      { a, fit.lm(d, "log(y) ~ x") })
  end)

  it("tests nested models with F (checked against R's anova)", function()
    local a, b = fit.lm(d, "y ~ x"), fit.lm(d, "y ~ x + z + I(z^2)")
    local t = fit.anova(a, b)
    eq(t.df1, 2)
    eq(t.df2, 56)
    near(t.f, ((a.rss - b.rss) / 2) / (b.rss / 56), 1e-12)
    local rscript = peer.rscript()
    local lines = {}
    for i = 1, 60 do lines[i] = string.format("%.17g,%.17g,%.17g", d.x[i], d.z[i], d.y[i]) end
    local out = peer.run(rscript, [=[d <- read.csv(commandArgs(TRUE)[1]); a <- anova(lm(y ~ x, d), lm(y ~ x + z + I(z^2), d)); cat(sprintf("%.17g", c(a$F[2], a[["Pr(>F)"]][2])))]=],
      { "x,z,y\n" .. table.concat(lines, "\n") .. "\n" })
    local rf, rp = out:match("(%S+) (%S+)")
    near(t.f, tonumber(rf), 1e-10)
    near(t.pvalue, tonumber(rp), 1e-9)
  end)

  it("cross-validates: leave-one-out by PRESS equals refitting, k-fold is reproducible", function()
    local loo = fit.cv{ data = d, formula = "y ~ x", k = "loo" }
    local sse = 0
    for i = 1, 60 do
      local train = { x = {}, y = {} }
      for k = 1, 60 do
        if k ~= i then train.x[#train.x + 1] = d.x[k]; train.y[#train.y + 1] = d.y[k] end
      end
      local mi = fit.ols(train)
      local e = d.y[i] - mi:predict{ x = { d.x[i] } }.fit[1]
      sse = sse + e * e
    end
    near(loo.mse, sse / 60, 1e-10)
    local k1 = fit.cv{ data = d, formula = "y ~ x", k = 5, seed = 3 }
    local k2 = fit.cv{ data = d, formula = "y ~ x", k = 5, seed = 3 }
    eq(k1.rmse, k2.rmse)
    eq(k1.n, 60)
  end)

  it("backtests out of time", function()
    local b = fit.backtest{ data = d, formula = "y ~ x", time = "year", at = 2006 }
    eq(b.n_train, 42)
    eq(b.n_test, 18)
    assert(b.rmse > 0)
    assert_error("backtest: unknown time column 'yaer' (did you mean 'year'?)", fit.backtest,
      { data = d, formula = "y ~ x", time = "yaer", at = 2006 })
  end)
end)
