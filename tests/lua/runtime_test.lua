-- The burden module's entry points and the runtime binding.
local burden = require "burden"
local runtime = require "burden.core.runtime"

describe("burden", function()
  it("reports a semantic version", function()
    assert(burden.version:match("^%d+%.%d+%.%d+$"), burden.version)
    eq(burden.version, runtime.version)
  end)

  it("has a fixed default seed", function()
    eq(burden.seed(), 1)
  end)

  it("keeps the stdlib's chunk names and line numbers in tracebacks (embedded as bytecode)", function()
    -- options.check raises through options.raise, a Lua function of the stdlib
    local _, tb = xpcall(function() require("burden.options").check("f", "bad") end, debug.traceback)
    -- the line of the error() call in options.raise, read from the source file itself
    local n, line = 0, nil
    for l in io.lines("stdlib/burden/options.lua") do
      n = n + 1
      if not line and l:find("then error(msg, level) end", 1, true) then line = n end
    end
    assert(tb:find("stdlib/burden/options.lua:" .. line .. ": in function 'burden.options.raise'", 1,
      true), tb)
    local info = debug.getinfo(require("burden.options").raise, "S")
    eq(info.source, "@stdlib/burden/options.lua")
  end)

  it("reads unknown submodules as nil", function()
    eq(burden.no_such_module, nil)
  end)

  it("seeds math.random from the run's seed", function()
    local a = math.random(1, 1000000)
    math.randomseed(burden.seed())
    local first = math.random(1, 1000000)
    math.randomseed(burden.seed())
    eq(math.random(1, 1000000), first)
    assert(type(a) == "number")
  end)
end)

describe("runtime", function()
  it("lists a directory sorted", function()
    local names = runtime.listdir("tests/lua")
    local found = false
    for i, n in ipairs(names) do
      if n == "runtime_test.lua" then found = true end
      if i > 1 then assert(names[i - 1] < n, "not sorted") end
    end
    assert(found)
  end)

  it("returns nil and a message for a missing directory", function()
    local names, msg = runtime.listdir("no/such/dir")
    eq(names, nil)
    eq(msg, "cannot open directory no/such/dir")
  end)

  it("has a monotonic clock", function()
    local a = runtime.clock()
    local b = runtime.clock()
    assert(b >= a)
  end)

  it("names the library versions", function()
    local v = runtime.versions()
    eq(v.lua, "5.4.4")
    assert(v.gsl:match("^2%."), v.gsl)
    assert(v.pcre2:match("^10%."), v.pcre2)
  end)
end)

describe("package search", function()
  it("ignores LUA_PATH and loads no C modules from disk", function()
    eq(package.cpath, "")
    assert(not package.path:find(os.getenv("LUA_PATH") or "\0", 1, true))
  end)

  it("loads the embedded stdlib with chunk names under stdlib/", function()
    local info = debug.getinfo(burden.seed, "S")
    eq(info.source, "@stdlib/burden.lua")
  end)
end)

describe("test helpers", function()
  it("near accepts and rejects by relative tolerance", function()
    near(1.0 + 1e-12, 1.0)
    assert_error("near: ", near, 1.1, 1.0, 1e-3)
  end)

  it("assert_error matches plain text and patterns", function()
    assert_error("a.b", function() error("x a.b y") end)
    assert_error("^%d+ items", function() error("12 items", 0) end)
    assert_error("no error raised", assert_error, "x", function() end)
  end)
end)
