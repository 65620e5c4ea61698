-- Thompson et al.'s released data (2022): the importer, and every regression their
-- notebooks print refitted by scripts/paper/authors2022.lua. The printed numbers are the
-- notebooks' statsmodels outputs (MIT-FutureTech/TheComputationalLimitsOfDeepLearning,
-- notebooks/*.ipynb, cells named below); tests that need ../shared/data/thompson2022 SKIP
-- without it.
local burden = require "burden"
local import = burden.import

local DIR = "../shared/data/thompson2022"
local FILES = {
  imagenet = "image-classification-on-imagenet",
  coco = "object-detection-on-coco",
  squad11 = "question-answering-on-squad-1-1",
  conll2003 = "named-entity-recognition-on-conll-2003",
  wmt2014_en_fr = "machine-translation-on-wmt2014-en-fr",
  wmt2014_en_de = "machine-translation-on-wmt2014-en-de",
}

local function file(name) return need_file(DIR .. "/" .. FILES[name] .. ".csv") end

local function authors()
  return dofile("scripts/paper/authors2022.lua")
end

local function tmpfile(text)
  local path = os.tmpname()
  burden.io.write_atomic(path, text)
  return path
end

-- A small file in the authors' layout: names, three sub-header rows, data.
local HEAD = "name,year,hardware_burden,title,(TOP 1 score)\n" ..
  "name,year,hw_burden,paper,performance_metrics\n" ..
  ",,,title,top1_score\n" ..
  ",,,,\n"

describe("import.thompson2022 on the released files", function()
  it("reads each file's rows and columns as the authors' README counts them", function()
    local want = { imagenet = { 208, 63 }, coco = { 116, 66 }, squad11 = { 41, 59 },
      conll2003 = { 54, 58 }, wmt2014_en_fr = { 42, 59 }, wmt2014_en_de = { 55, 59 } }
    for name, w in pairs(want) do
      local f, info = import.thompson2022(file(name))
      eq(f:nrow(), w[1])
      eq(info.rows, w[1])
      eq(f:ncol(), w[2] + 1)          -- the file's columns and `error`
      eq(#info.renamed, 0)
    end
  end)

  it("keeps the file's column names in file order and appends error", function()
    local f = import.thompson2022(file("imagenet"))
    local names = f:names()
    eq({ names[1], names[2], names[3], names[7], names[8] },
      { "name", "year", "parameters", "flops", "multiadds" })
    eq({ names[55], names[56] }, { "network_operations", "hardware_burden" })
    eq({ names[62], names[63], names[64] }, { "(TOP 1 score)", "(TOP 5 score)", "error" })
    eq(f:type("year"), "integer")
    eq(f:type("hardware_burden"), "number")
    eq(f:type("training_time_total"), "string")   -- "11 days", "16775.5 days", ...
    local r = f:row(1)                             -- CoCa, 91.0 top-1, 2.4E+23 FLOP
    eq(r.name, "CoCa")
    eq(r.year, 2022)
    eq(r.hardware_burden, 2.4e23)
    eq(r["(TOP 1 score)"], 91.0)
    near(r.error, 0.09, 1e-15)
  end)

  it("takes error from each benchmark's metric, EM for SQuAD 1.1", function()
    local metric = { imagenet = "(TOP 1 score)", coco = "(BOX AP)", squad11 = "(EM score)",
      conll2003 = "(F1 score)", wmt2014_en_fr = "(BLEU)", wmt2014_en_de = "(BLEU)" }
    for name, m in pairs(metric) do
      local f, info = import.thompson2022(file(name))
      eq(info.metric, m)
      local score, err = f:col(m), f:col("error")
      for i = 1, f:nrow() do
        if score[i] then near(err[i], (100 - score[i]) / 100, 1e-15) end
      end
    end
    -- the notebook's first SQuAD row: ANNA large, EM 90.6 (F1 95.7)
    local f = import.thompson2022(file("squad11"))
    near(f:row(1).error, 0.094, 1e-12)
    local g = import.thompson2022(file("squad11"), { metric = "(F1 score)" })
    near(g:row(1).error, (100 - g:row(1)["(F1 score)"]) / 100, 1e-15)
    assert(g:row(1).error < f:row(1).error)
  end)

  it("agrees with R's read.csv on every row (peer)", function()
    local r = peer.rscript()
    local path = file("coco")
    local f = import.thompson2022(path)
    local out = peer.run(r, [==[
d <- read.csv(commandArgs(TRUE)[1], check.names = FALSE, colClasses = "character")[-(1:3), ]
hw <- suppressWarnings(as.numeric(d$hardware_burden))
ap <- suppressWarnings(as.numeric(d[["(BOX AP)"]]))
cat(nrow(d), sum(!is.na(hw)), sprintf("%.17g", sum(hw, na.rm = TRUE)), sum(!is.na(ap)),
    sprintf("%.17g", sum(ap, na.rm = TRUE)), "\n")
]==], path)
    local n, nhw, shw, nap, sap = out:match("(%S+) (%S+) (%S+) (%S+) (%S+)")
    assert(n, "unexpected R output: " .. out)
    eq(f:nrow(), tonumber(n))
    local hw, ap = f:col("hardware_burden"), f:col("(BOX AP)")
    local count, sum_hw, count_ap, sum_ap = 0, 0, 0, 0
    for i = 1, f:nrow() do
      if hw[i] then count, sum_hw = count + 1, sum_hw + hw[i] end
      if ap[i] then count_ap, sum_ap = count_ap + 1, sum_ap + ap[i] end
    end
    eq(count, tonumber(nhw))
    eq(count_ap, tonumber(nap))
    near(sum_hw, tonumber(shw), 1e-12)
    near(sum_ap, tonumber(sap), 1e-12)
  end)
end)

describe("import.thompson2022 on malformed files", function()
  it("names the file, line and column of a cell that is not a number", function()
    local path = tmpfile(HEAD .. "A,2012,1e18,t,40\nB,20x1,2e18,t,50\n")
    assert_error(path .. ":6: column 'year' (2): cannot read '20x1' as a number",
      import.thompson2022, path)
    os.remove(path)
  end)

  it("counts lines through quoted newlines", function()
    local path = tmpfile(HEAD .. 'A,2012,1e18,"two\nlines",40\nB,2013,lots,t,50\n')
    assert_error(path .. ":7: column 'hardware_burden' (3): cannot read 'lots' as a number",
      import.thompson2022, path)
    os.remove(path)
  end)

  it("counts CRLF lines (the released files end lines with CR LF)", function()
    local crlf = (HEAD .. "A,2012,1e18,t,40\n\nB,2013,2e18,t,4O\n"):gsub("\n", "\r\n")
    local path = tmpfile(crlf)
    assert_error(path .. ":7: column '(TOP 1 score)' (5): cannot read '4O' as a number",
      import.thompson2022, path)
    os.remove(path)
  end)

  it("reports a row with the wrong number of fields with its line", function()
    local path = tmpfile(HEAD .. "A,2012,1e18,t,40\nB,2013,2e18\n")
    assert_error(path .. ":6: expected 5 fields, got 3", import.thompson2022, path)
    os.remove(path)
  end)

  it("refuses data where the sub-header rows should be", function()
    local path = tmpfile("name,year,hardware_burden,title,(TOP 1 score)\n" ..
      "A,2012,1e18,t,40\n,,,,\n,,,,\nB,2013,2e18,t,50\n")
    assert_error(path .. ":2: expected a sub-header row", import.thompson2022, path)
    os.remove(path)
  end)

  it("refuses a score outside 0..100 and a file without a metric column", function()
    local path = tmpfile(HEAD .. "A,2012,1e18,t,40\nB,2013,2e18,t,140\n")
    assert_error(path .. ":6: column '(TOP 1 score)': score 140 is outside 0..100",
      import.thompson2022, path)
    os.remove(path)
    local nometric = tmpfile("name,year,x\nname,year,x\n,,\n,,\nA,2012,1\n")
    assert_error(nometric .. ": no metric column (expected one of '(TOP 1 score)'",
      import.thompson2022, nometric)
    assert_error(nometric .. ": no metric column '(EM score)'", import.thompson2022, nometric,
      { metric = "(EM score)" })
    os.remove(nometric)
  end)

  it("numbers empty column names and suffixes repeated ones", function()
    local path = tmpfile("name,year,,year,(BLEU),(BLEU)\n" ..
      "name,year,,,m,m\n,,,,,\n,,,,,\nA,2012,x,7,30,31\n")
    local f, info = import.thompson2022(path)
    eq(f:names(), { "name", "year", "column_3", "year_2", "(BLEU)", "(BLEU)_2", "error" })
    eq(#info.renamed, 3)
    eq(info.renamed[1], { column = 3, from = "", to = "column_3" })
    eq(info.renamed[2], { column = 4, from = "year", to = "year_2" })
    near(f:row(1).error, 0.7, 1e-15)        -- the first (BLEU) column
    eq(f:row(1).year_2, "7")                -- numeric columns go by name; year_2 is text
    os.remove(path)
  end)

  it("raises for a missing file (try_thompson2022: nil and a message), and checks its arguments", function()
    local f, msg = import.try_thompson2022("/nonexistent/x.csv")
    eq(f, nil)
    assert(msg:find("import.thompson2022: cannot open /nonexistent/x.csv", 1, true), msg)
    assert_error("import.thompson2022: cannot open /nonexistent/x.csv", import.thompson2022,
      "/nonexistent/x.csv")
    assert_error("bad argument #1 to 'thompson2022' (path expected, got number)",
      import.thompson2022, 3)
    assert_error("import.thompson2022: unknown option 'metrc' (did you mean 'metric'?)",
      import.thompson2022, "x.csv", { metrc = "(BLEU)" })
    local short = tmpfile("name,year\nname,year\n")
    assert_error(short .. ": 2 lines: expected the column names, three sub-header rows",
      import.thompson2022, short)
    os.remove(short)
    local clash = tmpfile("name,year,error,(BLEU)\n,,,\n,,,\n,,,\nA,2012,1,30\n")
    assert_error(clash .. ":1: the file already has a column named 'error'",
      import.thompson2022, clash)
    os.remove(clash)
  end)
end)

-- statsmodels prints coefficients with %.4f, standard errors, t and R² with %.3f
local function printed(fmt, v, text)
  local s = string.format(fmt, v)
  if s ~= text then error(string.format("printed %s, refitted %s (%.17g)", text, s, v), 2) end
end

describe("the authors' regressions refitted (scripts/paper/authors2022.lua)", function()
  it("matches every printed regression of every notebook", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local A = authors()
    local rows = A.fits(DIR)
    local per = {}
    for _, r in ipairs(rows) do
      if r.match ~= "yes" then error(r.benchmark .. " " .. r.cell .. ": " .. r.match) end
      per[r.benchmark] = (per[r.benchmark] or 0) + 1
    end
    eq(#rows, 23)
    eq(per, { imagenet = 10, coco = 5, squad11 = 2, conll2003 = 2, wmt2014_en_fr = 2,
      wmt2014_en_de = 2 })
  end)

  it("gives the ImageNet numbers issue 13 quotes from the notebook", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local rows = authors().fits(DIR)
    local function find(measure, model, variant)
      for _, r in ipairs(rows) do
        if r.benchmark == "imagenet" and r.measure == measure and r.model == model and
            r.variant == (variant or "") then return r end
      end
      error("no fit " .. measure .. " " .. model)
    end
    local hw = find("hardware_burden", "polynomial")             -- cell 48
    eq(hw.n, 36); printed("%.4f", hw.slope, "-0.0933"); printed("%.3f", hw.r2, "0.766")
    local net = find("network_operations", "polynomial")         -- cell 46
    eq(net.n, 77); printed("%.4f", net.slope, "-0.0836"); printed("%.3f", net.r2, "0.720")
    local time = find("network_operations", "compute_and_time", "alexnet_norm")  -- cell 56
    eq(time.n, 77)
    printed("%.4f", time.slope, "-0.0638")
    printed("%.4f", time.year_coef, "-0.0250")
    printed("%.3f", time.r2, "0.831")
    -- cell 67 prints this fit's coefficients and 95% interval at full precision: the
    -- coefficients agree to 4e-16. The notebook's interval is 1.6e-10 (relative) wider than
    -- burden's, whose ends equal R's confint() to the last digit (the peer test below):
    -- the t quantile behind the notebook's interval differs from R's qt(0.975, 75) in the
    -- tenth digit, so the ends are checked to 1e-9.
    local m = find("network_operations", "polynomial", "alexnet_norm").model_fit
    near(m.coef[1], -0.6285425295038164, 1e-12)
    near(m.coef[2], -0.08360854939433231, 1e-12)
    local ci = m:confint(0.95)
    near(ci.lwr[2], -0.09559060195299408, 1e-9)
    near(ci.upr[2], -0.07162649683567053, 1e-9)
  end)

  it("gives each benchmark's hardware-burden fits as printed, sign flipped to burden's", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local rows = authors().fits(DIR)
    -- cell 7 (polynomial, log10(1/error)) and cell 9 (exponential, 1/error) of each notebook
    local want = {
      squad11 = { "-0.0956", "0.872", "-1.3628", "0.878" },
      conll2003 = { "-0.0269", "0.417", "-0.8520", "0.376" },
      wmt2014_en_fr = { "-0.0236", "0.147", "-0.0806", "0.138" },
      wmt2014_en_de = { "-0.0141", "0.188", "-0.0462", "0.198" },
    }
    local seen = 0
    for _, r in ipairs(rows) do
      local w = want[r.benchmark]
      if w then
        local i = r.model == "polynomial" and 1 or 3
        printed("%.4f", r.slope, w[i]); printed("%.3f", r.r2, w[i + 1])
        eq(r.n, r.benchmark == "wmt2014_en_fr" and 14 or 12)
        near(r.authors_slope, -r.slope, 0)
        seen = seen + 1
      elseif r.benchmark == "coco" and r.measure == "hardware_burden" and r.variant == "" then
        eq(r.n, 13); printed("%.4f", r.authors_slope, "0.0599"); printed("%.3f", r.r2, "0.776")
        seen = seen + 1
      end
    end
    eq(seen, 9)
  end)

  it("consolidates ImageNet's hardware burden from its own conversion fit", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local A = authors()
    local _, info = A.fits(DIR)
    local conv = info.imagenet.conversion                         -- cell 59
    eq(conv.n, 11)
    printed("%.4f", conv.coef[1], "3.1337"); printed("%.4f", conv.coef[2], "0.8716")
    eq(#A.compare(conv, A.CONVERSION_PRINTED), 0)
    eq({ info.imagenet.measured, info.imagenet.predicted }, { 36, 66 })  -- cell 62 prints these
    eq({ info.coco.measured, info.coco.predicted }, { 13, 7 })
  end)

  it("reports the fields that differ from a printed summary", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local A = authors()
    local rows = A.fits(DIR)
    local m = rows[3].model_fit                                   -- ImageNet cell 48
    local p = { n = 36, coef = { "1.1563", "-0.0934" }, se = { "0.177", "0.009" },
      t = "-10.555", r2 = "0.767", adj = "0.759", f = "111.4", ll = "42.843" }
    eq(A.compare(m, p), { "coef2 -0.0933 (printed -0.0934)", "r2 0.766 (printed 0.767)" })
    p.n = 35
    eq(A.compare(m, p)[1], "n 36 (printed 35)")
  end)

  it("equals R's lm() on the same rows to full precision (peer)", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local r = peer.rscript()
    local rows, info = authors().fits(DIR)
    local f = info.imagenet.frame
    local lines = { "error,hwc,net,year" }
    for i = 1, f:nrow() do
      local row = f:row(i)
      local function v(x) return x and string.format("%.17g", x) or "NA" end
      lines[#lines + 1] = table.concat({ v(row.error), v(row.hardware_burden_consolidated),
        v(row.network_ops_alexnet_norm), v(row.year) }, ",")
    end
    local out = peer.run(r, [[
d <- read.csv(commandArgs(TRUE)[1])
for (m in list(lm(log10(error) ~ log10(net) + I(year - 2012), d),
               lm(log10(1/error) ~ log10(hwc), d), lm(I(1/error) ~ log10(hwc), d))) {
  s <- summary(m)
  cat(sprintf("%.17g", c(s$coefficients[, 1], s$coefficients[, 2], s$r.squared)), "\n")
}]], { table.concat(lines, "\n") .. "\n" })
    local fits = {}
    for _, row in ipairs(rows) do
      if row.benchmark == "imagenet" and (row.variant == "consolidated" or
          row.model == "compute_and_time") then fits[#fits + 1] = row.model_fit end
    end
    eq(#fits, 3)
    local k = 0
    for line in out:gmatch("[^\n]+") do
      k = k + 1
      local v = {}
      for tok in line:gmatch("%S+") do v[#v + 1] = tonumber(tok) end
      local m, p = fits[k], #fits[k].coef
      assert(#v == 2 * p + 1, "unexpected R output: " .. line)
      for i = 1, p do
        near(m.coef[i], v[i], 1e-10)
        near(m.se[i], v[p + i], 1e-10)
      end
      near(m.r2, v[2 * p + 1], 1e-10)
    end
    eq(k, 3)
  end)

  it("equals statsmodels' OLS on the same rows (peer)", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local py = peer.python{ "statsmodels", "numpy", "pandas" }
    local rows, info = authors().fits(DIR)
    local f = info.coco.frame
    local lines = { "error,hwc" }
    for i = 1, f:nrow() do
      local row = f:row(i)
      if row.hardware_burden_consolidated then
        lines[#lines + 1] = string.format("%.17g,%.17g", row.error, row.hardware_burden_consolidated)
      end
    end
    local out = peer.run(py, [[
import sys, numpy as np, pandas as pd
import statsmodels.formula.api as smf
d = pd.read_csv(sys.argv[1])
m = smf.ols("I(1/error) ~ np.log10(hwc)", d).fit()
print(" ".join(repr(float(x)) for x in list(m.params) + list(m.bse) + [m.rsquared]))
]], { table.concat(lines, "\n") .. "\n" })
    local v = {}
    for tok in out:gmatch("%S+") do v[#v + 1] = tonumber(tok) end
    assert(#v == 5, "unexpected statsmodels output: " .. out)
    local m
    for _, row in ipairs(rows) do
      if row.benchmark == "coco" and row.model == "exponential" then m = row.model_fit end
    end
    near(m.coef[1], v[1], 1e-10); near(m.coef[2], v[2], 1e-10)
    near(m.se[1], v[3], 1e-10); near(m.se[2], v[4], 1e-10)
    near(m.r2, v[5], 1e-10)
  end)
end)

describe("the authors2022 report section", function()
  it("says visibly that it was skipped when the data are absent", function()
    local A = authors()
    local sec = A.section({ out = os.tmpname(), rows = burden.dataset.load() }, "/nonexistent/dir")
    eq(sec.missing, true)
    eq(sec.tables, nil)
    assert(sec.text:find("Skipped: the authors' released data were not found", 1, true), sec.text)
    assert(sec.text:find("/nonexistent/dir", 1, true), sec.text)
    eq(A.inputs("/nonexistent/dir"), {})
  end)

  it("lists the authors' files for the report's provenance", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local paths = authors().inputs(DIR)
    eq(#paths, 6)
    eq(paths[1], DIR .. "/image-classification-on-imagenet.csv")
  end)

  it("writes authors2022.csv with one row per regression", function()
    need_file(DIR .. "/" .. FILES.imagenet .. ".csv")
    local A = authors()
    local out = os.tmpname()
    os.remove(out)
    burden.io.mkdir(out)
    local sec = A.section({ out = out, rows = burden.dataset.load() }, DIR)
    eq(#sec.tables, 3)
    assert(sec.text:find("23 of 23 equal the printed statsmodels summaries", 1, true), sec.text)
    local t = burden.data.read_csv(out .. "/authors2022.csv")
    eq(t:nrow(), 23)
    for _, c in ipairs({ "benchmark", "measure", "model", "n", "slope", "se", "r2" }) do
      assert(t:has(c), "authors2022.csv lacks column " .. c)
    end
    local models = {}
    for _, m in ipairs(t:values("model")) do models[m] = true end
    eq(models, { polynomial = true, exponential = true, linear = true, compute_and_time = true })
    local ours = burden.data.read_csv(out .. "/authors2022_vs_burden.csv")
    eq(ours:nrow(), 6)
    for _, name in ipairs({ "authors2022", "authors2022_conversion", "authors2022_vs_burden" }) do
      for _, ext in ipairs({ "csv", "md", "tex" }) do os.remove(out .. "/" .. name .. "." .. ext) end
    end
    os.remove(out)
  end)
end)
