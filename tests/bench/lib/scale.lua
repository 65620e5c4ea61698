-- How each workload's time grows with its size: OLS on 1e5..1e7 rows, the case bootstrap
-- on 1e3..1e5 resamples, reading 1..500 MB of numeric CSV. Prints a table (wall and CPU
-- seconds, and the cost per row, per resample, per MB), writes it as DIR/scale.csv and
-- draws DIR/scale.svg (log-log, one panel per workload, with a slope-1 line: a workload
-- whose points follow it costs the same per unit at every size).
--
--   build/burden tests/bench/lib/scale.lua [--out out/bench] [--tiny] [--reps 3]
--
-- Loaded with dofile it returns { run = run }, so tests/lua/bench_scale_test.lua runs a
-- tiny version in-process. The CSV files are generated under DIR, one at a time (at
-- most 500 MB on disk), and deleted once read. Data are generated from fixed formulas
-- and a fixed seed.
local burden = require "burden"
local clock = require("burden.core.runtime").clock

local M = {}

-- Sizes: the full run, and a tiny one for the test (seconds in all).
M.sizes = {
  full = { ols = { 1e5, 3e5, 1e6, 3e6, 1e7 }, bootstrap = { 1e3, 3e3, 1e4, 3e4, 1e5 },
           csv = { 1, 5, 20, 100, 500 } },
  tiny = { ols = { 1e3, 4e3 }, bootstrap = { 20, 80 }, csv = { 0.05, 0.2 } },
}

-- Median wall and CPU seconds of reps runs of f() (each returns its own timings).
local function median_of(reps, f)
  local walls, cpus = {}, {}
  for r = 1, reps do
    walls[r], cpus[r] = f()
  end
  table.sort(walls)
  table.sort(cpus)
  local mid = (reps + 1) // 2
  return walls[mid], cpus[mid]
end

local function timed(f)
  local c0, t0 = os.clock(), clock()
  f()
  return clock() - t0, os.clock() - c0
end

-- The columns of tests/bench/fit_ols_10m.lua, n rows.
local ols_data = dofile("tests/bench/lib/ols_data.lua")

-- A log-log line of 1,454 rows (the size of the timm join of fit_bootstrap_*.lua).
local function boot_model()
  local n, x, y = 1454, {}, {}
  for i = 1, n do
    x[i] = 8 + 4 * ((i * 0.6180339887) % 1)
    y[i] = 2.5 - 0.35 * x[i] + 0.2 * math.sin(3.1 * i)
  end
  return burden.fit.ols{ x = { x }, y = y }
end

-- About 1 MB of rows like tests/bench/csv_numeric.setup.sh (8 columns of %.6f), fixed seed.
local function csv_block()
  local rng, lines, bytes = 1, {}, 0
  local function uniform()
    rng = (rng * 6364136223846793005 + 1442695040888963407) & 0x7FFFFFFFFFFFFFFF
    return (rng >> 11) / 2 ^ 52
  end
  while bytes < 1e6 do
    local row = {}
    for c = 1, 8 do
      -- Box-Muller: standard normal times 1000
      local u, v = uniform(), uniform()
      row[c] = string.format("%.6f", 1000 * math.sqrt(-2 * math.log(1 - u)) * math.cos(2 * math.pi * v))
    end
    local line = table.concat(row, ",") .. "\n"
    lines[#lines + 1] = line
    bytes = bytes + #line
  end
  return table.concat(lines), #lines
end

-- Writes a CSV of about mb MB: the header, then the block (or a part of it) repeated.
local function write_csv(path, mb, block, block_rows)
  local f = assert(io.open(path, "wb"))
  f:write("c0,c1,c2,c3,c4,c5,c6,c7\n")
  local want, rows = math.floor(mb * 1e6), 0
  local written = 0
  while written + #block <= want do
    f:write(block)
    written, rows = written + #block, rows + block_rows
  end
  -- the rest: whole lines of the block
  local pos = 1
  while written < want do
    local nl = block:find("\n", pos, true)
    f:write(block:sub(pos, nl))
    written, rows, pos = written + (nl - pos + 1), rows + 1, nl + 1
  end
  f:close()
  return written + 24, rows
end

local UNITS = {
  ols = { unit = "rows", per = "ns per row", short = "ns/row", scale = 1e9, title = "OLS, 4 columns" },
  bootstrap = { unit = "resamples", per = "us per resample", short = "us/resample", scale = 1e6,
                title = "Bootstrap, n = 1,454" },
  csv = { unit = "MB", per = "ms per MB", short = "ms/MB", scale = 1e3, title = "CSV, 8 columns" },
}

M.columns = { "workload", "size", "unit", "wall_s", "cpu_s", "wall_per_unit", "per_unit" }

--- Runs the workloads; returns the rows (one table per workload and size, with the
--- fields of M.columns) and the table as text. opts: out (directory), tiny, reps, print.
function M.run(opts)
  opts = opts or {}
  local out = opts.out or "out/bench"
  local reps = opts.reps or 3
  local say = opts.print or print
  local sizes = opts.tiny and M.sizes.tiny or M.sizes.full
  burden.io.mkdir(out)
  local rows = {}
  local function add(workload, size, wall, cpu)
    local u = UNITS[workload]
    rows[#rows + 1] = { workload = workload, size = size, unit = u.unit, wall_s = wall,
      cpu_s = cpu, wall_per_unit = wall / size * u.scale, per_unit = u.per }
    say(string.format("  %-10s %12.4g %-10s %10.4f %10.4f %12.3f %s", workload, size, u.unit, wall,
      cpu, wall / size * u.scale, u.per))
  end
  say(string.format("  %-10s %12s %-10s %10s %10s %12s", "workload", "size", "unit", "wall (s)",
    "CPU (s)", "wall per unit"))

  for _, n in ipairs(sizes.ols) do
    local x, y = ols_data(math.floor(n))
    local wall, cpu = median_of(reps, function()
      return timed(function() burden.fit.ols{ x = x, y = y } end)
    end)
    add("ols", n, wall, cpu)
    x, y = nil, nil
    collectgarbage()
  end

  local m = boot_model()
  for _, b in ipairs(sizes.bootstrap) do
    local wall, cpu = median_of(reps, function()
      return timed(function()
        burden.fit.bootstrap{ model = m, statistic = "slope", B = math.floor(b), bca = false, seed = 1 }
      end)
    end)
    add("bootstrap", b, wall, cpu)
  end

  local block, block_rows = csv_block()
  for _, mb in ipairs(sizes.csv) do
    local path = out .. "/scale_tmp.csv"
    local bytes, nrow = write_csv(path, mb, block, block_rows)
    local ok, wall, cpu = pcall(median_of, reps, function()
      local w, c = timed(function()
        local t = burden.data.read_csv(path)
        assert(t:nrow() == nrow and t:ncol() == 8, "unexpected shape")
      end)
      collectgarbage()
      return w, c
    end)
    os.remove(path)
    if not ok then error(wall, 0) end
    add("csv", bytes / 1e6, wall, cpu)
  end

  -- the table as CSV, and the figure
  local lines = { table.concat(M.columns, ",") }
  for _, r in ipairs(rows) do
    lines[#lines + 1] = string.format("%s,%.10g,%s,%.6f,%.6f,%.6g,%s", r.workload, r.size, r.unit,
      r.wall_s, r.cpu_s, r.wall_per_unit, r.per_unit)
  end
  burden.io.write_atomic(out .. "/scale.csv", table.concat(lines, "\n") .. "\n")
  M.draw(rows, out .. "/scale.svg")
  return rows, lines
end

--- Draws the rows of run (or of scale.csv) as the log-log figure at path.
function M.draw(rows, path)
  local figures = {}
  for _, w in ipairs({ "ols", "bootstrap", "csv" }) do
    local xs, walls, cpus = {}, {}, {}
    for _, r in ipairs(rows) do
      if r.workload == w then
        xs[#xs + 1], walls[#walls + 1], cpus[#cpus + 1] = r.size, r.wall_s, r.cpu_s
      end
    end
    local last = #xs
    local u = UNITS[w]
    local size = w == "csv" and string.format("%.0f", xs[last]) or burden.format.value(xs[last], "int")
    local fig = burden.plot.figure{
      title = string.format("%s: %.3g %s", u.title, walls[last] / xs[last] * u.scale, u.short),
      x = { label = string.format("%s (the title's cost: at %s)", u.unit, size), log = true },
      y = { label = "seconds", log = true }, legend = "topleft" }
    fig:line{ x = xs, y = walls, label = "wall" }
    fig:scatter{ x = xs, y = walls, color = burden.plot.palette[1] }
    fig:line{ x = xs, y = cpus, label = "CPU (every thread)" }
    -- slope 1 through the largest size: constant cost per unit
    fig:line{ x = { xs[1], xs[last] }, y = { walls[last] * xs[1] / xs[last], walls[last] },
      label = "same cost per unit", dashed = true }
    figures[#figures + 1] = fig
  end
  burden.plot.grid{ figures = figures, columns = 3,
    title = "burden: time against size (log-log)" }:write(path)
end

if arg and arg[0] and arg[0]:match("scale%.lua$") then
  local opts, i = { reps = 3 }, 1
  while arg[i] do
    local a = arg[i]
    if a == "--tiny" then
      opts.tiny = true
    elseif a == "--out" and arg[i + 1] then
      opts.out, i = arg[i + 1], i + 1
    elseif a == "--reps" and tonumber(arg[i + 1]) then
      opts.reps, i = math.tointeger(tonumber(arg[i + 1])) or 3, i + 1
    else
      io.stderr:write("scale.lua: unknown argument '" .. a .. "'; usage: scale.lua [--out DIR] [--tiny] [--reps N]\n")
      os.exit(2)
    end
    i = i + 1
  end
  print("scale: how time grows with size (medians of " .. opts.reps .. " runs; burden's default threads)")
  M.run(opts)
  print("scale: table " .. (opts.out or "out/bench") .. "/scale.csv, figure " .. (opts.out or "out/bench") .. "/scale.svg")
end

return M
