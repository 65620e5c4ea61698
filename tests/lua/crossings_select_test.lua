-- Crossings of the data path (issue 16, doc/architecture.md "Crossings"): burden.dataset.load()
-- and the first points of every domain on it. Before keep/drop and the batch entry
-- points, a fresh run of it made 533 crossings: the domains' filters once per row (366),
-- a hw look-up per chip (36), frame:nrow/names/col per domain and file, an options check
-- per file read. Measured now: 64 in a fresh process, of which about 50 are loading
-- the modules and defining the nine built-in domains (each define checks its options),
-- and 15 for a load plus nine first selections once the modules are loaded.
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")

local BIN = arg and arg[-1] or "build/burden"

local PATH_SCRIPT = [[
local b = require("burden")
local f = b.dataset.load()
for _, n in ipairs(b.domain.builtin) do b.domain.get(n):points(f) end
for _, n in ipairs(b.domain.llm) do b.domain.get(n):points(f) end
]]

-- the data path once its modules are loaded: a new frame, so every selection is a first one
local function path()
  local f = burden.dataset.load()
  for _, list in ipairs({ burden.domain.builtin, burden.domain.llm }) do
    for _, n in ipairs(list) do burden.domain.get(n):points(f) end
  end
end

-- the pairs of a count as { "from -> to" = n } (file names without stdlib/burden/)
local function pairs_of(c)
  local out = {}
  for _, p in pairs(c.pairs) do
    local key = p.from:gsub("^stdlib/burden/", "") .. " -> " .. p.to:gsub("^stdlib/burden/", "")
    out[key] = p.n
  end
  return out
end

describe("crossings of the data path", function()
  it("a fresh run of dataset.load and the nine domains' points: at most 70", function()
    local script = os.tmpname() .. ".lua"
    local f = assert(io.open(script, "wb"))
    f:write(PATH_SCRIPT)
    f:close()
    local p = assert(io.popen(BIN .. " tools/crossings.lua --top 0 " .. script .. " 2>&1"))
    local out = p:read("a")
    p:close()
    os.remove(script)
    local total = tonumber(out:match("crossings between stdlib files: (%d+)"))
    assert(total, out)
    assert(total <= 70, "data path crossings: " .. total)
  end)

  it("with the modules loaded: at most 20, one hw call, four frame reads per domain pass",
    function()
      path()
      local c = crossings.count(path)
      assert(c.total <= 20, "data path crossings: " .. c.total)
      local p = pairs_of(c)
      -- every chip of the load resolved in one call; the nine files read in one call
      eq(p["dataset.lua -> hw.lua"], 1)
      assert((p["dataset.lua -> data/init.lua"] or 0) <= 3, "dataset -> data")
      -- the domains read the frame's names, columns, types and row count once
      assert((p["domain.lua -> data/init.lua"] or 0) <= 4, "domain -> data")
      -- no built-in domain has a per-row callback left
      for key in pairs(p) do assert(not key:find("domains/", 1, true), key) end
    end)

  it("a domain's first selection does not grow with the rows of its benchmark", function()
    local function frame_of(n)
      local model, split, shots, flop, value = {}, {}, {}, {}, {}
      for i = 1, n do
        model[i] = (i % 7 == 0) and ("m" .. i .. " (zero-shot)") or ("m" .. i)
        split[i] = (i % 5 == 0) and "val" or (i % 3 == 0 and nil or "test-dev")
        shots[i] = (i % 4 == 0) and 0 or 5
        flop[i], value[i] = 1e18 * i, 50 + i % 40
      end
      return burden.data.frame({ { "model", model }, { "split", split }, { "shots", shots },
        { "flop", flop }, { "value", value } }, { n = n })
    end
    local d = burden.domain.define{ name = "crossings_select_toy", compute = "flop",
      keep = { split = { "test-dev", missing = true }, shots = 5 },
      drop = { model = { match = "(?i)zero-shot|probe" } } }
    d:points(frame_of(3)) -- the pattern's one-time compile is not a selection's
    local function first(n)
      local f = frame_of(n)
      local c = crossings.count(function() return d:points(f) end)
      return c.total, f
    end
    local small = first(20)
    local large, f = first(400)
    eq(large, small)
    assert(large <= 8, "first selection crossings: " .. large)
    -- and it is the selection asked for
    local p = d:points(f)
    for i = 1, p.n do
      local r = p.rows[i]
      assert((r.split == nil or r.split == "test-dev") and r.shots == 5
        and not r.model:find("zero-shot", 1, true), r.model)
    end
    assert(p.n > 100, p.n)
    -- arrays of row tables too
    local rows_small, rows_large = {}, {}
    for i, r in frame_of(20):rows() do rows_small[i] = r end
    for i, r in f:rows() do rows_large[i] = r end
    eq(crossings.count(function() d:points(rows_large) end).total,
      crossings.count(function() d:points(rows_small) end).total)
  end)
end)
