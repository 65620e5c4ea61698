-- doc/api/ against the code: every function a heading names exists, and every public
-- function of a module has a heading.
--
-- doc/api/NAME.md documents module burden.NAME (doc/api/fit.nls.md: burden.fit.nls). A
-- function is documented by a heading whose first code span starts with its name:
--   ### `data.read_csv(path [, opts])`         module function (module's last name first)
--   ### `burden.hypothesis.heldout(...)`       or the full name
--   ### `f:where(pred)`                        a method: the prefix names a sample object
--                                              built below (SAMPLES), per file
-- Other names in the same code span after a comma (`conv1d`, `conv2d`) count as documented
-- too. A heading whose first code span is not a call is prose and is not checked.

local burden = require "burden"
local runtime = require "burden.core.runtime"

-- a whole file, or an error naming it (burden.io.read gives nil and the message)
local function read(path) return assert(require("burden.io").read(path)) end

-- Objects whose methods the docs name, per file and prefix.
local SAMPLES = {
  ["data.md"] = {
    f = function() return burden.data.frame{ a = { 1, 2 }, b = { "x", "y" } } end,
    g = function() return burden.data.frame{ a = { 1, 2 } }:group_by("a") end,
  },
  ["re.md"] = { rx = function() return burden.re.compile("a") end },
  ["fit.md"] = {
    m = function() return burden.fit.lm({ x = { 1, 2, 3, 4 }, y = { 1, 3, 2, 5 } }, "y ~ x") end,
  },
  ["fit.nls.md"] = {
    m = function()
      return burden.fit.nls{ model = "y ~ a * x", x = { 1, 2, 3 }, y = { 2, 4.1, 5.9 },
        start = { 1 } }
    end,
  },
  ["flops.md"] = {
    net = function() return burden.flops.sequential{ input = { 4 }, burden.flops.linear{ out_features = 2 } } end,
    report = function()
      return burden.flops.sequential{ input = { 4 }, burden.flops.linear{ out_features = 2 } }:count()
    end,
  },
  ["domain.md"] = { d = function() return burden.domain.get("imagenet") end },
  ["hypothesis.md"] = {
    h = function() return burden.hypothesis.get("polynomial") end,
    line = function()
      return burden.hypothesis.get("polynomial"):fit(burden.domain.get("imagenet"):points(
        burden.dataset.load()))
    end,
    fit = function()
      local pts = burden.domain.get("imagenet"):points(burden.dataset.load())
      return burden.hypothesis.get("compute_and_time"):fit(pts)
    end,
  },
  ["report.md"] = {
    t = function() return burden.report.table{ columns = { { key = "a" } }, rows = { { a = 1 } } } end,
    page = function() return burden.report.html{ title = "x", sections = {} } end,
  },
  ["plot.md"] = { fig = function() return burden.plot.figure{} end },
}

-- The module a doc file documents: "fit.nls.md" -> burden.fit.nls.
local function module_of(file)
  local name = file:match("([^/]+)%.md$")
  return "burden." .. name, name
end

local function resolve(path)
  local v = burden
  local parts = {}
  for p in path:gmatch("[^.]+") do parts[#parts + 1] = p end
  if parts[1] == "burden" then table.remove(parts, 1) end
  for _, p in ipairs(parts) do
    if type(v) ~= "table" then return nil end
    v = v[p]
  end
  return v
end

-- The checked headings of a doc: { line, span, target, kind = "function"|"method", prefix }.
local function headings(text)
  local out = {}
  local n = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    local span = line:match("^#+%s+`([^`]+)`")
    if span then
      local prefix, meth = span:match("^([%a_][%w_]*):([%a_][%w_]*)")
      local fn = span:match("^([%a_][%w_.]*)%s*[%({]") or span:match("^([%a_][%w_.]*)$")
      if prefix then
        out[#out + 1] = { line = n, span = span, kind = "method", prefix = prefix, target = meth }
      elseif fn then
        out[#out + 1] = { line = n, span = span, kind = "function", target = fn }
      end
    end
  end
  return out
end

-- Names a file's headings document (every identifier in each heading's code spans).
local function documented(text)
  local set = {}
  for line in text:gmatch("[^\n]+") do
    if line:match("^#+%s") then
      for span in line:gmatch("`([^`]+)`") do
        for word in span:gmatch("[%a_][%w_]*") do set[word] = true end
      end
    end
  end
  return set
end

-- Problems of one doc file: functions named but missing, exports without a heading.
local function check_file(file, text, mod, short, samples)
  local problems = {}
  local function add(fmt, ...) problems[#problems + 1] = string.format(fmt, ...) end
  for _, h in ipairs(headings(text)) do
    if h.kind == "function" then
      local full = h.target
      local first = full:match("^[^.]+")
      if first ~= "burden" then
        -- relative to the module: its last name ("data.x", "nls.x") or its full short name
        local last = short:match("([^.]+)$")
        if full:sub(1, #short + 1) == short .. "." then
          full = "burden." .. full
        elseif first == last then
          full = mod .. full:sub(#first + 1)
        else
          full = "burden." .. full
        end
      end
      local v = resolve(full)
      if v == nil then
        add("%s:%d: `%s`: %s does not exist", file, h.line, h.span, full)
      end
    else
      local make = samples and samples[h.prefix]
      if not make then
        add("%s:%d: `%s`: no sample object '%s' for this file in tests/lua/api_docs_test.lua",
          file, h.line, h.span, h.prefix)
      else
        local obj = make()
        local ok, v = pcall(function() return obj[h.target] end)
        if not ok or type(v) ~= "function" then
          add("%s:%d: `%s`: %s has no method '%s'", file, h.line, h.span, h.prefix, h.target)
        end
      end
    end
  end
  local ok, m = pcall(require, mod)
  if ok and type(m) == "table" then
    local have = documented(text)
    local names = {}
    for k, v in pairs(m) do
      if type(k) == "string" and not k:match("^_") and type(v) == "function" then
        names[#names + 1] = k
      end
    end
    table.sort(names)
    for _, k in ipairs(names) do
      if not have[k] then add("%s: %s.%s has no heading", file, mod, k) end
    end
  else
    add("%s: module %s does not exist", file, mod)
  end
  return problems
end

describe("api docs checker (on made-up docs)", function()
  it("finds a missing function, a missing method and an undocumented export", function()
    local text = "# `burden.suggest`\n### `suggest.distance(a, b)`\n### `suggest.nope(x)`\n" ..
      "### `s:len()`\n### Prose heading\n"
    local p = check_file("suggest.md", text, "burden.suggest", "suggest",
      { s = function() return "abc" end })
    eq(p, {
      "suggest.md:3: `suggest.nope(x)`: burden.suggest.nope does not exist",
      "suggest.md: burden.suggest.closest has no heading",
    })
    p = check_file("suggest.md", "### `x:y()`\n### `suggest.closest`, `distance`\n",
      "burden.suggest", "suggest", {})
    eq(p, { "suggest.md:1: `x:y()`: no sample object 'x' for this file in tests/lua/api_docs_test.lua" })
  end)
end)

describe("doc/api", function()
  local files = {}
  for _, name in ipairs(runtime.listdir("doc/api") or {}) do
    if name:match("%.md$") and name ~= "README.md" and name ~= "core.md" then
      files[#files + 1] = name
    end
  end
  it("has one file per module", function()
    assert(#files >= 20, "doc/api has " .. #files .. " module files")
  end)
  for _, name in ipairs(files) do
    it(name .. " matches the code", function()
      local mod, short = module_of(name)
      local p = check_file("doc/api/" .. name, read("doc/api/" .. name), mod, short, SAMPLES[name])
      assert(#p == 0, table.concat(p, "\n"))
    end)
  end
  it("the index links every module file", function()
    local index = read("doc/api/README.md")
    for _, name in ipairs(files) do
      assert(index:find("(" .. name .. ")", 1, true), "doc/api/README.md does not link " .. name)
    end
  end)
end)
