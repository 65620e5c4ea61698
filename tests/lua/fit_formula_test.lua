-- burden.fit.formula (the parser and the one tokenizer of both formula languages) and
-- burden.fit.design (the design matrix and the one design-row builder).
local burden = require "burden"
local fit, data = burden.fit, burden.data
local formula = require "burden.fit.formula"
local design = require "burden.fit.design"

local function kinds(toks)
  local out = {}
  for i, t in ipairs(toks) do out[i] = t.k .. (t.v ~= nil and ("=" .. tostring(t.v)) or "") end
  return out
end

describe("one tokenizer for lm and nls formulas", function()
  it("splits names, numbers and operators with each language's options", function()
    local lm_opts = { ops = "[~%+%-%*/%^%(%),:]", dot_names = true, backticks = true }
    local toks = formula.tokenize("log(y) ~ .x:`a b` + 1.5e-3", lm_opts, error)
    eq(kinds(toks), { "name=log", "(", "name=y", ")", "~", "name=.x", ":", "name=a b", "+",
      "num=0.0015", "eof" })
    eq(toks[#toks - 1].text, "1.5e-3")
    local nl = formula.tokenize("b1 * x ** .5", { ops = "[%+%-%*/%^%(%),~]", starstar = true }, error)
    eq(kinds(nl), { "name=b1", "*", "name=x", "^", "num=0.5", "eof" })
  end)

  it("reports a bad character in each language's words", function()
    local d = { x = { 1, 2, 3 }, y = { 2, 4, 7 } }
    assert_error("lm: unexpected character '$' at position 9 in 'y ~ x + $'", fit.lm, d, "y ~ x + $")
    assert_error("lm: unclosed ` at position 5 in 'y ~ `x'", fit.lm, d, "y ~ `x")
    assert_error("lm: unexpected '*' at position 8 in 'y ~ x ** 2'", fit.lm, d, "y ~ x ** 2")
    assert_error("nls: unexpected character ':' at column 10 in 'y ~ b * x:x'", fit.nls,
      { model = "y ~ b * x:x", data = d, start = { 1 } })
    assert_error("nls: unexpected character '`' at column 9 in 'y ~ b * `x`'", fit.nls,
      { model = "y ~ b * `x`", data = d, start = { 1 } })
    -- `quoted` names are columns in lm formulas
    local m = fit.lm({ ["a b"] = { 1, 2, 3, 4 }, y = { 1, 3, 2, 5 } }, "y ~ `a b`")
    eq(m.names, { "(Intercept)", "a b" })
  end)
end)

describe("one design-row builder", function()
  it("builds rows with the intercept first, and NaN rows where new data is missing", function()
    eq(design.row(true, { { 1, 2 }, { 3, 4 } }, 2), { 1, 2, 4 })
    eq(design.row(false, { { 1, 2 } }, 1), { 1 })
    local f = data.frame{ x = { 1, 2, 3, 4, 5 }, g = { "a", "b", "a", "b", "a" },
      y = { 1.1, 2.3, 2.9, 4.2, 5.1 } }
    local parsed = formula.parse("y ~ x + g", "lm")
    local ev = design.evaluate(parsed, f, {})
    local rows = design.new_rows(parsed, data.frame{ x = { 2, nil }, g = { "b", "a" } }, {}, ev, 3)
    eq(rows[1], { 1, 2, 1 })
    assert(rows[2][1] ~= rows[2][1] and #rows[2] == 3, "a missing row is p NaNs")
  end)

  it("gives lm, robust and ols the same rows as model.matrix", function()
    local f = data.frame{ x = { 1, 2, 3, 4, 5, 6 }, y = { 1.2, 1.9, 3.2, 3.8, 5.3, 5.9 } }
    local m, r = fit.lm(f, "y ~ x"), fit.robust(f, "y ~ x")
    local mm = m:model_matrix()
    eq(mm[3], { 1, 3.0 })
    eq(r:model_matrix(), mm)
    local nd = data.frame{ x = { 7, 8 } }
    local by_x = m:predict{ x = { 7, 8 } }.fit
    eq(m:predict{ newdata = nd }.fit, by_x)
    local o = fit.ols{ x = { 1, 2, 3, 4, 5, 6 }, y = { 1.2, 1.9, 3.2, 3.8, 5.3, 5.9 } }
    eq(o:predict{ x = { 7, 8 } }.fit, by_x)
    local rp = r:predict{ newdata = nd }.fit
    eq(#rp, 2)
    assert(math.abs(rp[1] - (r.coef[1] + 7 * r.coef[2])) < 1e-12)
  end)
end)
