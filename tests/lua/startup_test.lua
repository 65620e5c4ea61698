-- Start-up (issue 18): what requiring the stdlib costs. Work that only some calls need
-- waits for the first of them; each test runs a fresh burden, so nothing is loaded yet.

local BIN = arg and arg[-1] or "build/burden"

-- Runs `code` (no single quotes) with -e in a new process; its stdout and stderr.
local function run(code)
  assert(not code:find("'", 1, true), "no single quotes in code")
  local p = assert(io.popen(BIN .. " -e '" .. code .. "' 2>&1"))
  local out = p:read("a")
  p:close()
  return out
end

-- Counts the regular expressions compiled (burden.core.regex.compile calls) while `code` runs.
local COUNT_COMPILES = [[
local core = require "burden.core.regex"
local compile, n = core.compile, 0
core.compile = function(...) n = n + 1; return compile(...) end
local function count() return n end
]]

describe("start-up", function()
  it("compiles burden.data's hardware patterns on the first parse_hardware, not when required", function()
    eq(run(COUNT_COMPILES .. [[
local data = require "burden.data"
io.write(count(), " ")
local n, chip, seconds = data.parse_hardware("8x V100 for 3.5 days")
io.write(count(), " ", n, " ", chip, " ", seconds, " ")
n, chip = data.parse_hardware("TPU v3 pod (1024 chips)")
io.write(count(), " ", n, " ", chip)]]), "0 4 8 V100 302400 4 1024 TPU v3")
  end)

  it("keeps parse_hardware's argument error when it is the first call", function()
    eq(run([[print(select(2, pcall(require("burden.data").parse_hardware, 42)))]]),
      "bad argument #1 to 'parse_hardware' (string expected, got number)\n")
  end)

  it("requires every stdlib module without compiling a regular expression", function()
    -- the list tests/bench/startup_all.lua loads: every file under stdlib/
    local p = assert(io.popen("find stdlib -name '*.lua' | sort"))
    local lines = {}
    for path in p:lines() do
      local name = path:gsub("^stdlib/", ""):gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", ".")
      lines[#lines + 1] = "require \"" .. name .. "\""
    end
    p:close()
    assert(#lines > 40, #lines)
    eq(run(COUNT_COMPILES .. table.concat(lines, "\n") .. "\nio.write(count())"), "0")
  end)

  it("keeps blocks of every size intact through the state's allocator", function()
    -- strings and tables through each size class of engine/core/pool.c and past its
    -- largest block (64 KiB), grown, shrunk and collected
    local parts, tables = {}, {}
    for n = 1, 300 do
      local s = string.rep(string.char(65 + n % 26), n * 7 % 5000 + 1)
      parts[n] = s
      local t = {}
      for i = 1, n * 37 % 3000 do t[i] = i * n end
      tables[n] = t
    end
    local big = table.concat(parts)
    collectgarbage()
    local total = 0
    for n = 1, 300 do
      local s = parts[n]
      eq(#s, n * 7 % 5000 + 1)
      assert(s == string.rep(s:sub(1, 1), #s))
      local t = tables[n]
      eq(#t, n * 37 % 3000)
      for i = 1, #t do assert(t[i] == i * n) end
      total = total + #s
    end
    eq(#big, total)
    assert(#big > 65536)
  end)
end)
