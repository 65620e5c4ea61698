-- `burden --help` and doc/burden.1 list the same options: adding an option to one only
-- fails here.

local BIN = arg and arg[-1] or "build/burden"

-- Options in the help text: the first words of its indented lines ("-v, --version").
local function help_options(text)
  local set = {}
  for line in text:gmatch("[^\n]+") do
    local spec = line:match("^%s+(%-%S*,?%s?%-?%-?%S*)")
    if spec then
      for opt in spec:gmatch("%-[%w%-]*") do set[opt] = true end
    end
  end
  return set
end

-- Options in the man page: the first line after each .TP of the OPTIONS section
-- (".BI \-e \" code\"", ".BR \-v \", \" \-\-version", ".B \-").
local function man_options(text)
  local sec = text:match("\n%.SH OPTIONS\n(.-)\n%.SH ")
  assert(sec, "no OPTIONS section in the man page")
  local set = {}
  local after_tp = false
  for line in sec:gmatch("[^\n]+") do
    if line:match("^%.TP") then
      after_tp = true
    elseif after_tp then
      after_tp = false
      local args = line:gsub("^%.%a+%s*", "")
      -- quoted words are italic arguments or separators ("\", \""); the rest are options
      args = args:gsub('"[^"]*"', " ")
      for word in args:gmatch("%S+") do
        word = word:gsub("\\%-", "-"):gsub("\\f[BIRP]", "")
        if word:match("^%-") then set[word] = true end
      end
    end
  end
  return set
end

local function sorted(set)
  local out = {}
  for k in pairs(set) do out[#out + 1] = k end
  table.sort(out)
  return out
end

local function diff(a, b)
  local out = {}
  for k in pairs(a) do if not b[k] then out[#out + 1] = k end end
  table.sort(out)
  return out
end

describe("option lists (checked on made-up text)", function()
  it("reads the help text", function()
    eq(sorted(help_options("usage: burden [options]\nAvailable options are:\n" ..
      "  -e code       execute\n  -             stdin\n  --            stop\n" ..
      "  --seed N      seed\n  -v, --version show\n")),
      { "-", "--", "--seed", "--version", "-e", "-v" })
  end)

  it("reads the man page", function()
    eq(sorted(man_options(".TH X\n.SH OPTIONS\n.TP\n.BI \\-e \" code\"\nExecute.\n.TP\n.B \\-\n" ..
      "stdin\n.TP\n.B \\-\\-\nstop\n.TP\n.BR \\-v \", \" \\-\\-version\nPrint.\n.SH EXIT\n")),
      { "-", "--", "--version", "-e", "-v" })
  end)
end)

describe("burden --help and doc/burden.1", function()
  it("list the same options", function()
    local p = assert(io.popen(BIN .. " --help"))
    local help = p:read("a")
    p:close()
    local f = assert(io.open("doc/burden.1", "rb"))
    local man = f:read("a")
    f:close()
    local h, m = help_options(help), man_options(man)
    assert(#sorted(h) >= 10, "too few options read from --help: " .. table.concat(sorted(h), " "))
    local only_help, only_man = diff(h, m), diff(m, h)
    assert(#only_help == 0 and #only_man == 0, string.format(
      "only in --help: %s; only in doc/burden.1: %s",
      table.concat(only_help, " "), table.concat(only_man, " ")))
  end)
end)
