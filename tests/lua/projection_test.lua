-- Projection methods (issue 13): Fieller's prediction-type set against R's prediction
-- interval solved by root finding; no number for a projection whose slope is not
-- significant or whose set is unbounded (WMT En-De, a synthetic fit); the backtest's
-- coverage against R; the time trend against statsmodels; Table 10 against R's lm.
local burden = require "burden"

-- Runs `program` with `exe` on a CSV of `lines`; returns { key = {numbers...} } from
-- output lines "key v1 v2 ...", and the output.
local function run_peer(exe, program, lines)
  local res = peer.keyed(peer.run(exe, program, { table.concat(lines, "\n") .. "\n" }))
  return res, res._raw
end

-- The paper study, its outputs in a temporary directory and its tables kept off stdout.
local function paper_study()
  local saved_path, saved_write = package.path, io.write
  package.path = "scripts/paper/?.lua;" .. package.path
  local study = require "study"
  local s = study.new{ out = "build/tests/projection_out" } -- build/ is ignored
  return s, function(section)
    io.write = function() end
    local ok, sec = pcall(require("sections." .. section), s)
    io.write, package.path = saved_write, saved_path
    if not ok then error(sec, 0) end
    return sec
  end
end

describe("Fieller's prediction-type set", function()
  it("equals the x where R's prediction interval meets the target (uniroot)", function()
    local r = peer.rscript()
    local x, y, lines = {}, {}, { "x,y" }
    for i = 1, 25 do
      x[i] = i * 0.4
      y[i] = 3 - 0.7 * x[i] + 0.6 * math.sin(i * 1.7)
      lines[#lines + 1] = string.format("%.17g,%.17g", x[i], y[i])
    end
    local m = burden.fit.ols{ x = x, y = y }
    local res, out = run_peer(r, [==[
d <- read.csv(commandArgs(TRUE)[1]); m <- lm(y ~ x, d)
for (lv in c(0.95, 0.8)) for (y0 in c(-2, -9)) {
  f <- function(x, col) predict(m, data.frame(x = x), interval = "prediction", level = lv)[, col] - y0
  x0 <- (y0 - coef(m)[1]) / coef(m)[2]
  lo <- uniroot(f, c(x0 - 100, x0), col = "lwr", tol = 1e-13)$root
  hi <- uniroot(f, c(x0, x0 + 100), col = "upr", tol = 1e-13)$root
  cat(sprintf("p_%g_%g %.17g %.17g\n", lv, y0, lo, hi))
}]==], lines)
    local checked = 0
    for _, lv in ipairs({ 0.95, 0.8 }) do
      for _, y0 in ipairs({ -2, -9 }) do
        local want = res[string.format("p_%g_%g", lv, y0)]
        assert(want, "no R output: " .. out)
        local inv = m:inverse{ y = y0, level = lv, interval = "prediction" }
        eq(inv.shape, "interval")
        near(inv.lwr, want[1], 1e-8)
        near(inv.upr, want[2], 1e-8)
        checked = checked + 1
      end
    end
    eq(checked, 4)
  end)

  it("reaches hypotheses: project{interval = 'prediction'} is wider and contains()", function()
    local pts = { compute = {}, error = {}, n = 20 }
    for i = 1, 20 do
      pts.compute[i] = 10 ^ (15 + i * 0.3)
      pts.error[i] = 10 ^ (-0.1 * (15 + i * 0.3) + 1.2 + 0.05 * math.cos(i * 2.1))
    end
    local f = burden.hypothesis.get("polynomial"):fit(pts)
    local c = f:project(0.05, 0.95)
    local p = f:project(0.05, 0.95, { interval = "prediction" })
    eq(c.status, "ok")
    eq(p.interval, "prediction")
    assert(p.lower < c.lower and p.upper > c.upper)
    near(p.compute, c.compute, 1e-15)
    assert(burden.hypothesis.contains(p, p.lower * 1.0001))
    assert(not burden.hypothesis.contains(p, p.lower * 0.999))
    assert_error("project: interval must be 'confidence' or 'prediction', got 'predicton'",
      f.project, f, 0.05, 0.95, { interval = "predicton" })
    assert_error("project: unknown option 'kind' (known: interval)", f.project, f, 0.05, 0.95,
      { kind = "prediction" })
    assert_error("project: level must be a number between 0 and 1 (exclusive), got 95", f.project,
      f, 0.05, 95)
    assert(burden.hypothesis.contains({ shape = "all" }, 1e99))
    assert(burden.hypothesis.contains({ shape = "complement", excluded = { 1, 10 } }, 0.5))
    assert(not burden.hypothesis.contains({ shape = "complement", excluded = { 1, 10 } }, 5))
  end)
end)

describe("projections that are not numbers", function()
  -- error barely falls with compute: the slope is not significant at 5%
  local function flat_rows()
    local rows = {}
    for i = 1, 12 do
      rows[i] = { benchmark = "flatbench", metric = "acc", year = 2010 + i,
        value = 60 + 0.15 * i + 2.5 * math.sin(i * 1.3), flop = 10 ^ (17 + 0.5 * i) }
    end
    return rows
  end

  it("a synthetic fit with p >= 0.05 has a status, a reason and no compute or price", function()
    local r = peer.rscript()
    local rows = flat_rows()
    local lines = { "compute,error" }
    for _, row in ipairs(rows) do
      lines[#lines + 1] = string.format("%.17g,%.17g", row.flop, (100 - row.value) / 100)
    end
    local res, out = run_peer(r, [==[
d <- read.csv(commandArgs(TRUE)[1]); m <- lm(log10(error) ~ log10(compute), d)
cat(sprintf("p %.17g\n", summary(m)$coefficients[2, 4]))]==], lines)
    assert(res.p, "no R output: " .. out)
    local d = burden.domain.define{ name = "flat_test", benchmark = "flatbench", metric = "acc",
      compute = "flop", targets = { 0.2 } }
    local run = burden.analysis.run{ data = rows, domains = { d }, hypotheses = { "polynomial" } }
    local p = run.projections[1]
    assert(res.p[1] >= 0.05, "the synthetic slope should not be significant")
    near(p.p_slope, res.p[1], 1e-9)
    near(run.fits[1].p_slope, res.p[1], 1e-9)
    eq(p.status, "not_significant")
    eq(p.reason, string.format("slope not significant (p = %.2g); 95%% set unbounded", res.p[1]))
    eq(p.compute, nil)
    eq(p.lower, nil)
    eq(p.usd, nil)
    eq(p.co2_lbs, nil)
    -- at a level where the slope is significant the same fit projects and is priced
    local loose = burden.analysis.run{ data = rows, domains = { d }, hypotheses = { "polynomial" },
      level = 1 - 2 * res.p[1] }
    eq(loose.projections[1].status, "ok")
    assert(loose.projections[1].compute > 0 and loose.projections[1].usd > 0)
  end)

  it("WMT En-De: slope t = -2.12, p = 0.054, unbounded, nothing projected or priced", function()
    local run = burden.analysis.run{ data = burden.dataset.load(), domains = { "wmt2014_en_de" },
      hypotheses = { "polynomial" } }
    local f = run.models.wmt2014_en_de.polynomial
    near(f.model.tvalue[2], -2.12, 0.005)
    for _, p in ipairs(run.projections) do
      eq(p.status, "not_significant")
      eq(p.reason, "slope not significant (p = 0.054); 95% set unbounded")
      eq(p.bounded, false)
      eq(p.compute, nil)
      eq(p.usd, nil)
      eq(p.co2_lbs, nil)
    end
    eq(#run.projections, 2)
  end)

  it("compute_and_time: a compute coefficient that is not significant projects nothing", function()
    local r = peer.rscript()
    local rows = burden.dataset.load()
    local pts = burden.domain.get("wmt2014_en_fr"):points(rows)
    local lines = { "compute,error,year" }
    for i = 1, pts.n do
      lines[#lines + 1] = string.format("%.17g,%.17g,%d", pts.compute[i], pts.error[i], pts.year[i])
    end
    local res, out = run_peer(r, [==[
d <- read.csv(commandArgs(TRUE)[1]); m <- lm(log10(error) ~ log10(compute) + year, d)
cat(sprintf("p %.17g\n", summary(m)$coefficients[2, 4]))]==], lines)
    assert(res.p, "no R output: " .. out)
    assert(res.p[1] >= 0.05)
    local run = burden.analysis.run{ data = rows, domains = { "wmt2014_en_fr" },
      hypotheses = { "compute_and_time" } }
    for _, p in ipairs(run.projections) do
      near(p.p_slope, res.p[1], 1e-9)
      eq(p.status, "not_significant")
      eq(p.reason, string.format("slope not significant (p = %.2g); 95%% set unbounded", res.p[1]))
      eq(p.compute, nil)
      eq(p.usd, nil)
    end
    eq(#run.projections, 2)
    -- ImageNet's compute coefficient is significant: a number, priced
    local ok = burden.analysis.run{ data = rows, domains = { "imagenet" },
      hypotheses = { "compute_and_time" } }.projections[1]
    eq(ok.status, "ok")
    assert(ok.compute > 0 and ok.usd > 0)
  end)

  it("a target below a fitted floor is unreachable, with no compute", function()
    local run = burden.analysis.run{ data = burden.dataset.load(), domains = { "imagenet" },
      hypotheses = { "power_floor" } }
    local f = run.models.imagenet.power_floor
    assert(f.E > 0.05, "ImageNet's fitted floor is above 5%")
    eq(run.projections[1].status, "unreachable")
    eq(run.projections[1].reason, string.format("target 0.05 is at or below the fitted floor " ..
      "E = %.4g: the power law never reaches it", f.E))
    eq(run.projections[1].compute, math.huge) -- never: Inf, and nothing priced
    eq(run.projections[1].usd, nil)
  end)

  it("Table 2 says why in every format, and prints no En-De FLOP, dollars or CO2", function()
    local _, section = paper_study()
    local t = section("projections").tables[1]
    local reason = "slope not significant (p = 0.054); 95% set unbounded"
    for _, format in ipairs({ "md", "csv", "tex", "html", "text" }) do
      local text = t:render(format)
      if format == "html" then text = text:gsub("\n<td", "<td") end -- one row per line
      local n = 0
      for line in text:gmatch("[^\n]+") do
        if line:find("WMT 2014 En-De", 1, true) and line:find("polynomial", 1, true) then
          n = n + 1
          assert(line:find(burden.format.escape(format, reason), 1, true),
            format .. ": no reason in " .. line)
          assert(line:find("not priced", 1, true), format .. ": dollars priced in " .. line)
          assert(not line:find("53", 1, true) and not line:find("36", 1, true),
            format .. ": a number for the projection in " .. line)
        end
      end
      eq(n, 2)
    end
  end)
end)

describe("figure 1", function()
  it("does not extrapolate WMT En-De and its legend says why", function()
    local s, section = paper_study()
    section("frontier")
    local function svg(name)
      local f = assert(io.open(s.out .. "/fig1_" .. name .. ".svg"))
      local text = f:read("a")
      f:close()
      -- a legend entry wrapped over lines reads as one
      return (text:gsub("</text>%s*<text[^>]*>", " "))
    end
    assert(svg("wmt2014_en_de"):find("not extrapolated, slope p = 0.054", 1, true))
    assert(not svg("imagenet"):find("not extrapolated", 1, true))
  end)
end)

describe("backtest (Table 6)", function()
  it("scores each later model against R's prediction and confidence intervals", function()
    local r = peer.rscript()
    local _, section = paper_study()
    local sec = section("backtest")
    local t = sec.tables[1]
    -- the rows the backtest fits and scores, for R
    local rows = burden.dataset.load()
    local lines = { "set,compute,error" }
    local pts = burden.domain.get("imagenet"):points(rows)
    for i = 1, pts.n do
      lines[#lines + 1] = string.format("%s,%.17g,%.17g", (pts.year[i] or 0) <= 2019 and "fit" or "later",
        pts.compute[i], pts.error[i])
    end
    local res, out = run_peer(r, [==[
d <- read.csv(commandArgs(TRUE)[1]); f <- d[d$set == "fit", ]; l <- d[d$set == "later", ]
m <- lm(log10(error) ~ log10(compute), f)
for (kind in c("prediction", "confidence")) {
  p <- predict(m, data.frame(compute = l$compute), interval = kind, level = 0.95)
  y <- log10(l$error)
  cat(kind, sprintf("%.17g", l$compute[y >= p[, "lwr"] & y <= p[, "upr"]]), "\n")
  cat(paste0(kind, "_n"), sum(y >= p[, "lwr"] & y <= p[, "upr"]), nrow(l), "\n")
}]==], lines)
    assert(res.prediction_n, "no R output: " .. out)
    local inside = { prediction = {}, confidence = {} }
    for _, kind in ipairs({ "prediction", "confidence" }) do
      for _, c in ipairs(res[kind]) do inside[kind][#inside[kind] + 1] = c end
    end
    local n, yes_p, yes_c = 0, 0, 0
    for _, row in ipairs(t.rows) do
      if row.title == "ImageNet" then
        n = n + 1
        local function listed(kind)
          for _, c in ipairs(inside[kind]) do
            if math.abs(c - row.actual) <= 1e-9 * c then return "yes" end
          end
          return "no"
        end
        eq(row.inside_prediction_interval, listed("prediction"))
        eq(row.inside_confidence_interval, listed("confidence"))
        if row.inside_prediction_interval == "yes" then yes_p = yes_p + 1 end
        if row.inside_confidence_interval == "yes" then yes_c = yes_c + 1 end
      end
    end
    eq({ n, yes_p, yes_c }, { res.prediction_n[2], res.prediction_n[1], res.confidence_n[1] })
    eq({ n, yes_p, yes_c }, { 27, 21, 4 })
    local summary = sec.tables[2]
    eq(summary.rows[1].inside_prediction, 21)
    eq(summary.rows[1].inside_confidence, 4)
    local csv = t:render("csv")
    assert(csv:find("inside_prediction_interval", 1, true))
    assert(csv:find("inside_confidence_interval", 1, true))
  end)
end)

describe("backtest with a 2019 slope that is not significant", function()
  it("prints the reason instead of a predicted FLOP and no ratio", function()
    local saved = package.path
    package.path = "scripts/paper/?.lua;" .. package.path
    local backtest = require "sections.backtest"
    package.path = saved
    local rows = {}
    for i = 1, 12 do -- flat to 2019, then three later models
      rows[i] = { benchmark = "imagenet", metric = "top1", model = "m" .. i,
        year = i <= 9 and 2010 + i or 2020 + i - 10, value = 70 + 2.5 * math.sin(i * 1.3) + 0.3 * i,
        hardware_burden = 10 ^ (17 + 0.5 * i) }
    end
    local s = { rows = rows, LEVEL = 0.95, table = function(_, t) return t end }
    local t = backtest(s).tables[1]
    eq(#t.rows, 3)
    for _, row in ipairs(t.rows) do
      assert(type(row.predicted) == "string" and row.predicted:find("slope not significant", 1, true),
        tostring(row.predicted))
      eq(row.ratio, nil)
      eq(row.prediction_lower, "unbounded")
    end
    assert(t.notes[1]:find("median actual/predicted = NA;", 1, true), t.notes[1])
  end)
end)

describe("time trend", function()
  it("the running record keeps an earlier, lower error", function()
    local d = burden.domain.define{ name = "t_record", benchmark = "b", error = "e" }
    local data = { { benchmark = "b", year = 2012, e = 0.4, model = "a" },
      { benchmark = "b", year = 2013, e = 0.3, model = "b" },
      { benchmark = "b", year = 2014, e = 0.35, model = "c" },
      { benchmark = "b", year = 2015, e = 0.2, model = "d" } }
    eq(d:running_record(data), { year = { 2012, 2013, 2014, 2015 },
      error = { 0.4, 0.3, 0.3, 0.2 }, model = { "a", "b", "b", "d" } })
    eq(d:best_by_year(data).error, { 0.4, 0.3, 0.35, 0.2 })
  end)

  it("rejects unknown series and bad arguments", function()
    assert_error("analysis.time_trend: unknown series 'best' (known: best_of_year, record)",
      burden.analysis.time_trend, { data = {}, series = "best" })
    assert_error("analysis.time_trend: to must be a year", burden.analysis.time_trend,
      { data = {}, to = "2023" })
    assert_error("analysis.time_trend: data is required", burden.analysis.time_trend, {})
    assert_error("analysis.time_trend: unknown option 'serie' (did you mean 'series'?)",
      burden.analysis.time_trend, { data = {}, serie = "record" })
    assert_error("analysis.time_trend: level must be a number between 0 and 1 (exclusive), got 95",
      burden.analysis.time_trend, { data = {}, level = 95 })
  end)

  it("equals statsmodels OLS on the running record and the best of year, to 2025 and 2023", function()
    local py = peer.python{ "statsmodels", "pandas" }
    local rows = burden.dataset.load()
    local d = burden.domain.get("imagenet")
    local lines = { "year,error" }
    for _, row in ipairs(d:select(rows)) do
      local e, y = d:error(row), tonumber(row.year)
      if e and y then lines[#lines + 1] = string.format("%d,%.17g", y, e) end
    end
    local res, out = run_peer(py, [==[
import sys, numpy as np, pandas as pd, statsmodels.api as sm
d = pd.read_csv(sys.argv[1])
best = d.groupby("year")["error"].min().sort_index()
series = {"best_of_year": best, "record": best.cummin()}
for name, s in series.items():
    for to in (None, 2023):
        t = s if to is None else s[s.index <= to]
        m = sm.OLS(np.log10(t.values), sm.add_constant(t.index.values.astype(float))).fit()
        a, b = m.params
        years = [(np.log10(g) - a) / b for g in (0.05, 0.03)]
        print(name + "_" + str(to), " ".join("%.17g" % v for v in
              [a, b, m.bse[1], m.pvalues[1], m.rsquared, len(t)] + years))
]==], lines)
    local checked = 0
    for _, series in ipairs({ "record", "best_of_year" }) do
      for _, to in ipairs({ false, 2023 }) do
        local want = res[series .. "_" .. (to and tostring(to) or "None")]
        assert(want, "no statsmodels output: " .. out)
        local tt = burden.analysis.time_trend{ data = rows, domain = "imagenet", series = series,
          to = to or nil, targets = { 0.05, 0.03 } }
        eq(tt.series, series)
        near(tt.intercept, want[1], 1e-9)
        near(tt.slope, want[2], 1e-9)
        near(tt.se_slope, want[3], 1e-9)
        near(tt.p_slope, want[4], 1e-6)
        near(tt.r2, want[5], 1e-9)
        eq(tt.n, math.tointeger(want[6]))
        near(tt.projections[1].year, want[7], 1e-12)
        near(tt.projections[2].year, want[8], 1e-12)
        eq(tt.projections[1].status, "ok")
        checked = checked + 1
      end
    end
    eq(checked, 4)
    -- the issue's numbers: 5% in 2026.3 (record), 2025.1 (record to 2023), 2029.1 (best of year)
    local function y5(series, to)
      return string.format("%.1f", burden.analysis.time_trend{ data = rows, series = series,
        to = to, targets = { 0.05 } }.projections[1].year)
    end
    eq({ y5("record"), y5("record", 2023), y5("best_of_year") }, { "2026.3", "2025.1", "2029.1" })
    -- the time_trend hypothesis in analysis.run fits the running record too
    local run = burden.analysis.run{ data = rows, domains = { "imagenet" }, hypotheses = { "time_trend" } }
    near(run.fits[1].slope, res.record_None[2], 1e-9)
    near(run.projections[1].compute, res.record_None[7], 1e-12)
    eq(run.projections[1].usd, nil) -- a year has no price
  end)
end)

describe("sensitivity (Table 10)", function()
  it("k and the compute at the first target equal R's lm on each subset", function()
    local r = peer.rscript()
    local s, section = paper_study()
    local t = section("sensitivity").table
    local lines = { "domain,target,compute,error,extra,estimated,tpu" }
    local tpu_rows, tpu_named = 0, 0
    for _, name in ipairs(burden.domain.builtin) do
      local d = burden.domain.get(name)
      local pts = s.result.models[name].points
      for i = 1, pts.n do
        local row = pts.rows[i]
        local tpu = burden.hw.lookup(row.hardware).type == "TPU" and 1 or 0
        tpu_rows = tpu_rows + tpu
        if row.hardware:find("TPU", 1, true) then tpu_named = tpu_named + 1 end
        lines[#lines + 1] = string.format("%s,%.17g,%.17g,%.17g,%d,%d,%d", name, d.targets[1],
          pts.compute[i], pts.error[i], row.extra_data == "yes" and 1 or 0,
          row.confidence == "estimated" and 1 or 0, tpu)
      end
    end
    eq(tpu_rows, tpu_named) -- every chip of type TPU is named so in the data, and only those
    local res, out = run_peer(r, [==[
d <- read.csv(commandArgs(TRUE)[1])
out <- function(key, m, tg, extra = NULL) {
  cf <- coef(m); p <- summary(m)$coefficients[2, 4]
  cat(key, sprintf("%.17g", c(nrow(m$model), -1 / cf[2], 10^((log10(tg) - cf[1]) / cf[2]), p, extra)), "\n")
}
for (dom in unique(d$domain)) {
  s <- d[d$domain == dom, ]; tg <- s$target[1]
  out(paste0(dom, "/all"), lm(log10(error) ~ log10(compute), s), tg)
  e <- s[s$extra == 0, ]
  if (nrow(e) >= 3) out(paste0(dom, "/no_extra"), lm(log10(error) ~ log10(compute), e), tg)
  out(paste0(dom, "/sourced"), lm(log10(error) ~ log10(compute), s[s$estimated == 0, ]), tg)
  if (sum(s$tpu) > 0 && sum(s$tpu) < nrow(s)) {
    m <- lm(log10(error) ~ log10(compute) + tpu, s)
    out(paste0(dom, "/tpu"), m, tg, coef(m)[3])
  }
}]==], lines)
    local key = { ["all rows"] = "all", ["without extra-data rows"] = "no_extra",
      ["without estimated rows"] = "sourced", ["with a TPU indicator"] = "tpu" }
    local checked, reasons = 0, 0
    for _, row in ipairs(t.rows) do
      local want = res[row.domain .. "/" .. key[row.rows]]
      if want then
        eq(row.n, math.tointeger(want[1]))
        near(row.k, want[2], 1e-9)
        if want[4] < 0.05 and want[2] > 0 then
          near(row.flop, want[3], 1e-9)
        else
          -- not significant (or rising): the cell says why, no number
          eq(type(row.flop), "string")
          assert(row.flop:find("slope not significant", 1, true) or
            row.flop:find("does not fall", 1, true), row.flop)
          reasons = reasons + 1
        end
        if want[5] then near(row.tpu_coef, want[5], 1e-9) end
        checked = checked + 1
      else
        eq(row.k, nil)
        assert(row.note and row.note ~= "", "a row without a fit needs a note")
      end
    end
    eq(#t.rows, 24)
    assert(checked >= 22, "only " .. checked .. " rows checked: " .. out)
    eq(reasons, 4) -- En-De all, without extra data and with TPU; CoNLL without extra data
  end)
end)
