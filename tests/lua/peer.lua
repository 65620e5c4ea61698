-- Reference peers for Lua tests: Debian's /usr/bin/python3 and Rscript run programs on
-- data the test writes, and print "key v1 v2 ..." lines the test compares with burden's
-- numbers. The runner loads this file once and gives every test file the table as
-- `peer`:
--   peer.python{ "statsmodels", ... }  "/usr/bin/python3" when it imports every module,
--                                      else skip("no /usr/bin/python3 with ...")
--   peer.rscript{ "MASS", ... }        "/usr/bin/Rscript --vanilla" when R loads every
--                                      package (none: R itself), else skip(...)
--   peer.has_python{...}, peer.has_rscript{...}   the same checks as booleans (cached)
--   peer.run(cmd, program, ...)        writes program to a temporary file and runs
--                                      `cmd PROGRAM ARGS...` (stderr too); an argument
--                                      { text } is written to a temporary file whose path
--                                      is passed, a string or number is passed as it is;
--                                      every temporary is removed; returns the output
--   peer.keyed(output)                 { key = { v1, v2, ... }, _raw = output } from lines
--                                      "key v1 v2 ...": numbers (nan, NA, inf too) as
--                                      numbers, any other token as its text
--   peer.csv(header, rows)             CSV text (burden's field writer, numbers %.17g)
--   peer.numbers(text)                 every number token of text, in order
--   peer.sh(cmd)                       runs a shell command: its stdout and exit code
local skip = ...

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- Debian's python3 (numpy, pandas, scipy, statsmodels come from apt); R from r-base-core,
-- or a local build
local P = { PYTHON = "/usr/bin/python3",
  RSCRIPT = exists("/usr/local/bin/Rscript") and not exists("/usr/bin/Rscript")
    and "/usr/local/bin/Rscript" or "/usr/bin/Rscript" }

local checked = {}
local function succeeds(cmd)
  if checked[cmd] == nil then
    local p = io.popen(cmd .. " >/dev/null 2>&1 && echo ok")
    local out = p and p:read("a") or ""
    if p then p:close() end
    checked[cmd] = out:find("ok", 1, true) ~= nil
  end
  return checked[cmd]
end

function P.has_python(modules)
  if not exists(P.PYTHON) then return false end
  if not modules or #modules == 0 then return true end
  return succeeds(P.PYTHON .. " -c 'import " .. table.concat(modules, ", ") .. "'")
end

function P.has_rscript(packages)
  if not exists(P.RSCRIPT) then return false end
  if not packages or #packages == 0 then return true end
  local loads = {}
  for i, name in ipairs(packages) do
    loads[i] = string.format("suppressMessages(library(%s))", name)
  end
  return succeeds(P.RSCRIPT .. " --vanilla -e '" .. table.concat(loads, "; ") .. "'")
end

local function with(names)
  return (names and #names > 0) and (" with " .. table.concat(names, ", ")) or ""
end

function P.python(modules)
  if not P.has_python(modules) then skip("no " .. P.PYTHON .. with(modules)) end
  return P.PYTHON
end

function P.rscript(packages)
  if not P.has_rscript(packages) then
    skip("no " .. P.RSCRIPT .. with(packages))
  end
  return P.RSCRIPT .. " --vanilla"
end

local write = require("burden.io").write_atomic

function P.sh(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

function P.run(cmd, program, ...)
  local temps, words = {}, { cmd }
  local function temp(text)
    local path = os.tmpname()
    temps[#temps + 1] = path
    write(path, text)
    return path
  end
  words[#words + 1] = temp(program)
  for i = 1, select("#", ...) do
    local a = select(i, ...)
    words[#words + 1] = type(a) == "table" and temp(a[1]) or tostring(a)
  end
  local p = assert(io.popen(table.concat(words, " ") .. " 2>&1"))
  local out = p:read("a")
  p:close()
  for _, path in ipairs(temps) do os.remove(path) end
  return out
end

local SPECIAL = { nan = 0 / 0, NaN = 0 / 0, NA = 0 / 0, inf = math.huge, Inf = math.huge,
  ["-inf"] = -math.huge, ["-Inf"] = -math.huge }

local function number(tok)
  local v = tonumber(tok)
  if v ~= nil then return v end
  return SPECIAL[tok]
end

function P.keyed(out)
  local res = { _raw = out }
  for line in out:gmatch("[^\n]+") do
    local key, rest = line:match("^(%S+)%s*(.*)$")
    if key then
      local v = {}
      for tok in rest:gmatch("%S+") do
        local x = number(tok)
        if x == nil then x = tok end
        v[#v + 1] = x
      end
      res[key] = v
    end
  end
  return res
end

function P.numbers(text)
  local out = {}
  for tok in text:gmatch("[^%s,]+") do
    local v = number(tok)
    if v then out[#out + 1] = v end
  end
  return out
end

function P.csv(header, rows)
  local fmt = require "burden.format"
  local function field(v)
    if type(v) == "number" then return string.format("%.17g", v) end
    return fmt.csv_field(tostring(v))
  end
  local lines = {}
  local h = {}
  for j, name in ipairs(header) do h[j] = field(name) end
  lines[1] = table.concat(h, ",")
  for i, r in ipairs(rows) do
    local cells = {}
    for j = 1, #header do cells[j] = field(r[j]) end
    lines[i + 1] = table.concat(cells, ",")
  end
  return table.concat(lines, "\n") .. "\n"
end

return P
