-- 10. Beyond the paper: how much the polynomial fit (k and the compute at the first
-- target) moves with the rows it is fitted on. For each benchmark: all rows; without
-- the rows trained on extra data (extra_data = yes); without the rows marked estimated
-- (the refit of Table 1c, reused); and all rows with an indicator for models trained
-- on TPUs (hardware.csv type TPU), log10(error) ~ log10(FLOP) + tpu, projected for
-- models not trained on TPUs.
local burden = require "burden"

-- 1 for a row whose hardware is a TPU, 0 for other known hardware, nil when unknown;
-- each hardware name is resolved once (false: not a known chip)
local tpu_of = {}
local function on_tpu(row)
  if row.hardware == nil or row.hardware == "" then return nil end
  local v = tpu_of[row.hardware]
  if v == nil then
    local chip = burden.hw.resolve(row.hardware)
    v = chip and (chip.type == "TPU" and 1 or 0) or false
    tpu_of[row.hardware] = v
  end
  return v or nil
end

-- The polynomial fit with a TPU indicator on a domain's points: nil and a reason when
-- the indicator cannot be estimated (no TPU rows, or only TPU rows).
local function tpu_fit(pts, target, level)
  local lx, ly, tpu, n_tpu = {}, {}, {}, 0
  for i = 1, pts.n do
    local v = on_tpu(pts.rows[i])
    if v == nil then
      error(string.format("sensitivity: %s has no known hardware but a hardware burden",
        tostring(pts.model[i])))
    end
    lx[i], ly[i], tpu[i] = math.log(pts.compute[i], 10), math.log(pts.error[i], 10), v
    n_tpu = n_tpu + v
  end
  local row = { n = pts.n, n_tpu = n_tpu }
  if n_tpu == 0 or n_tpu == pts.n then
    row.note = n_tpu == 0 and "no TPU rows" or "only TPU rows"
    return row
  end
  local m = burden.fit.ols{ x = { lx, tpu }, y = ly }
  local a, b, c = m.coef[1], m.coef[2], m.coef[3]
  row.k, row.tpu_coef, row.tpu_p = -1 / b, c, m.pvalue[3]
  row.note = string.format("%d TPU row%s; TPU coefficient %+.3f (p = %.2g)", n_tpu,
    n_tpu == 1 and "" or "s", c, m.pvalue[3])
  -- significant slope <=> Fieller's set for the compute is a finite interval
  if m.pvalue[2] >= 1 - level or not (b < 0) then
    row.flop = string.format("slope not significant (p = %.2g)", m.pvalue[2])
  else
    row.flop = 10 ^ ((math.log(target, 10) - a) / b)
  end
  row.model = m
  return row
end

return function(s)
  local variants = {
    { label = "all rows", fits = s:polynomial_by_domain() },
    { label = "without extra-data rows",
      fits = s:polynomial_by_domain("_no_extra", function(r) return r.extra_data ~= "yes" end) },
    { label = "without estimated rows",
      fits = s:polynomial_by_domain("_sourced", function(r) return r.confidence ~= "estimated" end) },
  }
  local rows = {}
  for _, name in ipairs(burden.domain.builtin) do
    local d = burden.domain.get(name)
    for _, v in ipairs(variants) do
      local o = v.fits[name] or {}
      local flop = o.projection and s.readable(o.projection, "compute", {}).compute
      rows[#rows + 1] = { title = d.title, domain = name, rows = v.label, n = o.n, k = o.k,
        target = d.targets[1], flop = flop, note = o.note }
    end
    local pts = s.result.models[name].points
    local tf = tpu_fit(pts, d.targets[1], s.LEVEL)
    rows[#rows + 1] = { title = d.title, domain = name, rows = "with a TPU indicator",
      n = tf.n, k = tf.k, target = d.targets[1], flop = tf.flop, note = tf.note,
      n_tpu = tf.n_tpu, tpu_coef = tf.tpu_coef, tpu_p = tf.tpu_p }
  end
  local t = burden.report.table{
    title = "Table 10. Sensitivity of the polynomial fit to the rows it rests on",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "rows", title = "Rows" },
      { key = "n", title = "n", format = "%d" },
      { key = "k", title = "k", format = "%.1f" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "flop", title = "FLOP at target", format = "pow10" },
      { key = "note", title = "Note" },
    },
    rows = rows,
    notes = { "k = -1/slope of log10(error) ~ log10(FLOP), as in Table 1. Extra data: the " ..
      "extra_data column (pre-training beyond the benchmark's training set). Estimated: the " ..
      "confidence column, as in Table 1c. TPU indicator: log10(error) ~ log10(FLOP) + tpu, " ..
      "tpu = 1 for hardware of type TPU in data/hardware.csv; k from the FLOP coefficient and " ..
      "the FLOP at the target for hardware other than TPUs.", s.LEVEL_NOTE },
  }
  s:table(t, "table10_sensitivity")
  return { title = "10. Sensitivity of the fits", table = t,
    text = "A fit on a few dozen hand-curated rows can rest on a handful of them. The " ..
      "exponent k and the compute at the first target are refitted here without the " ..
      "rows trained on extra data, without the rows whose numbers are estimated, and " ..
      "with an indicator for TPU training (different peak-FLOP accounting)." }
end
