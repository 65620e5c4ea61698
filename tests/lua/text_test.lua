-- The text primitives every writer shares (issue 16 item 4): one number formatter
-- (engine/core/numfmt.c), one CSV field writer (csvwrite.c), one JSON string encoder
-- (burden.format.json_string) and one edit distance (editdist.c), checked against Python's
-- repr, csv and json modules and R's read.csv and adist.
local burden = require "burden"
local fmt, report, data, bio = burden.format, burden.report, burden.data, burden.io

-- doubles from random bit patterns (finite ones), plus whole numbers and short decimals
local function sample_doubles(n, seed)
  local out, state = {}, seed
  local function next64()
    state = state * 6364136223846793005 + 1442695040888963407 -- wraps: Lua integers are 64-bit
    return state
  end
  while #out < n do
    local bits = next64() ~ (next64() >> 32)
    local x = string.unpack("<d", string.pack("<i8", bits))
    if x == x and x ~= math.huge and x ~= -math.huge then out[#out + 1] = x end
    out[#out + 1] = (next64() >> (11 + #out % 50)) / (#out % 3 == 0 and 1.0 or 100.0)
  end
  return out
end

describe("the number formatter", function()
  it("writes the digits of Python's repr (shortest round trip) for 3,000 random doubles", function()
    local py = peer.python()
    local xs = sample_doubles(3000, 20261204)
    local lines = {}
    for i, x in ipairs(xs) do lines[i] = string.format("%a", x) end
    local out = peer.run(py, [[
import sys
for line in open(sys.argv[1]):
    print(repr(float.fromhex(line.strip())))
]], { table.concat(lines, "\n") .. "\n" })
    local i, mismatches = 0, {}
    -- the same digits and exponent; repr writes "250.0" and "1e+16" where we write "250"
    local function canon(s)
      local sign, mant, exp = s:match("^(%-?)([%d%.]+)e?([%+%-]?%d*)$")
      assert(mant, "not a number: " .. s)
      local int, frac = mant:match("^(%d*)%.?(%d*)$")
      local digits = (int .. frac):gsub("^0+", "")
      local e = (tonumber(exp) or 0) + #int - 1 - (#(int .. frac) - #((int .. frac):gsub("^0+", "")))
      digits = digits:gsub("0+$", "")
      if digits == "" then return sign .. "0" end
      return sign .. digits .. "e" .. e
    end
    for line in out:gmatch("[^\n]+") do
      i = i + 1
      local ours = fmt.shortest(xs[i])
      eq(tonumber(ours), xs[i])
      if canon(ours) ~= canon(line) then mismatches[#mismatches + 1] = ours .. " vs " .. line end
    end
    eq(i, #xs)
    eq(mismatches, {})
  end)

  it("writes whole numbers as integers and everything else in %g's layout", function()
    eq(fmt.shortest(250.0), "250") -- was "2.5e+02" in report tables
    eq(fmt.shortest(1000.0), "1000")
    eq(fmt.shortest(5e-324), "5e-324")
    eq(fmt.shortest(6.5e-05), "6.5e-05")
    eq(fmt.shortest(1e16), "1e+16")
    eq(fmt.shortest(-0.0), "-0")
    eq(fmt.shortest(math.huge), "Inf")
    eq(fmt.shortest(math.mininteger), "-9223372036854775808") -- Lua integers exactly
    eq(tostring(require("burden.core.vector").new({ 100.0, 0.25 })), "vector(100, 0.25) [2]")
  end)
end)

-- strings no CSV writer may mangle
local AWKWARD = { "plain", "a,b", 'say "hi"', "two\nlines", "cr\r\nlf", " lead", "trail\t",
  "", "é ü", ";semi" }

describe("the CSV field writer", function()
  it("quotes only what needs quotes", function()
    eq(fmt.csv_field("plain"), "plain")
    eq(fmt.csv_field("a,b"), '"a,b"')
    eq(fmt.csv_field('say "hi"'), '"say ""hi"""')
    eq(fmt.csv_field("a;b"), "a;b")
    eq(fmt.csv_field("a;b", ";"), '"a;b"')
    eq(fmt.csv_field(" lead"), '" lead"')
    eq(fmt.csv_eol, "\r\n")
    assert_error("csv_field' (one character expected)", fmt.csv_field, "x", ";;")
  end)

  it("report tables and frames write the same bytes, and Python's csv module reads them back", function()
    local py = peer.python()
    local rows = {}
    for i, s in ipairs(AWKWARD) do rows[i] = { s = s, x = i / 4 } end
    local t = report.table{ columns = { "s", "x" }, rows = rows }
    local f = data.frame{ s = AWKWARD, x = (function()
      local v = {}
      for i = 1, #AWKWARD do v[i] = i / 4 end
      return v
    end)() }:select("s", "x")
    local dir = os.tmpname()
    os.remove(dir)
    bio.mkdir(dir)
    assert(f:write_csv(dir .. "/f.csv"))
    t:write(dir .. "/t.csv")
    local ft, tt = bio.read(dir .. "/f.csv"), bio.read(dir .. "/t.csv")
    -- frames keep ".0" on whole numbers of number columns; here none is whole but 1, 2
    eq(tt:gsub(",1\r\n", ",1.0\r\n"):gsub(",2\r\n", ",2.0\r\n"), ft)
    local out = peer.run(py, [[
import csv, json, sys
with open(sys.argv[1], newline="") as f:
    print(json.dumps(list(csv.reader(f))))
]], dir .. "/t.csv")
    os.remove(dir .. "/f.csv"); os.remove(dir .. "/t.csv"); os.remove(dir)
    -- Python's json writes non-ASCII as \uXXXX: compare through ASCII escapes on our side
    local want = { '["s", "x"]' }
    for i, s in ipairs(AWKWARD) do
      local esc = fmt.json_string(s):gsub("[\128-\255]+", function(u)
        local parts = {}
        for _, c in utf8.codes(u) do parts[#parts + 1] = string.format("\\u%04x", c) end
        return table.concat(parts)
      end)
      want[#want + 1] = string.format('[%s, "%s"]', esc, fmt.shortest(i / 4))
    end
    eq(out, "[" .. table.concat(want, ", ") .. "]\n")
  end)

  it("R's read.csv reads a report table's CSV back", function()
    local r = peer.rscript()
    local rows = {}
    for i, s in ipairs(AWKWARD) do rows[i] = { s = s, x = i * 1e20 } end
    local path = os.tmpname()
    report.table{ columns = { "s", "x" }, rows = rows }:write(path .. ".csv")
    local out = peer.run(r, [[
d <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE, strip.white = FALSE, encoding = "UTF-8")
for (i in seq_len(nrow(d))) cat(i, nchar(d$s[i], type = "bytes"), sprintf("%.17g", d$x[i]), "\n")
]], path .. ".csv")
    os.remove(path .. ".csv"); os.remove(path)
    local res = peer.keyed(out)
    for i, s in ipairs(AWKWARD) do
      local got = res[tostring(i)]
      assert(got, "R's output: " .. out)
      eq(got[1], #s:gsub("\r\n", "\n")) -- R's text connections read CRLF as LF, even quoted
      eq(got[2], i * 1e20)
    end
  end)
end)

describe("the JSON string encoder", function()
  it("frames and report tables write strings Python's json.loads reads back exactly", function()
    local py = peer.python()
    local all = {}
    for b = 0, 127 do all[#all + 1] = string.char(b) end
    local strings = { table.concat(all), 'q"b\\s/', "é\u{1F600}", "" }
    local doc = "[" .. table.concat((function()
      local parts = {}
      for i, s in ipairs(strings) do parts[i] = fmt.json_string(s) end
      return parts
    end)(), ",") .. "]"
    local frame_doc = data.frame{ s = strings }:to_json()
    local report_doc = report.table{ columns = { "s" }, rows = (function()
      local r = {}
      for i, s in ipairs(strings) do r[i] = { s = s } end
      return r
    end)() }:render("json")
    local out = peer.run(py, [[
import json, sys
for path in sys.argv[1:]:
    v = json.load(open(path, encoding="utf-8"))
    if isinstance(v[0], dict):
        v = [r["s"] for r in v]
    print(" ".join(s.encode("utf-8").hex() or "-" for s in v))
]], { doc }, { frame_doc }, { report_doc })
    local want = {}
    for i, s in ipairs(strings) do
      want[i] = s == "" and "-" or s:gsub(".", function(c) return string.format("%02x", c:byte()) end)
    end
    local line = table.concat(want, " ")
    eq(out, line .. "\n" .. line .. "\n" .. line .. "\n")
  end)
end)

describe("the edit distance", function()
  it("agrees with R's adist (Levenshtein) on names and random strings", function()
    local r = peer.rscript()
    local pairs_ = { { "kitten", "sitting" }, { "year", "yaer" }, { "flops", "flop" },
      { "", "abc" }, { "V100", "NVIDIA Tesla V100 PCIe" } }
    local state = 7
    for _ = 1, 40 do
      local s = {}
      for k = 1, 2 do
        local chars = {}
        state = (state * 1103515245 + 12345) % 2147483648
        for j = 1, state % 12 do chars[j] = string.char(97 + (state >> j) % 4) end
        s[k] = table.concat(chars)
      end
      pairs_[#pairs_ + 1] = s
    end
    local lines = {}
    for i, p in ipairs(pairs_) do lines[i] = p[1] .. "\t" .. p[2] end
    local out = peer.run(r, [=[
x <- readLines(commandArgs(TRUE)[1])
for (l in x) { p <- strsplit(paste0(l, "\t."), "\t")[[1]]; cat(adist(p[1], p[2]), "\n") }
]=], { table.concat(lines, "\n") .. "\n" })
    local theirs = peer.numbers(out)
    eq(#theirs, #pairs_)
    for i, p in ipairs(pairs_) do
      eq(burden.suggest.distance(p[1], p[2]), theirs[i])
    end
    eq(burden.suggest.distance("a\0b", "a\0c"), 1)
  end)
end)
