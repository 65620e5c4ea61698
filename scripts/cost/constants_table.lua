-- Prints, as Markdown, every constant of data/cost/*.csv with its source (the files are
-- described in data/cost/README.md). Run: build/burden scripts/cost/constants_table.lua
local burden = require "burden"

local function cell(s)
  return (tostring(s or ""):gsub("|", "\\|"):gsub("\r?\n", " "))
end

-- The rows of a data file with every value as its exact text (numbers are not reformatted).
local function rows_of(name)
  local text = burden.dataset.resource(name)
  local types = {}
  for col in text:match("^\239?\187?\191?([^\r\n]*)"):gmatch("[^,]+") do types[col] = "string" end
  local frame = burden.data.read_csv_text(text, { types = types }, name)
  local rows = {}
  for i = 1, frame:nrow() do rows[i] = frame:row(i) end
  return rows
end

local out = {}
local function emit(s) out[#out + 1] = s end

local function section(title, file, header, fields)
  emit("")
  emit(string.format("##### %s (`%s`)", title, file))
  emit("")
  emit("| " .. table.concat(header, " | ") .. " |")
  local sep = {}
  for i = 1, #header do sep[i] = "---" end
  emit("|" .. table.concat(sep, "|") .. "|")
  for _, r in ipairs(rows_of(file)) do
    local cells = {}
    for i, f in ipairs(fields) do
      cells[i] = cell(type(f) == "function" and f(r) or r[f])
    end
    emit("| " .. table.concat(cells, " | ") .. " |")
  end
end

section("Presets", "data/cost/presets.csv",
  { "preset", "constant", "value", "unit", "confidence", "source" },
  { "preset", "constant", "value", "unit", "confidence", "source" })
section("Grid carbon intensity", "data/cost/grid_intensity.csv",
  { "region", "year", "kg CO2/kWh", "confidence", "source" },
  { "region", "year", "kg_co2_per_kwh", "confidence", "source" })
section("Data-centre PUE", "data/cost/pue.csv",
  { "provider", "year", "PUE", "confidence", "source" },
  { "provider", "year", "pue", "confidence", "source" })
section("Electricity prices", "data/cost/electricity_prices.csv",
  { "region", "year", "USD/kWh", "sector", "confidence", "source" },
  { "region", "year", "usd_per_kwh", "sector", "confidence", "source" })
section("Cloud prices", "data/cost/cloud_prices.csv",
  { "provider", "chip", "pricing", "USD/chip-hour", "date", "confidence", "source" },
  { "provider", "chip", "pricing", "usd_per_chip_hour", "date", "confidence", "source" })
section("Equivalents", "data/cost/equivalents.csv",
  { "name", "value", "unit", "confidence", "source" },
  { "name", "value", "unit", "confidence", "source" })
section("Algorithmic progress", "data/cost/algorithmic_progress.csv",
  { "domain", "halving (months)", "CI (months)", "confidence", "source" },
  { "domain", "halving_months", function(r)
      return string.format("%s to %s (%s)", r.ci_low_months, r.ci_high_months, r.ci_level)
    end, "confidence", "source" })
section("Training runs", "data/cost/training_runs.csv",
  { "run", "chip", "chips", "days", "confidence", "source" },
  { "run", "chip", "chips", "days", "confidence", "source" })
section("Utilisation and board-power priors", "data/cost/utilization_priors.csv",
  { "regime", "quantity", "low", "central", "high", "confidence", "source" },
  { "regime", "quantity", "low", "central", "high", "confidence", "source" })
print(table.concat(out, "\n"))
