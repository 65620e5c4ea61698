-- Trust rule 1: an unknown option is an error, never ignored (issue 15, item 2).
-- The test walks every public module: each function is either called below with a bogus
-- key in its options table (and must reject it, naming the key and the function, at the
-- caller's line) or listed as taking no options table. A new public function fails this
-- test until it is classified here.
local burden = require "burden"
local options = require "burden.options"

local BOGUS = "bogus_key"

-- valid options plus the bogus key
local function with_bogus(t)
  local out = {}
  for k, v in pairs(t or {}) do out[k] = v end
  out[BOGUS] = 1
  return out
end

local xs, ys = { 1, 2, 3, 4, 5 }, { 1.1, 1.9, 3.2, 3.9, 5.1 }
local function frame() return burden.data.frame{ x = xs, y = ys } end
local function model() return burden.fit.lm(frame(), "y ~ x") end
local function points()
  return { n = 5, error = { 0.5, 0.4, 0.3, 0.25, 0.2 }, compute = { 1e18, 1e19, 1e20, 1e21, 1e22 },
    year = { 2015, 2016, 2017, 2018, 2019 }, rows = {} }
end
local csv = os.tmpname()
do
  local f = assert(io.open(csv, "w"))
  f:write("x,y\n1,2\n3,4\n")
  f:close()
end

-- name -> function(bad) calling it with `bad` (a table holding the bogus key) as its options
local CALLS = {
  ["data.read_csv"] = function(b) return burden.data.read_csv(csv, b) end,
  ["data.try_read_csv"] = function(b) return burden.data.try_read_csv(csv, b) end,
  ["data.read_csv_text"] = function(b) return burden.data.read_csv_text("x\n1\n", b) end,
  ["data.frame"] = function(b) return burden.data.frame({ x = { 1 } }, b) end,
  ["fit.lm"] = function(b) return burden.fit.lm(frame(), "y ~ x", b) end,
  ["fit.ols"] = function(b) return burden.fit.ols(with_bogus{ x = xs, y = ys }) end,
  ["fit.robust"] = function(b) return burden.fit.robust(frame(), "y ~ x", b) end,
  ["fit.cv"] = function(b) return burden.fit.cv(with_bogus{ data = frame(), formula = "y ~ x", k = 2 }) end,
  ["fit.backtest"] = function(b)
    return burden.fit.backtest(with_bogus{ data = frame(), formula = "y ~ x", time = "x", at = 3 })
  end,
  ["fit.bootstrap"] = function(b)
    return burden.fit.bootstrap(with_bogus{ model = model(), statistic = "slope", B = 10 })
  end,
  ["fit.nls"] = function(b)
    return burden.fit.nls(with_bogus{ model = "y ~ a * x", x = xs, y = ys, start = { a = 1 } })
  end,
  ["fit.nls_each"] = function(b)
    return burden.fit.nls_each{ with_bogus{ model = "y ~ a * x", x = xs, y = ys, start = { a = 1 } } }
  end,
  ["fit.multistart"] = function(b) return burden.fit.multistart(with_bogus{ x = xs, y = ys }) end,
  ["fit.multistart_objective"] = function(b)
    return burden.fit.multistart_objective(with_bogus{ x = xs, y = ys }, { 0, 0, 0 })
  end,
  ["domain.define"] = function(b) return burden.domain.define(with_bogus{ name = "opt_walk" }) end,
  ["hypothesis.projections"] = function(b)
    return burden.hypothesis.projections(burden.hypothesis.get("polynomial"):fit(points()), { 0.3 },
      0.95, b)
  end,
  ["hypothesis.define"] = function(b)
    return burden.hypothesis.define(with_bogus{ name = "opt_walk", fit = function() end })
  end,
  ["analysis.run"] = function(b) return burden.analysis.run(with_bogus{ data = {} }) end,
  ["analysis.time_trend"] = function(b) return burden.analysis.time_trend(with_bogus{ data = {} }) end,
  ["dataset.load"] = function(b) return burden.dataset.load(b) end,
  ["report.table"] = function(b)
    return burden.report.table(with_bogus{ columns = { "x" }, rows = {} })
  end,
  ["report.html"] = function(b) return burden.report.html(with_bogus{ title = "t" }) end,
  ["plot.figure"] = function(b) return burden.plot.figure(b) end,
  ["plot.grid"] = function(b)
    return burden.plot.grid(with_bogus{ figures = { burden.plot.figure() } })
  end,
  ["cost.estimate"] = function(b) return burden.cost.estimate(with_bogus{ flop = 1e20 }) end,
  ["cost.estimate_each"] = function(b)
    return burden.cost.estimate_each{ { flop = 1e20 }, with_bogus{ flop = 1e20 } }
  end,
  ["cost.cloud_price"] = function(b) return burden.cost.cloud_price(with_bogus{ chip = "V100" }) end,
  ["cost.trend"] = function(b) return burden.cost.trend(b) end,
  ["cost.when_affordable"] = function(b)
    return burden.cost.when_affordable(with_bogus{ flop = 1e28, budget = 1e9 })
  end,
  ["cost.decompose"] = function(b) return burden.cost.decompose(b) end,
  ["flops.training"] = function(b) return burden.flops.training(b) end,
  ["flops.dense_transformer"] = function(b) return burden.flops.dense_transformer(b) end,
  ["flops.hardware"] = function(b) return burden.flops.hardware(b) end,
  ["flops.block"] = function(b) return burden.flops.block(b) end,
  ["flops.sequential"] = function(b) return burden.flops.sequential(b) end,
  ["flops.residual"] = function(b) return burden.flops.residual(b) end,
  ["flops.concat"] = function(b) return burden.flops.concat(b) end,
  ["flops.gate"] = function(b) return burden.flops.gate(b) end,
  ["flops.rep"] = function(b) return burden.flops.rep(2, burden.flops.relu(), b) end,
  ["flops.repeat"] = function(b) return burden.flops["repeat"](2, burden.flops.relu(), b) end,
  ["import.thompson2022"] = function(b) return burden.import.thompson2022("x.csv", b) end,
  ["hypothesis.heldout"] = function(b) return burden.hypothesis.heldout("linear", points(), b) end,
  ["import.try_thompson2022"] = function(b) return burden.import.try_thompson2022("x.csv", b) end,
  ["import.epoch_benchmark"] = function(b) return burden.import.epoch_benchmark("x.csv", b) end,
  ["import.try_epoch_benchmark"] = function(b)
    return burden.import.try_epoch_benchmark("x.csv", b)
  end,
  ["hw.resolve"] = function(b) return burden.hw.resolve("V100", b) end,
  ["hw.register"] = function(b) return burden.hw.register(with_bogus{ name = "opt_walk" }) end,
}

-- methods of the objects the API returns, with the same contract
local METHODS = {
  ["frame:format"] = function(b) return frame():format(b) end,
  ["frame:join"] = function(b) return frame():join(frame(), with_bogus{ by = "x" }) end,
  ["frame:sort"] = function(b) return frame():sort{ with_bogus{ "x" } } end,
  ["frame:write_csv"] = function(b) return frame():write_csv(csv, b) end, -- raises before writing
  ["model:predict"] = function(b) return model():predict(with_bogus{ x = { 1 } }) end,
  ["model:inverse"] = function(b) return model():inverse(with_bogus{ y = 2 }) end,
  ["figure:scatter"] = function(b) return burden.plot.figure():scatter(with_bogus{ x = { 1 }, y = { 1 } }) end,
  ["figure:line"] = function(b) return burden.plot.figure():line(with_bogus{ x = { 1 }, y = { 1 } }) end,
  ["figure:band"] = function(b)
    return burden.plot.figure():band(with_bogus{ x = { 1 }, lower = { 1 }, upper = { 2 } })
  end,
  ["figure:hline"] = function(b) return burden.plot.figure():hline(with_bogus{ y = 1 }) end,
  ["figure:vline"] = function(b) return burden.plot.figure():vline(with_bogus{ x = 1 }) end,
  ["figure:text"] = function(b) return burden.plot.figure():text(with_bogus{ x = 1, y = 1, text = "a" }) end,
  ["figure:svg"] = function(b) return burden.plot.figure():svg(b) end,
  ["hypothesis:fit"] = function(b) return burden.hypothesis.get("polynomial"):fit(points(), b) end,
  ["line:project"] = function(b)
    return burden.hypothesis.get("polynomial"):fit(points()):project(0.3, 0.95, b)
  end,
  ["line:projections"] = function(b)
    return burden.hypothesis.get("polynomial"):fit(points()):projections({ 0.3 }, 0.95, b)
  end,
  ["net:count"] = function(b)
    return burden.flops.sequential{ input = { 4 }, burden.flops.relu() }:count(b)
  end,
  ["report:text"] = function(b)
    return burden.flops.sequential{ input = { 4 }, burden.flops.relu() }:count():text(b)
  end,
}

-- public functions that take no options table (positional arguments only)
local NO_OPTIONS = {
  "data.closest", "data.default_na", "data.is_frame", "data.parse_hardware",
  "fit.anova", "fit.compare", "fit.quantile", "fit.quantiles",
  "domain.get", "domain.list", "hypothesis.get", "hypothesis.list", "hypothesis.contains",
  "hypothesis.judge", "hypothesis.fit_project",
  "analysis.quantile", "analysis.rng", "dataset.files", "dataset.peak_flops",
  "dataset.resource",
  "cost.constants", "cost.equivalents", "cost.presets", "cost.prior", "cost.priors",
  "cost.read_hardware_prices",
  "flops.activation_costs", "flops.is_layer", "flops.shape_text", "flops.si",
  "models.list",
  "hw.list", "hw.load", "hw.lookup", "hw.normalize", "hw.offers", "hw.peak", "hw.records",
  "hw.peak_each", "hw.reset", "hw.source", "hw.training_precision",
  "import.epoch", "import.epoch_chips", "import.timm", "import.try_epoch",
  "import.try_epoch_chips", "import.try_timm", "import.list", "import.year_fraction",
  "units.convert", "units.describe", "units.kind", "units.parse", "units.try_parse",
  "re.compile", "re.find", "re.gmatch", "re.gsub", "re.is_regex", "re.match", "re.split",
  "re.test",
  "format.cells", "format.cells_each", "format.csv_field", "format.escape", "format.escape_all", "format.escape_into", "format.int", "format.json_string", "format.json_strings", "format.money",
  "format.percent", "format.pow10", "format.shortest", "format.value", "format.values",
  "io.mkdir", "io.read", "io.sha256", "io.sha256_file", "io.try_write_atomic", "io.write_atomic",
  "cli.options", "suggest.closest", "suggest.distance",
}

local MODULES = { "data", "fit", "domain", "hypothesis", "analysis", "dataset", "report", "plot",
  "cost", "flops", "models", "hw", "import", "units", "re", "format", "io", "cli", "suggest" }

-- A flops layer constructor or a model: called with only the bogus key.
local function generic_call(mod, name)
  if mod == "models" or (mod == "flops" and burden.flops.is_layer and CALLS["flops." .. name] == nil) then
    return function(b) return burden[mod][name](b) end
  end
end

-- functions that are another's alias, or report under the name of the one they wrap
local ALIASES = { swish = "silu" }

local function expect_rejected(name, call)
  local ok, err = pcall(call, { [BOGUS] = 1 })
  if ok then error(name .. ": the bogus option was accepted", 0) end
  err = tostring(err)
  if not (err:find("unknown option '" .. BOGUS .. "'", 1, true)
      or err:find("unknown field '" .. BOGUS .. "'", 1, true)) then -- hw.register: chip fields
    error(name .. ": unexpected message: " .. err, 0)
  end
  local short = name:match("[.:]([%w_]+)$"):gsub("^try_", "")
  short = ALIASES[short] or short
  if not err:find(short, 1, true) then error(name .. ": the message does not name the function: " .. err, 0) end
  -- at the user's line (this file), never at a line of the stdlib
  if err:find("stdlib/", 1, true) then error(name .. ": the message points into the stdlib: " .. err, 0) end
end

describe("every options table of the public API", function()
  it("classifies every public function (options table, or none)", function()
    local none = {}
    for _, n in ipairs(NO_OPTIONS) do none[n] = true end
    local missing = {}
    for _, mod in ipairs(MODULES) do
      local names = {}
      for k, v in pairs(burden[mod]) do
        if type(v) == "function" and type(k) == "string" and k:sub(1, 1) ~= "_" then
          names[#names + 1] = k
        end
      end
      table.sort(names)
      for _, k in ipairs(names) do
        local full = mod .. "." .. k
        if not (CALLS[full] or none[full] or generic_call(mod, k)) then missing[#missing + 1] = full end
      end
    end
    if #missing > 0 then error("not classified: " .. table.concat(missing, ", "), 0) end
  end)

  it("rejects an unknown key in each function, naming the key and the function", function()
    local failures = {}
    local checked = 0
    for _, mod in ipairs(MODULES) do
      local names = {}
      for k, v in pairs(burden[mod]) do
        if type(v) == "function" and type(k) == "string" then names[#names + 1] = k end
      end
      table.sort(names)
      for _, k in ipairs(names) do
        local full = mod .. "." .. k
        local call = CALLS[full]
        local none = false
        for _, n in ipairs(NO_OPTIONS) do if n == full then none = true end end
        if not call and not none then call = generic_call(mod, k) end
        if call then
          checked = checked + 1
          local ok, err = pcall(expect_rejected, full, call)
          if not ok then failures[#failures + 1] = tostring(err) end
        end
      end
    end
    local names = {}
    for n in pairs(METHODS) do names[#names + 1] = n end
    table.sort(names)
    for _, n in ipairs(names) do
      checked = checked + 1
      local ok, err = pcall(expect_rejected, n, METHODS[n])
      if not ok then failures[#failures + 1] = tostring(err) end
    end
    if #failures > 0 then error(table.concat(failures, "\n"), 0) end
    assert(checked > 100, "only " .. checked .. " functions checked")
  end)
end)

describe("burden.options", function()
  it("suggests the closest key when one is close, else lists the known keys", function()
    assert_error("fit.lm: unknown option 'weigths' (did you mean 'weights'?)", burden.fit.lm,
      frame(), "y ~ x", { weigths = { 1, 1, 1, 1, 1 } })
    assert_error("fit.bootstrap: unknown option 'levle' (did you mean 'level'?)",
      burden.fit.bootstrap, { model = model(), statistic = "slope", levle = 0.9 })
    assert_error("fit.bootstrap: unknown option 'b' (did you mean 'B'?)",
      burden.fit.bootstrap, { model = model(), statistic = "slope", b = 100 })
    assert_error("domain.define: unknown option 'errror' (did you mean 'error'?)",
      burden.domain.define, { name = "t", errror = "e" })
    assert_error("domain.define: unknown option 'filtr' (did you mean 'filter'?)",
      burden.domain.define, { name = "t", filtr = function() return true end })
    assert_error("data.read_csv_text: unknown option 'seperator' (known: comment, dedupe, header, " ..
      "max_line, na, quote, ragged, select, sep, skip, thousands, types, utf8)",
      burden.data.read_csv_text, "x\n1\n", { seperator = ";" })
    assert_error("analysis.run: unknown option 'bootstraps' (did you mean 'bootstrap'?)",
      burden.analysis.run, { data = {}, bootstraps = 10 })
  end)

  it("raises at the caller's line", function()
    local ok, err = pcall(function() return burden.fit.lm(frame(), "y ~ x", { weigths = {} }) end)
    eq(ok, false)
    assert(err:find("^tests/lua/options_test%.lua:%d+: fit%.lm: unknown option 'weigths'"), err)
  end)

  it("check_each checks an array of options tables in one call, naming the bad one by index", function()
    local list = { { key = "a", title = "A" }, { key = "b" } }
    eq(options.check_each("t: columns[%d]", list, { "key", "title" }), list)
    eq(options.check_each("t: columns[%d]", {}, { "key" }), {})
    local ok, err = pcall(options.check_each, "t: columns[%d]",
      { { key = "a" }, { key = "b", titel = "B", zzz = 1 } }, { "key", "title" })
    eq(ok, false)
    assert(err:find("t: columns[2]: unknown option 'titel' (did you mean 'title'?)", 1, true), err)
    assert_error("report.table: columns[3]: unknown option 'formt' (did you mean 'format'?)",
      burden.report.table, { columns = { "a", "b", { key = "c", formt = "%d" } }, rows = {} })
  end)

  it("makes adding a key a one-word change: the lists are data", function()
    local allowed = { "a", "b" }
    eq(options.unknown("f", { a = 1, b = 2 }, allowed), nil)
    eq(options.unknown("f", { c = 1 }, allowed), "f: unknown option 'c' (did you mean 'a'?)")
    allowed[#allowed + 1] = "c" -- a new list object is re-read; this one is cached, so copy
    eq(options.unknown("f", { c = 1 }, { "a", "b", "c" }), nil)
    eq(options.unknown("f", { [1] = "x" }, { "a" }), "f: unexpected option [1] (options are named: a)")
  end)
end)

describe("argument ranges (item 24)", function()
  it("fit.bootstrap: level outside (0, 1) and fractional threads are errors naming the argument", function()
    assert_error("fit.bootstrap: level must be a number between 0 and 1 (exclusive), got 2",
      burden.fit.bootstrap, { model = model(), statistic = "slope", level = 2 })
    assert_error("fit.bootstrap: threads must be a non-negative integer, got 2.5",
      burden.fit.bootstrap, { model = model(), statistic = "slope", threads = 2.5 })
    assert_error("fit.multistart: threads must be a positive integer, got 2.5",
      burden.fit.multistart, { x = xs, y = ys, grid = { E = { 0 }, A = { 0 }, alpha = { 0.5 } },
        threads = 2.5 })
    assert_error("predict: level must be a number between 0 and 1 (exclusive), got 95",
      function() return model():predict{ x = { 1 }, interval = "confidence", level = 95 } end)
    -- a projection's interval is not silently dropped for a bad level
    local line = burden.hypothesis.get("polynomial"):fit(points())
    assert_error("project: level must be a number between 0 and 1 (exclusive), got 95",
      line.project, line, 0.1, 95)
    assert_error("analysis.run: level must be a number between 0 and 1 (exclusive), got 95",
      burden.analysis.run, { data = {}, level = 95 })
    assert_error("analysis.run: bootstrap must be a non-negative integer, got 0.5",
      burden.analysis.run, { data = {}, bootstrap = 0.5 })
  end)

  it("multi-start errors name the user's line, not fit/nls.lua", function()
    local ok, err = pcall(function()
      return burden.fit.multistart{ x = xs, y = ys, grid = { a = { 1 } } }
    end)
    eq(ok, false)
    assert(err:find("^tests/lua/options_test%.lua:%d+: multistart: "), err)
  end)
end)

os.remove(csv)
