-- The options check of the public wrapper (burden.options.wrap with a spec; issue 16,
-- "Done when" item 2): a public function's options table is checked by its C wrapper,
-- declared where the function is wrapped, before the function runs, with the messages
-- options.check gave inside it (the unknown-key words come from options.unknown, called
-- only then), and a positional confidence level (project, projections, band, progress).
-- Measured on 37d83ac (before): every layer of a figure, every report table,
-- domain.define, hypothesis.define, heldout, fit.lm with options and progress_bootstrap
-- crossed into burden.options once per call, and a projection once more for its level;
-- a whole paper run crossed 1,232 times (910 after).
local burden = require "burden"
local options = require "burden.options"
local crossings = dofile("tools/crossings.lua")

local function count(fn) return crossings.count(fn).total end

-- this file's name as error positions show it
local HERE = debug.getinfo(1, "S").short_src

-- Calls w(...) from a line of this file: pcall's ok and error, and that line.
local function call_here(w, ...)
  local args = table.pack(...)
  local line
  local ok, err = pcall(function()
    line = debug.getinfo(1, "l").currentline + 1
    w(table.unpack(args, 1, args.n))
  end)
  return ok, err, line
end

local OPTS = { "weights", "solver", "level" }

describe("options.wrap with a spec", function()
  local seen
  local f = options.wrap(function(a, opts) seen = { a, opts } return "ran" end,
    { name = "probe.fit", options = OPTS, arg = 2 })

  it("passes nil and a table of known keys, and runs the function", function()
    eq(f(1), "ran")
    eq(seen, { 1 })
    eq(f(1, nil), "ran")
    eq(f(1, { weights = "w", level = 0.9 }), "ran")
    eq(seen[2], { weights = "w", level = 0.9 })
    eq(f(1, {}), "ran")
  end)

  it("raises options.check's message for a non-table, at the caller's line", function()
    seen = nil
    local ok, err, line = call_here(f, 1, 42)
    eq(ok, false)
    eq(err, HERE .. ":" .. line ..
      ": bad argument #2 to 'probe.fit' (table of options expected, got number)")
    eq(seen, nil) -- the function did not run
    local _, err2 = call_here(f, 1, "x")
    assert(err2:find("(table of options expected, got string)", 1, true), err2)
  end)

  it("raises options.unknown's message for an unknown key, with its suggestion", function()
    local ok, err, line = call_here(f, 1, { weigths = 1 })
    eq(ok, false)
    eq(err, HERE .. ":" .. line .. ": probe.fit: unknown option 'weigths' (did you mean 'weights'?)")
    local _, err2, line2 = call_here(f, 1, { colour = 1 })
    eq(err2, HERE .. ":" .. line2 .. ": probe.fit: unknown option 'colour' (known: level, solver, weights)")
    -- the same words options.check gives inside a function
    local _, err3 = pcall(options.check, "probe.fit", { weigths = 1 }, OPTS)
    eq(err3:match("probe%.fit: .*"), "probe.fit: unknown option 'weigths' (did you mean 'weights'?)")
  end)

  it("names an unknown key that is not a string as options.unknown does", function()
    local _, err, line = call_here(f, 1, { "positional" })
    eq(err, HERE .. ":" .. line .. ": probe.fit: unexpected option [1] (options are named: " ..
      "level, solver, weights)")
  end)

  it("checks the argument after self for a method (arg = 2: the second after self)", function()
    local Obj = {}
    Obj.__index = Obj
    function Obj:m(_, opts) return opts and opts.level end
    Obj.m = options.wrap(Obj.m, { name = "obj:m", options = OPTS, arg = 2, method = true })
    local o = setmetatable({}, Obj)
    eq(o:m({ bogus = 1 }, { level = 0.5 }), 0.5) -- the first argument is not options
    local line, _, err = debug.getinfo(1, "l").currentline, pcall(function() o:m(1, { levl = 1 }) end)
    eq(err, HERE .. ":" .. line .. ": obj:m: unknown option 'levl' (did you mean 'level'?)")
    local _, err2 = call_here(function() o:m(1, true) end)
    eq(err2:match("bad argument.*"),
      "bad argument #2 to 'obj:m' (table of options expected, got boolean)")
  end)

  it("leaves a non-table to the function with keys_only, and checks a table's keys", function()
    local g = options.wrap(function(spec)
      if type(spec) ~= "table" then error("probe.define: a table is required", 2) end
      return spec.name
    end, { name = "probe.define", options = { "name" }, keys_only = true })
    eq(g{ name = "a" }, "a")
    local _, err, line = call_here(g, "a")
    eq(err, HERE .. ":" .. line .. ": probe.define: a table is required")
    local _, err2, line2 = call_here(g, { nam = "a" })
    eq(err2, HERE .. ":" .. line2 .. ": probe.define: unknown option 'nam' (did you mean 'name'?)")
  end)

  it("reads a set as well as an array of names, once, at wrap time", function()
    local allowed = { alpha = true }
    local g = options.wrap(function() return true end, { name = "probe.set", options = allowed })
    eq(g{ alpha = 1 }, true)
    allowed.beta = true -- later changes do not reach the wrapper
    local ok, err = pcall(g, { beta = 1 })
    eq(ok, false)
    assert(err:find("probe.set: unknown option 'beta'", 1, true), err)
  end)

  it("raises at an internal caller's user: the first line outside the stdlib", function()
    -- a public function calling another through its wrapper (fit.cv calls fit.lm)
    local ok, err = pcall(burden.fit.cv, { data = burden.data.frame{ x = { 1, 2, 3, 4 },
      y = { 1, 3, 2, 4 } }, formula = "y ~ x", k = "loo", opts = { weigths = "x" } })
    eq(ok, false)
    eq(err:match("^(.-):%d+:"), HERE)
    eq(err:match("^.-:%d+: (.*)"), "fit.lm: unknown option 'weigths' (did you mean 'weights'?)")
  end)

  it("uses the spec declared for a function another file wraps (fit.nls, fit.multistart)", function()
    local _, err, line = call_here(burden.fit.nls, { model = "y ~ a * x", x = { 1, 2 },
      y = { 1, 2 }, start = { 1 }, maxiterr = 5 })
    eq(err, HERE .. ":" .. line .. ": fit.nls: unknown option 'maxiterr' (did you mean 'maxiter'?)")
    local _, err2, line2 = call_here(burden.fit.multistart_objective, 7)
    eq(err2, HERE .. ":" .. line2 .. ": bad argument #1 to 'fit.multistart_objective' " ..
      "(table of options expected, got number)")
    local g = options.wrap(options.declare(function(o) return o end,
      { name = "probe.declared", options = { "a" } }))
    eq(g{ a = 1 }, { a = 1 })
    local _, err3 = pcall(g, { b = 1 })
    assert(err3:find("probe.declared: unknown option 'b'", 1, true), err3)
  end)

  it("raises at wrap time for a bad spec", function()
    local fn = function() end
    local function wrap_err(spec)
      local ok, err = pcall(options.wrap, fn, spec)
      eq(ok, false)
      return err:match("options%.wrap: .*")
    end
    eq(wrap_err(42), "options.wrap: spec must be a table { name =, options = [, arg =, " ..
      "method =, keys_only =, level =] }")
    eq(wrap_err({ options = OPTS }), "options.wrap: spec.name must be a string")
    eq(wrap_err({ name = "x" }), "options.wrap: spec.options must be a table (an array of " ..
      "names or a set)")
    eq(wrap_err({ name = "x", options = OPTS, arg = 0 }),
      "options.wrap: spec.arg must be an integer from 1 to 100")
    eq(wrap_err({ name = "x", options = OPTS, arg = 1.5 }),
      "options.wrap: spec.arg must be an integer from 1 to 100")
    eq(wrap_err({ name = "x", options = OPTS, method = 1 }),
      "options.wrap: spec.method must be a boolean")
    eq(wrap_err({ name = "x", options = OPTS, keys_only = "yes" }),
      "options.wrap: spec.keys_only must be a boolean")
    eq(wrap_err({ name = "x", options = OPTS, arg = "2" }),
      "options.wrap: spec.arg must be an integer from 1 to 100")
    eq(wrap_err({ name = "x", options = OPTS, argn = 2 }), "options.wrap: unknown spec key 'argn'")
    eq(wrap_err({ name = "x", level = 0 }), "options.wrap: spec.level must be an integer from 1 to 100")
    eq(options.declare(fn, { name = "x", level = 1 }), fn)
    local okd, errd = pcall(options.declare, fn)
    eq(okd, false)
    eq(errd:match("options%.declare: .*"), "options.declare: a function and its spec expected")
    local ok0, err0 = pcall(options.declare, fn, { name = "x" })
    eq(ok0, false)
    eq(err0:match("options%.wrap: .*"), "options.wrap: spec.options must be a table (an array " ..
      "of names or a set)")
    local ok, err = pcall(options.wrap_all, { f = fn }, { "f" }, { g = { name = "g", options = {} } })
    eq(ok, false)
    eq(err:match("options%.wrap_all: .*"), "options.wrap_all: a spec for 'g', which is not wrapped")
  end)

  it("checks a level argument first, as options.fraction does, then the options", function()
    local Obj = {}
    Obj.__index = Obj
    function Obj:project(target, level, opts) return target, level, opts end
    Obj.project = options.wrap(Obj.project, { name = "project", options = { "interval" },
      arg = 3, method = true, level = 2 })
    local o = setmetatable({}, Obj)
    eq({ o:project(0.1) }, { 0.1 })
    eq({ o:project(0.1, 0.9, { interval = "prediction" }) }, { 0.1, 0.9, { interval = "prediction" } })
    for _, bad in ipairs({ 0, 1, 2, -0.5, 0 / 0, "0.9", true }) do
      local line, ok, err = debug.getinfo(1, "l").currentline, pcall(function() o:project(0.1, bad) end)
      eq(ok, false)
      local _, want = pcall(options.fraction, "project", "level", bad)
      eq(err, HERE .. ":" .. line .. ": " .. want:match("^.-:%d+: (.*)"))
    end
    local _, err = pcall(function() o:project(0.1, 2) end)
    eq(err:match(":%d+: (.*)"), "project: level must be a number between 0 and 1 (exclusive), got 2")
    -- the level before the options, as project checked them
    local _, err2 = pcall(function() o:project(0.1, 2, { intervl = 1 }) end)
    eq(err2:match(":%d+: (.*)"), "project: level must be a number between 0 and 1 (exclusive), got 2")
    local _, err3 = pcall(function() o:project(0.1, 0.5, { intervl = 1 }) end)
    eq(err3:match(":%d+: (.*)"), "project: unknown option 'intervl' (did you mean 'interval'?)")
    -- a level alone, without options
    local g = options.wrap(function(level) return level end, { name = "progress", level = 1 })
    eq(g(0.5), 0.5)
    eq(g(nil), nil)
    local _, err4 = pcall(g, "high")
    eq(err4:match(":%d+: (.*)"), "progress: level must be a number between 0 and 1 (exclusive), got string")
  end)

  it("keeps the wrapper a C closure without a spec and with one", function()
    eq(debug.getinfo(f, "S").what, "C")
    eq(debug.getinfo(options.wrap(function() end), "S").what, "C")
  end)
end)

describe("crossings of public calls with options", function()
  it("a figure with its layers crosses into burden.options only for its axes", function()
    burden.plot.figure{} -- the module loaded
    local n = count(function()
      local fig = burden.plot.figure{ title = "F", x = { label = "x", log = true },
        y = { label = "y" } }
      for i = 1, 10 do
        fig:scatter{ x = { i, i + 1 }, y = { 1, 2 }, label = "s" .. i }
        fig:line{ x = { i, i + 1 }, y = { 1, 2 } }
        fig:band{ x = { i, i + 1 }, lower = { 1, 2 }, upper = { 2, 3 } }
        fig:hline{ y = i }
        fig:vline{ x = i }
        fig:text{ x = i, y = 1, text = "t" }
      end
    end)
    -- check_axis's two nested checks (before: 63, one per call)
    eq(n, 2)
  end)

  it("report tables cross once each (their columns), domain.define and hypothesis.define never", function()
    burden.report.table{ columns = { "a" }, rows = {} } -- the module loaded
    local n = count(function()
      for i = 1, 5 do
        burden.report.table{ title = "T" .. i, columns = { "a" }, rows = { { a = i } } }
      end
    end)
    -- the columns' check (before: 10, also the table's own)
    eq(n, 5)
    burden.domain.get("imagenet")
    n = count(function()
      for i = 1, 5 do burden.domain.define{ name = "xopts_probe_" .. i, title = "P" } end
    end)
    eq(n, 0) -- before: 5
    burden.hypothesis.get("linear") -- the module loaded
    -- (one without a fit, so that the registry the other tests list stays as it was)
    local ok, err
    n = count(function()
      ok, err = pcall(burden.hypothesis.define, { name = "xopts_h", title = "no fit" })
    end)
    eq(n, 0) -- before: 1
    eq(ok, false)
    assert(err:find("hypothesis.define: fit must be a function", 1, true), err)
  end)

  it("fit.lm with options does not cross to check them", function()
    local d = burden.data.frame{ x = { 1, 2, 3, 4, 5, 6 }, y = { 1.1, 1.9, 3.2, 3.9, 5.1, 6.2 } }
    burden.fit.lm(d, "y ~ x") -- modules loaded
    local n = count(function()
      for _ = 1, 5 do burden.fit.lm(d, "y ~ x", { solver = "qr" }) end
    end)
    local n0 = count(function()
      for _ = 1, 5 do burden.fit.lm(d, "y ~ x") end
    end)
    eq(n, n0) -- the options cost nothing more (before: one crossing each)
  end)

  it("a hypothesis's projections with a level and options do not cross to check them", function()
    local pts = { compute = { 1e15, 1e16, 1e17, 1e18, 1e19, 1e20 },
      error = { 0.5, 0.4, 0.33, 0.25, 0.2, 0.16 }, n = 6 }
    local f = burden.hypothesis.get("linear"):fit(pts)
    f:project(0.1, 0.9)
    -- before: 2 each (the level, the options), 1 without options
    eq(count(function()
      for _ = 1, 5 do f:project(0.1, 0.9, { interval = "prediction" }) end
      f:projections({ 0.1, 0.05 }, 0.8)
    end), 0)
    -- its band: burden.fit.lm's predict (before: 2, also the level)
    eq(count(function() f:band({ 1e16, 1e17 }, 0.9) end), 1)
    local line, ok, err = debug.getinfo(1, "l").currentline, pcall(f.project, f, 0.1, 2)
    eq(ok, false)
    eq(err, HERE .. ":" .. line .. ": project: level must be a number between 0 and 1 " ..
      "(exclusive), got 2")
    local _, err2 = pcall(f.projections, f, { 0.1 }, 0.9, { interval = "both" })
    eq(err2:match(":%d+: (.*)"), "projections: interval must be 'confidence' or 'prediction', " ..
      "got 'both'")
  end)
end)
