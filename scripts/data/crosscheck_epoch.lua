-- Cross-checks the curated benchmark data against Epoch AI's "Notable AI Models"
-- database: for each model in both, compares the training hardware, chip count and
-- training hours, and prints every disagreement larger than 10%. A disagreement counts
-- as explained when the row's notes discuss Epoch's figure (mention "Epoch").
--
--   burden scripts/data/crosscheck_epoch.lua [PATH]   (default ../shared/data/epoch/all_ml_systems.csv)
--
-- Exit status 1 when a disagreement is not explained. Models are matched by paper title
-- (Epoch's "Reference"), and by model name when one paper has several entries.
local burden = require "burden"

local path = arg[1] or "../shared/data/epoch/all_ml_systems.csv"
local TOLERANCE = 0.10

local function norm(s)
  return ((s or ""):lower():gsub("[^%w]", ""))
end

local epoch, err = burden.data.try_read_csv(path, { types = { ["Hardware quantity"] = "number",
  ["Training time (hours)"] = "number", ["Training compute (FLOP)"] = "number" } })
if not epoch then
  io.stderr:write("crosscheck: ", err, "\n")
  os.exit(1)
end
local first = epoch:names()[1] -- older exports call it System
local by_title = {}
for _, r in epoch:rows() do
  local key = norm(r.Reference)
  if key ~= "" then
    by_title[key] = by_title[key] or {}
    table.insert(by_title[key], r)
  end
end

-- One of our rows for a paper with one Epoch entry is that entry; where either side
-- has several (Transformer base and big), the model names must agree exactly.
local function find_epoch(row, ours_per_paper)
  local cands = by_title[norm(row.paper)]
  if not cands then return nil end
  if #cands == 1 and ours_per_paper == 1 then return cands[1] end
  local ours = norm(row.model)
  for _, c in ipairs(cands) do
    if norm(c[first]) == ours then return c end
  end
  return nil
end

local function canonical(chip)
  local ok, rec = pcall(burden.hw.lookup, chip)
  return ok and rec.name or nil
end

local function differs(a, b)
  return a and b and math.abs(a - b) > TOLERANCE * math.max(math.abs(a), math.abs(b))
end

-- one row per model: a model scored on two metrics (SQuAD 1.1: f1 and em) has two rows
-- describing one training run
local rows, seen = {}, {}
for _, row in burden.dataset.load():rows() do
  local key = row.benchmark .. "\0" .. row.model
  -- language-model rows (they have a variant) are checked, scores and training compute
  -- included, by crosscheck_epoch_llm.lua, which matches them by model name
  if not seen[key] and row.variant == nil then seen[key] = true; rows[#rows + 1] = row end
end
local per_paper = {}
for _, row in ipairs(rows) do
  local key = row.benchmark .. "\0" .. norm(row.paper)
  per_paper[key] = (per_paper[key] or 0) + 1
end
local out, matched, unexplained = {}, 0, 0
for _, row in ipairs(rows) do
  if row.hardware or row.chips or row.train_hours then
    local e = find_epoch(row, per_paper[row.benchmark .. "\0" .. norm(row.paper)])
    if e then
      matched = matched + 1
      local explained = (row.notes or ""):lower():find("epoch", 1, true) ~= nil
      local function report(field, ours, theirs)
        out[#out + 1] = { benchmark = row.benchmark, model = row.model, field = field,
          ours = tostring(ours), epoch = tostring(theirs), explained = explained and "yes" or "no" }
        if not explained then unexplained = unexplained + 1 end
      end
      -- Epoch lists several chips comma-separated; compare with the first it names
      local ehw = e["Training hardware"] and e["Training hardware"]:match("^[^,]+")
      local ours_hw, theirs_hw = row.hardware and canonical(row.hardware), ehw and canonical(ehw)
      if ours_hw and theirs_hw and ours_hw ~= theirs_hw then
        report("hardware", ours_hw, theirs_hw)
      end
      if differs(row.chips, e["Hardware quantity"]) then
        report("chips", row.chips, e["Hardware quantity"])
      end
      if differs(row.train_hours, e["Training time (hours)"]) then
        report("train_hours", row.train_hours, e["Training time (hours)"])
      end
    end
  end
end

table.sort(out, function(a, b)
  if a.benchmark ~= b.benchmark then return a.benchmark < b.benchmark end
  if a.model ~= b.model then return a.model < b.model end
  return a.field < b.field
end)
print(burden.report.table{
  title = string.format("Disagreements over 10%% with Epoch AI (%d models matched)", matched),
  columns = { "benchmark", "model", "field", "ours", "epoch", "explained" },
  rows = out,
})
print(string.format("crosscheck: %d matched, %d disagreements, %d unexplained", matched, #out,
  unexplained))
if unexplained > 0 then os.exit(1) end
