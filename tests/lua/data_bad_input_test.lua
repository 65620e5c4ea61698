-- burden.data on bad input: every case ends in a clear message (or a documented repair).
local data = require("burden").data

local function tmpfile(text)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function peak_kib()
  local f = io.open("/proc/self/status", "r")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return tonumber(text:match("VmHWM:%s*(%d+)"))
end

describe("bad input", function()
  it("ragged row: an error with the line, or padding when asked", function()
    local text = "a,b,c\n1,2,3\n4,5\n6,7,8\n"
    assert_error("bad.csv:3: expected 3 fields, got 2", data.read_csv_text, text, nil, "bad.csv")
    local t = data.read_csv_text(text, { ragged = "pad" })
    eq(t:nrow(), 3)
    eq(t:col("c"):totable(), { 3, nil, 8 })
    assert_error("bad.csv:2: expected 3 fields, got 4", data.read_csv_text, "a,b,c\n1,2,3,4\n",
      { ragged = "pad" }, "bad.csv")
  end)

  it("ragged row in a file names the file and line", function()
    local path = tmpfile("x,y\n1,2\n\n3\n")
    local ok, err = pcall(data.read_csv, path)
    os.remove(path)
    assert(not ok)
    eq(err, path .. ":4: expected 2 fields, got 1 (ragged = \"pad\" fills short rows)")
  end)

  it("unterminated quote at the end: the line where the field began", function()
    assert_error('bad.csv:3: unterminated quoted field (the input ends at line 5)',
      data.read_csv_text, 'a,b\n1,x\n2,"never\nclosed\nat all', nil, "bad.csv")
    assert_error("bad.csv:2:2: malformed quoted field", data.read_csv_text, 'a,b\n1,"x"y\n', nil, "bad.csv")
  end)

  it("text in a column forced to number: column, line and text", function()
    assert_error("bad.csv:4:2: column 'flop': cannot read '~1e18' as a number", data.read_csv_text,
      "model,flop\na,1e17\nb,2e17\nc,~1e18\n", { types = { flop = "number" } }, "bad.csv")
    assert_error("bad.csv:2:1: column 'n': cannot read '1.5' as an integer", data.read_csv_text,
      "n\n1.5\n", { types = { n = "integer" } }, "bad.csv")
    assert_error("types: unknown column 'flops' (closest: 'flop'", data.read_csv_text,
      "model,flop\na,1\n", { types = { flops = "number" } }, "bad.csv")
    assert_error("bad option 'types' to 'read_csv'", data.read_csv_text, "a\n1\n", { types = { a = "float" } })
  end)

  it("empty file and header only", function()
    assert_error("empty.csv: empty file: expected a header line", data.read_csv_text, "", nil, "empty.csv")
    assert_error("empty.csv: empty file", data.read_csv_text, "\n\n\r\n", nil, "empty.csv")
    local path = tmpfile("")
    assert_error(path .. ": empty file", data.read_csv, path)
    os.remove(path)
    eq(data.read_csv_text("", { header = false }):ncol(), 0)
    local t = data.read_csv_text("a,b,c\n")
    eq(t:nrow(), 0)
    eq(t:names(), { "a", "b", "c" })
    eq(#t:col("b"), 0)
  end)

  it("duplicate column names: an error, or renamed when asked", function()
    assert_error("dup.csv:1: duplicate column name 'x' (columns 1 and 3; dedupe = true renames)",
      data.read_csv_text, "x,y,x\n1,2,3\n", nil, "dup.csv")
    local t = data.read_csv_text("x,y,x,x_2\n1,2,3,4\n", { dedupe = true })
    eq(t:names(), { "x", "y", "x_3", "x_2" })
    eq(t:col("x_3")[1], 3)
  end)

  it("invalid UTF-8: an error with the byte offset, or replaced when asked", function()
    assert_error("bad.csv:2:1: invalid UTF-8 at byte offset 9", data.read_csv_text,
      "name,n\nab\255c,1\n", nil, "bad.csv")
    local t = data.read_csv_text("name,n\nab\255c,1\n", { utf8 = "replace" })
    eq(t:col("name")[1], "ab\239\191\189c")
    -- a truncated sequence at the very end of the input
    assert_error("bad.csv:2:1: invalid UTF-8 at byte offset 4", data.read_csv_text, "a\nxy\195", nil, "bad.csv")
  end)

  it("a very long line: a clear error in bounded memory", function()
    assert_error("long.csv:2: line longer than 100 bytes (max_line)", data.read_csv_text,
      "a\n" .. string.rep("x", 500) .. "\n", { max_line = 100 }, "long.csv")
    assert_error("long.csv:2: record longer than 100 bytes (max_line)", data.read_csv_text,
      'a\n"' .. string.rep("x\n", 200) .. '"\n', { max_line = 100 }, "long.csv")
    -- the default limit is 16 MiB
    assert_error("long.csv:2: line longer than 16777216 bytes (max_line)", data.read_csv_text,
      "a\n" .. string.rep("z", (16 << 20) + 10), nil, "long.csv")
    -- a 64 MiB line on disk (written in 1 MiB pieces) against a 1 MiB limit
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("a\n")
    local piece = string.rep("y", 1 << 20)
    for _ = 1, 64 do f:write(piece) end
    f:write("\n")
    f:close()
    piece = nil
    collectgarbage()
    local before = peak_kib()
    local ok, err = pcall(data.read_csv, path, { max_line = 1 << 20 })
    local after = peak_kib()
    os.remove(path)
    assert(not ok)
    eq(err, path .. ":2: line longer than 1048576 bytes (max_line)")
    if before and after then
      -- the reader holds at most about twice max_line, never the whole line
      assert(after - before < 16 * 1024, "peak grew by " .. (after - before) .. " KiB")
    end
  end)

  it("bad options are argument errors", function()
    assert_error("bad option 'sep' to 'read_csv' (one character expected)", data.read_csv_text, "a\n", { sep = "::" })
    assert_error("bad option 'ragged' to 'read_csv'", data.read_csv_text, "a\n", { ragged = "drop" })
    assert_error("separator and quote must differ", data.read_csv_text, "a\n", { sep = '"' })
    assert_error("select: unknown column 'c' (closest: 'a', 'b')", data.read_csv_text, "a,b\n1,2\n", { select = { "c" } })
    assert_error("bad argument #1 to 'read_csv' (path expected, got nil)", data.read_csv)
  end)

  it("unknown columns in frame operations list the closest names", function()
    local t = data.frame{ year = { 1 }, error = { 0.5 } }
    assert_error("sort: unknown column 'eror' (closest: 'error', 'year')", t.sort, t, "eror")
    assert_error("group_by: unknown column 'yr'", t.group_by, t, "yr")
    assert_error("join: unknown column 'id'", t.join, t, t, { by = "id" })
    assert_error("unique: unknown column 'x'", t.unique, t, "x")
    assert_error("summarize: unknown column 'eror'", function() t:summarize{ m = { "mean", "eror" } } end)
  end)
end)
