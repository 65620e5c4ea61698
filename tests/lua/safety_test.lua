-- Issue 15: memory safety and hostile input (sizes that overflow, names that are not
-- strings, shared columns, loops bounded by their arguments).
local burden = require "burden"
local data = burden.data
local vector = require "burden.core.vector"
local core_frame = require "burden.core.frame"
local column = require "burden.core.column"

local function tmpfile()
  local p = os.tmpname()
  os.remove(p)
  return p .. ".csv"
end

-- An aggressive collector: a full cycle at every allocation step, so a pointer kept to a
-- value that is no longer referenced is freed at once (ASan reports the use).
local function aggressive_gc(fn)
  collectgarbage("generational")
  collectgarbage("incremental", 0, 1000)
  local ok, err = pcall(fn)
  collectgarbage("incremental", 200, 100)
  if not ok then error(err, 0) end
end

describe("frame names (item 12)", function()
  it("rename refuses names that are not strings", function()
    local f = data.frame{ a = { 1, 2 }, b = { 3, 4 } }
    assert_error("rename: the new name of column 'a' must be a non-empty string, got number",
      f.rename, f, { a = 1 })
    assert_error("rename: the new name of column 'b' must be a non-empty string, got ''",
      f.rename, f, { b = "" })
    eq(f:rename{ a = "x" }:names(), { "x", "b" })
  end)

  it("write_csv refuses a name that is not a string (no pointer to a popped string)", function()
    local path = tmpfile()
    local v = vector.new{ 1, 2 }
    assert_error("bad argument #2 to 'write_csv' (string expected at index 2, got number)",
      core_frame.write_csv, path, { "a", 12345 }, { v, v }, { "number", "number" })
    os.remove(path)
  end)

  it("write_csv keeps every header intact under an aggressive collector", function()
    local path = tmpfile()
    aggressive_gc(function()
      local spec = {}
      for i = 1, 40 do spec[#spec + 1] = { string.format("column_%03d_%s", i, string.rep("x", i)), { i, i + 1 } } end
      local f = data.frame(spec):rename{ column_001_x = "renamed" }
      assert(f:write_csv(path))
      local g = data.read_csv(path)
      eq(g:names()[1], "renamed")
      eq(g:names()[40], "column_040_" .. string.rep("x", 40))
      eq(g:col("renamed")[2], 2)
    end)
    os.remove(path)
  end)
end)

describe("columns from f:col are read-only views (item 21)", function()
  it("a write raises and no frame sharing the column changes", function()
    local f = data.frame{ a = { 1, 2, 3 }, x = { 0.5, 1.5, 2.5 } }
    local g = f:select("a")
    assert_error("column 'a' is read-only; use f:mutate or copy it", function() f:col("a")[1] = 99 end)
    assert_error("column 'x' is read-only", function() f:col("x")[2] = nil end)
    eq(g:col("a")[1], 1)
    eq(f:col("a")[1], 1)
    -- renamed, the view names the column as this frame calls it
    assert_error("column 'b' is read-only", function() f:rename{ a = "b" }:col("b")[1] = 1 end)
  end)

  it("text and boolean columns name the column too", function()
    local f = data.frame{ s = { "a", "b" }, ok = { true, false } }
    assert_error("column 's' is read-only; string columns cannot be changed in place (use f:mutate)",
      function() f:col("s")[1] = "z" end)
    assert_error("column 'ok' is read-only; boolean columns cannot be changed in place (use f:mutate)",
      function() f:col("ok")[2] = true end)
    assert_error("column 't' is read-only; string", function() f:rename{ s = "t" }:col("t")[1] = "z" end)
    local g = data.read_csv_text("name,flag\nx,true\n")
    assert_error("column 'name' is read-only; string", function() g:col("name")[1] = "y" end)
    assert_error("column 'flag' is read-only; boolean", function() g:col("flag")[1] = false end)
    eq(f:col("s")[1], "a")
    eq(g:col("name")[1], "x")
    -- the view reads like the column and is handed out once per name
    assert(rawequal(f:col("s"), f:col("s")))
    eq(f:col("s"):totable(), { "a", "b" })
    eq(tostring(f:col("ok")), "booleans(true, false) [2]")
  end)

  it("integer columns read as integers and stay integral", function()
    local f = data.frame{ n = { 1, 2, 3 } }
    eq(f:type("n"), "integer")
    eq(math.type(f:col("n")[2]), "integer")
    eq(math.type(f:col("n"):totable()[3]), "integer")
    assert_error("read-only", function() f:col("n")[1] = 1.5 end)
  end)

  it("copy gives a writable vector; fits read views without copying", function()
    local f = data.frame{ x = { 1, 2, 3, 4 }, y = { 2.1, 3.9, 6.2, 7.8 } }
    local c = f:col("x"):copy()
    c[1] = 10
    eq(c[1], 10.0)
    eq(f:col("x")[1], 1)
    local m = burden.fit.ols{ x = f:col("x"), y = f:col("y") }
    near(m.coef[2], 1.94, 1e-12) -- 9.7 / 5 by hand
  end)
end)

describe("sizes that overflow (item 11)", function()
  local core_lm = require "burden.core.lm"
  local m = burden.fit.ols{ x = { 1, 2, 3, 4, 5 }, y = { 1, 3, 2, 5, 4 } }

  it("bootstrap with a huge B raises instead of overflowing a buffer", function()
    assert_error("bootstrap: B = 1152921504606846976 is too large (at most 2147483647 resamples)",
      burden.fit.bootstrap, { model = m, statistic = "coef", B = 1 << 60 })
    -- the binding checks on its own: B x width does not wrap
    assert_error("bootstrap: B = 4611686018427387904 is too large (2 values per resample",
      core_lm.boot, m._design.y, m._design.columns, { intercept = true }, { B = 1 << 62, seed = 1 })
    assert_error("bootstrap: B = 2147483647 is too large",
      core_lm.boot, m._design.y, m._design.columns, { intercept = true }, { B = (1 << 31) - 1, seed = 1 })
  end)

  it("cluster numbers cannot size (or wrap) the per-cluster arrays", function()
    local y, cols = { 1, 3, 2, 5, 4 }, { { 1, 2, 3, 4, 5 } }
    -- 2^61 made (G + 2) x 8 bytes wrap to 16: cluster 9 was then written past the end
    assert_error("cluster: row 2 has cluster number 9, more than the 5 rows", core_lm.boot, y, cols,
      { intercept = true }, { B = 10, seed = 1, cluster = { 1, 9, 9, 9, 1 << 61 } })
    local fit = core_lm.fit(y, cols, { intercept = true })
    assert_error("cluster: row 5 has cluster number 1152921504606846976, more than the 5 rows",
      core_lm.cluster_cov, y, cols, { intercept = true }, fit, { 1, 1, 2, 2, 1 << 60 })
    local t, width = core_lm.boot(y, cols, { intercept = true }, { B = 4, seed = 1, cluster = { 1, 1, 2, 2, 3 } })
    eq(#t, 8)
    eq(width, 2)
  end)

  it("resample indices, permutations, take and string columns check their counts", function()
    assert_error("row count in 0..2^31-1 expected", core_lm.boot_indices, 1, 1, 1 << 62)
    assert_error("row count in 0..2^31-1 expected", core_lm.boot_indices, 1, 1, -1)
    assert_error("row count in 0..2^31-1 expected", core_lm.boot_permutation, 1, 1 << 61)
    local v = vector.new{ 1, 2 }
    assert_error("row count in 0..2^31-1 expected", column.take, v, { 1 }, -1)
    assert_error("row count in 0..2^31-1 expected", column.take, v, { 1 }, 1 << 62)
    assert_error("length in 0..2^31-1 expected", column.strings, { "a" }, 1 << 62)
    assert_error("length in 0..2^31-1 expected", column.booleans, { true }, 1 << 61)
    assert_error("vector of 2305843009213693952 elements is too large", vector.new, 1 << 61)
    -- ordinary sizes still work
    eq(#core_lm.boot_indices(1, 1, 5), 5)
    eq(column.take(v, { 2, 0 }, 2)[1], 2.0)
  end)
end)

describe("counts are range-checked before a cast (item 16)", function()
  local x, y = { 1, 2, 3, 4, 5, 6 }, { 1.1, 1.9, 3.2, 3.9, 5.1, 6.0 }

  it("maxiter and threads out of range raise instead of overflowing a cast", function()
    assert_error("fit.nls: maxiter must be a positive integer, got 1e+300",
      burden.fit.nls, { model = "y ~ a * x", x = x, y = y, start = { 1 }, maxiter = 1e300 })
    assert_error("fit.nls: maxiter must be at most 1000000000, got 1099511627776",
      burden.fit.nls, { model = "y ~ a * x", x = x, y = y, start = { 1 }, maxiter = 1 << 40 })
    assert_error("fit.multistart: maxiter must be at most 1000000000, got 1099511627776",
      burden.fit.multistart, { x = x, y = y, starts = { { 1, 1, 1 } }, maxiter = 1 << 40 })
    assert_error("fit.multistart: threads must be at most 1024, got 1099511627776",
      burden.fit.multistart, { x = x, y = y, starts = { { 1, 1, 1 } }, threads = 1 << 40 })
    assert_error("robust: 'maxiter' must be a whole number in 0..1000000000, got 1e+300",
      burden.fit.robust, { x = x, y = y, maxiter = 1e300 })
    local m = burden.fit.ols{ x = x, y = y }
    assert_error("fit.bootstrap: threads must be at most 1024, got 5000",
      burden.fit.bootstrap, { model = m, statistic = "slope", B = 10, threads = 5000 })
    -- the bindings check on their own too
    local core_nls = require "burden.core.nls"
    assert_error("field 'maxiter': a whole number in 0..1000000000 expected, got 1e+300",
      core_nls.multistart, { logx = { { 0, 1, 2, 3 } }, logy = { 0, 1, 2, 3 }, starts = { 1, 1, 1 }, maxiter = 1e300 })
    assert_error("field 'threads': a whole number in 0..1024 expected, got -1",
      core_nls.multistart, { logx = { { 0, 1, 2, 3 } }, logy = { 0, 1, 2, 3 }, starts = { 1, 1, 1 }, threads = -1 })
  end)

  it("take checks a vector of row numbers before casting them", function()
    local v = vector.new{ 1, 2 }
    assert_error("bad argument #2 to 'take' (row 1e+300 out of range 1..2)", column.take, v,
      vector.new{ 1e300 })
    assert_error("bad argument #2 to 'take' (row 1.5 out of range 1..2)", column.take, v,
      vector.new{ 1.5 })
    eq(column.take(v, vector.new{ 2, 1 }):totable(), { 2.0, 1.0 })
  end)

  it("an empty directory and an empty first text cell are fine (qsort(NULL, 0), NULL + 0)", function()
    local runtime = require "burden.core.runtime"
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir " .. dir))
    eq(runtime.listdir(dir), {})
    os.remove(dir)
    local f = data.read_csv_text('s,n\n"",1\nb,2\n', { na = { "NA" } })
    eq(f:col("s")[1], "")
    eq(f:col("s")[2], "b")
  end)
end)

describe("FLOP formulas do not loop over their arguments (item 20)", function()
  local F = burden.flops
  local clock = require("burden.core.runtime").clock

  it("adaptive pooling to 2^40 outputs and an LSTM of 2^40 layers answer at once", function()
    local t0 = clock and clock() or os.clock()
    local r = F.adaptive_avgpool2d{ output = { 2 ^ 40, 1 }, input = { 1, 1, 1 } }
    eq(r.flops, 1 << 40) -- one one-element window per output: S + O - gcd(S, O) = 2^40
    r = F.lstm{ hidden = 1, layers = 1 << 40, input = { 1, 1 } }
    eq(r.macs, 8 << 40) -- 4 gates x (1 + 1) per layer and step
    eq(r.flops, 38 << 40) -- 2 x 8 + 22
    assert_error("burden.flops.lstm: count overflows a 64-bit integer", F.lstm,
      { hidden = 1, layers = 1 << 62, input = { 1, 1 } })
    assert((clock and clock() or os.clock()) - t0 < 2, "took too long")
  end)

  it("adaptive pooling equals PyTorch's windows on small cases", function()
    -- 13 -> 6 per dimension: six windows of 3 ([0,3) [2,5) [4,7) [6,9) [8,11) [10,13))
    eq(F.adaptive_avgpool2d{ output = { 6, 6 }, input = { 1, 13, 13 } }.flops, 18 * 18)
    -- 10 -> 4: windows [0,3) [2,5) [5,8) [7,10), 12 elements
    eq(F.adaptive_maxpool2d{ output = { 4, 1 }, input = { 2, 10, 1 } }.flops, 2 * (12 - 4))
  end)

  it("repeat bounds its count", function()
    assert_error("burden.flops.repeat: count 1099511627776 is too large (at most 100000 copies",
      F.rep, 1 << 40, F.relu{})
    eq(F.sequential{ input = { 4 }, F.rep(3, F.linear{ in_features = 4, out_features = 4 }) }:count().macs, 48)
  end)
end)
