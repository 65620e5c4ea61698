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
-- metrics each benchmark may record; SQuAD 1.1 has F1 and exact match (EM) rows, one
-- per model and metric, as published (the squad11 domain uses EM, as the paper did)
local METRIC = { imagenet = { "top1" }, coco = { "box_ap" }, squad11 = { "f1", "em" },
  conll2003 = { "f1" }, wmt2014_en_fr = { "bleu" }, wmt2014_en_de = { "bleu" } }
-- columns that rows of one model under different metrics must share: the same run
local SAME_RUN = { "paper", "date", "year", "hardware", "chips", "train_hours",
  "search_chip_hours", "forward_flops", "epochs", "params", "extra_data", "confidence" }
local SPLITS = { val = true, test = true, ["test-dev"] = true, dev = true }
local CONFIDENCE = { reported = true, derived = true, estimated = true }
local FIRST_YEAR, LAST_YEAR = 2010, tonumber(os.date("!%Y"))
-- Coverage the curated data aims for (issue 7): fully specified models (value, hardware,
-- chips and hours) per benchmark; COCO counts test-dev rows only, val2017 rows are extra.
local COVERAGE = { imagenet = 45, coco = 25, squad11 = 15, conll2003 = 12,
  wmt2014_en_fr = 12, wmt2014_en_de = 15 }
local COVERAGE_SPLIT = { coco = "test-dev" }
local COVERAGE_UNTIL = { imagenet = 2024 } -- the fully specified rows must reach this year
local POSITIVE = { "chips", "train_hours", "search_chip_hours", "forward_flops", "epochs",
  "params" }

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
  local frame = burden.data.read_csv_text(text, { types = { year = "string", value = "string",
    chips = "string", train_hours = "string", search_chip_hours = "string",
    forward_flops = "string", epochs = "string", params = "string" } }, where)
  return frame, where, text
end

local function check_header(frame, where)
  local names = frame:names()
  local ok = #names == #COLUMNS
  for i, c in ipairs(COLUMNS) do if names[i] ~= c then ok = false end end
  if not ok then
    problem(where, 1, "header must be: %s", table.concat(COLUMNS, ","))
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
  elseif check_header(frame, where) then
    local bench = name:match("([^/]+)%.csv$")
    local seen = { models = {} }
    local s = { benchmark = bench, rows = frame:nrow(), models = 0, full = 0, forward = 0 }
    for i, row in frame:rows() do
      local line = i + 1
      -- the counts below are per model: a second metric of one model adds a row only
      if check_row(row, where, line, bench, seen) then goto continue end
      s.models = s.models + 1
      if row.forward_flops then s.forward = s.forward + 1 end
      local chips, hours = tonumber(row.chips), tonumber(row.train_hours)
      if row.value and row.hardware and chips and hours then
        local okp, peak = pcall(burden.dataset.peak_flops, row.hardware)
        if okp then
          s.full = s.full + 1
          local split = COVERAGE_SPLIT[bench]
          if split == nil or row.split == split then
            s.counted = (s.counted or 0) + 1
            widen(s, "counted_first", "counted_last", tonumber(row.year))
          end
          widen(s, "min", "max", chips * peak * hours * 3600)
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
for _, p in ipairs(problems) do io.stderr:write(p, "\n") end
if #problems > 0 then
  io.stderr:write(string.format("check: %d problem(s)\n", #problems))
  os.exit(1)
end
print("check: no problems")
