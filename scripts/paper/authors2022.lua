-- Against the authors: Thompson et al. released their data and analysis in August 2022
-- (MIT FutureTech, TheComputationalLimitsOfDeepLearning, GPL-3.0): one CSV per benchmark
-- (read in place from ../shared/data/thompson2022) and six notebooks that print the OLS
-- regressions they fitted (statsmodels summaries). This script refits every one of those
-- regressions on the released rows with burden.fit.lm, compares each with the digits the
-- notebook prints, and sets the authors' hardware-burden fit beside burden's fit on its
-- own curated data.
--
--   burden scripts/paper/authors2022.lua [--out DIR] [--data DIR]
--
-- As a module (require "authors2022") it is section 9 of scripts/paper/all.lua (make run).
--
-- Outputs: DIR/authors2022.{csv,md,tex}, one row per regression:
--   benchmark, measure (the file's column; derived ones say how they are made), variant
--   ("" | "alexnet_norm": divided by AlexNet's value | "consolidated": missing hardware
--   burden predicted from network operations), model (polynomial, exponential, linear,
--   compute_and_time), response (the notebook's dependent variable), formula (as given to
--   burden.fit.lm), n, intercept (as the notebook prints it), slope, se, t, r2, adj_r2,
--   fstat, loglik, year_coef, year_se, authors_slope, match, cell.
-- SIGN CONVENTION: `slope` is the coefficient on the compute term with the sign such that
-- a negative slope means error falls as compute grows. Where the notebook's response falls
-- with error (log10(1/error), 1/error, and COCO's log10(box AP)) the sign is flipped;
-- `authors_slope` keeps the sign the notebook prints. For COCO's log10(box AP) the
-- magnitude is that of AP's slope, not error's: the notebook's first COCO fit regresses AP
-- itself (its variable is named error__ops_forward_pass__poly).
-- Models: polynomial = log10(error) (or log10(1/error), the same line with the sign
-- flipped) on log10(compute); exponential = 1/error on log10(compute), the authors' form;
-- linear = error on log10(compute) (ImageNet cell 55 prints this form); compute_and_time =
-- log10(error) ~ log10(compute) + (year - 2012).
-- match: "yes" when every number the notebook prints for the fit (n, coefficients, their
-- standard errors and t values, R², adjusted R², F, log-likelihood) equals ours formatted
-- the way statsmodels prints it; otherwise the fields that differ.
-- Not refitted: ImageNet cell 66, a quantile regression (statsmodels QuantReg, q = 0.1),
-- since burden has no quantile regression; the section says so.
local burden = require "burden"

local M = {}

M.DIR = "../shared/data/thompson2022"
M.REPO = "MIT-FutureTech/TheComputationalLimitsOfDeepLearning"

-- The six benchmarks: burden's domain name, the authors' file and notebook.
M.BENCHMARKS = {
  { name = "imagenet", file = "image-classification-on-imagenet" },
  { name = "coco", file = "object-detection-on-coco" },
  { name = "squad11", file = "question-answering-on-squad-1-1" },
  { name = "conll2003", file = "named-entity-recognition-on-conll-2003" },
  { name = "wmt2014_en_fr", file = "machine-translation-on-wmt2014-en-fr" },
  { name = "wmt2014_en_de", file = "machine-translation-on-wmt2014-en-de" },
}

-- COCO's notebook does not fit the conversion: it types in the constants of an earlier
-- ImageNet fit, rounded ("Conversion Regression ... (from ImageNet)", cell 13).
M.COCO_CONVERSION = { intercept = 2.7580, slope = 0.8935 }

-- Every regression the notebooks print, in notebook order, with the numbers they print
-- (facts read from the notebooks' outputs; statsmodels formats: coefficients %.4f,
-- standard errors and t %.3f, R² %.3f, F %#.4g, log-likelihood %#.5g). `sign` is -1 when
-- the response falls as error grows. x: the regressor column after the derived ones.
local P = {
  imagenet = {
    { cell = 44, measure = "flops (else 2 x multiadds)", x = "ops_forward_pass",
      model = "polynomial", y = "log10(error)", sign = 1,
      printed = { n = 110, coef = { "0.0915", "-0.0821" }, se = { "0.064", "0.006" },
        t = "-12.899", r2 = "0.606", adj = "0.603", f = "166.4", ll = "159.17" } },
    { cell = 46, measure = "network_operations", x = "network_operations",
      model = "polynomial", y = "log10(error)", sign = 1,
      printed = { n = 77, coef = { "0.8539", "-0.0836" }, se = { "0.116", "0.006" },
        t = "-13.901", r2 = "0.720", adj = "0.717", f = "193.2", ll = "121.88" } },
    { cell = 48, measure = "hardware_burden", x = "hardware_burden",
      model = "polynomial", y = "log10(error)", sign = 1, headline = true,
      printed = { n = 36, coef = { "1.1563", "-0.0933" }, se = { "0.177", "0.009" },
        t = "-10.555", r2 = "0.766", adj = "0.759", f = "111.4", ll = "42.843" } },
    { cell = 51, measure = "flops (else 2 x multiadds)", variant = "alexnet_norm",
      x = "ops_forward_pass_alexnet_norm", model = "polynomial", y = "log10(error)", sign = 1,
      printed = { n = 110, coef = { "-0.6594", "-0.0821" }, se = { "0.008", "0.006" },
        t = "-12.899", r2 = "0.606", adj = "0.603", f = "166.4", ll = "159.17" } },
    { cell = 53, measure = "network_operations", variant = "alexnet_norm",
      x = "network_ops_alexnet_norm", model = "polynomial", y = "log10(error)", sign = 1,
      printed = { n = 77, coef = { "-0.6285", "-0.0836" }, se = { "0.011", "0.006" },
        t = "-13.901", r2 = "0.720", adj = "0.717", f = "193.2", ll = "121.88" } },
    { cell = 55, measure = "network_operations", variant = "alexnet_norm",
      x = "network_ops_alexnet_norm", model = "linear", y = "error", sign = 1,
      printed = { n = 77, coef = { "0.2312", "-0.0338" }, se = { "0.005", "0.003" },
        t = "-11.255", r2 = "0.628", adj = "0.623", f = "126.7", ll = "175.29" } },
    { cell = 56, measure = "network_operations", variant = "alexnet_norm",
      x = "network_ops_alexnet_norm", model = "compute_and_time", y = "log10(error)",
      sign = 1, extra = " + I(year - 2012)",
      printed = { n = 77, coef = { "-0.4528", "-0.0638", "-0.0250" },
        se = { "0.027", "0.006", "0.004" }, t = "-11.568", t_year = "-6.938",
        r2 = "0.831", adj = "0.826", f = "181.4", ll = "141.18" } },
    { cell = 57, measure = "hardware_burden", variant = "alexnet_norm",
      x = "hw_burden_alexnet_norm", model = "polynomial", y = "log10(error)", sign = 1,
      printed = { n = 36, coef = { "-0.5427", "-0.0933" }, se = { "0.020", "0.009" },
        t = "-10.555", r2 = "0.766", adj = "0.759", f = "111.4", ll = "42.843" } },
    { cell = 63, measure = "hardware_burden", variant = "consolidated",
      x = "hardware_burden_consolidated", model = "polynomial", y = "log10(I(1/error))",
      sign = -1,
      printed = { n = 102, coef = { "-1.0673", "0.0908" }, se = { "0.120", "0.006" },
        t = "15.044", r2 = "0.694", adj = "0.690", f = "226.3", ll = "137.62" } },
    { cell = 65, measure = "hardware_burden", variant = "consolidated",
      x = "hardware_burden_consolidated", model = "exponential", y = "I(1/error)", sign = -1,
      printed = { n = 102, coef = { "-19.8528", "1.2825" }, se = { "1.491", "0.075" },
        t = "17.166", r2 = "0.747", adj = "0.744", f = "294.7", ll = "-119.06" } },
  },
  coco = {
    { cell = 7, measure = "flops (else 2 x multiadds)", x = "ops_forward_pass",
      model = "polynomial", y = "log10(box_ap)", sign = -1,
      printed = { n = 14, coef = { "-1.4327", "0.0943" }, se = { "0.216", "0.019" },
        t = "5.009", r2 = "0.676", adj = "0.649", f = "25.09", ll = "18.469" } },
    { cell = 9, measure = "hardware_burden", x = "hardware_burden", model = "polynomial",
      y = "log10(I(1/error))", sign = -1, headline = true,
      printed = { n = 13, coef = { "-0.9112", "0.0599" }, se = { "0.188", "0.010" },
        t = "6.175", r2 = "0.776", adj = "0.756", f = "38.13", ll = "27.820" } },
    { cell = 11, measure = "network_operations", x = "network_operations",
      model = "polynomial", y = "log10(I(1/error))", sign = -1,
      printed = { n = 7, coef = { "-0.8486", "0.0584" }, se = { "0.203", "0.011" },
        t = "5.531", r2 = "0.860", adj = "0.831", f = "30.59", ll = "15.031" } },
    { cell = 14, measure = "hardware_burden", variant = "consolidated",
      x = "hardware_burden_consolidated", model = "polynomial", y = "log10(I(1/error))",
      sign = -1,
      printed = { n = 20, coef = { "-0.9353", "0.0610" }, se = { "0.134", "0.007" },
        t = "8.883", r2 = "0.814", adj = "0.804", f = "78.92", ll = "42.510" } },
    { cell = 16, measure = "hardware_burden", variant = "consolidated",
      x = "hardware_burden_consolidated", model = "exponential", y = "I(1/error)", sign = -1,
      printed = { n = 20, coef = { "-3.4512", "0.2701" }, se = { "0.597", "0.030" },
        t = "8.863", r2 = "0.814", adj = "0.803", f = "78.55", ll = "12.700" } },
  },
  squad11 = {
    { cell = 7, measure = "hardware_burden", x = "hardware_burden", model = "polynomial",
      y = "log10(I(1/error))", sign = -1, headline = true,
      printed = { n = 12, coef = { "-1.1230", "0.0956" }, se = { "0.226", "0.012" },
        t = "8.248", r2 = "0.872", adj = "0.859", f = "68.02", ll = "14.314" } },
    { cell = 9, measure = "hardware_burden", x = "hardware_burden", model = "exponential",
      y = "I(1/error)", sign = -1,
      printed = { n = 12, coef = { "-20.3945", "1.3628" }, se = { "3.134", "0.161" },
        t = "8.475", r2 = "0.878", adj = "0.866", f = "71.82", ll = "-17.244" } },
  },
  conll2003 = {
    { cell = 7, measure = "hardware_burden", x = "hardware_burden", model = "polynomial",
      y = "log10(I(1/error))", sign = -1, headline = true,
      printed = { n = 12, coef = { "0.6333", "0.0269" }, se = { "0.186", "0.010" },
        t = "2.674", r2 = "0.417", adj = "0.359", f = "7.148", ll = "18.194" } },
    { cell = 9, measure = "hardware_burden", x = "hardware_burden", model = "exponential",
      y = "I(1/error)", sign = -1,
      printed = { n = 12, coef = { "-2.0511", "0.8520" }, se = { "6.409", "0.347" },
        t = "2.456", r2 = "0.376", adj = "0.314", f = "6.031", ll = "-24.284" } },
  },
  wmt2014_en_fr = {
    { cell = 7, measure = "hardware_burden", x = "hardware_burden", model = "polynomial",
      y = "log10(I(1/error))", sign = -1, headline = true,
      printed = { n = 14, coef = { "-0.2351", "0.0236" }, se = { "0.323", "0.016" },
        t = "1.440", r2 = "0.147", adj = "0.076", f = "2.073", ll = "27.725" } },
    { cell = 9, measure = "hardware_burden", x = "hardware_burden", model = "exponential",
      y = "I(1/error)", sign = -1,
      printed = { n = 14, coef = { "0.1171", "0.0806" }, se = { "1.141", "0.058" },
        t = "1.388", r2 = "0.138", adj = "0.067", f = "1.927", ll = "10.040" } },
  },
  wmt2014_en_de = {
    { cell = 7, measure = "hardware_burden", x = "hardware_burden", model = "polynomial",
      y = "log10(I(1/error))", sign = -1, headline = true,
      printed = { n = 12, coef = { "-0.1312", "0.0141" }, se = { "0.181", "0.009" },
        t = "1.524", r2 = "0.188", adj = "0.107", f = "2.321", ll = "30.130" } },
    { cell = 9, measure = "hardware_burden", x = "hardware_burden", model = "exponential",
      y = "I(1/error)", sign = -1,
      printed = { n = 12, coef = { "0.4921", "0.0462" }, se = { "0.575", "0.029" },
        t = "1.573", r2 = "0.198", adj = "0.118", f = "2.475", ll = "16.256" } },
  },
}
M.PRINTED = P

-- ImageNet's conversion regression, log10(hardware burden) on log10(network operations)
-- over the rows with both (cell 59); its unrounded coefficients fill the consolidated
-- column (cells 61-62).
M.CONVERSION_PRINTED = { cell = 59, n = 11, coef = { "3.1337", "0.8716" },
  se = { "2.377", "0.122" }, t = "7.173", r2 = "0.851", adj = "0.835", f = "51.45",
  ll = "-8.0736" }

--- The paths of the authors' files that exist under dir (for the report's provenance).
function M.inputs(dir)
  local out = {}
  for _, b in ipairs(M.BENCHMARKS) do
    local path = (dir or M.DIR) .. "/" .. b.file .. ".csv"
    local f = io.open(path, "rb")
    if f then f:close() out[#out + 1] = path end
  end
  return out
end

--- The notebook's path for a benchmark spec.
function M.notebook(b) return "notebooks/" .. b.file .. ".ipynb" end

--- The statsmodels rendering of a number as the notebooks print it.
M.FORMAT = { coef = "%.4f", se = "%.3f", t = "%.3f", r2 = "%.3f", adj = "%.3f", f = "%#.4g",
  ll = "%#.5g" }

-- "0.0000" and "-0.0000" print the same value; normalise so a sign on zero never differs.
local function show(fmt, v)
  local s = string.format(fmt, v)
  if s:match("^%-0%.0*$") then s = s:sub(2) end
  return s
end
M.show = show

--- The fields where fit m differs from what the notebook prints (empty: all match).
function M.compare(m, printed)
  local diff = {}
  local function check(field, fmt, v, want)
    if want ~= nil and show(fmt, v) ~= want then
      diff[#diff + 1] = string.format("%s %s (printed %s)", field, show(fmt, v), want)
    end
  end
  if printed.n ~= m.n then diff[#diff + 1] = string.format("n %d (printed %d)", m.n, printed.n) end
  for i, want in ipairs(printed.coef) do check("coef" .. i, M.FORMAT.coef, m.coef[i], want) end
  for i, want in ipairs(printed.se) do check("se" .. i, M.FORMAT.se, m.se[i], want) end
  check("t", M.FORMAT.t, m.tvalue[2], printed.t)
  check("t_year", M.FORMAT.t, m.tvalue[3], printed.t_year)
  check("r2", M.FORMAT.r2, m.r2, printed.r2)
  check("adj_r2", M.FORMAT.adj, m.adj_r2, printed.adj)
  check("F", M.FORMAT.f, m.fstat, printed.f)
  check("loglik", M.FORMAT.ll, m.loglik, printed.ll)
  return diff
end

-- The derived columns the notebooks build, added to a benchmark's frame.
local function derive(name, f)
  local cols = {}
  if f:has("flops") and f:has("multiadds") then
    -- ops_forward_pass = flops.combine_first(multiadds * 2)
    cols[#cols + 1] = { "ops_forward_pass", function(r)
      return r.flops or (r.multiadds and r.multiadds * 2) end }
  end
  if name == "coco" then
    cols[#cols + 1] = { "box_ap", function(r)
      return r["(BOX AP)"] and r["(BOX AP)"] / 100 end }
  end
  if #cols > 0 then f = f:mutate(cols) end
  local info = {}
  if name == "imagenet" then
    -- normalised to AlexNet's row (cell 50)
    local alex = f:where(function(r) return r.name == "AlexNet" end)
    if alex:nrow() ~= 1 then
      error(string.format("authors2022: expected one AlexNet row in the ImageNet file, found %d",
        alex:nrow()), 0)
    end
    local a = alex:row(1)
    f = f:mutate{
      { "ops_forward_pass_alexnet_norm", function(r)
        return r.ops_forward_pass and r.ops_forward_pass / a.ops_forward_pass end },
      { "network_ops_alexnet_norm", function(r)
        return r.network_operations and r.network_operations / a.network_operations end },
      { "hw_burden_alexnet_norm", function(r)
        return r.hardware_burden and r.hardware_burden / a.hardware_burden end },
    }
    -- conversion regression and consolidated hardware burden (cells 59-62)
    local conv = burden.fit.lm(f, "log10(hardware_burden) ~ log10(network_operations)")
    info.conversion = conv
    local b0, b1 = conv.coef[1], conv.coef[2]
    local measured, predicted = 0, 0
    f = f:mutate{ { "hardware_burden_consolidated", function(r)
      if r.hardware_burden then measured = measured + 1 return r.hardware_burden end
      if r.network_operations then
        predicted = predicted + 1
        return 10 ^ (b1 * math.log(r.network_operations, 10) + b0)
      end
    end } }
    info.measured, info.predicted = measured, predicted
  elseif name == "coco" then
    local c = M.COCO_CONVERSION
    local measured, predicted = 0, 0
    f = f:mutate{ { "hardware_burden_consolidated", function(r)
      if r.hardware_burden then measured = measured + 1 return r.hardware_burden end
      if r.network_operations then
        predicted = predicted + 1
        return 10 ^ (c.intercept + c.slope * math.log(r.network_operations, 10))
      end
    end } }
    info.measured, info.predicted = measured, predicted
  end
  return f, info
end

--- Reads the six files from dir and fits every printed regression. Returns the rows (one
-- per regression, in notebook order, each with `.model_fit` the burden.fit.lm result) and
-- per-benchmark info ({ frame, metric, conversion, measured, predicted, renamed }).
-- nil, message when a file is missing.
function M.fits(dir)
  dir = dir or M.DIR
  local rows, info = {}, {}
  for _, b in ipairs(M.BENCHMARKS) do
    local path = dir .. "/" .. b.file .. ".csv"
    local f, meta = burden.import.try_thompson2022(path)
    if not f then return nil, meta end
    local g, extra = derive(b.name, f)
    extra.frame, extra.metric, extra.renamed, extra.path = g, meta.metric, meta.renamed, path
    info[b.name] = extra
    for _, spec in ipairs(P[b.name]) do
      local formula = spec.y .. " ~ log10(" .. spec.x .. ")" .. (spec.extra or "")
      local m = burden.fit.lm(g, formula)
      local diff = M.compare(m, spec.printed)
      rows[#rows + 1] = {
        benchmark = b.name, measure = spec.measure, variant = spec.variant or "",
        model = spec.model, response = spec.y:gsub("^I%((.*)%)$", "%1"):gsub("I%((.*)%)", "%1"),
        formula = formula, n = m.n, intercept = m.coef[1],
        slope = spec.sign * m.coef[2], se = m.se[2], t = spec.sign * m.tvalue[2],
        r2 = m.r2, adj_r2 = m.adj_r2, fstat = m.fstat, loglik = m.loglik,
        year_coef = m.coef[3], year_se = m.se[3], authors_slope = m.coef[2],
        printed_slope = spec.printed.coef[2],
        match = #diff == 0 and "yes" or table.concat(diff, "; "),
        cell = M.notebook(b) .. " cell " .. spec.cell, headline = spec.headline,
        model_fit = m, spec = spec,
      }
    end
  end
  return rows, info
end

--- burden's own fit on its curated data beside the authors' headline fit (hardware burden,
-- polynomial) of each benchmark, in the same sign convention.
function M.ours(rows, curated)
  local out = {}
  for _, b in ipairs(M.BENCHMARKS) do
    local theirs
    for _, r in ipairs(rows) do
      if r.benchmark == b.name and r.headline then theirs = r end
    end
    local d = burden.domain.get(b.name)
    local pts = d:points(curated)
    local fit = burden.hypothesis.get("polynomial"):fit(pts)
    out[#out + 1] = { benchmark = b.name, title = d.title, authors_n = theirs.n,
      authors_slope = theirs.slope, authors_se = theirs.se, authors_r2 = theirs.r2,
      ours_n = fit.n, ours_slope = fit.slope, ours_se = fit.se_slope, ours_r2 = fit.r2,
      ratio = fit.slope / theirs.slope }
  end
  return out
end

local COLUMNS = {
  { key = "benchmark", title = "Benchmark" },
  { key = "measure", title = "Measure" },
  { key = "variant", title = "Variant" },
  { key = "model", title = "Model" },
  { key = "response", title = "Response" },
  { key = "formula", title = "burden.fit.lm formula" },
  { key = "n", title = "n", format = "%d" },
  { key = "intercept", title = "Intercept", format = "%.4f" },
  { key = "slope", title = "Slope", format = "%.4f" },
  { key = "se", title = "SE", format = "%.4f" },
  { key = "t", title = "t", format = "%.2f" },
  { key = "r2", title = "R²", format = "%.3f" },
  { key = "adj_r2", title = "adj. R²", format = "%.3f" },
  { key = "fstat", title = "F", format = "%.4g" },
  { key = "loglik", title = "logLik", format = "%.5g" },
  { key = "year_coef", title = "Year", format = "%.4f" },
  { key = "year_se", title = "Year SE", format = "%.4f" },
  { key = "authors_slope", title = "Printed-sign slope", format = "%.4f" },
  { key = "match", title = "Matches notebook" },
  { key = "cell", title = "Source" },
}

--- Builds the tables (and writes them with save(table, basename)) for rows and info.
function M.tables(rows, info, curated, save)
  local all = burden.report.table{
    title = "Table 9. The authors' regressions refitted on their released data",
    columns = COLUMNS, rows = rows,
    notes = { "Slope: coefficient on log10(compute), negative when error falls as compute " ..
      "grows (the notebook's sign is flipped for log10(1/error), 1/error and log10(box AP); " ..
      "'Printed-sign slope' keeps it). Matches notebook: every number the statsmodels " ..
      "summary prints, at the digits it prints. Source: " .. M.REPO .. "." },
  }
  save(all, "authors2022")
  local shown = burden.report.table{
    title = "Table 9. The authors' regressions refitted on their released data",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "measure", title = "Compute" },
      { key = "variant", title = "Variant" },
      { key = "model", title = "Model" },
      { key = "response", title = "Response" },
      { key = "n", title = "n", format = "%d" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "se", title = "SE", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.3f" },
      { key = "printed_slope", title = "Printed slope" },
      { key = "match", title = "Matches" },
    },
    rows = rows,
    notes = all.notes,
  }
  local conv = info.imagenet.conversion
  local cp = M.CONVERSION_PRINTED
  local cdiff = M.compare(conv, cp)
  local conversion = burden.report.table{
    title = "Table 9b. Consolidated hardware burden: network operations converted",
    columns = {
      { key = "benchmark", title = "Benchmark" },
      { key = "source", title = "Conversion" },
      { key = "n", title = "n (fit)", format = "%d" },
      { key = "intercept", title = "Intercept", format = "%.4f" },
      { key = "slope", title = "Slope", format = "%.4f" },
      { key = "r2", title = "R²", format = "%.3f" },
      { key = "measured", title = "Measured", format = "%d" },
      { key = "predicted", title = "Predicted", format = "%d" },
      { key = "match", title = "Matches" },
    },
    rows = {
      { benchmark = "imagenet", source = "fitted, log10(hw) ~ log10(network ops) (cell 59)",
        n = conv.n, intercept = conv.coef[1], slope = conv.coef[2], r2 = conv.r2,
        measured = info.imagenet.measured, predicted = info.imagenet.predicted,
        match = #cdiff == 0 and "yes" or table.concat(cdiff, "; ") },
      { benchmark = "coco", source = "typed in (cell 13): 2.7580 + 0.8935 log10(network ops)",
        intercept = M.COCO_CONVERSION.intercept, slope = M.COCO_CONVERSION.slope,
        measured = info.coco.measured, predicted = info.coco.predicted, match = "n/a" },
    },
    notes = { "ImageNet predicts a missing hardware burden from its own fit on the 11 rows " ..
      "with both measures (the notebook prints 36 measured and 66 predicted); COCO uses " ..
      "constants typed into its notebook, which differ from that fit." },
  }
  save(conversion, "authors2022_conversion")
  local beside = burden.report.table{
    title = "Table 9c. The authors' hardware-burden fit beside burden's fit on its curated data",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "authors_n", title = "n (authors)", format = "%d" },
      { key = "authors_slope", title = "Slope (authors)", format = "%.4f" },
      { key = "authors_se", title = "SE", format = "%.4f" },
      { key = "authors_r2", title = "R²", format = "%.3f" },
      { key = "ours_n", title = "n (burden)", format = "%d" },
      { key = "ours_slope", title = "Slope (burden)", format = "%.4f" },
      { key = "ours_se", title = "SE", format = "%.4f" },
      { key = "ours_r2", title = "R²", format = "%.3f" },
    },
    rows = M.ours(rows, curated),
    notes = { "Both: log10(error) on log10(hardware burden), slope negative when error " ..
      "falls; the authors' SQuAD error is from exact match (EM), burden's from its domain's " ..
      "metric. Authors: their 2022 files and notebooks; burden: data/ (burden.dataset)." },
  }
  save(beside, "authors2022_vs_burden")
  return shown, conversion, beside
end

local function count_matches(rows)
  local ok = 0
  for _, r in ipairs(rows) do if r.match == "yes" then ok = ok + 1 end end
  return ok
end

--- The report section (section 9 of scripts/paper/all.lua); a visible note in the report
-- when the authors' data are not on this machine. save(table, basename) writes a table
-- (default: its .md, .csv and .tex into s.out, without printing, so the paper's console
-- output and file count do not depend on whether ../shared is present).
function M.section(s, dir, save)
  dir = dir or M.DIR
  save = save or function(t, base) t:save(s.out, base) end
  local title = "11. Against the authors: their released data and regressions"
  local rows, info = M.fits(dir)
  if not rows then
    local note = "Skipped: the authors' released data were not found (" .. tostring(info) ..
      "). Put the six CSVs of " .. M.REPO .. " (data/) in " .. dir .. " and rerun."
    return { title = title, text = note, missing = true }
  end
  local shown, conversion, beside = M.tables(rows, info, s.rows, save)
  local ok = count_matches(rows)
  local text = string.format("Thompson et al. released one CSV per benchmark and six " ..
    "notebooks (%s, August 2022). burden reads the files as they are " ..
    "(burden.import.thompson2022) and refits every OLS regression the notebooks print: " ..
    "%d of %d equal the printed statsmodels summaries in every digit (n, coefficients, " ..
    "standard errors, t, R², adjusted R², F, log-likelihood), and the conversion " ..
    "regression behind the consolidated hardware burden does too (%s). No fit filters " ..
    "rows: each uses every row where its variables are present (statsmodels drops the " ..
    "rest, as burden does). ImageNet cell 66 " ..
    "fits a quantile regression (q = 0.1), which burden does not have; it is not refitted. " ..
    "The notebooks' forms differ from burden's Table 1: COCO's first fit regresses log10 " ..
    "of box AP itself, ImageNet's exponential model is printed both as error and as " ..
    "1/error on log10(compute), and SQuAD's error is from exact match.", M.REPO, ok, #rows,
    conversion.rows[1].match == "yes" and "n = 11" or "it does not: " .. conversion.rows[1].match)
  for _, b in ipairs(M.BENCHMARKS) do
    for _, r in ipairs(info[b.name].renamed) do
      text = text .. string.format(" Note: %s column %d renamed '%s' -> '%s'.", b.name,
        r.column, r.from, r.to)
    end
  end
  return { title = title, text = text, tables = { shown, conversion, beside } }
end

setmetatable(M, { __call = function(self, s) return self.section(s) end })

-- Run as a script: the section's tables alone, into --out.
if arg and arg[0] and arg[0]:match("authors2022%.lua$") and ... ~= "authors2022" then
  local opts = burden.cli.options(arg, { out = "out", data = M.DIR },
    "burden scripts/paper/authors2022.lua [--out DIR] [--data DIR]")
  burden.io.mkdir(opts.out)
  local s = { out = opts.out, outputs = {}, rows = burden.dataset.load() }
  function s:table(t, base)
    for _, p in ipairs(t:save(self.out, base)) do self.outputs[#self.outputs + 1] = p end
    io.write(tostring(t), "\n")
  end
  local sec = M.section(s, opts.data, function(t, base) s:table(t, base) end)
  if sec.missing then
    io.stderr:write("authors2022: ", sec.text, "\n")
    os.exit(1)
  end
  print(sec.text)
  print(string.format("wrote %d files", #s.outputs))
end

return M
