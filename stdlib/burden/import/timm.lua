--- burden.import.timm: timm's ImageNet results and benchmark files (pytorch-image-models).
local data = require "burden.data"
local fields = require "burden.import.fields"

local read, locate, numbers, strings = fields.read, fields.locate, fields.numbers,
  fields.strings

local import = {}

local TIMM_RESULTS = {
  { "model", { "model" }, true },
  { "img_size", { "img_size" }, true },
  { "top1", { "top1" }, true },
  { "top1_err", { "top1_err" }, true },
  { "top5", { "top5" }, true },
  { "top5_err", { "top5_err" }, true },
  { "param_count", { "param_count" }, true },
}

local TIMM_BENCH = {
  { "model", { "model" }, true },
  { "img_size", { "infer_img_size" }, true },
  { "gmacs", { "infer_gmacs" }, true },
  { "samples_per_sec", { "infer_samples_per_sec" } },
}

--- timm's ImageNet results joined with its inference benchmark on (architecture, image
-- size): the architecture is the results' `model` without its ".tag". One row per
-- checkpoint (a left join: gmacs is missing when the benchmark lacks the pair): model,
-- arch, tag, img_size, top1, top1_err, top5, top5_err (percent), param_count (millions),
-- params, gmacs (multiply-accumulates per image, billions), flops (FLOP per image =
-- 2e9 x gmacs), samples_per_sec.
function import.timm(results_path, benchmark_path)
  local r, msg = read("timm", results_path)
  if not r then return nil, "import.timm: " .. msg end
  local b, msg2 = read("timm", benchmark_path)
  if not b then return nil, "import.timm: " .. msg2 end
  local at = locate("timm", results_path, r, TIMM_RESULTS)
  local bt = locate("timm", benchmark_path, b, TIMM_BENCH)
  local models = r:col(at.model)
  local arch, tag = {}, {}
  for i = 1, r:nrow() do
    local m = models[i]
    if m then
      arch[i], tag[i] = m:match("^([^.]*)%.?(.*)$")
      if tag[i] == "" then tag[i] = nil end
    end
  end
  local left = data.frame({
    { "model", strings(r, at.model) },
    { "arch", arch },
    { "tag", tag },
    { "img_size", numbers(r, at.img_size) },
    { "top1", numbers(r, at.top1) },
    { "top1_err", numbers(r, at.top1_err) },
    { "top5", numbers(r, at.top5) },
    { "top5_err", numbers(r, at.top5_err) },
    { "param_count", numbers(r, at.param_count) },
  }, { n = r:nrow(), types = { img_size = "integer" } })
  local right = data.frame({
    { "arch", strings(b, bt.model) },
    { "img_size", numbers(b, bt.img_size) },
    { "gmacs", numbers(b, bt.gmacs) },
    { "samples_per_sec", numbers(b, bt.samples_per_sec) },
  }, { types = { img_size = "integer" } })
  local ok, joined = pcall(left.join, left, right, { by = { "arch", "img_size" }, how = "left",
    many_to_one = true })
  if not ok then error("import.timm: " .. tostring(joined), 2) end
  return joined:mutate{
    { "params", function(row) return row.param_count and row.param_count * 1e6 end },
    { "flops", function(row) return row.gmacs and row.gmacs * 2e9 end },
  }:select("model", "arch", "tag", "img_size", "top1", "top1_err", "top5", "top5_err",
    "param_count", "params", "gmacs", "flops", "samples_per_sec")
end

return import
