-- burden.fit.nls: formulas, Lua model functions, bounds, weights, families, bad input.
local fitnls = require "burden.fit.nls"
local nls = fitnls.nls
local formula = require "burden.fit.nlformula"

-- Misra1a (NIST StRD, certified values), written in so it needs no shared data
local MX = { 77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0 }
local MY = { 10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78 }
local CERT = { 2.3894212918E+02, 5.5015643181E-04 }
local CERT_SE = { 2.7070075241E+00, 7.2668688436E-06 }
local CERT_RSS = 1.2455138894E-01

describe("nls formula", function()
  it("fits Misra1a from an array start to NIST's certified values", function()
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 } }
    assert(m.converged, m.reason)
    eq(m.status, "converged")
    eq(m.names, { "b1", "b2" })
    near(m.coef[1], CERT[1], 1e-8)
    near(m.coef[2], CERT[2], 1e-8)
    near(m.par.b2, CERT[2], 1e-8)
    near(m:coefficients().b1, CERT[1], 1e-8)
    near(m.tvalue[1], CERT[1] / CERT_SE[1], 1e-6)
    near(m.se[1], CERT_SE[1], 1e-6)
    near(m.se[2], CERT_SE[2], 1e-6)
    near(m.rss, CERT_RSS, 1e-8)
    near(m.sigma, 1.0187876330E-01, 1e-8)
    eq(m.df, 12)
    eq(m.n, 14)
    near(m.vcov[1][1], CERT_SE[1] ^ 2, 1e-6)
    near(m.vcov[1][2], m.vcov[2][1], 1e-12)
    local b1, se1 = m:param("b1")
    near(b1, CERT[1], 1e-8); near(se1, CERT_SE[1], 1e-6)
    assert(m.iterations > 0)
    near(m.residuals[1], MY[1] - m.fitted[1], 1e-12)
  end)

  it("takes named pairs in any order and predicts", function()
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY,
                   start = { { "b2", 5e-4 }, { "b1", 250 } } }
    eq(m.names, { "b2", "b1" })
    near(m.coef[2], CERT[1], 1e-8)
    local p = m:predict{ 100, 200 }
    near(p[1], CERT[1] * (1 - math.exp(-CERT[2] * 100)), 1e-8)
    near(m:predict{ x = { 200 } }[1], p[2], 1e-14)
    near(m:predict()[3], m.fitted[3], 1e-14)
  end)

  it("reads variables from data and the response from the left-hand side", function()
    local m = nls{ model = "resp ~ b1 * (1 - exp(-b2 * conc))", data = { resp = MY, conc = MX },
                   start = { { "b1", 250 }, { "b2", 5e-4 } } }
    near(m.coef[1], CERT[1], 1e-8)
    local frame = { cols = { resp = MY, conc = MX } }
    function frame:col(name) return self.cols[name] end
    local m2 = nls{ model = "resp ~ b1 * (1 - exp(-b2 * conc))", data = frame, start = { 250, 5e-4 } }
    near(m2.coef[1], CERT[1], 1e-8)
    near(m2:predict{ data = { conc = { 77.6 } } }[1], m2.fitted[1], 1e-12)
  end)

  it("gives the same answer with finite differences and with acceleration", function()
    local fd = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 },
                    jacobian = "fd" }
    near(fd.coef[1], CERT[1], 1e-6)
    near(fd.se[1], CERT_SE[1], 1e-4)
    local acc = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 },
                     accel = true }
    near(acc.coef[1], CERT[1], 1e-8)
  end)

  it("keeps parameters inside bounds", function()
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 200, 5e-4 },
                   upper = { b1 = 220 } }
    assert(m.coef[1] <= 220 and m.coef[1] > 219.99, m.coef[1])
    local m2 = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 },
                    lower = { 0, 0 }, upper = { 1000, 1 } }
    near(m2.coef[1], CERT[1], 1e-7)
  end)

  it("moves a start on a bound just inside, so the parameter can still move", function()
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 },
                   lower = { b1 = 250 } }
    -- the optimum (238.9) is below the bound: b1 stays at it, b2 is refitted
    near(m.coef[1], 250, 1e-6)
    local m2 = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 200, 5e-4 },
                    lower = { b1 = 200 } }
    near(m2.coef[1], CERT[1], 1e-7)
    local m3 = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 1000, 5e-4 },
                    lower = { 0, 0 }, upper = { 1000, 1 } }
    near(m3.coef[1], CERT[1], 1e-7)
  end)

  it("weights observations (R's nls with weights)", function()
    -- with weights 1/x^2 the fit equals an unweighted fit of y/x on the model / x
    local w = {}
    for i, x in ipairs(MX) do w[i] = 1 / x ^ 2 end
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 }, weights = w }
    local yx = {}
    for i, x in ipairs(MX) do yx[i] = MY[i] / x end
    local m2 = nls{ model = "y ~ b1 * (1 - exp(-b2 * x)) / x", x = MX, y = yx, start = { 250, 5e-4 } }
    near(m.coef[1], m2.coef[1], 1e-8)
    near(m.rss, m2.rss, 1e-8)
    near(m.se[2], m2.se[2], 1e-6)
  end)
end)

describe("nls function model", function()
  it("fits Misra1a with and without a Jacobian", function()
    local f = function(x, p) return p[1] * (1 - math.exp(-p[2] * x)) end
    local m = nls{ model = f, x = MX, y = MY, start = { 250, 5e-4 } }
    near(m.coef[1], CERT[1], 1e-7)
    near(m.rss, CERT_RSS, 1e-8)
    eq(m.names, { "p1", "p2" })
    local jac = function(x, p) local e = math.exp(-p[2] * x) return { 1 - e, p[1] * x * e } end
    local mj = nls{ model = f, jacobian = jac, x = MX, y = MY, start = { { "b1", 250 }, { "b2", 5e-4 } } }
    near(mj.coef[1], CERT[1], 1e-8)
    near(mj.se[2], CERT_SE[2], 1e-6)
    eq(mj.names, { "b1", "b2" })
    near(mj:predict{ 100 }[1], CERT[1] * (1 - math.exp(-CERT[2] * 100)), 1e-8)
  end)

  it("passes rows when x is an array of columns", function()
    local m = nls{ model = function(r, p) return p[1] * (1 - math.exp(-p[2] * r[1])) + 0 * r[2] end,
                   x = { MX, MY }, y = MY, start = { 250, 5e-4 } }
    near(m.coef[1], CERT[1], 1e-7)
  end)
end)

describe("nls bad input", function()
  it("reports an error raised by the model function with its traceback", function()
    local function boom(x, p) error("model exploded") end
    local msg = assert_error("model exploded", nls, { model = boom, x = MX, y = MY, start = { 1, 2 } })
    assert(msg:find("stack traceback", 1, true), msg)
    assert(msg:find("nls_test.lua", 1, true), msg)
    -- and the same in the middle of the iterations, from the Jacobian function
    local calls = 0
    local f = function(x, p) return p[1] * (1 - math.exp(-p[2] * x)) end
    local jac = function(x, p)
      calls = calls + 1
      if calls > 30 then error("jacobian gave up") end
      return { 1 - math.exp(-p[2] * x), p[1] * x * math.exp(-p[2] * x) }
    end
    assert_error("jacobian gave up", nls, { model = f, jacobian = jac, x = MX, y = MY, start = { 250, 5e-4 } })
  end)

  it("rejects a model that returns a non-number", function()
    assert_error("model function returned string at observation 1 (number expected)", nls,
      { model = function() return "x" end, x = MX, y = MY, start = { 1 } })
  end)

  it("rejects non-finite model values at the start", function()
    assert_error("model value at observation 1 is", nls,
      { model = "y ~ b1 * log(b2 * x)", x = MX, y = MY, start = { 1, -1 } })
    assert_error("model value at observation 1 is inf", nls,
      { model = function(x, p) return 1 / 0 end, x = MX, y = MY, start = { 1 } })
  end)

  it("rejects a start of the wrong length", function()
    assert_error("'start' has 3 values but the model has 2 parameters (b1, b2)", nls,
      { model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 1, 2, 3 } })
    assert_error("unknown name 'b2'", nls,
      { model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { { "b1", 1 } } })
    assert_error("'start' is required", nls, { model = "y ~ b1 * x", x = MX, y = MY })
  end)

  it("rejects fewer points than parameters", function()
    assert_error("nls: 2 observations for 3 parameters (need at least 3)", nls,
      { model = "y ~ a + b * x + c * x^2", x = { 1, 2 }, y = { 1, 2 }, start = { 0, 0, 0 } })
  end)

  it("rejects bad data, bounds and formulas", function()
    assert_error("column 'x' has a non-finite value (nan) at row 2", nls,
      { model = "y ~ b * x", x = { 1, 0 / 0, 3 }, y = { 1, 2, 3 }, start = { 1 } })
    assert_error("start value 1 (5) is outside its bounds [0, 1]", nls,
      { model = "y ~ b * x", x = { 1, 2, 3 }, y = { 1, 2, 3 }, start = { 5 }, lower = { 0 }, upper = { 1 } })
    assert_error("'lower' names an unknown parameter 'c'", nls,
      { model = "y ~ b * x", x = { 1, 2, 3 }, y = { 1, 2, 3 }, start = { 1 }, lower = { c = 0 } })
    assert_error("nls: unexpected ')' at column 10 in 'y ~ b * x)'", nls,
      { model = "y ~ b * x)", x = { 1, 2 }, y = { 1, 2 }, start = { 1 } })
    assert_error("unknown function 'expp' at column 5", nls,
      { model = "y ~ expp(b * x)", x = { 1, 2 }, y = { 1, 2 }, start = { 1 } })
    assert_error("unknown column 'resp'", nls,
      { model = "resp ~ b * x", data = { x = { 1, 2 } }, start = { 1 } })
  end)

  it("reports a fit that does not converge as a result", function()
    local m = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 }, maxiter = 1 }
    eq(m.converged, false)
    eq(m.status, "maxiter")
    eq(m.reason, "iteration limit reached")
  end)
end)

describe("nls formula language", function()
  it("parses precedence, powers and NIST's ** and differentiates", function()
    local f = formula.parse("y ~ -a^2 * x ** b / 2 + c", "nls")
    eq(f.lhs, "y")
    eq(formula.tostring(f.rhs), "((((-(a ^ 2)) * (x ^ b)) / 2) + c)")
    eq(formula.names(f.rhs), { "a", "x", "b", "c" })
    local d = formula.derivative(formula.parse("exp(-k * x)").rhs, "k")
    eq(formula.tostring(d), "(exp(((-k) * x)) * (-x))")
  end)
end)

describe("nls families", function()
  local xs, ys = {}, {}
  for i = 1, 30 do xs[i] = 10 ^ (i / 5) end

  it("power law with floor recovers its parameters from default starts", function()
    for i, x in ipairs(xs) do ys[i] = 1.5 + 20 * x ^ -0.4 * (1 + 0.001 * math.sin(i)) end
    local m = nls{ model = fitnls.families.power_law, x = xs, y = ys }
    eq(m.names, { "E", "A", "alpha" })
    near(m.par.E, 1.5, 0.02); near(m.par.alpha, 0.4, 0.02); near(m.par.A, 20, 0.05)
    -- a default start outside the caller's bounds is moved into them
    local mb = nls{ model = fitnls.families.power_law, x = xs, y = ys, lower = { alpha = 0.5 } }
    near(mb.par.alpha, 0.5, 1e-6)
  end)

  it("exponential, logistic and broken power law fit their own curves", function()
    local ye, yl, yb = {}, {}, {}
    for i, x in ipairs(xs) do
      local lx = math.log(x)
      ye[i] = 3 * math.exp(-0.2 * lx) * (1 + 0.001 * math.cos(i))
      yl[i] = 0.1 + 0.7 / (1 + math.exp(1.3 * (lx - 7))) + 0.001 * math.sin(i)
      yb[i] = 5 * math.exp(-0.2 * math.min(math.log(x / 1000), 0) - 0.7 * math.max(math.log(x / 1000), 0))
        * (1 + 0.001 * math.sin(i))
    end
    local lx = {}
    for i, x in ipairs(xs) do lx[i] = math.log(x) end
    local me = nls{ model = fitnls.families.exponential, x = lx, y = ye }
    near(me.par.k, -0.2, 0.01)
    local ml = nls{ model = fitnls.families.logistic, x = xs, y = yl }
    near(ml.par.k, 1.3, 0.05); near(ml.par.m, 7, 0.01); near(ml.par.lo, 0.1, 0.05)
    local mb = nls{ model = fitnls.families.broken_power_law, x = xs, y = yb }
    near(mb.par.a1, 0.2, 0.05); near(mb.par.a2, 0.7, 0.02); near(mb.par.xb, 1000, 0.1)
  end)

  it("chinchilla form fits two variables", function()
    local N, D, L = {}, {}, {}
    for i = 1, 40 do
      N[i] = 10 ^ (7 + (i % 8) * 0.4); D[i] = 10 ^ (9 + (i % 5) * 0.5)
      L[i] = 1.8 + 480 / N[i] ^ 0.35 + 2000 / D[i] ^ 0.37
    end
    local m = nls{ model = fitnls.families.chinchilla, x = { N = N, D = D }, y = L }
    near(m.par.E, 1.8, 1e-5); near(m.par.alpha, 0.35, 1e-5); near(m.par.beta, 0.37, 1e-5)
  end)
end)

-- Issue 16: a fit moves between stdlib files a few times per fit, not per parameter or
-- per data column. Before, each fit parsed, differentiated and compiled its formula again
-- (burden.fit.nlformula, 1 + 2 x parameters calls and more) and checked each column with
-- its own call in burden.fit.nlargs; 10 fits of one model made 150 crossings.
describe("nls crossings", function()
  local crossings = dofile("tools/crossings.lua")
  local opts = require "burden.options"

  it("refitting one model costs a few crossings per fit, and gives the same fit", function()
    local first = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 } }
    local fits = {}
    -- run from a stdlib file (options.without_warnings), as hypotheses call nls
    local c = crossings.count(function()
      opts.without_warnings(function()
        for k = 1, 10 do
          fits[k] = nls{ model = "y ~ b1 * (1 - exp(-b2 * x))", x = MX, y = MY, start = { 250, 5e-4 } }
        end
      end)
    end)
    -- measured: 10 (fit.nls's option check); the data columns are checked in C
    assert(c.total <= 10 * 2, "crossings of 10 fits: " .. c.total)
    eq(fits[10].coef, first.coef)
    near(fits[10].coef[1], CERT[1], 1e-8)
  end)

  it("reports a bad column before a missing response, and checks maxiter", function()
    local v = require("burden.core.vector").new(3)
    v[1], v[2], v[3] = 1, nil, 3
    assert_error("nls: column 'x' has a missing value at row 2", nls,
      { model = "b1 * x", x = v, start = { 1 } })
    assert_error("nls: no response: give 'y' or a formula 'y ~ ...'", nls,
      { model = "b1 * x", x = { 1, 2, 3 }, start = { 1 } })
    local d = require("burden").data.frame{ x = { 1, 2, 3 } }
    assert_error("nls: unknown column 'z' (the response of 'z ~ b1 * x')", nls,
      { model = "z ~ b1 * x", data = d, start = { 1 } })
    assert_error("nls: column 'y' has a missing value at row 2", nls,
      { model = "y ~ b1 * x", x = { 1, 2, 3 }, y = v, start = { 1 } })
    assert_error("fit.nls: maxiter must be a positive integer, got 1.5", nls,
      { model = "y ~ b1 * x", x = { 1, 2, 3 }, y = { 2, 4, 6 }, start = { 1 }, maxiter = 1.5 })
    eq(nls{ model = "y ~ b1 * x", data = d, y = { 2, 4, 6 }, start = { 1 } }.n, 3)
    -- the data columns' messages (checked in C, burden.core.column.numbers)
    local base = { model = "y ~ b1 * x", y = { 2, 4, 6 }, start = { 1 } }
    local function with_x(x)
      local a = {}
      for k, v in pairs(base) do a[k] = v end
      a.x = x
      return a
    end
    assert_error("nls: column 'x' has a string at row 2 (number expected)", nls,
      with_x({ x = { 1, "2", 3 } }))
    assert_error("nls: column 'x' has a non-finite value (inf) at row 3", nls,
      with_x({ x = { 1, 2, math.huge } }))
    assert_error("nls: column 'x' has a non-finite value (-inf) at row 1", nls,
      with_x({ x = { -math.huge, 2, 3 } }))
    assert_error("nls: column 'x' must be an array of numbers, got boolean", nls,
      with_x({ x = true }))
    assert_error("nls: column 'y' has a boolean at row 1 (number expected)", nls,
      { model = "y ~ b1 * x", x = { 1, 2, 3 }, y = { true, 4, 6 }, start = { 1 } })
    -- an integer column of a frame reads as integers, as it did in Lua
    local g = require("burden").data.read_csv_text("x,y\n1,2\n2,4\n3,6.5\n")
    eq(nls{ model = "y ~ b1 * x", data = g, start = { 1 } }.n, 3)
  end)

  it("checks the data columns in C (burden.core.nls: is_numbers, numbers)", function()
    local core = require "burden.core.nls"
    local column = require "burden.core.column"
    eq({ core.is_numbers{ 1, 2.5 }, core.is_numbers{}, core.is_numbers{ 1, "2" },
      core.is_numbers(column.new{ 1 }), core.is_numbers(nil) }, { true, false, false, false, false })
    eq(core.numbers("f", { 1, 2.5 }, "x"), { 1, 2.5 })
    local c = column.new{ 4, 5 }
    local arr = core.numbers("f", c, "x")
    eq(arr, { 4.0, 5.0 })
    eq(getmetatable(arr), nil)
    -- an integer view reads integers, as c[i] does
    local iv = column.view(column.new{ 3, 7 }, "k", true)
    eq(math.type(core.numbers("f", iv, "k")[2]), "integer")
    eq(core.numbers("f", {}, "x"), {})
    c[2] = nil
    assert_error("f: column 'x' has a missing value at row 2", core.numbers, "f", c, "x")
    assert_error("f: column 'x' has a non-finite value (nan) at row 1", core.numbers, "f",
      { 0 / 0 }, "x")
    assert_error("f: column 's' has a string at row 1 (number expected)", core.numbers, "f",
      column.strings{ "a" }, "s")
    assert_error("f: column 'x' must be an array of numbers, got nil", core.numbers, "f", nil,
      "x")
    -- no position: the message is the caller's (burden.fit.nls re-raises it as it is)
    local ok, err = pcall(core.numbers, "f", { true }, "x")
    eq({ ok, err }, { false, "f: column 'x' has a boolean at row 1 (number expected)" })
  end)
end)
