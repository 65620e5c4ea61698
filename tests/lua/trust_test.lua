-- Trust rules: values out of range are errors, nothing is silent, errors say where
-- (issue 15, items 3 to 8). Each case gave a wrong answer, or a useless message, with exit
-- status 0 before.
local burden = require "burden"
local options = require "burden.options"

-- A small ImageNet-like study: error falls as a power of compute.
local function study_rows(scale)
  local rows = {}
  for i = 1, 8 do
    local c = 10 ^ (17 + (i - 1) * 0.5)
    rows[i] = { model = "m" .. i, compute = c, top1_err = scale * 0.5 * (c / 1e17) ^ -0.1 }
  end
  return rows
end

describe("domain errors are fractions (item 3)", function()
  it("raises for a percent column used as a fraction, naming the column, a value and /100", function()
    local d = burden.domain.define{ name = "pct", error = "top1_err", compute = "compute" }
    local err = assert_error("domain 'pct': error column 'top1_err' gives 50 at row 1 (model 'm1'), " ..
      "outside (0, 1]: errors are fractions; a percent? use error = function(r) return " ..
      "r.top1_err / 100 end", function()
        local pts = d:points(study_rows(100)) -- not a tail call: this line is the caller
        return pts
      end)
    assert(err:find("^tests/lua/trust_test%.lua:%d+: "), err) -- the user's line
    -- the same data as fractions fits
    local pts = d:points(study_rows(1))
    eq(pts.n, 8)
  end)

  it("raises for a negative error from a function", function()
    local d = burden.domain.define{ name = "neg", compute = "compute",
      error = function(r) return -r.top1_err end }
    assert_error("domain 'neg': error function gives -0.5 at row 1 (model 'm1'), outside (0, 1]",
      d.points, d, study_rows(1))
    local d2 = burden.domain.define{ name = "txt", compute = "compute", error = "top1_err" }
    local rows = study_rows(1)
    rows[3].top1_err = "9.9%"
    assert_error("domain 'txt': error column 'top1_err' gives string '9.9%' at row 3 (model 'm3'), " ..
      "not a number", d2.points, d2, rows)
    rows[3].top1_err = 0
    assert_error("domain 'txt': error column 'top1_err' gives 0 at row 3 (model 'm3'), outside (0, 1]",
      d2.points, d2, rows)
  end)
end)

describe("domain columns named by strings exist (item 4)", function()
  it("raises with the closest names for a misspelt error or compute column", function()
    local d = burden.domain.define{ name = "typo", error = "eror", compute = "compute" }
    local rows = { { model = "a", error = 0.1, compute = 1e20 } }
    assert_error("domain 'typo': unknown error column 'eror' (closest: 'error', 'model', 'compute')",
      d.points, d, rows)
    local d2 = burden.domain.define{ name = "typo2", error = "error", compute = "compte" }
    assert_error("domain 'typo2': unknown compute column 'compte' (closest: 'compute'",
      d2.points, d2, rows)
    -- and in a frame
    local f = burden.data.frame{ model = { "a" }, error = { 0.1 }, compute = { 1e20 } }
    assert_error("unknown error column 'eror'", d.points, d, f)
  end)
end)

describe("a numeric column with a few text cells (item 5)", function()
  it("warns on stderr with the file, line and cell", function()
    options.warnings(true)
    local f = burden.data.read_csv_text("x,y\n1,2\n2,4\n3,6\nn/a?,8\n5,10\n", nil, "five.csv")
    eq(f:type("x"), "string")
    eq(options.warnings(true), { "five.csv:5:1: column 'x' is read as text because of 'n/a?' " ..
      "(1 of 5 values are not numbers): types = { x = \"number\" } makes it an error, " ..
      "na = { \"n/a?\" } reads it as missing, types = { x = \"string\" } keeps the text" })
    -- told: no warning; a text column is no warning either
    burden.data.read_csv_text("x,y\n1,2\n2,4\n3,6\nn/a?,8\n", { types = { x = "string" } }, "t.csv")
    burden.data.read_csv_text("name\nalexnet\nvgg\nresnet-50\n", nil, "names.csv")
    eq(options.warnings(true), {})
    -- types = { x = "number" } already names the file, line and cell
    assert_error("five.csv:5:1: column 'x': cannot read 'n/a?' as a number",
      burden.data.read_csv_text, "x,y\n1,2\n2,4\n3,6\nn/a?,8\n", { types = { x = "number" } },
      "five.csv")
  end)

  it("fit.lm refuses a mostly-numeric text column as a factor unless told", function()
    options.warnings(true)
    local f = burden.data.read_csv_text("x,y\n1,2\n2,4.1\n3,5.9\nn/a?,8\n5,10.2\n6,11.8\n", nil, "t.csv")
    options.warnings(true)
    assert_error("lm: column 'x' holds text but 5 of its 6 values are numbers ('n/a?' at row 4 " ..
      "is not a number); fix the cell (read_csv: na = {...} or types = { x = \"number\" }), or " ..
      "write factor(x) to use it as a factor in 'y ~ x'", burden.fit.lm, f, "y ~ x")
    -- told: factor(x) fits one coefficient per level
    local m = burden.fit.lm(f, "y ~ factor(x)")
    eq(m.p, 6)
    -- log10(x) names the row instead of advising a factor
    assert_error("lm: column 'x' holds text: 'n/a?' at row 4 is not a number (5 other values are)",
      burden.fit.lm, f, "y ~ log10(x)")
    -- a real text column is still a factor
    local g = burden.data.frame{ y = { 1, 2, 3, 4 }, k = { "a", "b", "a", "b" } }
    eq(burden.fit.lm(g, "y ~ k").p, 2)
  end)
end)

describe("analysis.run never skips a fit silently (item 6)", function()
  it("warns per skipped fit and lists it", function()
    local d = burden.domain.define{ name = "tiny", error = "top1_err", compute = "compute" }
    options.warnings(true)
    local rows = study_rows(1)
    local res = burden.analysis.run{ data = { rows[1], rows[2] }, domains = { d },
      hypotheses = { "polynomial" } }
    eq(#res.skipped, 1)
    eq(res.skipped[1].reason, "hypothesis 'polynomial': 2 points are too few to fit a line (3 needed)")
    eq(options.warnings(true), { "analysis.run: polynomial fit of 'tiny' skipped: hypothesis " ..
      "'polynomial': 2 points are too few to fit a line (3 needed)" })
  end)
end)

describe("a target below a fitted floor (item 7)", function()
  it("gives the reason and the floor, and the floor is in the fits table", function()
    local d = burden.domain.define{ name = "floor_t", compute = "c", error = "e",
      targets = { 0.1, 0.03 } }
    local rows = {}
    for i = 1, 40 do
      local c = 10 ^ (20 + i * 0.15)
      rows[i] = { c = c, e = 0.04 + 0.3 * (c / 1e21) ^ -0.25 * (1 + 0.002 * math.sin(i)) }
    end
    local res = burden.analysis.run{ data = rows, domains = { d }, hypotheses = { "power_floor" } }
    local E = res.models.floor_t.power_floor.E
    near(res.fits[1].floor, E, 0)
    near(E, 0.04, 0.02)
    local below = res.projections[2]
    eq(below.compute, math.huge)
    near(below.floor, E, 0)
    eq(below.reason, string.format("target 0.03 is at or below the fitted floor E = %.4g: the " ..
      "power law never reaches it", E))
    eq(res.projections[1].reason, nil)
  end)
end)

describe("errors say where (item 8)", function()
  it("hypothesis errors point at the user's line and name the column", function()
    local h = burden.hypothesis.get("polynomial")
    local ok, err = pcall(function() return h:fit{ n = 2, error = { 0.1, 0.2 }, compute = { 1, 2 } } end)
    eq(ok, false)
    assert(err:find("^tests/lua/trust_test%.lua:%d+: hypothesis 'polynomial': 2 points are too few"),
      err)
    local pts = { n = 3, error = { 0.1, 0.2, 0.3 }, compute = { 1e20, math.huge, 1e22 } }
    assert_error("hypothesis 'polynomial': log10(compute) is inf at point 2", h.fit, h, pts)
  end)

  it("lm errors carry the caller's line", function()
    local ok, err = pcall(function()
      return burden.fit.lm({ y = { 1, 2, 3 }, x = { 1, 2, 4 } }, "y ~ z")
    end)
    eq(ok, false)
    assert(err:find("^tests/lua/trust_test%.lua:%d+: lm: unknown column 'z' in 'y ~ z'"), err)
  end)

  it("read_csv names a missing file", function()
    local ok, err = pcall(function() return burden.data.read_csv("no_such.csv") end)
    eq(ok, false)
    assert(err:find("^tests/lua/trust_test%.lua:%d+: cannot open 'no_such.csv': No such file or directory$"), err)
    eq({ burden.data.try_read_csv("no_such.csv") }, { nil, "cannot open 'no_such.csv': No such file or directory" })
  end)
end)
