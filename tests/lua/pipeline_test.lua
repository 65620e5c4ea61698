-- The columnar pipeline (doc/architecture.md, "Crossings"): burden.dataset returns one
-- frame whose hardware burden column comes from the one C function that computes the
-- paper's compute (engine/core/flops.c, bn_flops_hardware), the same function
-- burden.flops.hardware and burden.cost use; domains read that frame's columns; and a
-- run of the data path moves between stdlib files a bounded number of times, not once
-- per row.
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")

-- chips x hours, else chip-hours as one chip (dataset.load's rule), or nil
local function run_of(r)
  if r.chips and r.train_hours then return r.chips, r.train_hours end
  if r.chip_hours then return 1, r.chip_hours end
end

describe("pipeline", function()
  it("dataset.load returns one frame of every curated row, with the burden columns", function()
    local frame, info = burden.dataset.load()
    assert(burden.data.is_frame(frame), "a frame")
    eq(#info.files, #burden.dataset.files())
    local n = 0
    for _, name in ipairs(burden.dataset.files()) do
      local text = burden.dataset.resource(name)
      n = n + burden.data.read_csv_text(text, {}, name):nrow()
    end
    eq(frame:nrow(), n)
    eq({ frame:type("hardware_burden"), frame:type("peak_flops"), frame:type("precision") },
      { "number", "number", "string" })
    -- it still reads as the array of row tables load used to return: #frame, frame[i],
    -- ipairs (a frame without integer indexing would make that loop silently empty)
    local seen = 0
    for i, r in ipairs(frame) do
      seen = seen + 1
      if i == 1 or i == n then eq(r, frame:row(i)) end
    end
    eq({ seen, #frame, frame[0], frame[n + 1], frame[1.5] }, { n, n, nil, nil, nil })
  end)

  it("the three computations of the hardware burden agree on every curated row", function()
    local frame = burden.dataset.load()
    local checked = 0
    for i, r in frame:rows() do
      local count, hours = run_of(r)
      if r.hardware_burden then
        assert(count and hours and r.peak_flops, "row " .. i)
        -- the formulas the three places used before they shared the C function:
        -- dataset (chip-hours x peak x 3600), cost.decompose (peak x count x hours x 3600)
        -- and flops.hardware (count x peak x seconds)
        eq(r.hardware_burden, count * hours * r.peak_flops * 3600)
        near(r.hardware_burden, r.peak_flops * count * hours * 3600, 4e-16)
        near(r.hardware_burden, count * r.peak_flops * (hours * 3600), 4e-16)
        -- the public calls give the very same double
        local fl = burden.flops.hardware{ chip = r.hardware, count = count, hours = hours,
          precision = r.precision }
        eq(fl.flop, r.hardware_burden)
        local run = { chip = r.hardware, count = count, hours = hours }
        local dec = burden.cost.decompose{ from = run, to = run, precision = r.precision }
        eq(dec.from.flop, r.hardware_burden)
        checked = checked + 1
      else
        -- no burden: no chip, no time, or a chip the table lacks
        assert(not (r.hardware and hours and r.peak_flops), "row " .. i)
      end
    end
    assert(checked >= 150, "rows with a burden: " .. checked)
  end)

  it("a bad hardware row is an error naming the file, the line and the model", function()
    local path = os.tmpname() .. "_imagenet.csv"
    local f = assert(io.open(path, "wb"))
    f:write("benchmark,model,year,metric,value,hardware,chips,train_hours," ..
      "search_chip_hours,forward_flops,epochs,params\n" ..
      "imagenet,Good,2012,top1,60,NVIDIA GeForce GTX 580,2,144,,,,\n" ..
      "imagenet,Bad,2013,top1,61,NVIDIA GeForce GTX 580,-2,144,,,,\n")
    f:close()
    local ok, err = pcall(burden.dataset.load, { files = { path } })
    os.remove(path)
    assert(not ok)
    eq(err, path .. ":3: hardware: count must be a positive finite number (got -2) " ..
      "(model 'Bad')")
  end)

  it("domain points from the frame equal points from its rows", function()
    local frame = burden.dataset.load()
    local rows = {}
    for i, r in frame:rows() do rows[i] = r end
    for _, list in ipairs({ burden.domain.builtin, burden.domain.llm }) do
      for _, name in ipairs(list) do
        local d = burden.domain.get(name)
        local a, b = d:points(frame), d:points(rows)
        eq({ a.n, a.error, a.compute, a.year, a.model, a.n_dropped },
          { b.n, b.error, b.compute, b.year, b.model, b.n_dropped })
        eq(a.rows, b.rows)
        -- a second selection gives fresh tables (a caller may change them)
        local c = d:points(frame)
        assert(c.rows[1] ~= a.rows[1] or c.n == 0)
        eq(c.rows, a.rows)
      end
    end
  end)

  -- Bounds: 500 curated rows in 9 files with 24 distinct chips. Loading costs a few
  -- calls per file (read, its option checks, frame methods) and one hardware look-up per
  -- distinct chip and precision: 118 when measured. A per-row call anywhere would add at
  -- least 500; the old loader made 794 (a hw look-up and a frame:row per row).
  it("loading the curated data moves between stdlib files per file and chip, not per row",
    function()
      burden.hw.list() -- the hardware table's one-time parse is not the loader's
      local frame
      local c = crossings.count(function() frame = burden.dataset.load() end)
      assert(c.total <= 150, "dataset.load crossings: " .. c.total)
      assert(c.total < frame:nrow() / 3, "dataset.load crossings: " .. c.total)
    end)

  -- Once a frame's rows are selected for a domain, selecting again reads columns: the
  -- nine domains' points cost the option wrappers' few calls each (measured: 36 for the
  -- second pass, 4 per domain); before, every pass called each domain's filter on every
  -- row of its benchmark (397 per pass).
  it("selecting a domain's rows again does not go back to rows", function()
    local frame = burden.dataset.load()
    local names = {}
    for _, list in ipairs({ burden.domain.builtin, burden.domain.llm }) do
      for _, name in ipairs(list) do names[#names + 1] = name end
    end
    local function pass()
      for _, name in ipairs(names) do burden.domain.get(name):points(frame) end
    end
    pass()
    local c = crossings.count(pass)
    assert(c.total <= 8 * #names, "second pass crossings: " .. c.total)
  end)

  -- A cost estimate gathers its constants in one call into burden.cost.methods and
  -- checks its arguments once; the Monte Carlo draws run in C. Measured: 6 crossings for
  -- a thompson-site estimate (the wrapper, the option check and its call into
  -- burden.options, gather, the two batches of number checks), 20 for an epoch estimate
  -- on a chip with intervals (its chip, grid, electricity and price look-ups), whatever
  -- the draws and uncertain inputs; before, 20 and 39, since methods and estimate called
  -- back and forth once per constant.
  it("a cost estimate's crossings do not grow with its draws, inputs or constants",
    function()
      local function plain() burden.cost.estimate{ flop = 1e20 } end
      local function mc(draws, uncertain)
        return function()
          burden.cost.estimate{ preset = "epoch", chip = "V100", flop = 1e21,
            region = "Germany", uncertain = uncertain, draws = draws, seed = 1 }
        end
      end
      local one = { utilization = { 0.2, 0.5 } }
      local four = { utilization = { 0.2, 0.5 }, pue = { 1.1, 1.3 }, flop = { 1e21, 2e21 },
        usd_per_kwh = { 0.05, 0.1 } }
      plain(); mc(1000, one)() -- the tables' one-time reads are not an estimate's
      local p = crossings.count(plain).total
      local small = crossings.count(mc(1000, one)).total
      local big = crossings.count(mc(10000, one)).total
      local wide = crossings.count(mc(10000, four)).total
      assert(p <= 8, "thompson-site estimate crossings: " .. p)
      assert(small <= 24, "epoch estimate crossings: " .. small)
      eq({ big, wide }, { small, small })
      -- when_affordable's interval: its draws are priced in C, not one call per draw
      local function affordable(draws)
        return function()
          burden.cost.when_affordable{ flop = 1e24, budget = 1e6, draws = draws, seed = 1 }
        end
      end
      affordable(100)()
      eq(crossings.count(affordable(10000)).total, crossings.count(affordable(100)).total)
    end)

  -- burden.cost's tables are read into row tables a column at a time: the same rows as
  -- frame:row gives (missing cells absent, integer columns as integers), with a number of
  -- calls into burden.data that grows with the columns (2 each), not the rows (2 each).
  it("the cost tables' rows come from columns, not one call per row", function()
    local frame_rows = require("burden.cost.tables").frame_rows
    local function frame_of(n)
      local a, b, c = {}, {}, {}
      for i = 1, n do a[i] = i; b[i] = (i % 3 ~= 0) and ("r" .. i) or nil; c[i] = i / 4 end
      return burden.data.frame({ { "a", a }, { "b", b }, { "c", c } }, { n = n })
    end
    local f = frame_of(7)
    local rows = frame_rows(f)
    eq(#rows, 7)
    for i = 1, 7 do eq(rows[i], f:row(i)) end
    eq({ math.type(rows[2].a), rows[3].b, rows[4].b }, { "integer", nil, "r4" })
    local few = crossings.count(function() frame_rows(frame_of(10)) end).total
    local many = crossings.count(function() frame_rows(frame_of(1000)) end).total
    eq(many, few)
  end)
end)

-- The data side of the crossings (issue 16): a where or mutate, an import and a report
-- table cost the same number of crossings whatever the number of rows or cells. Before,
-- where and mutate called the frame's Lua __index and f:row once per row (2 per row:
-- 3,006 crossings for 1,000 rows, now 4), import.thompson2022 parsed each cell through
-- burden.import.fields (1,246 for 400 rows, now 19), and report tables formatted and
-- escaped each cell through burden.format (1,522 for six formats of 300 rows, now 10).
describe("crossings that do not grow with the data", function()
  local function frame_of(n)
    local a, b = {}, {}
    for i = 1, n do a[i], b[i] = i, (i % 2 == 0) and "even" or "odd" end
    return burden.data.frame{ a = a, b = b }
  end
  -- the crossings of work(size) for a small and a large size (the work run by a function
  -- defined in a stdlib file, so that its calls into the data files are counted)
  local function counts(work, small, large)
    local c1 = crossings.count(function() work(small) end)
    local c2 = crossings.count(function() work(large) end)
    return c1.total, c2.total
  end

  it("f:where and f:mutate with a function: not per row", function()
    -- called from a stdlib file (burden.options.without_warnings runs fn inside options.lua)
    local opts = require "burden.options"
    local small, large = frame_of(10), frame_of(1000)
    local function work(f)
      opts.without_warnings(function()
        f:where(function(r) return r.b == "odd" end):mutate{ c = function(r) return r.a * 2 end }
      end)
    end
    local a, b = counts(work, small, large)
    eq(a, b)
    assert(b <= 8, "where + mutate crossings: " .. b)
    -- the result is right: the odd rows, doubled
    local g = large:where(function(r) return r.b == "odd" end):mutate{ c = function(r) return r.a * 2 end }
    eq({ g:nrow(), g[1].c, g[500].a, g[500].c }, { 500, 2, 999, 1998 })
  end)

  it("a loop over f:rows() in another file: not per row", function()
    -- report.table walks a frame given as its rows with f:rows() (before: a call of the
    -- iterator, a Lua closure of data/init.lua, per row)
    local function work(f)
      local t = burden.report.table{ columns = { "a", "b" }, rows = f }
      assert(#t.rows == f:nrow() and t.rows[f:nrow()].a == f:nrow())
    end
    local a, b = counts(work, frame_of(10), frame_of(1000))
    eq(a, b)
    assert(b <= 8, "rows crossings: " .. b)
  end)

  local HEAD = "name,year,hardware_burden,title,(TOP 1 score)\n" ..
    "name,year,hw_burden,paper,performance_metrics\n,,,title,top1_score\n,,,,\n"
  local function thompson_file(n)
    local lines = { HEAD }
    for i = 1, n do
      lines[#lines + 1] = string.format("M%d,%d,%.17g,t%d,%d\n", i, 2010 + i % 10, 1e18 * i, i,
        50 + i % 40)
    end
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(table.concat(lines))
    f:close()
    return path
  end

  it("import.thompson2022: not per row or cell", function()
    -- (both sizes past the few rows below which the reader does not consider its
    -- mostly-numeric warning, which costs a call per column)
    local small, large = thompson_file(50), thompson_file(400)
    local f = burden.import.thompson2022(small) -- the importer's one-time loads
    local a, b = counts(function(path) f = burden.import.thompson2022(path) end, small, large)
    os.remove(small)
    os.remove(large)
    eq(a, b)
    assert(b <= 25, "import crossings: " .. b)
    eq({ f:nrow(), f:row(400).name, f:row(400).hardware_burden, f:row(400).error },
      { 400, "M400", 4e20, (100 - 50) / 100 })
  end)

  it("report.table renders every format without a call per cell", function()
    local function rows_of(n)
      local rows = {}
      for i = 1, n do rows[i] = { m = "m" .. i .. "|<&>", x = i * 1.5e10, y = i / 1000, u = "u" .. i } end
      return rows
    end
    local function work(n)
      local t = burden.report.table{ title = "T_1 <x>", caption = "c|a", notes = { "n&1" },
        columns = { { key = "m", link = "u" }, { key = "x", format = "pow10" },
          { key = "y", format = "percent" } }, rows = rows_of(n), row_id = "m" }
      for _, target in ipairs({ "text", "md", "csv", "tex", "html", "json" }) do t:render(target) end
    end
    local opts = require "burden.options"
    local a, b = counts(function(n) opts.without_warnings(work, n) end, 3, 300)
    eq(a, b)
    assert(b <= 16, "report crossings: " .. b)
  end)

  it("report.table checks its columns' options in one call, however many columns", function()
    local function work(ncol)
      local columns, row = {}, {}
      for j = 1, ncol do
        columns[j] = { key = "c" .. j, title = "C" .. j, format = "%.2f" }
        row["c" .. j] = j / 3
      end
      burden.report.table{ columns = columns, rows = { row } }:render("text")
    end
    local a, b = counts(work, 2, 40)
    eq(a, b)
  end)
end)

-- Fitting and projecting: the work of one public call stays in its file (and in C), so
-- the crossings of a fit and its projections do not grow with the targets, nor those of a
-- held-out score with the points. Measured on main before (ea75490, the wrapper in Lua):
-- a polynomial fit and 40 projections, 6 + 8 per target; a leave-one-out score on 30
-- points, about 4 per point.
describe("hypotheses between files", function()
  -- n points on a falling line with some scatter (deterministic), and n targets
  local synthetic = dofile("tests/lua/synthetic.lua")
  local points, targets = synthetic.points, synthetic.targets

  local function fit_and_project(hname, nt)
    return crossings.count(function()
      local f = burden.hypothesis.get(hname):fit(points(20))
      -- (compute_and_time's third argument is the year)
      burden.hypothesis.projections(f, targets(nt), 0.95,
        hname ~= "compute_and_time" and { interval = "prediction" } or nil)
      f:projections(targets(nt), 0.9)
    end).total
  end

  it("a fit and its projections cross a bounded number of times, whatever the targets", function()
    for _, hname in ipairs({ "polynomial", "exponential", "compute_and_time", "chance_logistic" }) do
      fit_and_project(hname, 1) -- loads what the first fit loads
      local few, many = fit_and_project(hname, 2), fit_and_project(hname, 200)
      -- (chance_logistic's nonlinear fit crosses within fit/ about 20 times)
      assert(many == few and few <= (hname == "chance_logistic" and 30 or 12),
        ("%s: %d crossings for 2 targets, %d for 200"):format(hname, few, many))
    end
  end)

  it("projections give what project gives, target by target", function()
    for _, hname in ipairs({ "polynomial", "exponential", "compute_and_time", "chance_logistic" }) do
      local f = burden.hypothesis.get(hname):fit(points(20))
      local ts = targets(5)
      local all = burden.hypothesis.projections(f, ts, 0.9, hname ~= "compute_and_time"
        and { interval = "prediction" } or nil)
      for i, t in ipairs(ts) do
        eq(all[i], f:project(t, 0.9, hname ~= "compute_and_time" and { interval = "prediction" } or nil))
      end
    end
  end)

  it("a leave-one-out score fits all its subsets in one call", function()
    local function loo(n)
      return crossings.count(function() burden.hypothesis.heldout("polynomial", points(n)) end).total
    end
    loo(5)
    local small, large = loo(10), loo(60)
    eq(large, small)
    assert(small <= 4, "heldout crossings: " .. small)
    -- and scores as the fits one by one do (a user's hypothesis is fitted set by set)
    local poly = burden.hypothesis.get("polynomial")
    burden.hypothesis.define{ name = "poly_by_hand", fit = function(p) return poly:fit(p) end }
    eq(burden.hypothesis.heldout("poly_by_hand", points(25)),
      burden.hypothesis.heldout("polynomial", points(25)))
  end)

  -- the nonlinear hypotheses (hypotheses/nonlinear.lua) fit all the subsets of a
  -- held-out run in one call: one lm.ols_each for the logistic's start lines, one
  -- fit.nls batch (its option checks once), the predictions in the same file
  it("a leave-one-out score of a nonlinear hypothesis crosses as often for 10 points as for 40", function()
    for _, hname in ipairs({ "chance_logistic", "power_floor" }) do
      local function loo(n)
        local r
        local c = crossings.count(function() r = burden.hypothesis.heldout(hname, points(n)) end)
        eq({ r.n, r.n_failed }, { n, 0 }) -- every fit converges on these points
        return c.total
      end
      loo(5)
      local small, large = loo(10), loo(40)
      assert(large == small and small <= 6,
        ("%s: %d crossings for 10 points, %d for 40"):format(hname, small, large))
    end
  end)

  it("a nonlinear hypothesis scores as its fits one by one do, failures included", function()
    for _, hname in ipairs({ "chance_logistic", "power_floor" }) do
      local h = burden.hypothesis.get(hname)
      -- a user's hypothesis is fitted and predicts set by set
      local by_hand = hname .. "_by_hand"
      burden.hypothesis.define{ name = by_hand, fit = function(p, o) return h:fit(p, o) end }
      local chance = points(12)
      chance.chance = 0.25
      for _, case in ipairs({
        { points(12) }, { points(25), { split = 2015 } }, { chance },
        { points(5), { split = 2013 } },            -- 3 points before the split: too few
        { points(8), { opts = { chance = 0.1 } } }, -- power_floor takes no options
        { points(8), { opts = { chanse = 0.1 } } }, -- an unknown option: every fit fails
      }) do
        local batch, single = burden.hypothesis.heldout(hname, case[1], case[2]),
          burden.hypothesis.heldout(by_hand, case[1], case[2])
        eq(batch, single)
        assert(batch.n + batch.n_failed > 0)
      end
      -- (points 2 and 5 are up to 2013, the other 3 after it)
      eq(burden.hypothesis.heldout(hname, points(5), { split = 2013 }), { n = 0, n_failed = 3 })
      eq(burden.hypothesis.heldout(hname, points(8), { opts = { chanse = 0.1 } }),
        { n = 0, n_failed = 8 })
    end
  end)

  it("fit.nls_each gives each fit and message fit.nls gives, crossing once", function()
    local nls = require "burden.fit.nls"
    local function problems(n)
      local list = {}
      for k = 1, n do
        local x, y = {}, {}
        for i = 1, 8 do x[i] = i; y[i] = 0.1 + 2 * i ^ -0.5 * (1 + 0.01 * math.sin(i * k)) end
        list[#list + 1] = ({
          { model = "y ~ a * x^b", x = x, y = y, start = { { "a", 1 }, { "b", -1 } } },
          { model = nls.families.power_law, x = x, y = y, lower = { E = 0, A = 0, alpha = 0 } },
          { model = "y ~ a * x + b", x = { 1 }, y = { 2 }, start = { 1, 2 } }, -- too few rows
          { model = nls.families.power_law, y = y }, -- no x for the family's start
        })[(k - 1) % 4 + 1]
      end
      return list
    end
    local list = problems(8)
    local out = nls.nls_each(list)
    for k, args in ipairs(list) do
      local ok, m = pcall(nls.nls, args)
      eq(out[k][1], ok)
      if ok then
        eq({ out[k][2].coef, out[k][2].se, out[k][2].rss, out[k][2].status },
          { m.coef, m.se, m.rss, m.status })
      else
        eq(out[k][2], m)
      end
    end
    eq(out[3][2], "nls: 1 observation for 2 parameters (need at least 2)")
    -- (a fit that fails crosses to raise its message: nlargs.errorf; the count is of fits
    -- that succeed, a formula's and a family's)
    local function count(n)
      local ok = {}
      for _, args in ipairs(problems(n)) do
        if #args.y > 1 and args.x then ok[#ok + 1] = args end
      end
      return crossings.count(function() nls.nls_each(ok) end).total
    end
    local few, many = count(4), count(40)
    assert(many == few and few <= 2, ("nls_each: %d crossings for 2 fits, %d for 20"):format(few, many))
    -- bad arguments raise at the caller's line, a bad key naming its fit
    local ok, err = pcall(burden.fit.nls_each, "x")
    eq({ ok, err:match("^[^:]+:%d+: (.*)$") },
      { false, "nls_each: expected an array of argument tables, got string" })
    ok, err = pcall(burden.fit.nls_each, { list[1], { model = "y ~ a * x", x = { 1 }, y = { 1 }, strat = { 1 } } })
    eq({ ok, err:match("^[^:]+:%d+: (.*)$") },
      { false, "fit.nls_each: fit 2: unknown option 'strat' (did you mean 'start'?)" })
  end)

  -- every pair counted, cost/ included: the run prices all its projections with one
  -- burden.cost.estimate_each
  it("analysis.run crosses per (domain, hypothesis), not per target", function()
    local function rows(nt)
      local d = burden.domain.define{ name = "crossings_run_" .. nt, benchmark = "x",
        error = "err", compute = "flop", targets = targets(nt) }
      local data = {}
      local p = points(15)
      for i = 1, p.n do data[i] = { benchmark = "x", err = p.error[i], flop = p.compute[i] } end
      local c = crossings.count(function()
        burden.analysis.run{ data = data, domains = { d }, hypotheses = { "polynomial", "exponential" },
          bootstrap = 20, seed = 3 }
      end)
      return c.total
    end
    rows(1) -- loads what the first run loads
    local few, many = rows(2), rows(40)
    assert(many == few and few <= 40, ("%d crossings for 2 targets, %d for 40"):format(few, many))
  end)
end)

describe("a formula fit between fit/ files", function()
  -- formula.parse notes what the design needs (the columns of the response, of the terms
  -- and of each call's argument), so building the design does not go back to the parser
  -- for each term: the crossings of fit.lm do not grow with its terms.
  it("fit.lm's crossings do not grow with the terms of its formula", function()
    local cols = { y = {} }
    for j = 1, 8 do cols["x" .. j] = {} end
    for i = 1, 30 do
      cols.y[i] = i + math.sin(i)
      for j = 1, 8 do cols["x" .. j][i] = 1 + ((i * (j + 2)) % 17) + j / 10 end
    end
    local data = burden.data.frame(cols)
    local function lm_with(k)
      local terms = {}
      for j = 1, k do terms[j] = "log(x" .. j .. ")" end
      local text = "log(y) ~ " .. table.concat(terms, " + ")
      local c = crossings.count(function() burden.fit.lm(data, text) end)
      -- between the files of fit/ (reading a column of the frame is once per column)
      local n = 0
      for _, p in pairs(c.pairs) do
        if p.from:find("/fit/", 1, true) and p.to:find("/fit/", 1, true) then n = n + p.n end
      end
      return n
    end
    lm_with(1)
    local few, many = lm_with(2), lm_with(8)
    assert(many == few, ("fit.lm: %d crossings within fit/ with 2 terms, %d with 8"):format(few, many))
  end)
end)

-- A module (a file of stdlib/burden/, or a directory of them such as fit/, one module
-- in several files) reads a private field (`x._name`, `rawget(x, "_name")`, x not self)
-- only when the module itself makes that field: another module's fitted object is used
-- through its methods (line:project_draws, model:model_matrix). Returns "file: x._name
-- (made in module)" for each violation. `files` maps path -> text. With by_file, each
-- file is its own module (the files of fit/ each own their objects' private fields).
local function private_reads(files, by_file)
  local function module_of(path)
    if by_file then return path end
    return path:match("^stdlib/burden/([%w_]+)/") or path:match("^stdlib/burden/([%w_]+)%.lua$")
      or path
  end
  local made, reads, paths = {}, {}, {}
  for path in pairs(files) do paths[#paths + 1] = path end
  table.sort(paths)
  local function make(name, path)
    made[name] = made[name] or {}
    made[name][module_of(path)] = true
  end
  for _, path in ipairs(paths) do
    local text = files[path]:gsub("%-%-[^\n]*", "")
    for name in text:gmatch("[%s{,]_(%a[%w_]*)%s*=[^=]") do make(name, path) end
    for name in text:gmatch("%._(%a[%w_]*)%s*=[^=]") do make(name, path) end
    for name in text:gmatch("rawset%([%w_]+,%s*\"_([%w_]+)\"") do make(name, path) end
    for recv, name in text:gmatch("([%w_]+)%._(%a[%w_]*)") do
      if recv ~= "self" then reads[#reads + 1] = { path, recv, name } end
    end
    for recv, name in text:gmatch("rawget%(([%w_]+),%s*\"_([%w_]+)\"") do
      reads[#reads + 1] = { path, recv, name }
    end
  end
  local out = {}
  for _, r in ipairs(reads) do
    local m = made[r[3]] or {}
    if not m[module_of(r[1])] then
      local where = {}
      for k in pairs(m) do where[#where + 1] = k end
      table.sort(where)
      out[#out + 1] = string.format("%s: %s._%s (made in %s)", r[1], r[2], r[3],
        #where > 0 and table.concat(where, ", ") or "no module")
    end
  end
  return out
end

describe("private fields", function()
  it("the checker flags a module reading another's private field, not its own", function()
    eq(private_reads({
      ["stdlib/burden/hypothesis.lua"] = "return setmetatable({ _inverse = f, slope = b }, L)",
      ["stdlib/burden/analysis.lua"] = "local x = fitted._inverse(t) -- fitted._note\n" ..
        "local y = rawget(fitted, \"_inverse\")",
      ["stdlib/burden/fit/lm.lua"] = "m._design = d",
      ["stdlib/burden/fit/bootstrap.lua"] = "local d = rawget(m, \"_design\") or self._x",
    }), { "stdlib/burden/analysis.lua: fitted._inverse (made in hypothesis)",
      "stdlib/burden/analysis.lua: fitted._inverse (made in hypothesis)" })
  end)

  it("no stdlib module reads another module's private fields", function()
    local runtime = require "burden.core.runtime"
    local files, fit_files = {}, {}
    local function walk(dir)
      for _, name in ipairs(runtime.listdir(dir) or {}) do
        local path = dir .. "/" .. name
        if name:match("%.lua$") then
          local f = assert(io.open(path, "rb"))
          files[path] = f:read("a")
          f:close()
        elseif not name:find("%.") then
          walk(path)
        end
      end
    end
    walk("stdlib")
    assert(files["stdlib/burden/analysis.lua"], "stdlib not found from the current directory")
    eq(private_reads(files), {})
    -- nor does a file of fit/ read another's (issue 16: they go through burden.fit.lm's
    -- accessors, lm.private and lm.attach)
    for path, text in pairs(files) do
      if path:find("^stdlib/burden/fit/") then fit_files[path] = text end
    end
    eq(private_reads(fit_files, true), {})
  end)
end)

describe("crossings tool", function()
  it("counts calls between stdlib files and not within one", function()
    local c = crossings.count(function()
      burden.hw.normalize("V100")        -- script -> hw, then within hw.lua: none
      burden.domain.get("imagenet")      -- script -> (C wrapper) -> domain: none
      burden.data.frame({ a = { 1 } }):format({}) -- data -> options.check: one
    end)
    eq(c.total, 1)
    local p = crossings.sorted(c)[1]
    eq({ p.from, p.to, p.n }, { "stdlib/burden/data/init.lua", "stdlib/burden/options.lua", 1 })
  end)
end)
