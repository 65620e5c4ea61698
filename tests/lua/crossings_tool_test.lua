-- tools/crossings.lua, the measure of issue 16 (doc/architecture.md, "Measuring
-- crossings"): what it counts as a crossing and as a call into the stdlib.
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")

describe("tools/crossings.lua", function()
  it("counts a script's calls into the stdlib as entries, not as crossings", function()
    local fmt = burden.format
    fmt.value(0.5) -- loaded before the count
    local c = crossings.count(function()
      for i = 1, 7 do fmt.value(i / 4) end
    end)
    eq({ c.total, c.entries }, { 0, 7 })
  end)

  it("counts a call from one stdlib file into another as a crossing", function()
    -- fit.quantiles (fit/init.lua) checks its arguments with burden.options
    local q = burden.fit.quantiles
    q({ { 1, 2, 3 } }, { 0.5 })
    local c = crossings.count(function() q({ { 1, 2, 3 } }, { 0.5 }) end)
    eq(c.entries, 1)
    assert(c.total >= 0)
    local seen = 0
    for _, p in pairs(c.pairs) do
      assert(p.from:match("^stdlib/") and p.to:match("^stdlib/") and p.from ~= p.to, p.from)
      seen = seen + p.n
    end
    eq(seen, c.total)
  end)

  it("prints the totals and exits 1 over --max", function()
    local base = os.tmpname()
    local script = base .. ".lua"
    burden.io.write_atomic(script, 'local f = require("burden").format\nfor i = 1, 3 do f.value(i) end\n')
    -- one crossing: burden.lua loading burden.format on first use
    local p = io.popen("build/burden tools/crossings.lua --max 1 " .. script .. " 2>&1; echo rc=$?")
    local out = p:read("a"); p:close()
    assert(out:find("crossings between stdlib files: 1\n", 1, true), out)
    assert(out:find("calls into the stdlib from outside it: ", 1, true), out)
    assert(out:find("rc=0", 1, true), out)
    p = io.popen("build/burden tools/crossings.lua --max 0 " .. script .. " 2>&1; echo rc=$?")
    out = p:read("a"); p:close()
    assert(out:find("crossings: 1 > --max 0", 1, true) and out:find("rc=1", 1, true), out)
    os.remove(script); os.remove(base)
  end)
end)

-- Under options.without_warnings (the importers: 6 thompson2022 files in a paper run) the
-- CSV reader used to scan every text column that is mostly numbers, re-read the file
-- for each to word a warning, then call a silenced options.warn: 66 warn calls and 66
-- extra parses in a paper run. The work grew with such columns; now it is skipped.
describe("the CSV reader under without_warnings", function()
  it("does no work per mostly-numeric column when warnings are off", function()
    local options, data = burden.options, burden.data
    local function text(ncols)
      local head, rows = { "name" }, {}
      for j = 1, ncols do head[#head + 1] = "c" .. j end
      for i = 1, 12 do
        local r = { "m" .. i }
        for j = 1, ncols do r[#r + 1] = i == 5 and "n/a?" or tostring(i * j) end
        rows[i] = table.concat(r, ",")
      end
      return table.concat(head, ",") .. "\n" .. table.concat(rows, "\n") .. "\n"
    end
    local function quiet_read(ncols)
      local t = text(ncols)
      return crossings.count(function() options.without_warnings(data.read_csv_text, t) end)
    end
    quiet_read(1)
    local one, many = quiet_read(1).total, quiet_read(6).total
    eq(one, many)
    assert(options.warnings_off() == false)
    eq(options.without_warnings(options.warnings_off), true)
    -- with warnings on, each such column is still named
    options.warnings(true)
    local f = data.read_csv_text(text(2), nil, "w.csv")
    eq(f:type("c1"), "string")
    eq(#options.warnings(true), 2)
  end)
end)
