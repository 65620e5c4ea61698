--- burden.options: the one option checker of the public API, and errors and warnings
-- that point at the user's line.
--
--   local options = require "burden.options"
--   local FIT_LM = { "weights", "solver", "ref", "invalid" }   -- adding a key: one word
--   opts = options.check("fit.lm", opts, FIT_LM, 3)
--     --> script.lua:7: fit.lm: unknown option 'weigths' (did you mean 'weights'?)
--   options.positive_integer("fit.bootstrap", "threads", args.threads)
--   options.fraction("fit.bootstrap", "level", args.level)      -- in (0, 1)
--   options.raise("domain.define: ...")   -- error at the first line outside the stdlib
--   options.warn("data.csv:17: column 'x' ...")  -- "burden: warning: ..." on stderr
--   options.wrap(fn)   -- fn's errors re-raised at the caller's line (stdlib lines removed)
--   options.wrap(fn, { name = "fit.lm", options = FIT_LM, arg = 3 })  -- and opts checked
local suggest = require "burden.suggest"
local runtime = require "burden.core.runtime"
local shortest = require("burden.format").shortest

local M = {}

-- Chunks of the stdlib are named "@<dir>/burden/x.lua" (embedded: "@stdlib/burden/...";
-- --stdlib DIR: "@DIR/burden/..."); this file tells which <dir>.
local SELF = debug.getinfo(1, "S").source
local STDLIB_DIR = SELF:match("^@(.*/)options%.lua$") or "stdlib/burden/"
local STDLIB_ROOT = STDLIB_DIR:sub(1, -2) .. ".lua"

local function is_stdlib(source)
  if type(source) ~= "string" or source:sub(1, 1) ~= "@" then return false end
  local path = source:sub(2)
  return path:sub(1, #STDLIB_DIR) == STDLIB_DIR or path == STDLIB_ROOT
end
M.is_stdlib = is_stdlib

--- Raises msg as an error at the first line outside the stdlib (the user's line).
function M.raise(msg)
  -- getinfo level g seen from here is error level g: 1 is raise itself
  for level = 2, 200 do
    local info = debug.getinfo(level, "S")
    if not info then break end
    if info.what ~= "C" and not is_stdlib(info.source) then error(msg, level) end
  end
  error(msg, 0)
end

-- Warnings of this run, in order (tests read them; the user sees them on stderr).
local warnings = {}

local quiet = 0

--- Writes "burden: warning: msg" on stderr (never silent) and records it.
function M.warn(msg)
  if quiet > 0 then return end
  warnings[#warnings + 1] = msg
  io.stderr:write("burden: warning: ", msg, "\n")
  io.stderr:flush()
end

--- fn(...) without the warnings of the CSV reader: only for the stdlib's importers, which
-- parse the text of every column they use themselves ("$1,234", "1.5e18 FLOP").
function M.without_warnings(fn, ...)
  quiet = quiet + 1
  local res = table.pack(pcall(fn, ...))
  quiet = quiet - 1
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

--- True inside without_warnings: a warning would not be shown, so work done only to word
-- one (re-reading a file to find a bad cell) can be skipped.
function M.warnings_off()
  return quiet > 0
end

--- The warnings given so far (a copy), and clears them when `clear` is true.
function M.warnings(clear)
  local out = table.move(warnings, 1, #warnings, 1, {})
  if clear then warnings = {} end
  return out
end

--- fn wrapped so that its errors read as raised at the caller's line: a message
-- positioned in the stdlib ("stdlib/burden/x.lua:54: text", unless the text is a Lua
-- runtime error, "attempt to ...", which is a bug whose place the report needs), or a
-- message without a position on its first line, is re-raised at the first line outside
-- the stdlib, as M.raise does. Errors from the user's own code (callbacks) keep their
-- position; error objects that are not strings pass unchanged. The wrapper is a C
-- closure (burden.core.runtime.wrapper): every public call goes through it.
--
-- With a spec, the wrapper also checks the call's options table before fn runs, as
-- M.check would inside fn (same messages, at the caller's line), so fn does not:
--   options.wrap(fn, { name = "fit.lm", options = OPTS, arg = 3 })
-- name: the function in messages; options: the allowed keys (an array of names or a set,
-- read once, here); arg (default 1): the argument's number in messages; method = true:
-- fn is a method, so the table is the argument after self (stack position arg + 1);
-- keys_only = true: only a table is checked, anything else is left to fn (which takes
-- other values there, or words its own error). Unknown keys are worded by M.unknown.
-- level = N: argument N (numbered as arg is) is a confidence level, checked first, as
-- M.fraction(name, "level", v) checks it (options may then be left out: no table).
-- Without a spec, the one M.declare gave fn, if any.
local declared = setmetatable({}, { __mode = "k" }) -- fn -> spec (M.declare)
M.wrap = runtime.wrapper(STDLIB_DIR, STDLIB_ROOT, function(...) return M.unknown(...) end,
  declared, function(...) return M.fraction(...) end)

--- Declares the spec fn is to be wrapped with (see wrap), where a module defines fn and
-- another wraps it (burden.fit.nls's functions, wrapped by burden.fit). Returns fn.
function M.declare(fn, spec)
  if type(fn) ~= "function" or spec == nil then
    error("options.declare: a function and its spec expected", 2)
  end
  M.wrap(fn, spec) -- a bad spec raises here
  declared[fn] = spec
  return fn
end

--- Wraps the named functions of module table t in place (see wrap); specs (optional)
-- maps a name to its spec (wrap's second argument). Returns t.
function M.wrap_all(t, names, specs)
  local wrapped = {}
  for _, name in ipairs(names) do
    local f = rawget(t, name)
    if type(f) ~= "function" then error("options.wrap_all: no function '" .. name .. "'", 2) end
    t[name] = M.wrap(f, specs and specs[name])
    wrapped[name] = true
  end
  for name in pairs(specs or {}) do
    if not wrapped[name] then error("options.wrap_all: a spec for '" .. tostring(name) ..
      "', which is not wrapped", 2) end
  end
  return t
end

-- Sets of allowed keys, cached by list.
local sets = setmetatable({}, { __mode = "k" })

local function set_of(allowed)
  local s = sets[allowed]
  if not s then
    s = {}
    for k, v in pairs(allowed) do
      if type(k) == "number" then s[v] = true else s[k] = true end
    end
    sets[allowed] = s
  end
  return s
end

local function known_text(allowed)
  local names = {}
  for k in pairs(set_of(allowed)) do names[#names + 1] = tostring(k) end
  table.sort(names)
  return table.concat(names, ", ")
end

--- The message for an unknown key, or nil: "fname: unknown option 'weigths' (did you mean
-- 'weights'?)" when a known name is close, else the known names.
function M.unknown(fname, opts, allowed, what)
  local set = set_of(allowed)
  local bad = {}
  for k in pairs(opts) do
    if not set[k] then bad[#bad + 1] = k end
  end
  if #bad == 0 then return nil end
  table.sort(bad, function(a, b) return tostring(a) < tostring(b) end)
  local key = bad[1]
  what = what or "option"
  if type(key) ~= "string" then
    return string.format("%s: unexpected %s [%s] (options are named: %s)", fname, what,
      tostring(key), known_text(allowed))
  end
  local names = {}
  for k in pairs(set) do names[#names + 1] = tostring(k) end
  table.sort(names)
  if #names == 0 then
    return string.format("%s: unknown %s '%s' (it takes no options)", fname, what, key)
  end
  local close, d = suggest.closest(names, key, 1)
  -- close enough to be the same word mistyped: one edit, two in a word of 4 letters or
  -- more ('levle'), or a third of its letters
  if close[1] and d and (d <= 1 or (d == 2 and #key >= 4) or d <= #key // 3) then
    return string.format("%s: unknown %s '%s' (did you mean '%s'?)", fname, what, key, close[1])
  end
  return string.format("%s: unknown %s '%s' (known: %s)", fname, what, key, known_text(allowed))
end

--- Checks an options table: nil gives {}; anything but a table, or a key not in `allowed`
-- (an array of names, or a set), raises at the user's line. argn is the argument's
-- position, for "bad argument #argn to 'fname'". Returns the table.
function M.check(fname, opts, allowed, argn)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    M.raise(string.format("bad argument #%d to '%s' (table of options expected, got %s)",
      argn or 1, fname, type(opts)))
  end
  local msg = M.unknown(fname, opts, allowed)
  if msg then M.raise(msg) end
  return opts
end

--- Checks every options table of an array as check does one, in order: a bad one is
-- named by its index through `fmt` ("report.table: columns[%d]"). One call per array,
-- whatever its length; returns the array.
function M.check_each(fmt, list, allowed)
  local set = set_of(allowed)
  for i, opts in ipairs(list) do
    for k in pairs(opts) do
      if not set[k] then M.raise(M.unknown(fmt:format(i), opts, allowed)) end
    end
  end
  return list
end

-- A number as its shortest exact text (2.5, 1e+300), anything else as its type.
local function shown(v)
  if type(v) ~= "number" then return type(v) end
  return shortest(v)
end

--- Raises unless v is nil or a positive integer (math.type integer or an integral float).
function M.positive_integer(fname, name, v, allow_zero)
  if v == nil then return nil end
  local ok = type(v) == "number" and v == math.floor(v) and v < 2 ^ 53
    and (v > 0 or (allow_zero and v == 0))
  if not ok then
    M.raise(string.format("%s: %s must be a %s integer, got %s", fname, name,
      allow_zero and "non-negative" or "positive", shown(v)))
  end
  return math.tointeger(v)
end

--- Raises unless v is nil or a number strictly between 0 and 1 (a level, a fraction).
function M.fraction(fname, name, v)
  if v == nil then return nil end
  if type(v) ~= "number" or not (v > 0 and v < 1) then
    M.raise(string.format("%s: %s must be a number between 0 and 1 (exclusive), got %s", fname,
      name, shown(v)))
  end
  return v
end

return M
