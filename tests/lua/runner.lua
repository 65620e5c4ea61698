-- Tier 2: Lua-level tests, run by the burden binary itself.
--
--   burden tests/lua/runner.lua [FILE_test.lua ...]
--
-- With no arguments it runs every tests/lua/**/*_test.lua. Each test file runs in
-- its own environment (reading through to the globals) with these helpers:
--   describe(name, fn)            group tests; names are joined in reports
--   it(name, fn)                  one test; an error or a failed assert fails it
--   skip(reason)                  inside `it`: stop and count the test as skipped
--   assert_error(pattern, f, ...) f(...) must raise an error whose message matches
--                                 `pattern` (a plain substring unless it starts with '^')
--   near(a, b, rtol)              |a - b| <= rtol * |b| (rtol default 1e-9), else fail
--   eq(a, b)                      a == b (tables compared deeply), else fail
--   error_message(f, ...)         the message f(...) raises, without the "file:line: " the
--                                 public wrapper puts first (fails when f does not raise)
--   shared_data(rel)              path of ../shared/data/<rel>, or nil when it is absent
--   need_file(path)               skip the test when path does not exist
--   peer                          the reference peers (python3, Rscript): tests/lua/peer.lua
-- It ends with "lua: N passed, N failed" (", N skipped" when any were skipped).

local runtime = require "burden.core.runtime"

local SKIP = setmetatable({}, { __tostring = function() return "skip" end })

local results = { passed = 0, failed = 0, skipped = 0, skips = {}, failures = {} }

local function file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function list_tests(dir, out)
  local names = runtime.listdir(dir)
  if not names then return out end
  for _, name in ipairs(names) do
    local path = dir .. "/" .. name
    if name:match("_test%.lua$") then
      out[#out + 1] = path
    elseif not name:find("%.") and runtime.listdir(path) then
      list_tests(path, out)
    end
  end
  return out
end

local function fmt(v)
  if type(v) == "number" then return string.format("%.17g", v) end
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_equal(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local helpers = {}

function helpers.skip(reason)
  error(setmetatable({ reason = reason or "no reason given" }, { __index = SKIP, skip = true }), 0)
end

function helpers.near(a, b, rtol)
  rtol = rtol or 1e-9
  if type(a) ~= "number" or type(b) ~= "number" then
    error(string.format("near: expected two numbers, got %s and %s", fmt(a), fmt(b)), 2)
  end
  local scale = math.abs(b) > 0 and math.abs(b) or 1
  if not (math.abs(a - b) <= rtol * scale) then
    error(string.format("near: %s is not within %g of %s (relative error %.3g)",
      fmt(a), rtol, fmt(b), math.abs(a - b) / scale), 2)
  end
  return true
end

function helpers.eq(a, b)
  if not deep_equal(a, b) then
    error(string.format("eq: %s ~= %s", fmt(a), fmt(b)), 2)
  end
  return true
end

function helpers.error_message(f, ...)
  local ok, err = pcall(f, ...)
  if ok then error("error_message: no error raised", 2) end
  return (tostring(err):gsub("^[^\n]-:%d+: ", ""))
end

function helpers.assert_error(pattern, f, ...)
  local ok, err = pcall(f, ...)
  if ok then
    error("assert_error: no error raised (expected " .. fmt(pattern) .. ")", 2)
  end
  local msg = tostring(err)
  local found
  if pattern:sub(1, 1) == "^" then
    found = msg:find(pattern:sub(2))
  else
    found = msg:find(pattern, 1, true)
  end
  if not found then
    error(string.format("assert_error: message %s does not match %s", fmt(msg), fmt(pattern)), 2)
  end
  return msg
end

function helpers.shared_data(rel)
  local path = "../shared/data/" .. rel
  return file_exists(path) and path or nil
end

function helpers.need_file(path)
  if not file_exists(path) then helpers.skip("missing " .. path) end
  return path
end

-- one copy of the peer helpers for every file (availability checks are cached)
helpers.peer = assert(loadfile("tests/lua/peer.lua", "t"))(helpers.skip)

local function is_skip(err)
  local mt = type(err) == "table" and getmetatable(err)
  return mt and mt.skip
end

local function run_file(path)
  local prefix = {}
  local env = setmetatable({}, { __index = _G })
  for k, v in pairs(helpers) do env[k] = v end

  function env.describe(name, fn)
    prefix[#prefix + 1] = name
    fn()
    prefix[#prefix] = nil
  end

  function env.it(name, fn)
    local full = table.concat(prefix, " ") .. (#prefix > 0 and " " or "") .. name
    local ok, err = xpcall(fn, function(e)
      if is_skip(e) then return e end
      return debug.traceback(tostring(e), 2)
    end)
    if ok then
      results.passed = results.passed + 1
    elseif is_skip(err) then
      results.skipped = results.skipped + 1
      results.skips[#results.skips + 1] = string.format("SKIP %s: %s: %s", path, full, err.reason)
    else
      results.failed = results.failed + 1
      results.failures[#results.failures + 1] = string.format("FAIL %s: %s\n  %s", path, full,
        tostring(err):gsub("\n", "\n  "))
    end
  end

  local chunk, err = loadfile(path, "t", env)
  if not chunk then
    results.failed = results.failed + 1
    results.failures[#results.failures + 1] = "FAIL " .. path .. ": cannot load: " .. err
    return
  end
  local ok, run_err = xpcall(chunk, debug.traceback)
  if not ok then
    results.failed = results.failed + 1
    results.failures[#results.failures + 1] = "FAIL " .. path .. ": error outside a test:\n  "
      .. tostring(run_err):gsub("\n", "\n  ")
  end
end

local files = {}
if #arg > 0 then
  for i = 1, #arg do files[i] = arg[i] end
else
  list_tests("tests/lua", files)
end

for _, path in ipairs(files) do run_file(path) end

for _, line in ipairs(results.failures) do io.stderr:write(line, "\n") end
for _, line in ipairs(results.skips) do print(line) end
local summary = string.format("lua: %d passed, %d failed", results.passed, results.failed)
if results.skipped > 0 then
  summary = summary .. string.format(", %d skipped", results.skipped)
end
print(summary)
if results.failed > 0 or results.passed + results.skipped == 0 then os.exit(1) end
