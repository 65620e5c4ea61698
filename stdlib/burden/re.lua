--- burden.re: regular expressions (PCRE2, UTF-8 mode).
--
-- rx = re.compile(pattern [, flags]) gives a reusable object (compiled patterns are
-- cached); flags are letters among "i" (caseless), "m" (multiline), "s" (dot matches
-- newline), "x" (extended), "U" (ungreedy). A match is a table: m[0] the whole match,
-- m[1..n] the numbered groups, m.name the named ones (false when a group took no part).
-- Positions are 1-based byte offsets with inclusive ends, as in string.find.
local core = require "burden.core.regex"

local re = {}

local Regex = {}
Regex.__index = Regex
Regex.__name = "burden.re.regex"

local cache = setmetatable({}, { __mode = "v" })

--- Compiles pattern (or returns the cached object). Syntax errors raise
-- "re.compile: MESSAGE at offset N in pattern 'P'".
function re.compile(pattern, flags)
  if type(pattern) ~= "string" then
    error("bad argument #1 to 'compile' (string expected, got " .. type(pattern) .. ")", 2)
  end
  if flags ~= nil and type(flags) ~= "string" then
    error("bad argument #2 to 'compile' (flag letters expected, got " .. type(flags) .. ")", 2)
  end
  flags = flags or ""
  local key = flags .. "/" .. pattern
  local rx = cache[key]
  if rx then return rx end
  local ok, code = pcall(core.compile, pattern, flags)
  if not ok then error(code, 2) end
  rx = setmetatable({ pattern = pattern, flags = flags, _code = code, _ncap = code:ncaptures(),
    _names = code:names() }, Regex)
  cache[key] = rx
  return rx
end

function Regex.__tostring(rx)
  return "regex(" .. rx.pattern .. (rx.flags ~= "" and ", " .. rx.flags or "") .. ")"
end

local function as_regex(p, fname)
  if getmetatable(p) == Regex then return p end
  if type(p) ~= "string" then
    error(string.format("bad argument #2 to '%s' (pattern expected, got %s)", fname, type(p)), 3)
  end
  return re.compile(p)
end

local function check_subject(s, fname)
  if type(s) ~= "string" then
    if type(s) == "number" then return tostring(s) end
    error(string.format("bad argument #1 to '%s' (string expected, got %s)", fname, type(s)), 3)
  end
  return s
end

-- The match table from exec's positions.
local function build(rx, s, pos)
  local m = { [0] = s:sub(pos[1], pos[2]) }
  for g = 1, rx._ncap do
    local a, b = pos[2 * g + 1], pos[2 * g + 2]
    m[g] = a and s:sub(a, b) or false
  end
  for name, g in pairs(rx._names) do m[name] = m[g] end
  return m
end

-- The byte length of the UTF-8 character starting at i (1 for invalid bytes).
local function char_len(s, i)
  local c = s:byte(i)
  if not c or c < 0xC0 then return 1 end
  local n = c >= 0xF0 and 4 or c >= 0xE0 and 3 or 2
  for k = 1, n - 1 do
    local d = s:byte(i + k)
    if not d or d < 0x80 or d > 0xBF then return 1 end
  end
  return n
end

-- Iterates over successive matches as position arrays, handling empty matches the
-- way PCRE2's own demo does (retry anchored and non-empty, else step one character).
local function positions(rx, s, init)
  local pos, options = init or 1, 0
  local code = rx._code
  local retry = core.NOTEMPTY_ATSTART | core.ANCHORED
  return function()
    while true do
      if pos > #s + 1 then return nil end
      local r = { code:exec(s, pos, options) }
      if r[1] ~= nil then
        local start, stop = r[1], r[2]
        pos = stop + 1
        options = (stop < start) and retry or 0
        return r
      end
      if options == 0 then
        pos = #s + 2
        return nil
      end
      -- an empty match was just found here and no other match starts here
      options = 0
      pos = pos + char_len(s, pos)
    end
  end
end

--- The first match at or after init, as a table; nil when none.
function Regex:match(s, init)
  s = check_subject(s, "match")
  local r = { self._code:exec(s, init or 1, 0) }
  if r[1] == nil then return nil end
  return build(self, s, r)
end

--- start, stop and the match table of the first match at or after init; nil when none.
function Regex:find(s, init)
  s = check_subject(s, "find")
  local r = { self._code:exec(s, init or 1, 0) }
  if r[1] == nil then return nil end
  return r[1], r[2], build(self, s, r)
end

--- True when the pattern matches somewhere in s.
function Regex:test(s)
  s = check_subject(s, "test")
  return self._code:exec(s, 1, 0) ~= nil
end

--- For an array of subjects (strings or numbers, as test takes them), an array of
-- booleans: out[i] is subjects[i]:test. One call for a whole column (burden.domain's
-- keep/drop `match`), not one per value.
function Regex:test_each(subjects)
  if type(subjects) ~= "table" then
    error("bad argument #1 to 'test_each' (array of strings expected, got " .. type(subjects)
      .. ")", 2)
  end
  local code, out = self._code, {}
  for i = 1, #subjects do
    local s = subjects[i]
    if type(s) == "number" then
      s = tostring(s)
    elseif type(s) ~= "string" then
      error(string.format("bad argument #1 to 'test_each' (string expected at index %d, got %s)",
        i, type(s)), 2)
    end
    out[i] = code:exec(s, 1, 0) ~= nil
  end
  return out
end

--- An iterator over the match tables of every match.
function Regex:gmatch(s, init)
  s = check_subject(s, "gmatch")
  local nextpos = positions(self, s, init)
  return function()
    local r = nextpos()
    if r then return build(self, s, r) end
  end
end

-- Expands $0..$9, ${name} or ${12}, and $$ in a replacement string (one pass, so
-- captured text is never expanded again).
local function expand(rx, template, m)
  local out, i, n = {}, 1, #template
  local function group(g, label)
    if g == nil or g > rx._ncap then
      error(string.format("gsub: replacement refers to unknown group '%s'", label), 0)
    end
    return m[g] or ""
  end
  while i <= n do
    local j = template:find("$", i, true)
    if not j then
      out[#out + 1] = template:sub(i)
      break
    end
    out[#out + 1] = template:sub(i, j - 1)
    local c = template:sub(j + 1, j + 1)
    if c == "$" then
      out[#out + 1] = "$"
      i = j + 2
    elseif c:match("^%d$") then
      out[#out + 1] = group(tonumber(c), c)
      i = j + 2
    elseif c == "{" then
      local close = template:find("}", j + 2, true)
      if not close then error("gsub: unterminated ${ in the replacement", 0) end
      local name = template:sub(j + 2, close - 1)
      out[#out + 1] = group(tonumber(name) or rx._names[name], name)
      i = close + 1
    else
      error("gsub: '$' in a replacement must be followed by a digit, {name} or $", 0)
    end
  end
  return table.concat(out)
end

--- Replaces up to n matches (all by default). repl is a string ($0, $1, ${name}, $$), a
-- table (indexed by the first group, or the whole match when there are no groups) or a
-- function(match_table); a nil or false result keeps the original text. Returns the new
-- string and the number of matches replaced.
function Regex:gsub(s, repl, n)
  s = check_subject(s, "gsub")
  local rt = type(repl)
  if rt ~= "string" and rt ~= "table" and rt ~= "function" then
    error("bad argument #2 to 'gsub' (string, table or function expected, got " .. rt .. ")", 2)
  end
  local out, last, count = {}, 1, 0
  for r in positions(self, s) do
    if n and count >= n then break end
    local start, stop = r[1], r[2]
    local m = build(self, s, r)
    local v
    if rt == "string" then
      local ok, res = pcall(expand, self, repl, m)
      if not ok then error(res, 2) end
      v = res
    elseif rt == "table" then
      v = repl[self._ncap > 0 and m[1] or m[0]]
    else
      v = repl(m)
    end
    if v == nil or v == false then
      v = m[0]
    elseif type(v) == "number" then
      v = tostring(v)
    elseif type(v) ~= "string" then
      error("gsub: invalid replacement value (a " .. type(v) .. ")", 2)
    end
    out[#out + 1] = s:sub(last, start - 1)
    out[#out + 1] = v
    last = stop + 1
    count = count + 1
  end
  out[#out + 1] = s:sub(last)
  return table.concat(out), count
end

--- The pieces of s between matches (at most max splits when given).
function Regex:split(s, max)
  s = check_subject(s, "split")
  local out, last, count = {}, 1, 0
  for r in positions(self, s) do
    if max and count >= max then break end
    local start, stop = r[1], r[2]
    if not (stop < start and (start == 1 or start == #s + 1)) then
      out[#out + 1] = s:sub(last, start - 1)
      last = stop + 1
      count = count + 1
    end
  end
  out[#out + 1] = s:sub(last)
  return out
end

--- Number of capture groups, and the named ones as { name = group }.
function Regex:ncaptures() return self._ncap end

function Regex:names()
  local out = {}
  for k, v in pairs(self._names) do out[k] = v end
  return out
end

-- Module-level forms taking (subject, pattern, ...), like the string library.
function re.match(s, p, init) return as_regex(p, "match"):match(s, init) end

function re.find(s, p, init) return as_regex(p, "find"):find(s, init) end

function re.test(s, p) return as_regex(p, "test"):test(s) end

function re.gmatch(s, p, init) return as_regex(p, "gmatch"):gmatch(s, init) end

function re.gsub(s, p, repl, n) return as_regex(p, "gsub"):gsub(s, repl, n) end

function re.split(s, p, max) return as_regex(p, "split"):split(s, max) end

--- True when x is a compiled pattern.
function re.is_regex(x) return getmetatable(x) == Regex end

return re
