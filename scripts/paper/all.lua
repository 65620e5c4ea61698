-- The paper reproduction: Thompson, Greenewald, Lee and Manso, "The Computational
-- Limits of Deep Learning" (arXiv:2007.05558), from burden's curated data.
--
--   burden scripts/paper/all.lua [--out DIR] [--figures svg,pdf,png]   (make run: DIR = out)
--
-- Every number below comes from data/ through the engine; nothing is typed in but the
-- paper's own targets and the cost preset's constants (data/cost/presets.csv).
-- Each section is a small script in sections/ that returns a report section.
local burden = require "burden"
local study = require "study"

local SECTIONS = {
  "frontier",     -- 1. error versus hardware burden, per benchmark
  "regressions",  -- 2. polynomial and exponential fits
  "projections",  -- 3. compute, dollars and CO2 at the targets (Table 2)
  "theory",       -- 4. k^4 lower bound versus the fitted exponent
  "time_trend",   -- 5. ImageNet best error of each year
  "hardware",     -- 6. AlexNet to NASNet-A decomposition
  "network_ops",  -- 7. the same study on FLOPs per forward pass
  "backtest",     -- 8a. fit up to 2019, score 2020-2024
  "spectrum",     -- 8b. the IEEE Spectrum chart
  "algorithmic_progress", -- 9. compute and time together (Table 9)
  "sensitivity",  -- 10. k and the first target's compute on subsets of the rows (Table 10)
}

local s = study.new(study.options(arg))
local sections = {}
for _, name in ipairs(SECTIONS) do
  sections[#sections + 1] = require("sections." .. name)(s)
end
-- 11. Against the authors: their released data (../shared/data/thompson2022) and regressions
local authors = require "authors2022"
local against = authors(s)
if against.missing then
  -- the report still has section 11, saying why it is empty; the console says so too
  io.stderr:write("burden: note: section 11 skipped: ", against.text, "\n")
  against.missing = nil
end
sections[#sections + 1] = against
-- 12. The LLM era: language models on MMLU, GSM8K and HellaSwag (Table 8)
sections[#sections + 1] = require("sections.llm_era")(s)
sections[#sections + 1] = s:appendix()

local files = burden.dataset.files()
files[#files + 1] = "data/hardware.csv"
files[#files + 1] = "data/cost/presets.csv"
for _, path in ipairs(authors.inputs()) do files[#files + 1] = path end
burden.report.html{
  title = "The Computational Limits of Deep Learning, reproduced with burden",
  intro = "Thompson et al. (arXiv:2007.05558) regress benchmark error on the computation " ..
    "used to train each model and extrapolate to the compute, dollars and CO2 that lower " ..
    "errors would need. This report redoes that analysis from burden's curated data, " ..
    "with confidence and bootstrap intervals the paper did not give.",
  sections = sections,
  provenance = { files = files, seed = burden.seed(), command = "burden scripts/paper/all.lua" },
}:write(s.out .. "/report.html")
print(string.format("wrote %d files and %s/report.html", #s.outputs, s.out))
