-- Issue 15: memory safety and hostile input (sizes that overflow, names that are not
-- strings, shared columns, loops bounded by their arguments).
local burden = require "burden"
local data = burden.data
local vector = require "burden.core.vector"
local core_frame = require "burden.core.frame"

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
