-- burden.options.wrap: a public function's errors read as raised at the caller's line.
-- The wrapper is a C closure (engine/lua/runtime.c); these cases pin the message rewriting
-- it shares with the Lua wrapper it replaced, byte for byte.
local options = require "burden.options"

-- A chunk named as a stdlib file, so that its errors carry a stdlib position.
local STDLIB = debug.getinfo(options.raise, "S").source:match("^@(.*/)options%.lua$")
local function stdlib_chunk(code)
  return assert(load(code, "@" .. STDLIB .. "wrap_case.lua"))()
end

-- this file's name as error positions show it
local HERE = debug.getinfo(1, "S").short_src

local function line_of(fn)
  return debug.getinfo(fn, "S").linedefined
end

-- Calls w() from a line of this file: pcall's ok and error, and that line.
local function call_here(w)
  local line
  local ok, err = pcall(function()
    line = debug.getinfo(1, "l").currentline + 1
    w()
  end)
  return ok, err, line
end

describe("options.wrap", function()
  it("is a C closure: no Lua frame, no table.pack per call", function()
    local w = options.wrap(function() end)
    eq(debug.getinfo(w, "S").what, "C")
  end)

  it("returns every result, nils and the count included", function()
    local w = options.wrap(function(...) return ... end)
    eq(select("#", w()), 0)
    eq(select("#", w(nil)), 1)
    eq(table.pack(w(1, nil, 3, nil)), { n = 4, 1, nil, 3, nil })
    local many = {}
    for i = 1, 300 do many[i] = i end
    eq(select("#", w(table.unpack(many))), 300)
    eq(select(300, w(table.unpack(many))), 300)
  end)

  it("re-raises a stdlib-positioned message at the caller's line, without the stdlib position", function()
    local inner = stdlib_chunk("return function() error('fit.x: bad thing') end")
    local w = options.wrap(inner)
    local ok, err, line = call_here(w)
    eq(ok, false)
    eq(err, HERE .. ":" .. line .. ": fit.x: bad thing")
  end)

  it("re-raises a message without a position at the caller's line", function()
    local w = options.wrap(function() error("no position here", 0) end)
    local ok, err, line = call_here(w)
    eq(ok, false)
    eq(err, HERE .. ":" .. line .. ": no position here")
  end)

  it("keeps a stdlib runtime error ('attempt to') where it happened: it is a bug to report", function()
    local inner = stdlib_chunk("return function() local t = nil; return t.x end")
    local ok, err = pcall(options.wrap(inner))
    eq(ok, false)
    assert(err:find("^" .. STDLIB:gsub("%p", "%%%0") .. "wrap_case%.lua:1: attempt to index"), err)
  end)

  it("keeps the position of an error in the user's own code (a callback)", function()
    local function callback() error("mine") end
    local cb_line = line_of(callback)
    local w = options.wrap(function(f) f() end)
    local ok, err = pcall(w, callback)
    eq(ok, false)
    eq(err, HERE .. ":" .. cb_line .. ": mine")
  end)

  it("keeps a message whose position is not on its first line as a positionless one", function()
    -- "^[^\n]-:%d+: ": a position after a newline does not count
    local w = options.wrap(function() error("two lines\nx.lua:3: later", 0) end)
    local ok, err, line = call_here(w)
    eq(ok, false)
    eq(err, HERE .. ":" .. line .. ": two lines\nx.lua:3: later")
  end)

  it("passes error objects that are not strings through unchanged: tables, nil, numbers", function()
    local obj = { code = 7 }
    local ok, err = pcall(options.wrap(function() error(obj) end))
    eq(ok, false)
    assert(rawequal(err, obj), "the same table")
    ok, err = pcall(options.wrap(function() error(nil) end))
    eq(ok, false)
    eq(err, nil)
    ok, err = pcall(options.wrap(function() error(42) end))
    eq(ok, false)
    eq(math.type(err), "integer")
    eq(err, 42)
  end)

  it("leaves the message as it is when no frame outside the stdlib is on the stack", function()
    local w = options.wrap(function() error("deep", 0) end)
    local call = stdlib_chunk("return function(f) local ok, e = pcall(f); return e end")
    -- a coroutine whose only Lua frames are stdlib ones
    local co = coroutine.wrap(call)
    eq(co(w), "deep")
  end)

  it("lets the wrapped function yield across it, and still rewrites errors after a resume", function()
    local w = options.wrap(function(a)
      local b = coroutine.yield(a + 1)
      if b == "fail" then error("after yield", 0) end
      return a + b, "done"
    end)
    local co = coroutine.create(w)
    local ok, v = coroutine.resume(co, 1)
    eq({ ok, v }, { true, 2 })
    local ok2, r1, r2 = coroutine.resume(co, 10)
    eq({ ok2, r1, r2 }, { true, 11, "done" })
    local line
    co = coroutine.create(function()
      line = debug.getinfo(1, "l").currentline + 1
      local r = w(1)
      return r
    end)
    coroutine.resume(co)
    local ok3, err = coroutine.resume(co, "fail")
    eq(ok3, false)
    eq(err, HERE .. ":" .. line .. ": after yield")
  end)

  it("wrap_all wraps names in place and rejects a missing one", function()
    local t = { f = function() return 1 end }
    options.wrap_all(t, { "f" })
    eq(t.f(), 1)
    eq(debug.getinfo(t.f, "S").what, "C")
    assert_error("options.wrap_all: no function 'g'", options.wrap_all, t, { "g" })
  end)
end)
