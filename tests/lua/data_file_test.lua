-- burden.data and burden.io on files: the locale, strict numbers, headers, directories,
-- max_line on files, and atomic writes (issue 15, items 13, 14, 18, 22, 23, 24).
local burden = require "burden"
local data, bio = burden.data, burden.io
local runtime = require "burden.core.runtime"

local function tmpdir()
  local base = os.tmpname()
  os.remove(base)
  bio.mkdir(base .. "-dir")
  return base .. "-dir"
end

local function put(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

local function rmtree(dir)
  assert(dir:match("^/tmp/") and not dir:find("'", 1, true))
  os.execute("rm -rf '" .. dir .. "'")
end

-- A process id that has just exited.
local function dead_pid()
  local p = assert(io.popen("sh -c 'echo $$'"))
  local pid = tonumber(p:read("l"))
  p:close()
  return pid
end

describe("numbers and the locale", function()
  it("os.setlocale refuses a numeric locale other than C, and says why", function()
    assert_error("os.setlocale: burden keeps the numeric locale \"C\"", os.setlocale,
      "de_DE.UTF-8", "numeric")
    eq(os.setlocale("C", "numeric"), "C")
    eq(os.setlocale(nil, "numeric"), "C")
  end)

  it("CSV, units and formatting keep a decimal point under a decimal-comma locale", function()
    local set
    for _, name in ipairs{ "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE" } do
      if os.setlocale(name) then set = name break end
    end
    if not set then
      skip("no decimal-comma locale installed (the golden case data/locale_comma generates one)")
    end
    local ok, err = pcall(function()
      eq(tostring(1.5), "1.5")
      eq(string.format("%.2f", 2.25), "2.25")
      eq(tonumber("1,5"), nil)
      local f = data.read_csv_text("x\n12345678901234567890.5\n1.5e300\n")
      eq(f:col("x")[1], 12345678901234567890.5)
      eq(f:col("x")[2], 1.5e300)
      eq(burden.units.parse("3.5 days", "s"), 302400.0)
      local dir = tmpdir()
      local g = data.frame{ x = { 0.1, 2.5 } }
      assert(g:write_csv(dir .. "/g.csv"))
      eq(bio.read(dir .. "/g.csv"), "x\r\n0.1\r\n2.5\r\n")
      rmtree(dir)
    end)
    os.setlocale("C")
    if not ok then error(err, 0) end
  end)
end)

describe("strict numbers and dates", function()
  it("thousands separators must group digits by three", function()
    local f = data.read_csv_text('n\n"1,234,567"\n"-12,345.5"\n', { thousands = "," })
    eq(f:col("n")[1], 1234567)
    eq(f:col("n")[2], -12345.5)
    assert_error("g.csv:3:1: column 'n': '1,2,3' does not group digits by three with thousands = ','",
      data.read_csv_text, 'n\n"1,234"\n"1,2,3"\n', { thousands = "," }, "g.csv")
    assert_error("g.csv:2:2: column 'n': '12,34' does not group digits by three",
      data.read_csv_text, 'a;n\nx;12,34\n', { thousands = ",", sep = ";" }, "g.csv")
    -- as text when asked
    eq(data.read_csv_text('n\n"1,2,3"\n', { thousands = ",", types = { n = "string" } }):col("n")[1],
      "1,2,3")
  end)

  it("a number beyond the double range is an error, Inf is not", function()
    assert_error("big.csv:3:2: column 'x': '1e999' is too large for a number",
      data.read_csv_text, "a,x\n1,2\n2,1e999\n", nil, "big.csv")
    eq(data.read_csv_text("x\nInf\n-inf\n"):col("x")[2], -math.huge)
  end)

  it("year_fraction rejects impossible dates and long digit runs, quoting them", function()
    local yf = burden.import.year_fraction
    assert_error("import.year_fraction: '2020-02-30' is not a date (month 2 of 2020 has 29 days)",
      yf, "2020-02-30")
    assert_error("import.year_fraction: '2019-02-29' is not a date", yf, "2019-02-29")
    assert_error("import.year_fraction: '99999999999999999999' is not a date", yf,
      "99999999999999999999")
    assert_error("import.year_fraction: '2020-13-01' is not a date (month 13)", yf, "2020-13-01")
    assert_error("import.year_fraction: '2020-05-28x' is not a date", yf, "2020-05-28x")
    near(yf("2020-02-29"), 2020 + 59 / 366, 1e-15)
    near(yf("2020-05-28T10:00:00Z"), 2020 + 148 / 366, 1e-15)
    eq(yf("2020"), 2020.0)
    eq(yf(nil), nil)
  end)

  it("an importer names the file, row and column of a bad date", function()
    local dir = tmpdir()
    local path = dir .. "/chips.csv"
    put(path, "Hardware name,Release date,FP32 (single precision) performance (FLOP/s)\n" ..
      "A,2020-05-14,1e13\nB,2021-02-30,2e13\n")
    assert_error("import.epoch_chips: " .. path .. ": row 2, column 'Release date': '2021-02-30' " ..
      "is not a date (month 2 of 2021 has 28 days)", burden.import.epoch_chips, path)
    rmtree(dir)
  end)

  it("parse_hardware refuses a negative training time", function()
    eq({ data.parse_hardware("8 V100 for -3 days") },
      { nil, "parse_hardware: negative training time '-3 days' in '8 V100 for -3 days'" })
    eq({ data.parse_hardware("8 V100 for 3 days") }, { 8, "V100", 259200.0 })
  end)
end)

describe("reading files", function()
  it("an empty header name gets an automatic name no written name has", function()
    local f = data.read_csv_text(",V1\n1,2\n")
    eq(f:names(), { "V1_2", "V1" })
    eq(f:col("V1")[1], 2)
  end)

  it("a directory is named as such", function()
    local dir = tmpdir()
    local ok, err = data.try_read_csv(dir)
    eq(ok, nil)
    eq(err, "cannot read " .. dir .. ": it is a directory")
    assert_error("cannot read " .. dir .. ": it is a directory", data.read_csv, dir)
    rmtree(dir)
  end)

  it("max_line holds for a file as for text", function()
    local dir = tmpdir()
    local path = dir .. "/long.csv"
    local text = "a\n" .. string.rep("x", 150) .. "\nb\n"
    put(path, text)
    assert_error(path .. ":2: line longer than 100 bytes (max_line)", data.read_csv_text, text,
      { max_line = 100 }, path)
    assert_error(path .. ":2: line longer than 100 bytes (max_line)", data.read_csv, path,
      { max_line = 100 })
    eq(data.read_csv(path, { max_line = 150 }):nrow(), 2)
    rmtree(dir)
  end)

  it("malformed quotes and invalid UTF-8 name the column", function()
    assert_error("q.csv:2:3: malformed quoted field", data.read_csv_text, 'a,b,c\n1,2,"x"y\n',
      nil, "q.csv")
    assert_error("u.csv:2:2: invalid UTF-8 at byte offset 13", data.read_csv_text,
      'a,b,c\n"p,q",r\255s,t\n', nil, "u.csv")
  end)
end)

describe("atomic writes", function()
  it("errors name the target, not the temporary", function()
    local dir = tmpdir()
    put(dir .. "/keep", "")
    local ok, err = bio.try_write_atomic(dir .. "/no/such/x.csv", "a\n")
    eq(ok, nil)
    eq(err, "cannot write " .. dir .. "/no/such/x.csv: No such file or directory")
    local f = data.frame{ x = { 1 } }
    ok, err = f:write_csv(dir .. "/no/such/x.csv")
    eq(err, "cannot write " .. dir .. "/no/such/x.csv: No such file or directory")
    assert_error("io.write_atomic: cannot write " .. dir .. ": it is a directory",
      bio.write_atomic, dir, "x")
    eq(runtime.listdir(dir), { "keep" })
    rmtree(dir)
  end)

  it("temporaries of dead processes are removed, live ones and other targets kept", function()
    local dir = tmpdir()
    local target = dir .. "/out.csv"
    local gone = dead_pid()
    put(string.format("%s.tmp-%d-0", target, gone), "half a file")
    put(string.format("%s.tmp-%d", target, gone), "an older name")
    put(target .. ".tmp-1-0", "pid 1 is always running")
    put(string.format("%s/in.csv.tmp-%d-0", dir, gone), "another target")
    put(target .. ".tmp-notes", "not a temporary")
    data.frame{ x = { 1, 2 } }:write_csv(target)
    eq(bio.read(target), "x\r\n1\r\n2\r\n")
    eq(runtime.listdir(dir), { "in.csv.tmp-" .. gone .. "-0", "out.csv", "out.csv.tmp-1-0",
      "out.csv.tmp-notes" })
    os.remove(target)
    put(string.format("%s.tmp-%d-3", target, gone), "half a file")
    bio.write_atomic(target, "y\n")
    eq(runtime.listdir(dir), { "in.csv.tmp-" .. gone .. "-0", "out.csv", "out.csv.tmp-1-0",
      "out.csv.tmp-notes" })
    rmtree(dir)
  end)
end)
