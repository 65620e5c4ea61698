-- burden.data: frame operations and writers.
local data = require("burden").data

local function sample()
  return data.frame({
    model = { "a", "b", "c", "d", "e" },
    year = { 2012, 2014, 2012, nil, 2014 },
    err = { 0.3, 0.2, 0.25, 0.1, nil },
  }, { order = { "model", "year", "err" } })
end

local function column(f, name) return f:values(name) end

describe("frame operations", function()
  it("select keeps the listed columns in order and shares them", function()
    local f = sample()
    local s = f:select("err", "model")
    eq(s:names(), { "err", "model" })
    assert(rawequal(s:col("err"), f:col("err")))
    eq(f:select{ "year" }:names(), { "year" })
    assert_error("select: unknown column 'yera' (closest: 'year', 'err', 'model')", f.select, f, "yera")
    eq(f:drop("year"):names(), { "model", "err" })
    eq(f:rename{ err = "error" }:names(), { "model", "year", "error" })
  end)

  it("where takes a predicate or a {col = value} shorthand", function()
    local f = sample()
    eq(column(f:where{ year = 2012 }, "model"), { "a", "c" })
    eq(column(f:where{ model = { "b", "e", "zz" } }, "model"), { "b", "e" })
    eq(column(f:where(function(r) return r.err and r.err < 0.26 end), "model"), { "b", "c", "d" })
    eq(f:where{ year = 1999 }:nrow(), 0)
    assert_error("where: unknown column 'yr'", f.where, f, { yr = 1 })
  end)

  it("mutate adds and replaces columns from functions, arrays or columns", function()
    local f = sample():mutate{
      err2 = function(r) return r.err and r.err * 2 end,
      year = function(r) return r.year and r.year + 1 end,
      flag = { true, false, true, false, true },
    }
    eq(f:names(), { "model", "year", "err", "err2", "flag" })
    eq(column(f, "year"), { 2013, 2015, 2013, nil, 2015 })
    eq(f:type("year"), "integer")
    eq(column(f, "err2")[2], 0.4)
    eq(f:type("flag"), "boolean")
    -- pairs are evaluated in order; later ones see earlier ones
    local g = sample():mutate{ { "x", function(r) return 1 end }, { "y", function(r) return r.x + 1 end } }
    eq(column(g, "y"), { 2, 2, 2, 2, 2 })
  end)

  it("sort is multi-key, stable, with missing values last in both directions", function()
    local f = sample()
    eq(column(f:sort("year"), "model"), { "a", "c", "b", "e", "d" })
    eq(column(f:sort("-year", "err"), "model"), { "b", "e", "c", "a", "d" })
    eq(column(f:sort{ { "err", desc = true } }, "model"), { "a", "c", "b", "d", "e" })
    eq(column(f:sort("err"), "model"), { "d", "b", "c", "a", "e" })
    local t = data.frame{ k = { 1, 1, 1, 0 }, i = { 1, 2, 3, 4 } }
    eq(column(t:sort("k"), "i"), { 4, 1, 2, 3 })
  end)

  it("group_by and summarize: count, sum, mean, min, max, median, first, last, argmin", function()
    local f = sample()
    local s = f:group_by("year"):summarize{
      n = "count", n_err = { "count", "err" }, total = { "sum", "err" }, mean = { "mean", "err" },
      lo = { "min", "err" }, hi = { "max", "err" }, med = { "median", "err" },
      first = { "first", "model" }, last = { "last", "model" }, best = { "argmin", "err", "model" },
      worst = { "argmax", "err", "model" }, custom = function(g) return g:nrow() * 10 end,
    }
    eq(s:names(), { "year", "best", "custom", "first", "hi", "last", "lo", "mean", "med", "n",
      "n_err", "total", "worst" })
    eq(column(s, "year"), { 2012, 2014, nil })
    eq(column(s, "n"), { 2, 2, 1 })
    eq(column(s, "n_err"), { 2, 1, 1 })
    near(column(s, "mean")[1], 0.275)
    near(column(s, "total")[1], 0.55)
    eq(column(s, "lo"), { 0.25, 0.2, 0.1 })
    eq(column(s, "hi"), { 0.3, 0.2, 0.1 })
    eq(column(s, "first"), { "a", "b", "d" })
    eq(column(s, "last"), { "c", "e", "d" })
    eq(column(s, "best"), { "c", "b", "d" })
    eq(column(s, "worst"), { "a", "b", "d" })
    eq(column(s, "custom"), { 20, 20, 10 })
    near(column(s, "med")[1], 0.275)
    eq(f:group_by("year"):ngroups(), 3)
    -- :groups() used to fail ("attempt to call a table value"): a field hid the method
    local gs = f:group_by("year"):groups()
    eq(#gs, 3)
    eq(gs[1].key.year, 2012)
    eq(column(gs[1].frame, "model"), { "a", "c" })
    eq(gs[3].key.year, nil)
    eq(column(gs[3].frame, "model"), { "d" })
    assert_error("unknown summary 'avg'", function() f:group_by("year"):summarize{ m = { "avg", "err" } } end)
    assert_error("mean needs a numeric column, 'model' is string",
      function() f:group_by("year"):summarize{ m = { "mean", "model" } } end)
  end)

  it("summarizes a whole frame into one row", function()
    local s = sample():summarize{ n = "count", m = { "median", "err" } }
    eq(s:nrow(), 1)
    near(column(s, "m")[1], 0.225)
  end)

  it("join: inner and left on one or more keys", function()
    local f = sample()
    local g = data.frame({ model = { "c", "a", "x" }, params = { 2, 1, 3 } }, { order = { "model", "params" } })
    local j = f:join(g, { by = "model" })
    eq(j:names(), { "model", "year", "err", "params" })
    eq(column(j, "model"), { "a", "c" })
    eq(column(j, "params"), { 1, 2 })
    local l = f:join(g, { by = "model", how = "left" })
    eq(column(l, "params"), { 1, nil, 2, nil, nil })
    local two = data.frame{ model = { "a", "c" }, year = { 2012, 2013 }, v = { 1, 2 } }
    eq(column(f:join(two, { by = { "model", "year" } }), "v"), { 1 })
    -- a clash gets the suffix
    local clash = data.frame{ model = { "a" }, err = { 9 } }
    eq(f:join(clash, { by = "model" }):names(), { "model", "year", "err", "err_y" })
  end)

  it("join: many matches multiply rows; one_to_one rejects duplicate keys", function()
    local f = data.frame{ k = { 1, 2 }, a = { "x", "y" } }
    local g = data.frame{ k = { 1, 1, 2 }, b = { 10, 11, 20 } }
    eq(column(f:join(g, { by = "k" }), "b"), { 10, 11, 20 })
    assert_error("join: duplicate key (k = 1) in the right frame (rows 1 and 2)",
      f.join, f, g, { by = "k", one_to_one = true })
    assert_error("join: key 'k' is string in the left frame and integer in the right",
      data.frame{ k = { "1" } }.join, data.frame{ k = { "1" } }, g, { by = "k" })
  end)

  it("unique, head, tail, take", function()
    local f = sample()
    eq(column(f:unique("year"), "model"), { "a", "b", "d" })
    eq(f:unique():nrow(), 5)
    eq(column(f:head(2), "model"), { "a", "b" })
    eq(f:head(99):nrow(), 5)
    eq(column(f:tail(2), "model"), { "d", "e" })
    eq(column(f:take{ 5, 1 }, "model"), { "e", "a" })
  end)

  it("bind_rows matches columns by name and fills the absent ones", function()
    local a = data.frame{ x = { 1, 2 }, s = { "p", "q" } }
    local b = data.frame{ x = { 2.5 }, t = { true } }
    local r = a:bind_rows(b)
    eq(r:names(), { "s", "x", "t" })
    eq(r:nrow(), 3)
    eq(r:type("x"), "number")
    eq(column(r, "s"), { "p", "q", nil })
    eq(column(r, "t"), { nil, nil, true })
    assert_error("bind_rows: column 'x' is integer in one frame and string in another",
      a.bind_rows, a, data.frame{ x = { "z" } })
  end)
end)

describe("writers", function()
  it("write_csv round-trips through read_csv unchanged", function()
    local f = data.frame({
      name = { "plain", "with, comma", 'quote "q"', "two\nlines", " padded ", "caf\195\169" },
      n = { 1, 2, nil, 4, 5, 6 },
      x = { 0.1, 1 / 3, 1e300, nil, -2.5e-7, 3.14e23 },
      ok = { true, false, nil, true, true, false },
    }, { order = { "name", "n", "x", "ok" } })
    local path = os.tmpname()
    assert(f:write_csv(path))
    local g = data.read_csv(path)
    os.remove(path)
    eq(g:names(), f:names())
    eq(g:types(), f:types())
    for _, name in ipairs(f:names()) do eq(column(g, name), column(f, name)) end
  end)

  it("write_json writes an array of objects with nulls", function()
    local f = data.frame({ s = { "a\"b", nil }, x = { 0 / 0, 1.5 }, n = { 1, 2 } }, { order = { "s", "x", "n" } })
    eq(f:to_json(), '[\n{"s":"a\\"b","x":null,"n":1},\n{"s":null,"x":1.5,"n":2}\n]\n')
    local path = os.tmpname()
    assert(f:write_json(path))
    local fh = io.open(path, "rb")
    local text = fh:read("a")
    fh:close()
    os.remove(path)
    eq(text, f:to_json())
  end)

  it("writes atomically and reports an unwritable path as nil, message", function()
    local f = data.frame{ x = { 1 } }
    local ok, msg = f:write_csv("no/such/dir/out.csv")
    eq(ok, nil)
    assert(msg:find("no/such/dir/out.csv", 1, true), msg)
  end)
end)

describe("writers on real files", function()
  it("write_csv round-trips the Epoch and chips files exactly", function()
    for _, rel in ipairs{ "epoch/all_ml_systems.csv", "epoch/chips.csv" } do
      local path = shared_data(rel)
      if not path then skip("../shared/data/" .. rel .. " absent") end
      local f = data.read_csv(path)
      local out = os.tmpname()
      assert(f:write_csv(out))
      local g = data.read_csv(out)
      os.remove(out)
      eq(g:names(), f:names())
      eq(g:types(), f:types())
      eq(g:nrow(), f:nrow())
      for _, name in ipairs(f:names()) do
        local a, b = f:col(name), g:col(name)
        for i = 1, f:nrow() do
          if a[i] ~= b[i] and not (a[i] ~= a[i] and b[i] ~= b[i]) then
            error(string.format("%s: column %s row %d: %s ~= %s", rel, name, i, tostring(a[i]), tostring(b[i])))
          end
        end
      end
    end
  end)
end)
