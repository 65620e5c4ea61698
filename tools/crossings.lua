-- How often a run moves between stdlib files (doc/architecture.md, "Crossings").
--
--   build/burden tools/crossings.lua [--top N] [--max N] SCRIPT [ARGS...]
--
-- Runs SCRIPT (with ARGS as its `arg`, and SCRIPT's directory on package.path, as
-- `burden SCRIPT ARGS` would) under a Lua call hook, and counts the calls of a function
-- defined in one stdlib file from a function defined in another stdlib file (the caller
-- is the nearest Lua frame: a C function in between, such as pcall or table.sort, is
-- looked through). Each such call is one crossing; its return is not counted again, nor
-- is a tail call (`return f(x)` replaces the caller's frame, so its file is not known).
-- Prints the total, the calls made into the stdlib from outside it (the script's own
-- calls: the scale a run's crossings compare with), then the N most frequent (caller file
-- -> callee file) pairs and, for each, the callee functions. With --max N, exits 1 when
-- the total exceeds N.
--
-- The counting lives in M.count(fn) so tests can measure a piece of a run in-process.
local M = {}

local function stdlib_file(source)
  return source:match("^@(stdlib/.+%.lua)$") or source:match("^@.*/(stdlib/.+%.lua)$")
end

--- Runs fn() under the hook. Returns the result of the count: { total, entries, pairs =
-- { key -> { n, from, to, callees = { "file:line" -> n } } } } (entries: calls of a stdlib
-- function from a Lua function outside the stdlib), and fn's results as a table.
function M.count(fn)
  local pairs_seen, total, entries = {}, 0, 0
  local getinfo = debug.getinfo
  local function hook(event)
    -- a tail call has replaced its caller's frame, so its caller's file is unknown: not
    -- counted (return f(x) across files is rare in the stdlib)
    if event ~= "call" then return end
    local callee = getinfo(2, "S")
    if callee.what == "C" then return end
    local to = stdlib_file(callee.source)
    if not to then return end
    local level, from = 3, nil
    while true do
      local info = getinfo(level, "S")
      if not info then return end
      if info.what ~= "C" then from = stdlib_file(info.source); break end
      level = level + 1
    end
    if from == nil then entries = entries + 1 return end
    if from == to then return end
    total = total + 1
    local key = from .. " -> " .. to
    local p = pairs_seen[key]
    if not p then
      p = { n = 0, from = from, to = to, callees = {} }
      pairs_seen[key] = p
    end
    p.n = p.n + 1
    local where = to .. ":" .. callee.linedefined
    p.callees[where] = (p.callees[where] or 0) + 1
  end
  local old = { debug.gethook() }
  debug.sethook(hook, "c")
  local res = table.pack(pcall(fn))
  debug.sethook(table.unpack(old))
  if not res[1] then error(res[2], 0) end
  return { total = total, entries = entries, pairs = pairs_seen }, res
end

--- The pairs of a count, most frequent first (ties by name), as an array.
function M.sorted(count)
  local out = {}
  for _, p in pairs(count.pairs) do out[#out + 1] = p end
  table.sort(out, function(a, b)
    if a.n ~= b.n then return a.n > b.n end
    return a.from .. a.to < b.from .. b.to
  end)
  return out
end

local function main(args)
  local top, max, i = 15, nil, 1
  while args[i] and args[i]:match("^%-%-") do
    local opt, v = args[i], tonumber(args[i + 1])
    if (opt ~= "--top" and opt ~= "--max") or not v then
      io.stderr:write("usage: burden tools/crossings.lua [--top N] [--max N] SCRIPT [ARGS...]\n")
      os.exit(2)
    end
    if opt == "--top" then top = v else max = v end
    i = i + 2
  end
  local script = args[i]
  if not script then
    io.stderr:write("usage: burden tools/crossings.lua [--top N] [--max N] SCRIPT [ARGS...]\n")
    os.exit(2)
  end
  local chunk, err = loadfile(script)
  if not chunk then error(err, 0) end
  local dir = script:match("^(.*)/[^/]*$") or "."
  package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua"
  local script_args = { [0] = script }
  for k = i + 1, #args do script_args[#script_args + 1] = args[k] end
  _G.arg = script_args
  local count = M.count(function() return chunk(table.unpack(script_args)) end)
  local out = {}
  out[#out + 1] = string.format("crossings between stdlib files: %d", count.total)
  out[#out + 1] = string.format("calls into the stdlib from outside it: %d", count.entries)
  for k, p in ipairs(M.sorted(count)) do
    if k > top then break end
    local callees = {}
    for where, n in pairs(p.callees) do callees[#callees + 1] = { where = where, n = n } end
    table.sort(callees, function(a, b)
      if a.n ~= b.n then return a.n > b.n end
      return a.where < b.where
    end)
    local list = {}
    for c = 1, math.min(3, #callees) do
      list[c] = string.format("%s (%d)", callees[c].where, callees[c].n)
    end
    out[#out + 1] = string.format("%7d  %s  [%s]", p.n, p.from .. " -> " .. p.to,
      table.concat(list, ", "))
  end
  io.stderr:write(table.concat(out, "\n"), "\n")
  if max and count.total > max then
    io.stderr:write(string.format("crossings: %d > --max %d\n", count.total, max))
    os.exit(1)
  end
end

-- run as a script (burden tools/crossings.lua ...), or required by a test
if arg and arg[0] and arg[0]:match("crossings%.lua$") then
  main(arg)
end

return M
