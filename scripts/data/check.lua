-- Validates the curated benchmark data (data/benchmarks/*.csv, see data/README.md) and
-- prints per-benchmark counts with the hardware burden of each benchmark's models.
--
--   burden scripts/data/check.lua                 -- the files embedded in burden
--   burden scripts/data/check.lua FILE.csv ...    -- files on disk
--
-- Every problem is printed as FILE:LINE: message; the exit status is 1 when there is any.
local burden = require "burden"

local COLUMNS = { "benchmark", "model", "paper", "source", "date", "year", "metric", "split",
  "value", "hardware", "chips", "train_hours", "search_chip_hours", "forward_flops", "epochs",
  "params", "extra_data", "confidence", "notes" }
-- Language-model benchmarks (issue 14) add training compute, tokens, shots, the model's
-- variant and the chip-hours papers often give instead of chips and wall-clock time.
local LLM_COLUMNS = { "train_flop", "tokens", "shots", "variant", "chip_hours" }
local LLM = { mmlu = true, gsm8k = true, hellaswag = true }
local VARIANTS = { base = true, instruct = true, chat = true }
-- train_flop against 6 x params x tokens: relative difference allowed before the row's
-- notes must explain it (reported totals that count attention or several stages, MoE
-- models whose 6ND uses active parameters) by containing "6ND differs"
local SIX_ND_TOLERANCE = 0.30
-- chip_hours against chips x train_hours when all three are given
local CHIP_HOURS_TOLERANCE = 0.10
-- how train_flop was obtained, named in notes as "train_flop: <method>"
local FLOP_METHODS = { "reported", "6ND", "hardware", "Epoch" }
-- metrics each benchmark may record; SQuAD 1.1 has F1 and exact match (EM) rows, one
-- per model and metric, as published (the squad11 domain uses EM, as the paper did)
local METRIC = { imagenet = { "top1" }, coco = { "box_ap" }, squad11 = { "f1", "em" },
  conll2003 = { "f1" }, wmt2014_en_fr = { "bleu" }, wmt2014_en_de = { "bleu" },
  mmlu = { "accuracy" }, gsm8k = { "accuracy" }, hellaswag = { "accuracy" } }
-- columns that rows of one model under different metrics must share: the same run
local SAME_RUN = { "paper", "date", "year", "hardware", "chips", "train_hours",
  "search_chip_hours", "forward_flops", "epochs", "params", "extra_data", "confidence",
  "train_flop", "tokens", "variant", "chip_hours" }
local SPLITS = { val = true, test = true, ["test-dev"] = true, dev = true }
local CONFIDENCE = { reported = true, derived = true, estimated = true }
local FIRST_YEAR, LAST_YEAR = 2010, tonumber(os.date("!%Y"))
-- Coverage the curated data aims for (issue 7): fully specified models (value, hardware,
-- chips and hours) per benchmark; COCO counts test-dev rows only, val2017 rows are extra.
local COVERAGE = { imagenet = 45, coco = 25, squad11 = 15, conll2003 = 12,
  wmt2014_en_fr = 12, wmt2014_en_de = 15 }
local COVERAGE_SPLIT = { coco = "test-dev" }
local COVERAGE_UNTIL = { imagenet = 2024 } -- the fully specified rows must reach this year
-- language-model benchmarks count models with train_flop (issue 14); MMLU 5-shot only
local COVERAGE_FLOP = { mmlu = 40, gsm8k = 20, hellaswag = 20 }
local COVERAGE_SHOTS = { mmlu = 5 }
local FLOP_RANGE, TOKEN_RANGE = { 1e18, 1e28 }, { 1e9, 1e15 }
local POSITIVE = { "chips", "train_hours", "search_chip_hours", "forward_flops", "epochs",
  "params", "chip_hours" }

local problems = {}
local function problem(where, line, fmt, ...)
  problems[#problems + 1] = string.format("%s:%d: " .. fmt, where, line, ...)
end

local function read(name, from_disk)
  local text, where
  if from_disk then
    text, where = burden.io.read(name), name
    if not text then error("cannot open " .. name, 0) end
  else
    text, where = burden.dataset.resource(name)
  end
  -- one record per line keeps line numbers exact and diffs readable
  -- numbers are read as text so that check_row can name what is wrong with them; the
  -- language-model columns only where the header has them
  local types = {}
  for _, c in ipairs({ "year", "value", "chips", "train_hours", "search_chip_hours",
    "forward_flops", "epochs", "params" }) do types[c] = "string" end
  local header = "," .. (text:match("^[^\r\n]*") or "") .. ","
  for _, c in ipairs({ "train_flop", "tokens", "shots", "chip_hours" }) do
    if header:find("," .. c .. ",", 1, true) then types[c] = "string" end
  end
  local frame = burden.data.read_csv_text(text, { types = types }, where)
  return frame, where, text
end

local function check_header(frame, where, bench)
  local want = COLUMNS
  if LLM[bench] then
    want = {}
    for _, c in ipairs(COLUMNS) do want[#want + 1] = c end
    for _, c in ipairs(LLM_COLUMNS) do want[#want + 1] = c end
  end
  local names = frame:names()
  local ok = #names == #want
  for i, c in ipairs(want) do if names[i] ~= c then ok = false end end
  if not ok then
    problem(where, 1, "header must be: %s", table.concat(want, ","))
  end
  return ok
end

local function number_field(row, key, where, line)
  local v = row[key]
  if v == nil then return nil end
  local n = tonumber(v)
  if n == nil then
    problem(where, line, "%s: '%s' is not a number", key, v)
  end
  return n
end

-- A source must point somewhere a reader can go: an arXiv id, a DOI, an ACL Anthology
-- id, a repository file ("owner/repo path"), a venue with a year, or an address.
local function cites_something(source)
  return source:find("arXiv:%d%d%d%d%.%d") or source:find("[Dd][Oo][Ii]")
    or source:find("https?://") or source:find("ACL Anthology %u%d%d%-%d")
    or source:find("^[%w_.-]+/[%w_.-]+ [%w_./-]+") or source:find("%u%w+ %d%d%d%d")
end

-- The language-model columns: types, ranges, the variant, how train_flop was obtained,
-- and its agreement with 6 x params x tokens and of chip_hours with chips x hours.
local function check_llm(row, where, line)
  for _, key in ipairs({ "shots", "variant" }) do
    if row[key] == nil then problem(where, line, "%s is empty", key) end
  end
  local shots = number_field(row, "shots", where, line)
  if shots and (shots ~= math.floor(shots) or shots < 0 or shots > 100) then
    problem(where, line, "shots must be a whole number in 0..100, got %s", row.shots)
  end
  if row.variant and not VARIANTS[row.variant] then
    problem(where, line, "variant '%s' (expected base, instruct or chat)", row.variant)
  end
  local flop = number_field(row, "train_flop", where, line)
  if flop and (flop < FLOP_RANGE[1] or flop > FLOP_RANGE[2]) then
    problem(where, line, "train_flop %s is outside 1e18..1e28 FLOP", row.train_flop)
  end
  local tokens = number_field(row, "tokens", where, line)
  if tokens and (tokens < TOKEN_RANGE[1] or tokens > TOKEN_RANGE[2]) then
    problem(where, line, "tokens %s is outside 1e9..1e15", row.tokens)
  end
  local notes = row.notes or ""
  if flop then
    local method = notes:match("train_flop: (%w+)")
    local known = false
    for _, m in ipairs(FLOP_METHODS) do known = known or m == method end
    if not known then
      problem(where, line, "notes must say how train_flop was obtained: 'train_flop: %s'",
        table.concat(FLOP_METHODS, "' or 'train_flop: "))
    elseif method == "Epoch" and row.confidence ~= "estimated" then
      problem(where, line, "train_flop from Epoch AI makes the row 'estimated', not '%s'",
        tostring(row.confidence))
    end
  end
  local params = tonumber(row.params)
  if flop and params and tokens then
    local six = 6.0 * params * tokens -- float: integers would overflow
    local rel = math.abs(flop - six) / math.max(flop, six)
    if rel > SIX_ND_TOLERANCE and not notes:find("6ND differs", 1, true) then
      problem(where, line, "train_flop %.3g differs from 6ND = %.3g by %.0f%% (over %.0f%%; " ..
        "explain with '6ND differs' in notes)", flop, six, 100 * rel, 100 * SIX_ND_TOLERANCE)
    end
  end
  local chips, hours = tonumber(row.chips), tonumber(row.train_hours)
  local ch = number_field(row, "chip_hours", where, line)
  if ch and chips and hours then
    local prod = chips * hours
    if math.abs(ch - prod) > CHIP_HOURS_TOLERANCE * math.max(ch, prod) then
      problem(where, line, "chip_hours %s differs from chips x train_hours = %.0f by over %.0f%%",
        row.chip_hours, prod, 100 * CHIP_HOURS_TOLERANCE)
    end
  end
end

local function check_row(row, where, line, bench, seen)
  for _, key in ipairs({ "benchmark", "model", "paper", "source", "year", "metric", "split",
    "value", "extra_data", "confidence" }) do
    if row[key] == nil then problem(where, line, "%s is empty", key) end
  end
  for key, v in pairs(row) do
    if type(v) == "string" and v:find("[\r\n]") then
      problem(where, line, "%s contains a line break", key)
    end
  end
  if row.benchmark and row.benchmark ~= bench then
    problem(where, line, "benchmark '%s' in the file for '%s'", row.benchmark, bench)
  end
  local allowed = METRIC[bench]
  if row.metric and allowed then
    local ok = false
    for _, m in ipairs(allowed) do ok = ok or m == row.metric end
    if not ok then
      problem(where, line, "metric '%s' (expected '%s')", row.metric,
        table.concat(allowed, "' or '"))
    end
  end
  local value = number_field(row, "value", where, line)
  if value and (value <= 0 or value > 100) then
    problem(where, line, "value %s is outside (0, 100] (a percentage)", row.value)
  end
  local year = number_field(row, "year", where, line)
  if year and (year ~= math.floor(year) or year < FIRST_YEAR or year > LAST_YEAR) then
    problem(where, line, "year %s is outside %d..%d", row.year, FIRST_YEAR, LAST_YEAR)
  end
  if row.date then
    local y = row.date:match("^(%d%d%d%d)%-%d%d$")
    if not y then
      problem(where, line, "date '%s' is not YYYY-MM", row.date)
    elseif year and tonumber(y) ~= year then
      problem(where, line, "date %s and year %s disagree", row.date, row.year)
    end
  end
  if row.split and not SPLITS[row.split] then
    problem(where, line, "split '%s' (expected val, test, test-dev or dev)", row.split)
  end
  if row.confidence and not CONFIDENCE[row.confidence] then
    problem(where, line, "confidence '%s' (expected reported, derived or estimated)",
      row.confidence)
  end
  if row.extra_data and row.extra_data ~= "yes" and row.extra_data ~= "no" then
    problem(where, line, "extra_data '%s' (expected yes or no)", row.extra_data)
  end
  if row.source and not cites_something(row.source) then
    problem(where, line, "source '%s' names no arXiv id, DOI, ACL Anthology id, repository " ..
      "file or address", row.source)
  end
  for _, key in ipairs(POSITIVE) do
    local n = number_field(row, key, where, line)
    if n and n <= 0 then problem(where, line, "%s must be positive, got %s", key, row[key]) end
  end
  local chips = tonumber(row.chips)
  if chips and chips ~= math.floor(chips) then
    problem(where, line, "chips must be a whole number, got %s", row.chips)
  end
  if row.hardware then
    local ok, err = pcall(burden.hw.lookup, row.hardware)
    if not ok then problem(where, line, "hardware: %s", tostring(err):gsub("^.-: ", "", 1)) end
  end
  if LLM[bench] then check_llm(row, where, line) end
  local key = (row.benchmark or "") .. "\0" .. (row.model or "") .. "\0" .. (row.metric or "")
  if seen[key] then
    problem(where, line, "duplicate (benchmark, model, metric) ('%s', '%s', '%s'), first at " ..
      "line %d", row.benchmark, row.model, row.metric, seen[key])
    return true
  end
  seen[key] = line
  -- a model's rows for other metrics describe the same training run
  local first = seen.models[(row.benchmark or "") .. "\0" .. (row.model or "")]
  if first then
    for _, k in ipairs(SAME_RUN) do
      if first.row[k] ~= row[k] then
        problem(where, line, "%s '%s' differs from the same model's row at line %d ('%s')",
          k, tostring(row[k] or ""), first.line, tostring(first.row[k] or ""))
      end
    end
    return true -- not a new model
  end
  seen.models[(row.benchmark or "") .. "\0" .. (row.model or "")] = { row = row, line = line }
end

-- Stretches the range s[lo]..s[hi] to include v (when v is a number).
local function widen(s, lo, hi, v)
  if v then
    s[lo] = math.min(s[lo] or v, v)
    s[hi] = math.max(s[hi] or v, v)
  end
end

local from_disk = #arg > 0
local files = from_disk and arg or burden.dataset.files()
local summary = {}
for _, name in ipairs(files) do
  local ok, frame, where = pcall(read, name, from_disk)
  if not ok then
    problems[#problems + 1] = tostring(frame)
  elseif check_header(frame, where, name:match("([^/]+)%.csv$")) then
    local bench = name:match("([^/]+)%.csv$")
    local seen = { models = {} }
    local s = { benchmark = bench, rows = frame:nrow(), models = 0, full = 0, forward = 0,
      flop = LLM[bench] and 0 or nil }
    for i, row in frame:rows() do
      local line = i + 1
      -- the counts below are per model: a second metric of one model adds a row only
      if check_row(row, where, line, bench, seen) then goto continue end
      s.models = s.models + 1
      if row.forward_flops then s.forward = s.forward + 1 end
      local flop = tonumber(row.train_flop)
      if flop and row.value then
        s.flop = s.flop + 1
        local shots = COVERAGE_SHOTS[bench]
        if shots == nil or tonumber(row.shots) == shots then
          s.flop_counted = (s.flop_counted or 0) + 1
          widen(s, "flop_min", "flop_max", flop)
          widen(s, "flop_first", "flop_last", tonumber(row.year))
        end
      end
      -- chips x hours, or the chip-hours language-model papers often give instead
      local chip_hours = tonumber(row.chip_hours)
      if tonumber(row.chips) and tonumber(row.train_hours) then
        chip_hours = tonumber(row.chips) * tonumber(row.train_hours)
      end
      if row.value and row.hardware and chip_hours then
        -- at the precision burden.dataset uses: the paper's, or for a language model the
        -- chip's training precision (BF16 on an A100)
        local okp, peak = pcall(burden.dataset.peak_flops, row.hardware,
          LLM[bench] and "auto" or "paper")
        if okp then
          s.full = s.full + 1
          local split = COVERAGE_SPLIT[bench]
          if split == nil or row.split == split then
            s.counted = (s.counted or 0) + 1
            widen(s, "counted_first", "counted_last", tonumber(row.year))
          end
          widen(s, "min", "max", burden.flops.hardware{ count = 1, hours = chip_hours,
            peak = peak }.flop)
        end
      end
      widen(s, "first", "last", tonumber(row.year))
      ::continue::
    end
    summary[#summary + 1] = s
  end
end

print(burden.report.table{
  title = "Curated benchmark data",
  columns = {
    { key = "benchmark", title = "Benchmark" },
    { key = "rows", title = "Rows", format = "%d" },
    { key = "models", title = "Models", format = "%d" },
    { key = "full", title = "With hardware burden", format = "%d" },
    { key = "forward", title = "With forward FLOP", format = "%d" },
    { key = "first", title = "From", format = "%d" },
    { key = "last", title = "To", format = "%d" },
    { key = "min", title = "Min FLOP", format = "pow10" },
    { key = "max", title = "Max FLOP", format = "pow10" },
  },
  rows = summary,
  notes = { "A model has one row per metric it is scored on (SQuAD 1.1: f1 and em); the " ..
    "counts after Models are of models." },
})

-- How far each benchmark is from its coverage target; informative, not a problem.
local coverage = {}
for _, s in ipairs(summary) do
  local target = COVERAGE[s.benchmark]
  if target then
    local have = s.counted or 0
    coverage[#coverage + 1] = {
      benchmark = s.benchmark, split = COVERAGE_SPLIT[s.benchmark] or "all",
      have = have, target = target, first = s.counted_first, last = s.counted_last,
      status = have >= target and "met" or string.format("short by %d", target - have),
    }
    local until_year = COVERAGE_UNTIL[s.benchmark]
    if until_year and (s.counted_last or 0) < until_year then
      local c = coverage[#coverage]
      local gap = string.format("no row from %d", until_year)
      c.status = c.status == "met" and gap or c.status .. "; " .. gap
    end
  end
end
print(burden.report.table{
  title = "Coverage: fully specified models against the target",
  columns = {
    { key = "benchmark", title = "Benchmark" },
    { key = "split", title = "Split" },
    { key = "have", title = "Models", format = "%d" },
    { key = "target", title = "Target", format = "%d" },
    { key = "first", title = "From", format = "%d" },
    { key = "last", title = "To", format = "%d" },
    { key = "status", title = "Status" },
  },
  rows = coverage,
})
-- Language-model benchmarks: models with training compute against the issue-14 targets
local llm = {}
for _, s in ipairs(summary) do
  local target = COVERAGE_FLOP[s.benchmark]
  if target then
    local have = s.flop_counted or 0
    llm[#llm + 1] = { benchmark = s.benchmark,
      shots = COVERAGE_SHOTS[s.benchmark] and tostring(COVERAGE_SHOTS[s.benchmark]) or "any",
      have = have, target = target, first = s.flop_first, last = s.flop_last,
      min = s.flop_min, max = s.flop_max,
      status = have >= target and "met" or string.format("short by %d", target - have) }
  end
end
if #llm > 0 then
  print(burden.report.table{
    title = "Coverage: language models with training compute (train_flop) against the target",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "shots", title = "Shots" },
      { key = "have", title = "Models", format = "%d" },
      { key = "target", title = "Target", format = "%d" },
      { key = "first", title = "From", format = "%d" },
      { key = "last", title = "To", format = "%d" },
      { key = "min", title = "Min train FLOP", format = "pow10" },
      { key = "max", title = "Max train FLOP", format = "pow10" },
      { key = "status", title = "Status" },
    },
    rows = llm,
  })
end
for _, p in ipairs(problems) do io.stderr:write(p, "\n") end
if #problems > 0 then
  io.stderr:write(string.format("check: %d problem(s)\n", #problems))
  os.exit(1)
end
print("check: no problems")
