-- The four layers (doc/architecture.md): engine/core (plain C) -> engine/lua (bindings)
-- -> stdlib (the public API in Lua) -> scripts. These checks read the sources on disk,
-- from the repository root (where `make test` runs), and fail on any arrow that points
-- the wrong way. The checkers are plain functions of a file's text, so they are tested
-- on small made-up files first: a check that can never fail would prove nothing.
local runtime = require "burden.core.runtime"

local LUA_HEADERS = { ["lua.h"] = true, ["lauxlib.h"] = true, ["lualib.h"] = true,
  ["luaconf.h"] = true, ["lua.hpp"] = true }

-- a whole file, or an error naming it (burden.io.read gives nil and the message)
local function read(path) return assert(require("burden.io").read(path)) end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- Paths below dir (recursively) whose name matches pattern, sorted.
local function files(dir, pattern, out)
  out = out or {}
  for _, name in ipairs(runtime.listdir(dir) or {}) do
    local path = dir .. "/" .. name
    if name:match(pattern) then
      out[#out + 1] = path
    elseif not name:find("%.") and runtime.listdir(path) then
      files(path, pattern, out)
    end
  end
  return out
end

-- Problems with the #includes of one C file of layer `layer` ("core" or "lua").
-- A quoted include must name a file of the same layer or one below it, without a path.
local function include_problems(path, text, layer)
  local own = { core = { "engine/core" }, lua = { "engine/lua", "engine/core" } }
  local out, n = {}, 0
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    n = n + 1
    local open, name = line:match("^%s*#%s*include%s*([<\"])([^>\"]+)")
    if name then
      local base = name:match("([^/]+)$")
      if layer == "core" and LUA_HEADERS[base] then
        out[#out + 1] = string.format("%s:%d: engine/core includes the Lua header <%s>", path, n,
          name)
      elseif open == '"' then
        local found = false
        for _, dir in ipairs(own[layer]) do
          found = found or (not name:find("/", 1, true) and exists(dir .. "/" .. name))
        end
        if not found then
          out[#out + 1] = string.format("%s:%d: engine/%s includes \"%s\", which is not a " ..
            "header of its layer or one below it", path, n, layer, name)
        end
      end
    end
  end
  return out
end

-- The string-literal requires of a Lua source, with their lines. A computed name
-- ("burden.domains." .. name: a domain loaded by name, as a user's would be) is not an
-- edge of the graph.
local function requires(text)
  local out, n = {}, 0
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    n = n + 1
    local code = line:gsub("%-%-.*$", "")
    for name, rest in code:gmatch("require%s*%(?%s*[\"']([%w_.]+)[\"']%s*(%.?%.?)") do
      if rest ~= ".." then out[#out + 1] = { name = name, line = n } end
    end
  end
  return out
end

-- stdlib/burden/fit/init.lua -> burden.fit
local function module_name(path)
  return (path:gsub("^stdlib/", ""):gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", "."))
end

-- The first require cycle of graph (module -> sorted list of modules), as
-- "a -> b -> a", or nil.
local function find_cycle(graph)
  local state, stack = {}, {}
  local names = {}
  for k in pairs(graph) do names[#names + 1] = k end
  table.sort(names)
  local function visit(m)
    if state[m] == "done" then return nil end
    if state[m] == "open" then
      local i = #stack
      while stack[i] ~= m do i = i - 1 end
      local cyc = {}
      for j = i, #stack do cyc[#cyc + 1] = stack[j] end
      cyc[#cyc + 1] = m
      return table.concat(cyc, " -> ")
    end
    state[m] = "open"
    stack[#stack + 1] = m
    for _, to in ipairs(graph[m] or {}) do
      local c = visit(to)
      if c then return c end
    end
    stack[#stack] = nil
    state[m] = "done"
    return nil
  end
  for _, m in ipairs(names) do
    local c = visit(m)
    if c then return c end
  end
  return nil
end

-- The require graph of the stdlib on disk (edges to burden.core.* bindings left out:
-- they are C and require nothing back).
local function stdlib_graph()
  local graph, lines = {}, {}
  for _, path in ipairs(files("stdlib", "%.lua$")) do
    local m = module_name(path)
    local seen, edges = {}, {}
    for _, r in ipairs(requires(read(path))) do
      if not r.name:find("^burden%.core%.") and not seen[r.name] and r.name ~= m then
        seen[r.name] = true
        edges[#edges + 1] = r.name
        lines[m .. " -> " .. r.name] = path .. ":" .. r.line
      end
    end
    table.sort(edges)
    graph[m] = edges
  end
  return graph, lines
end

describe("layer checkers (on made-up files)", function()
  it("flag a Lua header in engine/core, in either spelling", function()
    eq(#include_problems("x.c", "#include <lauxlib.h>\n", "core"), 1)
    eq(#include_problems("x.c", '#  include "lua.h"\n', "core"), 1)
    eq(#include_problems("x.c", "#include <lua5.4/lualib.h>\n", "core"), 1)
    eq(include_problems("x.c", "#include <math.h>\n#include \"lm.h\"\n", "core"), {})
  end)

  it("flag an include from a layer above", function()
    eq(#include_problems("x.c", '#include "runtime.h"\n', "core"), 1) -- engine/lua
    eq(#include_problems("x.h", '#include "boot.h"\n', "lua"), 1)       -- engine/
    eq(#include_problems("x.h", '#include "../boot.h"\n', "lua"), 1)
    eq(include_problems("x.c", '#include "column.h"\n#include "lm.h"\n', "lua"), {})
  end)

  it("read literal requires, not computed names or comments", function()
    local rs = requires('local a = require "burden"\nlocal b = require("burden.fit").x\n' ..
      "-- require 'burden.cost'\nreturn require('burden.domains.' .. name)\n")
    eq(#rs, 2)
    eq(rs[1].name, "burden")
    eq(rs[2].name, "burden.fit")
    eq(rs[2].line, 2)
  end)

  it("find a cycle, and none in a tree", function()
    eq(find_cycle{ a = { "b" }, b = { "c" }, c = { "a" } }, "a -> b -> c -> a")
    eq(find_cycle{ a = { "b", "c" }, b = { "c" }, c = {} }, nil)
  end)
end)

-- Fails listing every problem (eq would print two table addresses).
local function no_problems(problems)
  if #problems > 0 then error(#problems .. " problem(s):\n  " .. table.concat(problems, "\n  "), 2) end
end

describe("the layers of this tree", function()
  it("engine/core includes no Lua header and nothing from engine/lua or engine/", function()
    local problems = {}
    for _, path in ipairs(files("engine/core", "%.[ch]$")) do
      for _, p in ipairs(include_problems(path, read(path), "core")) do problems[#problems + 1] = p end
    end
    assert(#files("engine/core", "%.c$") > 10, "engine/core not found: run from the repository root")
    no_problems(problems)
  end)

  it("engine/lua includes nothing from engine/ above it", function()
    local problems = {}
    for _, path in ipairs(files("engine/lua", "%.[ch]$")) do
      for _, p in ipairs(include_problems(path, read(path), "lua")) do problems[#problems + 1] = p end
    end
    no_problems(problems)
  end)

  it("no stdlib module requires the top-level module \"burden\"", function()
    local problems = {}
    for _, path in ipairs(files("stdlib", "%.lua$")) do
      for _, r in ipairs(requires(read(path))) do
        if r.name == "burden" then problems[#problems + 1] = path .. ":" .. r.line end
      end
    end
    no_problems(problems)
  end)

  it("the stdlib has no require cycle", function()
    local graph, lines = stdlib_graph()
    assert(graph["burden.fit"] and graph["burden.analysis"], "stdlib/ not found")
    local cyc = find_cycle(graph)
    if cyc then
      local where = {}
      local parts = {}
      for m in cyc:gmatch("[^ >-]+") do parts[#parts + 1] = m end
      for i = 1, #parts - 1 do where[i] = lines[parts[i] .. " -> " .. parts[i + 1]] end
      error("require cycle: " .. cyc .. " (" .. table.concat(where, ", ") .. ")", 0)
    end
  end)

  it("scripts use only the public API: no burden.core.*", function()
    local problems = {}
    for _, path in ipairs(files("scripts", "%.lua$")) do
      local n = 0
      for line in (read(path) .. "\n"):gmatch("(.-)\r?\n") do
        n = n + 1
        if line:find("burden%.core") then problems[#problems + 1] = path .. ":" .. n end
      end
    end
    assert(#files("scripts", "%.lua$") > 10, "scripts/ not found")
    no_problems(problems)
  end)
end)

describe("public calls that replace reaching into another layer", function()
  local burden = require "burden"

  it("no public module or frame exports a '_'-prefixed name", function()
    local problems = {}
    for _, mod in ipairs({ "data", "fit", "domain", "hypothesis", "analysis", "dataset", "report",
        "plot", "cost", "flops", "models", "hw", "import", "units", "re", "format", "io", "cli",
        "suggest" }) do
      for k in pairs(burden[mod]) do
        if type(k) == "string" and k:sub(1, 1) == "_" then problems[#problems + 1] = mod .. "." .. k end
      end
    end
    local frame = burden.data.frame{ a = { 1, 2 } }
    assert(getmetatable(frame) == burden.data.Frame)
    for k in pairs(burden.data.Frame) do
      if type(k) == "string" and k:match("^_[^_]") then problems[#problems + 1] = "frame:" .. k end
    end
    table.sort(problems)
    no_problems(problems)
  end)

  it("dataset.resource reads a shipped data file, and raises on an unknown one", function()
    local text, where = burden.dataset.resource("data/hardware.csv")
    eq(where, "data/hardware.csv")
    eq(text, (runtime.resource("data/hardware.csv")))
    assert(text:find("^name,") or text:find("\nV100") or #text > 1000, "not the hardware table")
    assert_error("layers_test.lua:", function() burden.dataset.resource("data/none.csv") end)
    assert_error("dataset.resource: no embedded data file 'data/none.csv'",
      burden.dataset.resource, "data/none.csv")
    assert_error("bad argument #1 to 'resource' (string expected, got nil)",
      burden.dataset.resource)
  end)

  it("fit.quantile is R's type 7 (R: quantile(c(1,2,3,4,10), c(.3,.975)) = 2.2, 9.4)", function()
    local xs = { 1, 2, 3, 4, 10 }
    near(burden.fit.quantile(xs, 0.3), 2.2, 1e-15)
    near(burden.fit.quantile(xs, 0.975), 9.4, 1e-15)
    eq(burden.fit.quantile({}, 0.5), nil)
    eq(burden.analysis.quantile, burden.fit.quantile)
  end)

  it("fit.quantiles takes every column at every probability (R: quantile(1:4, c(.25, .5)) = 1.75, 2.5)",
    function()
      local q = burden.fit.quantiles({ { 1, 2, 3, 4 }, { 1, 2, 3, 4, 10 }, {} }, { 0.25, 0.5, 0.975 })
      near(q[1][1], 1.75, 1e-15)
      near(q[1][2], 2.5, 1e-15)
      near(q[2][3], 9.4, 1e-15)
      eq(q[3], {})
      assert_error("quantiles", burden.fit.quantiles, { { 1 } })
    end)

  it("model:model_matrix() is R's model.matrix, and robust fits predict through it", function()
    -- R: model.matrix(y ~ x + I(x^2), data.frame(x = c(1, 2, 4), y = c(1, 3, 2)))
    local m = burden.fit.lm({ x = { 1, 2, 4 }, y = { 1, 3, 2 } }, "y ~ x + I(x^2)")
    eq(m:model_matrix(), { { 1, 1, 1 }, { 1, 2, 4 }, { 1, 4, 16 } })
    local x, y = {}, {}
    for i = 1, 12 do x[i], y[i] = i, 2 + 0.5 * i + (i % 3 - 1) * 0.1 end
    local r = burden.fit.robust({ x = x, y = y }, "y ~ x")
    eq(#r:model_matrix(), 12)
    local p = r:predict()
    for i = 1, 12 do near(p.fit[i], y[i] - r.residuals[i], 1e-9) end
  end)

  it("line:project_draws inverts each coefficient draw as line:project does", function()
    local points = { compute = { 1e15, 1e16, 1e17, 1e18, 1e19 },
      error = { 0.40, 0.30, 0.22, 0.17, 0.12 } }
    points.n = 5
    for _, name in ipairs({ "polynomial", "exponential", "linear" }) do
      local f = burden.hypothesis.get(name):fit(points)
      local out = f:project_draws({ { f.intercept, f.slope }, { f.intercept, -f.slope } },
        { 0.1, 0.05 })
      for t, target in ipairs({ 0.1, 0.05 }) do
        near(out[t][1], f:project(target).compute, 1e-12)
        eq(out[t][2], math.huge) -- the mirrored line rises: never reaches the target
      end
    end
    -- exponential by hand: 1/e = a + b log10(c), so c = 10^((1/e - a) / b)
    local out = burden.hypothesis.get("exponential"):fit(points):project_draws({ { 1, 2 } }, { 0.1 })
    near(out[1][1], 10 ^ 4.5, 1e-12)
  end)
end)
