-- Example: your own language-model benchmark, from a CSV of scores and model names,
-- joined to Epoch AI's training compute.
--
--   burden scripts/examples/llm_domain.lua [--scores FILE] [--model COLUMN]
--     [--score COLUMN] [--name NAME] [--chance P] [--target E] [--out DIR]
--
-- burden ships MMLU, GSM8K and HellaSwag (burden.domain.get("mmlu"), ...). For any other
-- benchmark you need two things: the scores, and each model's training compute. This
-- script
--   1. reads a CSV with one row per result: a model name and an accuracy ("83.0%" or 83),
--   2. finds each model's training compute in Epoch's all_ml_systems.csv, by its name
--      or through Epoch's model_versions.csv (a version id such as "gpt-4-0314" maps to
--      the model "GPT-4"), and says which names it could not find,
--   3. defines a domain with burden.domain.define (error = 1 - accuracy, compute = the
--      joined FLOP, chance = the accuracy of guessing),
--   4. fits the paper's polynomial and the chance_logistic hypothesis, compares them by
--      leave-one-out error, and projects the compute, dollars and CO2 for a target error.
-- The default scores are Epoch's own WinoGrande results (two options per item: chance
-- 50%), read in place from ../shared/data/epoch/, standing in for your file. (For
-- Epoch's files themselves, burden.import.epoch_benchmark(path, { versions =, systems = })
-- does steps 1 and 2 in one call; the steps below work for any CSV.)
local burden = require "burden"

local EPOCH = "../shared/data/epoch"  -- read in place, never copied
local opts = burden.cli.options(arg, {
  scores = EPOCH .. "/benchmarks/external_benchmark_winogrande.csv",
  model = "Model version", score = "Accuracy", name = "winogrande", chance = 0.5,
  target = 0.05, out = "out/examples" },
  "burden scripts/examples/llm_domain.lua [--scores FILE] [--model COLUMN] " ..
  "[--score COLUMN] [--name NAME] [--chance P] [--target E] [--out DIR]")
burden.io.mkdir(opts.out)

-- ---- 1. Your scores -----------------------------------------------------------------
-- Read the two columns as text: names such as "1.5" must stay names, and the score may
-- carry a percent sign. A column the file does not have is an error naming the file.
local scores = assert(burden.data.read_csv(opts.scores, { types = {
  [opts.model] = "string", [opts.score] = "string" } }))

-- ---- 2. Epoch's training compute ----------------------------------------------------
local systems = assert(burden.data.read_csv(EPOCH .. "/all_ml_systems.csv", { types = {
  Model = "string", ["Training compute (FLOP)"] = "number", ["Publication date"] = "string" } }))
local versions = assert(burden.data.read_csv(EPOCH .. "/benchmarks/model_versions.csv",
  { types = { id = "string", Model = "string" } }))
local compute, year, model_of_version = {}, {}, {}
for _, r in systems:rows() do
  compute[r.Model] = r["Training compute (FLOP)"]
  year[r.Model] = tonumber((r["Publication date"] or ""):sub(1, 4))
end
for _, r in versions:rows() do model_of_version[r.id] = r.Model end

-- A name in your file -> Epoch's model name: the name itself, or a version id.
local function epoch_model(name)
  if name == nil then return nil end
  if compute[name] then return name end
  return model_of_version[name]
end

local rows, unmatched, no_compute = {}, {}, 0
for i, r in scores:rows() do
  local m = epoch_model(r[opts.model])
  local v = r[opts.score] and tonumber((r[opts.score]:gsub("%%%s*$", "")))
  if v == nil then
    io.stderr:write(string.format("warning: %s: row %d has no score in '%s'\n", opts.scores,
      i, opts.score))
  elseif m == nil then
    unmatched[#unmatched + 1] = tostring(r[opts.model])
  elseif compute[m] == nil or year[m] == nil then
    no_compute = no_compute + 1
  else
    rows[#rows + 1] = { benchmark = opts.name, model = m, value = v, train_flop = compute[m],
      year = year[m] }
  end
end
table.sort(unmatched)
print(string.format("%s: %d results in %s; %d joined to Epoch's training compute, %d " ..
  "models without compute in all_ml_systems.csv, %d names not found in Epoch's files",
  opts.name, scores:nrow(), opts.scores, #rows, no_compute, #unmatched))

-- ---- 3. The domain ------------------------------------------------------------------
local d = burden.domain.define{ name = opts.name, title = opts.name,
  benchmark = opts.name, higher_is_better = true, compute = "train_flop",
  measure = "training compute (FLOP, Epoch's all_ml_systems.csv)",
  chance = opts.chance, targets = { opts.target } }
local pts = d:points(rows)

-- ---- 4. Fits, held-out error, projection ---------------------------------------------
local fit_rows, proj_rows = {}, {}
for _, name in ipairs({ "polynomial", "chance_logistic" }) do
  local f = burden.hypothesis.get(name):fit(pts)
  local loo = burden.hypothesis.heldout(name, pts)
  fit_rows[#fit_rows + 1] = { hypothesis = name, n = f.n, slope = f.slope, se = f.se_slope,
    r2 = f.r2, k = f.k, loo = loo.rmse }
  local p = f:project(opts.target)
  local c = p.compute == p.compute and burden.cost.estimate{ flop = p.compute,
    preset = "thompson-site" } or {}
  proj_rows[#proj_rows + 1] = { hypothesis = name, target = opts.target, compute = p.compute,
    lower = p.lower, upper = p.upper, method = p.method, usd = c.usd, co2_lbs = c.co2_lbs }
end

local function write(t, basename)
  t:save(opts.out, basename, { "md", "csv" })
  io.write("\n", tostring(t), "\n")
end

write(burden.report.table{
  title = opts.name .. ": error versus training compute",
  columns = {
    { key = "hypothesis", title = "Model" },
    { key = "n", title = "n", format = "%d" },
    { key = "slope", title = "Slope", format = "%.4f" },
    { key = "se", title = "SE", format = "%.4f" },
    { key = "r2", title = "R²", format = "%.3f" },
    { key = "k", title = "k", format = "%.1f" },
    { key = "loo", title = "LOO RMSE", format = "percent:2" },
  },
  rows = fit_rows,
  notes = { string.format("Polynomial: log10(error) ~ log10(FLOP), k = -1/slope. " ..
    "chance_logistic: accuracy = %g + (1 - %g) logistic(a + b log10(FLOP)), slope = b. " ..
    "LOO RMSE: leave-one-out error, in percentage points.", opts.chance, opts.chance) },
}, opts.name .. "_fits")

write(burden.report.table{
  title = string.format("%s: training compute for %s error", opts.name,
    burden.format.percent(opts.target, "text", 0)),
  columns = {
    { key = "hypothesis", title = "Model" },
    { key = "compute", title = "FLOP", format = "%.3g" },
    { key = "lower", title = "95% low", format = "%.3g" },
    { key = "upper", title = "95% high", format = "%.3g" },
    { key = "method", title = "Interval" },
    { key = "usd", title = "Dollars", format = "%.3g" },
    { key = "co2_lbs", title = "CO2 (lbs)", format = "%.3g" },
  },
  rows = proj_rows,
  notes = { "Dollars and CO2: burden.cost.estimate with the paper's thompson-site preset." },
}, opts.name .. "_projection")
