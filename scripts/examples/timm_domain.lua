-- Example: a custom domain from your own CSV files.
--
--   burden scripts/examples/timm_domain.lua [--out DIR]
--
-- timm (huggingface/pytorch-image-models) publishes the ImageNet-1k validation
-- accuracy of about 1,500 checkpoints and, separately, the multiply-accumulates
-- (GMACs) each architecture needs per image. Joined, they give a benchmark the
-- paper never had: error versus inference compute per image. This script
--   1. reads and joins the two CSV files (burden.import.timm, or burden.data frames),
--   2. defines domains with burden.domain.define (error and compute are functions
--      of a row, so any CSV works),
--   3. fits the paper's polynomial and exponential hypotheses with
--      burden.analysis.run, with bootstrap intervals,
--   4. asks whether models pre-trained on extra data scale differently from
--      models trained on ImageNet-1k only,
-- and writes its tables (.md, .csv) and a figure (.svg) under DIR (default
-- out/examples). The data are read in place from ../shared/data/timm/.
local burden = require "burden"

-- ---- 0. Options -------------------------------------------------------------------------

local opts = burden.cli.options(arg, { out = "out/examples" },
  "burden scripts/examples/timm_domain.lua [--out DIR]")
local DATA = "../shared/data/timm"   -- read in place, never copied
local RESULTS = DATA .. "/results-imagenet.csv"
local BENCHMARK = DATA .. "/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv"
local BOOTSTRAP = 2000     -- case resamples for the projection intervals (analysis.run)
local BOOTSTRAP_SLOPE = 2000 -- resamples for the slope intervals (burden.fit.bootstrap, in C)
burden.io.mkdir(opts.out)

-- ---- 1. Read and join -----------------------------------------------------------------
-- burden.import.timm reads results-imagenet.csv (one row per checkpoint, `model` =
-- "architecture.tag") and the benchmark file (one row per architecture and image size,
-- with infer_gmacs) and joins them on (architecture, image size): columns model, arch,
-- tag, img_size, top1_err (percent), gmacs, ... For a CSV without an importer the same
-- join takes three frame operations:
--   local r = burden.data.read_csv(RESULTS, { thousands = "," }):mutate{
--     arch = function(row) return (row.model:match("^[^.]+")) end }
--   local b = burden.data.read_csv(BENCHMARK):select("model", "infer_img_size", "infer_gmacs")
--     :rename{ model = "arch", infer_img_size = "img_size" }
--   local joined = r:join(b, { by = { "arch", "img_size" } })

local all = burden.import.timm(RESULTS, BENCHMARK) -- raises when a file is missing
local timm = all:where(function(r) return r.gmacs ~= nil end)
print(string.format("timm: %d checkpoints in %s, %d with GMACs per image in %s", all:nrow(),
  RESULTS, timm:nrow(), BENCHMARK))

-- ---- 2. Who saw extra data? -------------------------------------------------------------
-- The tag names the training recipe. A checkpoint counts as pre-trained on extra
-- data when one of the tag's "_"-separated words names a data set larger than
-- ImageNet-1k, or a model pre-trained on one:
--   in21k, in22k (ImageNet-21k/22k), in12k (timm's 12k subset), jft (JFT-300M),
--   laion2b, laiona, laion400m (LAION), openai, clip (CLIP pre-training), webli
--   (SigLIP), ig1b, swag, seer (Instagram images), yfcc100m, m30m, m38m (EVA's
--   merged sets), ssld (PaddleClas distillation on ImageNet-22k images).
-- Everything else (in1k, and recipes such as ra2, a1h, augreg, dist, fcmae on
-- in1k) is "ImageNet-1k only". Distilled students whose teacher saw extra data
-- but whose tag does not say so stay in ImageNet-1k only: the rule reads tags.
local EXTRA = {}
for _, w in ipairs { "in21k", "in22k", "in12k", "jft", "laion2b", "laiona", "laion400m",
    "openai", "clip", "webli", "ig1b", "swag", "seer", "yfcc100m", "m30m", "m38m", "ssld" } do
  EXTRA[w] = true
end

local function extra_data(tag)
  for word in (tag or ""):gmatch("[^_]+") do
    if EXTRA[word] then return true end
  end
  return false
end

timm = timm:mutate{ extra = function(r) return extra_data(r.tag) end }

-- ---- 3. Domains -------------------------------------------------------------------------
-- A domain says which rows belong to it, what their error is and what their compute
-- is. Here compute is FLOP per image: 1 multiply-accumulate = 2 FLOP.

local function timm_domain(name, title, filter)
  return burden.domain.define{
    name = name, title = title, benchmark = "timm-imagenet", metric = "top1",
    error = function(row) return row.top1_err / 100 end,
    compute = function(row) return 2 * row.gmacs * 1e9 end,
    targets = { 0.10, 0.08 },
    filter = filter,
  }
end

local domains = {
  timm_domain("timm_all", "All checkpoints"),
  timm_domain("timm_in1k", "ImageNet-1k only", function(r) return not r.extra end),
  timm_domain("timm_extra", "Extra pre-training data", function(r) return r.extra end),
}

-- ---- 4. Fit -----------------------------------------------------------------------------

local study = burden.analysis.run{ data = timm, domains = domains,
  hypotheses = { "polynomial", "exponential" }, bootstrap = BOOTSTRAP, seed = burden.seed() }

-- The slope's own bootstrap interval (C fast path on the fitted line)
for _, f in ipairs(study.fits) do
  local model = study.models[f.domain][f.hypothesis].model
  local b = burden.fit.bootstrap{ model = model, statistic = "slope", B = BOOTSTRAP_SLOPE,
    seed = burden.seed() }
  f.slope_lo, f.slope_hi = b.percentile.lwr, b.percentile.upr
end

local function write(t, basename)
  t:save(opts.out, basename, { "md", "csv" })
  io.write("\n", tostring(t), "\n")
end

write(burden.report.table{
  title = "timm: top-1 error versus FLOP per image",
  columns = {
    { key = "title", title = "Checkpoints" },
    { key = "hypothesis", title = "Model" },
    { key = "n", title = "n", format = "%d" },
    { key = "slope", title = "Slope", format = "%.4f" },
    { key = "se_slope", title = "SE", format = "%.4f" },
    { key = "slope_lo", title = "Boot. 2.5%", format = "%.4f" },
    { key = "slope_hi", title = "Boot. 97.5%", format = "%.4f" },
    { key = "r2", title = "R²", format = "%.3f" },
    { key = "k", title = "k", format = "%.1f" },
    { key = "best_error", title = "Best error", format = "percent:1" },
  },
  rows = study.fits,
  notes = { "Polynomial: log10(error) ~ log10(FLOP per image); exponential: 1/error ~ " ..
    "log10(FLOP per image) (Thompson et al.'s form: its slope is positive when error " ..
    "falls). k = -1/slope: compute grows as error^-k. Bootstrap: " ..
    BOOTSTRAP_SLOPE .. " case resamples, percentile interval." },
}, "timm_fits")

write(burden.report.table{
  title = "timm: FLOP per image the fit projects for a target error",
  columns = {
    { key = "title", title = "Checkpoints" },
    { key = "hypothesis", title = "Model" },
    { key = "target", title = "Target", format = "percent:0" },
    { key = "compute", title = "FLOP/image", format = "%.3g" },
    { key = "lower", title = "Fieller lo", format = "%.3g" },
    { key = "upper", title = "Fieller hi", format = "%.3g" },
    { key = "boot_lower", title = "Boot. lo", format = "%.3g" },
    { key = "boot_upper", title = "Boot. hi", format = "%.3g" },
  },
  rows = study.projections,
  notes = { "95% intervals: Fieller's for the fitted line's inverse, and the bootstrap " ..
    "percentile interval over " .. BOOTSTRAP .. " case resamples." },
}, "timm_projections")

-- ---- 5. Extra data versus ImageNet-1k only ----------------------------------------------
-- One regression with an interaction tells whether the two slopes differ:
--   log10(error) ~ lx + extra + I(lx * extra),   lx = log10(FLOP per image)
-- The coefficient of I(lx * extra) is the difference of the slopes, with its test.
local cols = { ly = {}, lx = {}, extra = {} }
for i, r in timm:rows() do
  cols.ly[i] = math.log(r.top1_err / 100, 10)
  cols.lx[i] = math.log(2 * r.gmacs * 1e9, 10)
  cols.extra[i] = r.extra and 1 or 0
end
local joint = burden.fit.lm(cols, "ly ~ lx + extra + I(lx * extra)")

local in1k, extra = study.models.timm_in1k.polynomial, study.models.timm_extra.polynomial
local comparison = {}
for _, g in ipairs { 1e9, 1e10, 1e11 } do
  comparison[#comparison + 1] = { flop = g, in1k = in1k:predict(g), extra = extra:predict(g) }
end
write(burden.report.table{
  title = "Extra pre-training data versus ImageNet-1k only (polynomial fits)",
  columns = {
    { key = "flop", title = "FLOP/image", format = "%.0e" },
    { key = "in1k", title = "Error, ImageNet-1k only", format = "percent:1" },
    { key = "extra", title = "Error, extra data", format = "percent:1" },
  },
  rows = comparison,
  notes = { string.format("Slopes: %.4f (ImageNet-1k only, n = %d) and %.4f (extra data, " ..
    "n = %d); difference %.4f, SE %.4f, p = %.2g (interaction term of one joint regression, " ..
    "R² %.3f).", in1k.slope, in1k.n, extra.slope, extra.n, joint.coef[4], joint.se[4],
    joint.pvalue[4], joint.r2) },
}, "timm_extra_data")

-- ---- 6. Figure --------------------------------------------------------------------------

local function logspace(a, b, n)
  local out, la, lb = {}, math.log(a, 10), math.log(b, 10)
  for i = 0, n - 1 do out[i + 1] = 10 ^ (la + (lb - la) * i / (n - 1)) end
  return out
end

local fig = burden.plot.figure{
  title = "timm checkpoints: ImageNet top-1 error versus FLOP per image",
  x = { label = "FLOP per image (2 x GMACs)", log = true },
  y = { label = "Top-1 error", log = true },
  legend = "topright" }
local groups = {
  { name = "timm_in1k", label = "ImageNet-1k only", color = burden.plot.palette[1] },
  { name = "timm_extra", label = "extra pre-training data", color = burden.plot.palette[2] },
}
for _, g in ipairs(groups) do
  local m = study.models[g.name]
  fig:scatter{ x = m.points.compute, y = m.points.error, color = g.color, size = 2.5,
    label = string.format("%s (n = %d)", g.label, m.points.n) }
end
for _, g in ipairs(groups) do
  local m = study.models[g.name]
  local cmin, cmax = math.huge, 0
  for _, c in ipairs(m.points.compute) do cmin, cmax = math.min(cmin, c), math.max(cmax, c) end
  local xs = logspace(cmin, cmax, 30)
  local ys = {}
  for i, c in ipairs(xs) do ys[i] = m.polynomial:predict(c) end
  fig:line{ x = xs, y = ys, color = g.color, width = 2,
    label = string.format("fit: slope %.3f, R² %.2f", m.polynomial.slope, m.polynomial.r2) }
end
local svg = opts.out .. "/timm_extra_data.svg"
fig:write(svg)
print("\nwrote " .. svg .. " and the tables as .md and .csv in " .. opts.out)
