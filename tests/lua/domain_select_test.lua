-- burden.domain's declarative selection (keep and drop, evaluated on columns), the
-- built-in domains written with it, and the batch entry points the data path uses:
-- re's rx:test_each, hw.peak_each (and hw.peak's "paper"), data.read_csv_text's array
-- form.
local burden = require "burden"

-- a made-up frame: split missing in row 4, shots missing in row 6, model missing in row 7
local function runs()
  return burden.data.frame({
    { "model", { "A", "A (Zero-Shot)", "B", "C", "D linear probe", "E", nil, "F" } },
    { "split", { "test-dev", "test-dev", "val", nil, "test-dev", "test-dev", "test-dev", "val" } },
    { "shots", { 5, 5, 5, 0, 5, nil, 5, 8 } },
    { "base", { true, true, false, true, true, true, true, false } },
    { "value", { 60, 62, 70, 75, 71, 80, 81, 82 } },
    { "flop", { 1e18, 1e18, 1e19, 1e20, 1e20, 1e21, 1e21, 1e22 } },
  }, { n = 8 })
end

-- the same rows as row tables (missing values absent)
local function rows_of(f)
  local out = {}
  for i, r in f:rows() do out[i] = r end
  return out
end

local n_defined = 0
local function define(spec)
  n_defined = n_defined + 1
  spec.name = spec.name or ("sel_" .. n_defined)
  spec.compute = spec.compute or "flop"
  return burden.domain.define(spec)
end

-- the row numbers a domain selects from the frame, and from its rows (must agree)
local function at(d, f)
  local _, a = d:select(f)
  local _, b = d:select(rows_of(f))
  eq(a, b)
  return a
end

local message = error_message

describe("domain keep and drop", function()
  it("a value, an array of values, missing = true and a pattern", function()
    local f = runs()
    eq(at(define{ keep = { split = "test-dev" } }, f), { 1, 2, 5, 6, 7 })
    eq(at(define{ keep = { split = { "test-dev", missing = true } } }, f), { 1, 2, 4, 5, 6, 7 })
    eq(at(define{ keep = { shots = { 0, 8 } } }, f), { 4, 8 })
    eq(at(define{ keep = { shots = { missing = true } } }, f), { 6 })
    eq(at(define{ keep = { base = false } }, f), { 3, 8 })
    -- a pattern matches anywhere in a text value, case as the pattern says
    eq(at(define{ drop = { model = { match = "(?i)zero-shot|probe" } } }, f), { 1, 3, 4, 6, 7, 8 })
    eq(at(define{ drop = { model = { match = "zero-shot|probe" } } }, f), { 1, 2, 3, 4, 6, 7, 8 })
    eq(at(define{ keep = { model = { match = "^[A-C]$" } } }, f), { 1, 3, 4 })
    eq(at(define{ keep = { model = { match = "^[A-C]$", missing = true } } }, f), { 1, 3, 4, 7 })
  end)

  it("a missing value meets a condition only with missing = true, in keep and in drop", function()
    local f = runs()
    -- as dplyr's filter(shots == 5) drops NA, and filter(!(shots %in% 5)) keeps it
    eq(at(define{ keep = { shots = 5 } }, f), { 1, 2, 3, 5, 7 })
    eq(at(define{ drop = { shots = 5 } }, f), { 4, 6, 8 })
    eq(at(define{ drop = { shots = { 5, missing = true } } }, f), { 4, 8 })
    eq(at(define{ drop = { model = { match = "." } } }, f), { 7 })
  end)

  it("keeps a row when every keep condition holds and no drop condition does", function()
    local f = runs()
    local d = define{ keep = { split = { "test-dev", missing = true }, shots = { 5, missing = true } },
      drop = { model = { match = "(?i)zero-shot|probe" }, base = false } }
    eq(at(d, f), { 1, 6, 7 })
    -- with the benchmark and metric columns first
    local g = f:mutate{ benchmark = { "b", "b", "b", "b", "b", "other", "b", "b" } }
    eq(at(define{ benchmark = "b", keep = { shots = 5 } }, g), { 1, 2, 3, 5, 7 })
    -- points: the same rows, the error and compute of each
    local p = d:points(f)
    eq({ p.n, p.model, p.compute }, { 3, { "A", "E" }, { 1e18, 1e21, 1e21 } })
  end)

  it("runs filter after keep and drop, once per remaining row, in row order", function()
    local f = runs()
    local seen = {}
    local d = define{ keep = { shots = 5 }, filter = function(r)
      seen[#seen + 1] = r.value
      return r.value ~= 62
    end }
    eq(at(d, f), { 1, 3, 5, 7 })
    -- the frame's selection ran the filter on rows 1, 2, 3, 5, 7; the rows' one again
    eq(seen, { 60, 62, 70, 71, 81, 60, 62, 70, 71, 81 })
    -- a frame's selection is remembered: no second filter call
    d:select(f)
    eq(#seen, 10)
  end)

  it("rejects a condition of the wrong shape when the domain is defined", function()
    local function bad(spec) return message(burden.domain.define, spec) end
    eq(bad{ name = "x", keep = { split = function() end } }, "domain.define: keep.split: a " ..
      "condition is a value, an array of values or { match = pattern }, got a function " ..
      "(filter = function(row) ... end is the per-row escape hatch)")
    eq(bad{ name = "x", keep = "split" },
      "domain.define: keep must be a table of column = condition, got a string")
    eq(bad{ name = "x", drop = { "split" } }, "domain.define: drop must map column names to " ..
      "conditions (got key 1: { split = \"test-dev\" }, not { \"split\" })")
    eq(bad{ name = "x", keep = { shots = { 5, "8" } } }, "domain.define: keep.shots: values " ..
      "of one type expected (value 1 is a number, value 2 a string)")
    eq(bad{ name = "x", keep = { shots = { [1] = 5, [3] = 8 } } },
      "domain.define: keep.shots: an array of values without holes expected")
    eq(bad{ name = "x", keep = { shots = {} } }, "domain.define: keep.shots: an empty array " ..
      "matches no value (give values, or missing = true)")
    eq(bad{ name = "x", keep = { shots = 0 / 0 } }, "domain.define: keep.shots: NaN equals no value")
    eq(bad{ name = "x", keep = { shots = { {} } } }, "domain.define: keep.shots: value 1 is " ..
      "a table: values are strings, numbers or booleans")
    eq(bad{ name = "x", drop = { model = { matches = "probe" } } },
      "domain.define: drop.model: unknown key 'matches' (did you mean 'match'?)")
    eq(bad{ name = "x", drop = { model = { "a", match = "probe" } } },
      "domain.define: drop.model: give values or match, not both")
    eq(bad{ name = "x", drop = { model = { match = 5 } } },
      "domain.define: drop.model: match must be a pattern (a string), got a number")
    eq(bad{ name = "x", keep = { split = { "a", missing = "yes" } } },
      "domain.define: keep.split: missing must be true or false, got a string")
    eq(bad{ name = "x", kepp = {} }, "domain.define: unknown option 'kepp' (did you mean 'keep'?)")
  end)

  it("raises on a column the data lacks, naming the domain and the closest columns", function()
    local f = runs()
    local d = define{ name = "sel_typo", keep = { splt = "test-dev" } }
    local want = "domain 'sel_typo': unknown keep column 'splt' (closest: 'split', 'shots', 'base')"
    eq(message(d.points, d, f), want)
    eq(message(d.select, d, f), want)
    local rows = rows_of(f)
    eq(message(d.select, d, rows),
      "domain 'sel_typo': unknown keep column 'splt' (closest: 'split', 'shots', 'base')")
    local e = define{ name = "sel_typo2", drop = { varient = { "chat", missing = true } } }
    eq(message(e.select, e, f),
      "domain 'sel_typo2': unknown drop column 'varient' (closest: 'value', 'split', 'base')")
    -- a keep condition that accepts a missing value keeps every row of data without the
    -- column (the language-model domains' variant on rows that do not tell variants apart)
    eq(at(define{ keep = { variant = { "base", missing = true } } }, f), { 1, 2, 3, 4, 5, 6, 7, 8 })
  end)

  it("raises on a value whose type the column cannot hold, instead of keeping nothing", function()
    local f = runs()
    local d = define{ name = "sel_type", keep = { shots = "5" } }
    eq(message(d.points, d, f), "domain 'sel_type': keep.shots = \"5\" is a string, but " ..
      "column 'shots' holds integer values: no row could match")
    eq(message(d.select, d, rows_of(f)), "domain 'sel_type': keep.shots = \"5\" is a string, " ..
      "but column 'shots' holds number values: no row could match")
    local m = define{ name = "sel_match", drop = { shots = { match = "5" } } }
    eq(message(m.select, m, f),
      "domain 'sel_match': drop.shots = { match = \"5\" } matches text, but column 'shots' " ..
      "holds integer values")
    local b = define{ name = "sel_bool", keep = { base = { "yes", missing = true } } }
    eq(message(b.select, b, f), "domain 'sel_bool': keep.base = { \"yes\", missing = true } " ..
      "is a string, but column 'base' holds boolean values: no row could match")
    -- a column without any value has no type to disagree with
    local g = burden.data.frame({ { "note", {} }, { "flop", { 1, 2 } } }, { n = 2,
      types = {} })
    eq(at(define{ keep = { note = { "x", missing = true } } }, g), { 1, 2 })
  end)

  it("compiles a pattern once, on the first selection, and reports a bad one", function()
    local d = define{ name = "sel_rx", drop = { model = { match = "(unclosed" } } }
    local msg = message(d.select, d, runs())
    assert(msg:find("^domain 'sel_rx': drop%.model: re%.compile: missing closing parenthesis"),
      msg)
  end)
end)

describe("the built-in domains' selections", function()
  -- the filters the built-in domains had before keep/drop, kept here as the reference
  local OLD = {
    imagenet = function(row)
      local m = (row.model or ""):lower()
      return not (m:find("zero-shot", 1, true) or m:find("probe", 1, true))
    end,
    coco = function(row) return row.split == nil or row.split == "test-dev" end,
  }
  for name, shots in pairs({ mmlu = 5, gsm8k = 8, hellaswag = 0 }) do
    OLD[name] = function(row)
      local s = tonumber(row.shots)
      return (s == nil or s == shots) and (row.variant == nil or row.variant == "base")
    end
  end

  it("select the same rows, in the same order, as their former filters", function()
    local frame = burden.dataset.load()
    local rows = rows_of(frame)
    for _, name in ipairs({ "imagenet", "coco", "mmlu", "gsm8k", "hellaswag" }) do
      local d = burden.domain.get(name)
      eq(d.filter, nil)
      local old = burden.domain.define{ name = name .. "_old_filter", benchmark = d.benchmark,
        metric = d.metric, compute = d.compute, filter = OLD[name] }
      local _, want = old:select(rows)
      local _, got = d:select(frame)
      eq(got, want)
      eq(select(2, d:select(rows)), want)
      assert(#want >= 15, name .. ": " .. #want)
    end
    -- and they leave rows out
    eq(#select(2, burden.domain.get("coco"):select(frame)), 69)
  end)

  it("agree with pandas on the curated files", function()
    local py = peer.python{ "pandas" }
    local program = [[
import sys, pandas as pd
d = sys.argv[1]
def show(name, df):
    print(name, len(df), "|".join(df["model"].astype(str)))
im = pd.read_csv(d + "/imagenet.csv", keep_default_na=False, na_values=[""])
im = im[im.metric == "top1"]
show("imagenet", im[~im.model.str.contains(r"(?i)zero-shot|probe", regex=True)])
co = pd.read_csv(d + "/coco.csv", keep_default_na=False, na_values=[""])
co = co[co.metric == "box_ap"]
show("coco", co[co.split.isna() | (co.split == "test-dev")])
for name, shots in (("mmlu", 5), ("gsm8k", 8), ("hellaswag", 0)):
    t = pd.read_csv(d + "/" + name + ".csv", keep_default_na=False, na_values=[""])
    t = t[(t.shots.isna() | (t.shots == shots)) & (t.variant.isna() | (t.variant == "base"))]
    show(name, t)
]]
    local out = peer.run(py, program, "data/benchmarks")
    local frame = burden.dataset.load()
    local n = 0
    for line in out:gmatch("[^\n]+") do
      local name, count, models = line:match("^(%S+) (%d+) (.*)$")
      assert(name, "pandas: " .. line)
      local got = burden.domain.get(name):select(frame)
      local names = {}
      for i, r in ipairs(got) do names[i] = r.model end
      eq({ name, #got, table.concat(names, "|") }, { name, tonumber(count), models })
      n = n + 1
    end
    eq(n, 5)
  end)
end)

describe("batch entry points of the data path", function()
  it("rx:test_each tests a whole array in one call, as rx:test does one subject", function()
    local rx = burden.re.compile("(?i)zero-shot|probe")
    local subjects = { "CLIP (Zero-Shot)", "ViT-L/16", "linear probe", "", 42 }
    local want = {}
    for i, s in ipairs(subjects) do want[i] = rx:test(s) end
    eq(rx:test_each(subjects), want)
    eq(want, { true, false, true, false, false })
    eq(rx:test_each({}), {})
    eq(message(rx.test_each, rx, { "a", true }),
      "bad argument #1 to 'test_each' (string expected at index 2, got boolean)")
  end)

  it("hw.peak_each gives what hw.peak gives for every chip and precision, errors included",
    function()
      local names = burden.hw.list()
      names[#names + 1] = "no such chip"
      names[#names + 1] = "V100"
      for _, precision in ipairs({ "paper", "auto", "fp32", "bf16" }) do
        local peaks, used, errors = burden.hw.peak_each(names, precision)
        for i, name in ipairs(names) do
          local ok, v, p = pcall(burden.hw.peak, name, precision)
          if ok then
            eq({ peaks[i], used[i], errors[i] }, { v, p, nil })
          else
            eq({ peaks[i], used[i], errors[i] }, { nil, nil, (v:gsub("^[^\n]-:%d+: ", "")) })
          end
        end
      end
      -- "paper": FP32 where the chip has it, else its dense matrix rate (a TPU's bf16)
      eq({ burden.hw.peak("GTX 580", "paper") }, { 1.581e12, "fp32" })
      eq({ burden.hw.peak("TPU v3", "paper") }, { 123e12, "bf16" })
      -- one precision per chip
      local p, u = burden.hw.peak_each({ "A100", "A100" }, { "fp32", "auto" })
      eq({ p, u }, { { 19.5e12, 312e12 }, { "fp32", "bf16" } })
      -- dataset.peak_flops is the same rule
      eq({ burden.dataset.peak_flops("TPU v3") }, { 123e12, "bf16" })
      eq(message(burden.dataset.peak_flops, "V100", "fp8"), "burden.hw.peak: NVIDIA Tesla V100 " ..
        "has no fp8 figure (it offers fp64, fp32, fp16, tensor_fp16, or \"auto\")")
      eq(message(burden.hw.peak_each, "V100"),
        "burden.hw.peak_each: chips must be an array of names (got string)")
    end)

  it("data.read_csv_text reads an array of texts as one frame, as bind_rows would", function()
    local a, b = "model,year\nA,2015\nB,2016\n", "model,year,shots\nC,2023,5\n"
    local f, counts = burden.data.read_csv_text({ a, b },
      { {}, { types = { shots = "integer" } } }, { "a.csv", "b.csv" })
    local g = burden.data.read_csv_text(a, nil, "a.csv"):bind_rows(
      burden.data.read_csv_text(b, { types = { shots = "integer" } }, "b.csv"))
    eq(counts, { 2, 1 })
    eq({ f:names(), f:types(), rows_of(f) }, { g:names(), g:types(), rows_of(g) })
    -- one options table for every text
    local h, n = burden.data.read_csv_text({ a, a }, { na = { "B" } })
    eq({ n, h:col("model")[2], h:nrow() }, { { 2, 2 }, nil, 4 })
    eq({ burden.data.read_csv_text({}) }, { burden.data.frame{}, {} })
    eq(message(burden.data.read_csv_text, { a, 5 }),
      "bad argument #1 to 'read_csv_text' (string expected at index 2, got number)")
    eq(message(burden.data.read_csv_text, { a, b }, { {} }),
      "bad argument #2 to 'read_csv_text' (1 option tables for 2 texts)")
    eq(message(burden.data.read_csv_text, { a }, { { sepp = ";" } }),
      "data.read_csv_text: opts[1]: unknown option 'sepp' (did you mean 'sep'?)")
    eq(message(burden.data.read_csv_text, { a }, nil, "a.csv"),
      "bad argument #3 to 'read_csv_text' (array of names expected with an array of texts, " ..
      "got string)")
    -- a bad cell names its own text
    eq(select(2, pcall(burden.data.read_csv_text, { a, "x\n1\nz\n" },
      { {}, { types = { x = "number" } } }, { "a.csv", "c.csv" })),
      "c.csv:3:1: column 'x': cannot read 'z' as a number")
  end)

  it("data.read_csv and try_read_csv read an array of paths the same way", function()
    local a, b = os.tmpname(), os.tmpname()
    burden.io.write_atomic(a, "model,year\nA,2015\nB,2016\n")
    burden.io.write_atomic(b, "model,year,shots\nC,2023,5\n")
    local f, counts = burden.data.read_csv({ a, b })
    local g = burden.data.read_csv_text({ "model,year\nA,2015\nB,2016\n",
      "model,year,shots\nC,2023,5\n" })
    eq({ counts, f:names(), rows_of(f) }, { { 2, 1 }, g:names(), rows_of(g) })
    local none, msg = burden.data.try_read_csv({ a, b .. ".none" })
    os.remove(a)
    os.remove(b)
    eq({ none, msg }, { nil, "cannot open '" .. b .. ".none': No such file or directory" })
    eq(message(burden.data.read_csv, { a, b }, { {}, {}, {} }),
      "bad argument #2 to 'read_csv' (3 option tables for 2 files)")
    eq(message(burden.data.read_csv, { a, false }),
      "bad argument #1 to 'read_csv' (string expected at index 2, got boolean)")
  end)

  it("f:mutate with several arrays and a function: the function sees those before it", function()
    local f = burden.data.frame{ a = { 1, 2 } }
    local g = f:mutate{ { "b", { 10, 20 } }, { "c", function(r) return r.a + r.b end },
      { "a", { 5, 6 } } }
    eq({ g:names(), rows_of(g) }, { { "a", "b", "c" },
      { { a = 5, b = 10, c = 11 }, { a = 6, b = 20, c = 22 } } })
    eq(f:names(), { "a" })
    eq(rawequal(f:mutate{}, f), true)
  end)
end)
