-- Cross-checks the curated language-model rows (data/benchmarks/mmlu.csv, gsm8k.csv,
-- hellaswag.csv) against Epoch AI's benchmark results and "Notable AI Models" database:
-- for every model in both, the score, the training compute and the chips and hours must
-- agree, or the row's notes must discuss Epoch's figure (mention "Epoch").
--
--   burden scripts/data/crosscheck_epoch_llm.lua [--epoch DIR] [FILE.csv ...]
--
-- DIR (default ../shared/data/epoch) holds all_ml_systems.csv and benchmarks/ with
-- external_benchmark_{mmlu,gsm8k,hellaswag}.csv and model_versions.csv. FILE.csv: our
-- files on disk instead of the embedded ones (named by benchmark, like mmlu.csv).
--
-- Matching: a row of ours is the same model as an Epoch benchmark row when the
-- normalised model name (lower case, letters and digits only) equals Epoch's row name,
-- its model version id or the Epoch model name that version maps to, or is listed in
-- ALIASES below; every Epoch row of that Epoch model then counts. Training compute is
-- looked up in all_ml_systems.csv under that Epoch model name (or under our name).
--
-- Tolerances:
--   score        agrees when some Epoch row of the model with the same variant (base, or
--                instruct/chat as Epoch's version id or name says) and the same shots (or
--                shots Epoch leaves empty) is within SCORE_TOL percentage points (published
--                scores carry one or two decimals); when Epoch has the model only at other
--                shots or as the other variant, the scores are not compared and the model
--                is listed separately (shots and variant are recorded on both sides, so
--                that difference explains itself)
--   train_flop   within FLOP_TOL relative difference (the 6ND tolerance of check.lua)
--   chips, train_hours  within 10%, as crosscheck_epoch.lua
-- Exit status 1 when a disagreement is not explained.
local burden = require "burden"

local SCORE_TOL, FLOP_TOL, HW_TOL = 0.5, 0.30, 0.10
local BENCHMARKS = { "gsm8k", "hellaswag", "mmlu" }
-- our model name -> Epoch's model name, where normalised names differ
local ALIASES = {
  ["GPT-3 175B"] = "GPT-3 175B (davinci)",
  ["Gopher 280B"] = "Gopher (280B)",
  ["Chinchilla 70B"] = "Chinchilla",
  ["PaLM 540B"] = "PaLM (540B)",
  ["GPT-NeoX 20B"] = "GPT-NeoX-20B",
  ["Megatron-Turing NLG 530B"] = "Megatron-Turing NLG 530B",
  ["Llama 2 7B"] = "Llama 2-7B", ["Llama 2 13B"] = "Llama 2-13B",
  ["Llama 2 34B"] = "Llama 2-34B", ["Llama 2 70B"] = "Llama 2-70B",
  ["Llama 3 70B"] = "Llama 3-70B", ["Llama 3 70B Instruct"] = "Llama 3-70B",
  ["Llama 3 8B Instruct"] = "Llama 3-8B",
  ["Llama 3.1 405B"] = "Llama 3.1-405B",
  ["Falcon 7B"] = "Falcon-7B", ["Falcon 40B"] = "Falcon-40B", ["Falcon 180B"] = "Falcon-180B",
  ["Falcon2-11B"] = "Falcon 2 11B",
  ["MPT 30B"] = "MPT-30B",
  ["Phi-3-small"] = "phi-3-small 7.4B", ["Phi-3-medium"] = "phi-3-medium 14B",
  ["DeepSeek-V2"] = "DeepSeek-V2 (MoE-236B)",
  ["Baichuan 2 7B"] = "Baichuan 2-7B", ["Baichuan 2 13B"] = "Baichuan2-13B",
  ["OLMo 2 7B"] = "OLMo 2 Furious 7B", ["OLMo 2 13B"] = "OLMo 2 Furious 13B",
}

local dir = "../shared/data/epoch"
local files = {}
local i = 1
while i <= #arg do
  if arg[i] == "--epoch" then
    dir = arg[i + 1] or error("crosscheck: --epoch needs a directory", 0)
    i = i + 2
  elseif arg[i]:match("^%-") then
    io.stderr:write("crosscheck: unknown option '", arg[i], "' (known: --epoch DIR)\n")
    os.exit(2)
  else
    files[#files + 1] = arg[i]
    i = i + 1
  end
end

local function norm(s)
  return ((s or ""):lower():gsub("[^%w]", ""))
end

local function open_or_exit(frame, msg)
  if not frame then
    io.stderr:write("crosscheck: ", tostring(msg), "\n")
    os.exit(1)
  end
  return frame
end

-- only compute, chips, hours and hardware are compared: import.epoch's warning about the
-- utilisation column (one percent in the 2025 snapshot) does not concern this check
local systems = open_or_exit(burden.options.without_warnings(burden.import.try_epoch,
  dir .. "/all_ml_systems.csv"))
local system_of = {}
for _, r in systems:rows() do
  local k = norm(r.model)
  if k ~= "" and not system_of[k] then system_of[k] = r end
end

-- Epoch's rows of one benchmark, indexed by normalised row name and by normalised
-- version or Epoch model name, and grouped by Epoch model.
local function epoch_rows(bench)
  local t = open_or_exit(burden.import.try_epoch_benchmark(
    dir .. "/benchmarks/external_benchmark_" .. bench .. ".csv",
    { versions = dir .. "/benchmarks/model_versions.csv" }))
  local idx = { name = {}, id = {}, model = {} }
  local function add(tbl, k, r)
    if k ~= "" then
      tbl[k] = tbl[k] or {}
      table.insert(tbl[k], r)
    end
  end
  for _, r in t:rows() do
    add(idx.name, norm(r.name), r)
    add(idx.id, norm(r.version), r)
    add(idx.id, norm(r.epoch_model), r)
    if r.epoch_model then add(idx.model, r.epoch_model, r) end
  end
  return idx
end

-- Every Epoch row of the model our row names, and that model's name in Epoch. The
-- version id and Epoch's model name decide the model (the most frequent among the rows
-- they match); row names only add rows that name no other model, because Epoch's rows
-- occasionally carry another size's version (HELM's "Llama 2 (7B)" points to 70B).
local function match(row, idx)
  local keys = { norm(row.model) }
  if ALIASES[row.model] then keys[#keys + 1] = norm(ALIASES[row.model]) end
  local votes, model, best = {}, nil, 0
  for _, k in ipairs(keys) do
    for _, r in ipairs(idx.id[k] or {}) do
      if r.epoch_model then votes[r.epoch_model] = (votes[r.epoch_model] or 0) + 1 end
    end
  end
  for m, v in pairs(votes) do
    if v > best or (v == best and m < model) then model, best = m, v end
  end
  local found, seen = {}, {}
  local function add(r)
    if not seen[r] then seen[r] = true; found[#found + 1] = r end
  end
  if model then for _, r in ipairs(idx.model[model] or {}) do add(r) end end
  for _, k in ipairs(keys) do
    for _, r in ipairs(idx.name[k] or {}) do
      if r.epoch_model == nil or r.epoch_model == model then add(r) end
    end
  end
  return found, model
end

-- Epoch records no variant; its version ids and names say instruct or chat.
local function epoch_variant(r)
  local s = ((r.version or "") .. " " .. (r.name or "")):lower()
  if s:find("instruct", 1, true) or s:find("chat", 1, true) or s:find("%-it[%s%-]")
      or s:find("%-it$") or s:find("turbo", 1, true) then
    return "tuned"
  end
  return "base"
end

local function rel(a, b)
  return math.abs(a - b) / math.max(math.abs(a), math.abs(b))
end

local function canonical(chip)
  local ok, rec = pcall(burden.hw.lookup, chip)
  return ok and rec.name or nil
end

local ours
if #files > 0 then
  ours = burden.dataset.load{ files = files }
else
  ours = burden.dataset.load{ benchmarks = BENCHMARKS }
end

local out, other_shots = {}, {}
local n_score, n_compute, unexplained = 0, 0, 0
local cache = {}
for _, row in ours:rows() do
  local bench = row.benchmark
  cache[bench] = cache[bench] or epoch_rows(bench)
  local rows, model = match(row, cache[bench])
  local explained = (row.notes or ""):lower():find("epoch", 1, true) ~= nil
  local function report(field, o, e, detail)
    out[#out + 1] = { benchmark = bench, model = row.model, field = field, ours = o,
      epoch = e, detail = detail or "", explained = explained and "yes" or "no" }
    if not explained then unexplained = unexplained + 1 end
  end
  -- score: an Epoch row of the same variant (base or tuned) and the same shots (or
  -- shots Epoch does not record) within SCORE_TOL points
  if #rows > 0 then
    local best, other
    local ours_variant = row.variant == "base" and "base" or "tuned"
    for _, r in ipairs(rows) do
      if r.score then
        if epoch_variant(r) == ours_variant and (r.shots == nil and r.shots_text == nil
            or r.shots == row.shots) then
          if not best or math.abs(r.score - row.value) < math.abs(best.score - row.value) then
            best = r
          end
        else
          other = other or r
        end
      end
    end
    if best then
      n_score = n_score + 1
      if math.abs(best.score - row.value) > SCORE_TOL then
        report("score", string.format("%.2f", row.value), string.format("%.2f", best.score),
          string.format("%s-shot, %s", best.shots_text or "?", best.source or "?"))
      end
    elseif other then
      other_shots[#other_shots + 1] = { benchmark = bench, model = row.model,
        ours = string.format("%.2f (%d-shot, %s)", row.value, row.shots, row.variant),
        epoch = string.format("%.2f (%s-shot, %s)", other.score, other.shots_text or "?",
          epoch_variant(other)) }
    end
  end
  -- training compute, chips, hours: all_ml_systems under Epoch's model name, else ours
  local sys = (model and system_of[norm(model)]) or system_of[norm(row.model)]
    or (ALIASES[row.model] and system_of[norm(ALIASES[row.model])])
  if sys then
    if row.train_flop and sys.training_compute then
      n_compute = n_compute + 1
      if rel(row.train_flop, sys.training_compute) > FLOP_TOL then
        report("train_flop", string.format("%.3g", row.train_flop),
          string.format("%.3g", sys.training_compute), sys.model)
      end
    end
    if row.chips and sys.hardware_quantity and rel(row.chips, sys.hardware_quantity) > HW_TOL then
      report("chips", tostring(row.chips), string.format("%g", sys.hardware_quantity), sys.model)
    end
    if row.train_hours and sys.training_hours
        and rel(row.train_hours, sys.training_hours) > HW_TOL then
      report("train_hours", string.format("%g", row.train_hours),
        string.format("%g", sys.training_hours), sys.model)
    end
    local ehw = sys.hardware and sys.hardware:match("^[^,]+")
    local a, b = row.hardware and canonical(row.hardware), ehw and canonical(ehw)
    -- the A100's 40 and 80 GB boards have the same peak: a memory size is no disagreement
    if a and b and a ~= b and not (a:find("A100", 1, true) and b:find("A100", 1, true)) then
      report("hardware", a, b, sys.model)
    end
  end
end

local function by_key(a, b)
  if a.benchmark ~= b.benchmark then return a.benchmark < b.benchmark end
  if a.model ~= b.model then return a.model < b.model end
  return (a.field or "") < (b.field or "")
end
table.sort(out, by_key)
table.sort(other_shots, by_key)
print(burden.report.table{
  title = string.format("Disagreements with Epoch AI (score over %.1f points at the same " ..
    "shots, training compute over %d%%, chips or hours over %d%%)", SCORE_TOL, FLOP_TOL * 100,
    HW_TOL * 100),
  columns = { "benchmark", "model", "field", "ours", "epoch", "detail", "explained" },
  rows = out,
})
print(burden.report.table{
  title = "Scores not compared: Epoch AI has the model only at other shots or as another " ..
    "variant (base vs instruct/chat)",
  columns = { "benchmark", "model", "ours", "epoch" },
  rows = other_shots,
})
print(string.format("crosscheck: %d rows, %d scores and %d training computes compared, " ..
  "%d disagreements, %d unexplained", #ours, n_score, n_compute, #out, unexplained))
if unexplained > 0 then os.exit(1) end
