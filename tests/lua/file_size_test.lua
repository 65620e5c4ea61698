-- Files of one job each (issue 16 item 3): no file under stdlib/ or engine/ is longer than
-- LIMIT lines unless ALLOW names it with a one-line reason. A file that does several
-- jobs is split into modules (as stdlib/burden/cost/ and stdlib/burden/flops/ are); the
-- allow-list is for a file that is one job however long (a parser, a table of formulas)
-- and for files being split now. An entry for a file that is gone or back under the limit
-- fails too, so the list cannot go stale. Reads the tree from the repository root.
local runtime = require "burden.core.runtime"

local LIMIT = 700

local ALLOW = {
  ["engine/core/csvread.c"] = "one job: the CSV reader (libcsv records to typed columns: " ..
    "type inference, NA strings, errors with line and column)",
  ["engine/core/flops.c"] = "one job: the operation-count formula of every layer kind, " ..
    "each written once with its derivation",
  ["engine/core/cost.c"] = "one job: the cost kernel (the chain from FLOP to dollars, its " ..
    "input distributions and the threaded Monte Carlo summary of the draws)",
  ["stdlib/burden/data/ops.lua"] = "one job: the frame's operations (select, where, mutate, " ..
    "sort, slice, unique, bind_rows, group_by/summarize, join, writers)",
  ["stdlib/burden/plot.lua"] = "one job: one SVG figure (axes and scales, drawing, label " ..
    "placement), and grids of them",
}

-- a whole file, or an error naming it (burden.io.read gives nil and the message)
local function read(path) return assert(require("burden.io").read(path)) end

-- Lines of a text as wc -l counts them, plus a last line without its newline.
local function line_count(text)
  local n = select(2, text:gsub("\n", ""))
  if #text > 0 and text:sub(-1) ~= "\n" then n = n + 1 end
  return n
end

-- Every file below dir, recursively, sorted.
local function files(dir, out)
  out = out or {}
  local names = runtime.listdir(dir) or {}
  table.sort(names)
  for _, name in ipairs(names) do
    local path = dir .. "/" .. name
    if runtime.listdir(path) then files(path, out) else out[#out + 1] = path end
  end
  return out
end

-- Problems of a tree given as { path = line count }: a file over limit not in allow, an
-- entry of allow without a one-line reason, or for a file that is gone or not over limit.
local function size_problems(counts, limit, allow)
  local out = {}
  local paths = {}
  for path in pairs(counts) do paths[#paths + 1] = path end
  table.sort(paths)
  for _, path in ipairs(paths) do
    if counts[path] > limit and not allow[path] then
      out[#out + 1] = string.format("%s: %d lines (more than %d): split it by job, or add it " ..
        "to ALLOW with the reason it is one job", path, counts[path], limit)
    end
  end
  local entries = {}
  for path in pairs(allow) do entries[#entries + 1] = path end
  table.sort(entries)
  for _, path in ipairs(entries) do
    local reason = allow[path]
    if type(reason) ~= "string" or not reason:find("%S") or reason:find("\n") then
      out[#out + 1] = path .. ": ALLOW needs a one-line reason"
    end
    if not counts[path] then
      out[#out + 1] = path .. ": in ALLOW but not in the tree: remove the entry"
    elseif counts[path] <= limit then
      out[#out + 1] = string.format("%s: in ALLOW but %d lines (not more than %d): remove " ..
        "the entry", path, counts[path], limit)
    end
  end
  return out
end

describe("the size checker (on made-up trees)", function()
  it("counts lines as wc -l does, and a last line without its newline", function()
    eq(line_count(""), 0)
    eq(line_count("a\n"), 1)
    eq(line_count("a\nb"), 2)
    eq(line_count("\n\n\n"), 3)
  end)

  it("flags a long file not allowed, and nothing at the limit", function()
    local p = size_problems({ ["a.lua"] = 701, ["b.c"] = 700, ["c.h"] = 3 }, 700, {})
    eq(#p, 1)
    assert(p[1]:find("^a%.lua: 701 lines %(more than 700%)"), p[1])
    eq(size_problems({ ["a.lua"] = 701 }, 700, { ["a.lua"] = "one job: a parser" }), {})
  end)

  it("flags stale and unexplained entries", function()
    local p = size_problems({ ["short.lua"] = 12, ["long.c"] = 900 }, 700,
      { ["short.lua"] = "one job", ["gone.lua"] = "one job", ["long.c"] = "" })
    eq(#p, 3)
    assert(p[1]:find("^gone%.lua: in ALLOW but not in the tree"), p[1])
    assert(p[2]:find("^long%.c: ALLOW needs a one%-line reason"), p[2])
    assert(p[3]:find("^short%.lua: in ALLOW but 12 lines"), p[3])
    eq(#size_problems({ ["x.lua"] = 800 }, 700, { ["x.lua"] = "two\nlines" }), 1)
  end)
end)

describe("the tree", function()
  it("no file in stdlib/ or engine/ over " .. LIMIT .. " lines unless allowed", function()
    local counts, n = {}, 0
    for _, dir in ipairs({ "stdlib", "engine" }) do
      for _, path in ipairs(files(dir)) do
        counts[path] = line_count(read(path))
        n = n + 1
      end
    end
    assert(n > 50 and counts["stdlib/burden/cost/init.lua"], "stdlib/ and engine/ not found")
    local problems = size_problems(counts, LIMIT, ALLOW)
    if #problems > 0 then
      error(#problems .. " problem(s):\n  " .. table.concat(problems, "\n  "), 0)
    end
  end)
end)
