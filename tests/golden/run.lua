-- Tier 3: golden end-to-end tests.
--
--   BURDEN=build/burden burden tests/golden/run.lua [--update] [NAME ...]
--
-- A case is tests/golden/**/NAME.cmd: header lines starting with '#', then a shell
-- command run from the repository root with $BURDEN set and stdin from /dev/null.
-- Headers:
--   # needs: PATH     skip (visibly) when PATH does not exist, e.g. ../shared/data/...
--   # rtol: 1e-6      relative tolerance for numeric tokens (default 1e-9)
-- Its expectation is NAME.expect:
--   status: N
--   stderr: first line of stderr (only when there was any)
--   --- stdout
--   <the expected stdout>
-- Output is compared token by token (whitespace-separated); tokens that read as
-- numbers are compared with the tolerance, the rest exactly. --update rewrites
-- the .expect files from the actual output, for review in git.

local runtime = require "burden.core.runtime"

local burden_bin = os.getenv("BURDEN") or "build/burden"
local update = false
local only = {}
for i = 1, #arg do
  if arg[i] == "--update" then update = true else only[arg[i]] = true end
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function write_file(path, text)
  local tmp = path .. ".tmp"
  local f = assert(io.open(tmp, "wb"))
  f:write(text)
  f:close()
  assert(os.rename(tmp, path))
end

local function find_cases(dir, out)
  for _, name in ipairs(runtime.listdir(dir) or {}) do
    local path = dir .. "/" .. name
    if name:match("%.cmd$") then
      out[#out + 1] = path:sub(1, -5)
    elseif not name:find("%.") then
      find_cases(path, out)
    end
  end
  return out
end

local function parse_cmd(text)
  local case = { rtol = 1e-9, needs = {}, lines = {} }
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    local key, value = line:match("^#%s*(%a+):%s*(.-)%s*$")
    if key == "needs" then
      case.needs[#case.needs + 1] = value
    elseif key == "rtol" then
      case.rtol = assert(tonumber(value), "bad rtol: " .. value)
    elseif not line:match("^#") and line:match("%S") then
      case.lines[#case.lines + 1] = line
    end
  end
  case.command = table.concat(case.lines, "\n")
  return case
end

local function parse_expect(text)
  local status, stderr, stdout = text:match("^status: (%d+)\n(.-)%-%-%- stdout\n(.*)$")
  if not status then return nil end
  return {
    status = tonumber(status),
    stderr = stderr:match("^stderr: (.-)\n$") or "",
    stdout = stdout,
  }
end

local function format_expect(status, stderr, stdout)
  local parts = { "status: " .. status .. "\n" }
  if stderr ~= "" then parts[#parts + 1] = "stderr: " .. stderr .. "\n" end
  parts[#parts + 1] = "--- stdout\n"
  parts[#parts + 1] = stdout
  return table.concat(parts)
end

local function tokens(s)
  local out = {}
  for t in s:gmatch("%S+") do out[#out + 1] = t end
  return out
end

local function number_of(tok)
  -- a trailing comma, percent sign or closing bracket does not stop a number being compared
  local core, suffix = tok:match("^([-+]?[%d.]+[eE]?[-+]?%d*)([%%,%)%]]*)$")
  local v = core and tonumber(core)
  return v, suffix
end

-- Returns nil when equal, else a description of the first difference.
local function compare(expected, actual, rtol)
  local e, a = tokens(expected), tokens(actual)
  for i = 1, math.max(#e, #a) do
    local x, y = e[i], a[i]
    if x == nil or y == nil then
      return string.format("token %d: expected %s, got %s", i, x or "<end>", y or "<end>")
    end
    if x ~= y then
      local vx, sx = number_of(x)
      local vy, sy = number_of(y)
      local scale = vx and math.max(math.abs(vx), 1e-300)
      if not (vx and vy and sx == sy and math.abs(vx - vy) <= rtol * scale) then
        return string.format("token %d: expected %s, got %s", i, x, y)
      end
    end
  end
  return nil
end

local function run_case(base)
  local case = parse_cmd(assert(read_file(base .. ".cmd")))
  for _, path in ipairs(case.needs) do
    if not read_file(path) and not runtime.listdir(path) then
      return "skip", "missing " .. path
    end
  end
  local out, err = os.tmpname(), os.tmpname()
  -- a case never sees the outer make's flags: under `make -j2` they name jobserver pipes
  -- the case's own `make` cannot use, and it would warn on stderr
  local shell = string.format("unset MAKEFLAGS MFLAGS MAKELEVEL; BURDEN='%s'; export BURDEN; " ..
    "( %s ) </dev/null >%s 2>%s",
    burden_bin, case.command, out, err)
  local _, _, code = os.execute(shell)
  local stdout = read_file(out) or ""
  local stderr = (read_file(err) or ""):match("^([^\n]*)") or ""
  os.remove(out)
  os.remove(err)

  if update then
    write_file(base .. ".expect", format_expect(code, stderr, stdout))
    return "pass"
  end
  local expect_text = read_file(base .. ".expect")
  if not expect_text then return "fail", "no " .. base .. ".expect (run make golden-update)" end
  local expect = parse_expect(expect_text)
  if not expect then return "fail", base .. ".expect: malformed" end
  if code ~= expect.status then
    return "fail", string.format("exit status %d, expected %d (stderr: %s)", code, expect.status,
      stderr)
  end
  local diff = compare(expect.stderr, stderr, case.rtol)
  if diff then return "fail", "stderr " .. diff end
  diff = compare(expect.stdout, stdout, case.rtol)
  if diff then return "fail", "stdout " .. diff end
  return "pass"
end

local passed, failed, skipped = 0, 0, 0
for _, base in ipairs(find_cases("tests/golden", {})) do
  local name = base:gsub("^tests/golden/", "")
  if next(only) == nil or only[name] then
    local ok, result, why = pcall(run_case, base)
    if not ok then result, why = "fail", tostring(result) end
    if result == "pass" then
      passed = passed + 1
    elseif result == "skip" then
      skipped = skipped + 1
      print(string.format("SKIP %s: %s", name, why))
    else
      failed = failed + 1
      io.stderr:write(string.format("FAIL %s: %s\n", name, why))
    end
  end
end

local summary = string.format("golden: %d passed, %d failed", passed, failed)
if skipped > 0 then summary = summary .. string.format(", %d skipped", skipped) end
if update then summary = summary .. " (expectations rewritten)" end
print(summary)
if failed > 0 or passed + skipped == 0 then os.exit(1) end
