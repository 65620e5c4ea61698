--- burden.domain: which rows of a data set make a benchmark, what its error is, and
-- what its compute is.
--
--   local d = burden.domain.define{
--     name = "imagenet", title = "ImageNet", benchmark = "imagenet", metric = "top1",
--     higher_is_better = true,           -- error = (100 - value) / 100 unless `error` is given
--     error = "err_column" or function(row) return ... end,
--     compute = "hardware_burden" | "forward_flops" | "column" | function(row) ... end,
--     targets = { 0.05, 0.01 },          -- errors (fractions) to project compute for
--     keep = { column = condition, ... }, -- a row stays when every condition holds
--     drop = { column = condition, ... }, -- a row goes when any condition holds
--     filter = function(row) return ... end,  -- per row, after keep and drop
--     chance = 0.25,                     -- accuracy of guessing (a floor for chance_logistic)
--     measure = "text",                  -- what the compute column means, for reports
--   }
--   local pts = d:points(rows)           -- { error = {...}, compute = {...}, year = {...}, ... }
--   d:best_by_year(rows), d:running_record(rows)  -- { year, error, model } per year
--
-- A keep/drop condition is a value (equal to it: shots = 5), an array of values (any of
-- them; `missing = true` in it also matches a missing value: split = { "test-dev",
-- missing = true }) or { match = "PCRE pattern" } (a text value the pattern matches, with
-- burden.re; `missing = true` allowed too). A missing value matches a condition only with
-- missing = true: keep = { shots = 5 } leaves out rows without shots, drop = { shots = 5 }
-- keeps them. A condition's shape is checked when the domain is defined; a pattern is
-- compiled once, on the first selection. Conditions are evaluated on the data's columns,
-- once per column: a column the data lacks (unless a keep condition accepts missing
-- values), or a value whose type the column cannot hold (shots = "5" on a number
-- column), raises rather than silently keeping nothing. `filter` is the per-row
-- escape hatch, for what keep and drop cannot say: it runs after them, on the rows left.
--
-- The six benchmarks of Thompson et al. are built with this same function in
-- stdlib/burden/domains/ and are found by name: burden.domain.get("imagenet"). The
-- language-model benchmarks (burden.domain.llm: mmlu, gsm8k, hellaswag) are built the same
-- way; their compute is the training compute in FLOP (column train_flop).
local options = require "burden.options"
local suggest = require "burden.suggest"
local re = require "burden.re"
local Frame = require("burden.data").Frame

local M = {}

-- The keys of domain.define (burden.options rejects any other).
local OPTS = { "name", "title", "benchmark", "metric", "higher_is_better", "error", "compute",
  "targets", "keep", "drop", "filter", "precision", "notes", "chance", "measure" }

local Domain = {}
Domain.__index = Domain

local registry = {}

local BUILTIN = { "imagenet", "coco", "squad11", "conll2003", "wmt2014_en_fr",
  "wmt2014_en_de" }
-- Language-model benchmarks: found by name like the paper's six, but kept out of
-- M.builtin so the paper reproduction's tables stay the paper's.
local LLM = { "mmlu", "gsm8k", "hellaswag" }

-- ---- keep / drop conditions ---------------------------------------------------------

-- A value as shown in messages: text quoted, anything else as tostring gives it.
local function shown(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

-- A keep/drop condition checked (at define time) into { col, which, missing (it matches
-- a missing value), text (the condition as given, for messages) } plus, for values, set
-- (the values as keys) and vtype (their Lua type), or, for match, pattern (rx, once
-- compiled). Raises on a condition of the wrong shape.
local function compile_condition(which, col, cond)
  local where = string.format("domain.define: %s.%s", which, col)
  local function fail(msg) error(where .. ": " .. msg, 0) end
  local t = type(cond)
  if t == "string" or t == "number" or t == "boolean" then
    cond = { cond }
  elseif t ~= "table" then
    fail("a condition is a value, an array of values or { match = pattern }, got a " .. t ..
      " (filter = function(row) ... end is the per-row escape hatch)")
  end
  local n = #cond
  for k in pairs(cond) do
    if math.type(k) == "integer" then
      if k < 1 or k > n then fail("an array of values without holes expected") end
    elseif k ~= "match" and k ~= "missing" then
      if type(k) ~= "string" then fail("unexpected key " .. tostring(k)) end
      error(options.unknown(where, { [k] = true }, { "match", "missing" }, "key"), 0)
    end
  end
  local missing = cond.missing
  if missing ~= nil and type(missing) ~= "boolean" then
    fail("missing must be true or false, got a " .. type(missing))
  end
  local c = { col = col, which = which, missing = missing == true }
  if cond.match ~= nil then
    if n > 0 then fail("give values or match, not both") end
    if type(cond.match) ~= "string" then
      fail("match must be a pattern (a string), got a " .. type(cond.match))
    end
    -- compiled on the first selection (a built-in domain's require compiles nothing)
    c.pattern, c.text = cond.match, "{ match = " .. shown(cond.match) .. " }"
    return c
  end
  if n == 0 and not c.missing then
    fail("an empty array matches no value (give values, or missing = true)")
  end
  local set, vtype, parts = {}, nil, {}
  for i = 1, n do
    local v = cond[i]
    local vt = type(v)
    if vt ~= "string" and vt ~= "number" and vt ~= "boolean" then
      fail(string.format("value %d is a %s: values are strings, numbers or booleans", i, vt))
    end
    if v ~= v then fail("NaN equals no value") end
    if vtype and vt ~= vtype then
      fail(string.format("values of one type expected (value 1 is a %s, value %d a %s)", vtype,
        i, vt))
    end
    vtype, set[v], parts[i] = vt, true, shown(v)
  end
  c.set, c.vtype = set, vtype
  if c.missing then parts[#parts + 1] = "missing = true" end
  c.text = (t == "table") and "{ " .. table.concat(parts, ", ") .. " }" or parts[1]
  return c
end

-- The conditions of keep then drop, each in column name order (so the first error is
-- the same from run to run).
local function compile_conditions(spec)
  local out = {}
  for _, which in ipairs({ "keep", "drop" }) do
    local conds = spec[which]
    if conds ~= nil then
      if type(conds) ~= "table" then
        error(string.format("domain.define: %s must be a table of column = condition, got a %s",
          which, type(conds)), 0)
      end
      local cols = {}
      for k in pairs(conds) do
        if type(k) ~= "string" then
          error(string.format("domain.define: %s must map column names to conditions (got " ..
            "key %s: { split = \"test-dev\" }, not { \"split\" })", which, tostring(k)), 0)
        end
        cols[#cols + 1] = k
      end
      table.sort(cols)
      for _, col in ipairs(cols) do out[#out + 1] = compile_condition(which, col, conds[col]) end
    end
  end
  return out
end

local function check_spec(spec)
  if type(spec) ~= "table" then error("bad argument #1 to 'define' (table expected)", 3) end
  if type(spec.name) ~= "string" or spec.name == "" then
    error("domain.define: name must be a non-empty string", 3)
  end
  local compute = spec.compute or "hardware_burden"
  if type(compute) ~= "string" and type(compute) ~= "function" then
    error("domain.define: compute must be a column name or a function of the row", 3)
  end
  local e = spec.error
  if e ~= nil and type(e) ~= "string" and type(e) ~= "function" then
    error("domain.define: error must be a column name or a function of the row", 3)
  end
  for i, t in ipairs(spec.targets or {}) do
    if type(t) ~= "number" or t <= 0 or t >= 1 then
      error(string.format("domain.define: targets[%d] must be an error between 0 and 1", i), 3)
    end
  end
  if spec.filter ~= nil and type(spec.filter) ~= "function" then
    error("domain.define: filter must be a function of the row", 3)
  end
  local c = spec.chance
  if c ~= nil and (type(c) ~= "number" or c < 0 or c >= 1) then
    error("domain.define: chance must be an accuracy between 0 and 1 (0 included)", 3)
  end
  return compile_conditions(spec)
end

--- Defines (and registers under its name) a domain.
function M.define(spec)
  local conditions = check_spec(spec)
  local d = setmetatable({
    name = spec.name,
    title = spec.title or spec.name,
    benchmark = spec.benchmark or spec.name,
    metric = spec.metric,
    higher_is_better = spec.higher_is_better ~= false,
    error_of = spec.error,
    compute = spec.compute or "hardware_burden",
    targets = spec.targets or {},
    keep = spec.keep,
    drop = spec.drop,
    _conditions = conditions,
    filter = spec.filter,
    precision = spec.precision,
    notes = spec.notes,
    chance = spec.chance,
    measure = spec.measure,
  }, Domain)
  registry[d.name] = d
  return d
end

--- A domain by name: one defined in this run, or a built-in one.
function M.get(name)
  if type(name) == "table" and getmetatable(name) == Domain then return name end
  if registry[name] then return registry[name] end
  for _, list in ipairs({ BUILTIN, LLM }) do
    for _, b in ipairs(list) do
      if b == name then return require("burden.domains." .. name) end
    end
  end
  local known = M.list()
  error(string.format("domain: unknown domain '%s' (known: %s)", tostring(name),
    table.concat(known, ", ")), 2)
end

--- Names of the built-in domains and of those defined in this run, sorted.
function M.list()
  local seen, out = {}, {}
  for _, b in ipairs(BUILTIN) do seen[b] = true end
  for _, b in ipairs(LLM) do seen[b] = true end
  for k in pairs(registry) do seen[k] = true end
  for k in pairs(seen) do out[#out + 1] = k end
  table.sort(out)
  return out
end

M.builtin = BUILTIN
M.llm = LLM

--- The error (a fraction) of a row, or nil when it cannot be known.
function Domain:error(row)
  local e = self.error_of
  if type(e) == "function" then return e(row) end
  if type(e) == "string" then return tonumber(row[e]) end
  local v = tonumber(row.value)
  if v == nil then return nil end
  return self.higher_is_better and (100 - v) / 100 or v / 100
end

--- The compute of a row (FLOP), or nil when it cannot be known.
function Domain:compute_of(row)
  local c = self.compute
  if type(c) == "function" then return c(row) end
  return tonumber(row[c])
end

local function formula_number(x)
  return string.format("%.6g", x)
end

local function is_frame(data)
  return getmetatable(data) == Frame
end

-- A frame's names, columns (read-only views), types and row count, read once per frame
-- (frames never change; weak keys: the entry lives as long as the frame): four calls
-- into burden.data per frame, whatever its rows and columns.
local columns_of = setmetatable({}, { __mode = "k" })
local function frame_columns(frame)
  local c = columns_of[frame]
  if not c then
    c = { names = frame:names(), cols = {}, types = frame:types(), nrow = frame:nrow() }
    for k, col in ipairs(frame:columns()) do c.cols[c.names[k]] = col end
    columns_of[frame] = c
  end
  return c
end

-- Row tables (keyed by column name, missing values absent, as frame:row gives them) of
-- the frame's rows idx, read from its columns.
local function frame_rows(frame, idx)
  local c = frame_columns(frame)
  local rows = {}
  for k = 1, #idx do rows[k] = {} end
  for _, name in ipairs(c.names) do
    local col = c.cols[name]
    for k = 1, #idx do rows[k][name] = col[idx[k]] end
  end
  return rows
end

-- The column names of data (a frame, or an array of row tables: every key of any row).
local function names_of(data)
  if is_frame(data) then return frame_columns(data).names end
  local seen, out = {}, {}
  for _, row in ipairs(data) do
    if type(row) == "table" then
      for k in pairs(row) do
        if type(k) == "string" and not seen[k] then seen[k] = true; out[#out + 1] = k end
      end
    end
  end
  table.sort(out)
  return out
end

local function has_name(names, c)
  for _, n in ipairs(names) do if n == c then return true end end
  return false
end

-- A column named by the domain (error =, compute =, keep/drop) must exist: a typo would
-- otherwise give a domain with no points, or the wrong ones, and no word. Data without
-- any column (no rows) has nothing to select.
local function check_column(d, names, which, c)
  if #names == 0 or has_name(names, c) then return end
  local close = suggest.closest(names, c, 3)
  for k, n in ipairs(close) do close[k] = "'" .. n .. "'" end
  options.raise(string.format("domain '%s': unknown %s column '%s' (closest: %s)", d.name,
    which, c, table.concat(close, ", ")))
end

-- The Lua type of the values of each frame column type.
local LUA_TYPE = { integer = "number", number = "number", string = "string",
  boolean = "boolean" }

-- Raises when a condition's values cannot be of the type the column holds (shots = "5"
-- on a number column): such a keep would silently keep nothing. A column without any
-- value holds no type to disagree with.
local function check_condition_type(d, data, cond)
  local want = cond.pattern and "string" or cond.vtype
  if want == nil then return end -- missing = true alone
  local holds, label = {}, nil
  if is_frame(data) then
    local c = frame_columns(data)
    local kind = c.types[cond.col]
    if LUA_TYPE[kind] == want then return end
    local col = c.cols[cond.col]
    for i = 1, c.nrow do
      if col[i] ~= nil then label = kind; break end
    end
  else
    for _, row in ipairs(data) do
      if type(row) == "table" and row[cond.col] ~= nil then holds[type(row[cond.col])] = true end
    end
    if holds[want] then return end
    local list = {}
    for t in pairs(holds) do list[#list + 1] = t end
    table.sort(list)
    label = list[1] and table.concat(list, " and ")
  end
  if not label then return end
  local head = string.format("domain '%s': %s.%s = %s", d.name, cond.which, cond.col, cond.text)
  if cond.pattern then
    options.raise(string.format("%s matches text, but column '%s' holds %s values", head,
      cond.col, label))
  end
  options.raise(string.format("%s is a %s, but column '%s' holds %s values: no row could " ..
    "match", head, want, cond.col, label))
end

-- For the values vals[1..n] of a column, whether each meets the condition (a missing
-- value only with missing = true). A pattern is tested on all the text values in one call
-- into burden.re.
local patterns = {} -- pattern -> compiled, shared by the domains derived from one another
local function condition_hits(d, cond, vals, n)
  local hit = {}
  if cond.pattern then
    if not cond.rx then
      local rx = patterns[cond.pattern]
      if not rx then
        local ok, res = pcall(re.compile, cond.pattern)
        if not ok then
          options.raise(string.format("domain '%s': %s.%s: %s", d.name, cond.which, cond.col,
            tostring(res)))
        end
        rx, patterns[cond.pattern] = res, res
      end
      cond.rx = rx
    end
    local text, at = {}, {}
    for k = 1, n do
      local v = vals[k]
      if v == nil then
        hit[k] = cond.missing
      else
        hit[k] = false
        if type(v) == "string" then text[#text + 1] = v; at[#text] = k end
      end
    end
    if #text > 0 then
      local matched = cond.rx:test_each(text)
      for j, k in ipairs(at) do hit[k] = matched[j] end
    end
    return hit
  end
  local set = cond.set
  for k = 1, n do
    local v = vals[k]
    if v == nil then hit[k] = cond.missing else hit[k] = set[v] == true end
  end
  return hit
end

-- The candidates (row numbers of data, in order) that pass the domain's keep and drop
-- conditions, evaluated a column at a time. A column the data lacks raises, except under
-- a keep condition that accepts a missing value: every row lacks the column and meets it
-- (the language-model domains' `variant` on data that does not tell variants apart).
local function apply_conditions(d, data, cand)
  local conds = d._conditions
  if #conds == 0 then return cand end
  local names, present = names_of(data), {}
  for _, cond in ipairs(conds) do
    if has_name(names, cond.col) then
      present[#present + 1] = cond
    elseif not (cond.which == "keep" and cond.missing) then
      check_column(d, names, cond.which, cond.col)
    end
  end
  for _, cond in ipairs(present) do check_condition_type(d, data, cond) end
  local frame = is_frame(data) and frame_columns(data)
  local n, alive = #cand, {}
  for k = 1, n do alive[k] = true end
  for _, cond in ipairs(present) do
    local vals = {}
    if frame then
      local col = frame.cols[cond.col]
      for k = 1, n do vals[k] = col[cand[k]] end
    else
      for k = 1, n do vals[k] = data[cand[k]][cond.col] end
    end
    -- keep: a row stays only when it meets every condition; drop: it goes when it meets any
    local stays = cond.which == "keep"
    local hit = condition_hits(d, cond, vals, n)
    for k = 1, n do
      if hit[k] ~= stays then alive[k] = false end
    end
  end
  local out = {}
  for k = 1, n do
    if alive[k] then out[#out + 1] = cand[k] end
  end
  return out
end

-- Whether a row with benchmark b and metric m (nil: the data does not say) belongs to d.
local function of_benchmark(d, b, m)
  return (b == nil or b == d.benchmark) and (d.metric == nil or m == nil or m == d.metric)
end

-- The rows of a frame this domain selects, by row number: the benchmark and metric
-- columns first, then keep and drop on their columns, then the filter on the remaining
-- rows' tables. Kept per (frame, domain), since a frame never changes and a paper run
-- selects the same rows many times.
local selected = setmetatable({}, { __mode = "k" })
local function select_frame(d, frame)
  local byframe = selected[frame]
  if not byframe then byframe = setmetatable({}, { __mode = "k" }); selected[frame] = byframe end
  local function copy(list)
    local out = {}
    for k, i in ipairs(list) do out[k] = i end
    return out
  end
  local at = byframe[d]
  if at then return frame_rows(frame, at), copy(at) end
  local c = frame_columns(frame)
  local bench, metric = c.cols.benchmark, c.cols.metric
  local candidates = {}
  for i = 1, c.nrow do
    if of_benchmark(d, bench and bench[i], metric and metric[i]) then
      candidates[#candidates + 1] = i
    end
  end
  candidates = apply_conditions(d, frame, candidates)
  local rows, out = frame_rows(frame, candidates), {}
  at = {}
  for k, row in ipairs(rows) do
    if d.filter == nil or d.filter(row) then
      out[#out + 1] = row
      at[#out] = candidates[k]
    end
  end
  byframe[d] = at
  return out, copy(at)
end

--- The rows of `data` (array of row tables, or a frame) that belong to this domain, and
-- their row numbers in data.
function Domain:select(data)
  if is_frame(data) then return select_frame(self, data) end
  local candidates = {}
  for i, row in ipairs(data) do
    if of_benchmark(self, row.benchmark, row.metric) then candidates[#candidates + 1] = i end
  end
  local out, at = {}, {}
  for _, i in ipairs(apply_conditions(self, data, candidates)) do
    local row = data[i]
    if self.filter == nil or self.filter(row) then
      out[#out + 1] = row
      at[#out] = i
    end
  end
  return out, at
end

-- The columns named by error = and compute = must exist (keep and drop columns are
-- checked where rows are selected).
local function check_columns(d, data)
  local names
  for _, which in ipairs({ "error", "compute" }) do
    local c = which == "error" and d.error_of or d.compute
    if type(c) == "string" then
      names = names or names_of(data)
      check_column(d, names, which, c)
    end
  end
end

-- Errors are fractions in (0, 1]: a value outside is almost always a percent or a score
-- given where an error belongs, and would give projections wrong by orders of magnitude.
local function check_error(d, e, row, i)
  local what = type(d.error_of) == "string" and string.format("error column '%s'", d.error_of)
    or type(d.error_of) == "function" and "error function" or "error (from column 'value')"
  local model = type(row.model) == "string" and string.format(" (model '%s')", row.model) or ""
  local raw = type(d.error_of) == "string" and row[d.error_of] or e
  if raw ~= nil and type(raw) ~= "number" then
    options.raise(string.format("domain '%s': %s gives %s '%s' at row %d%s, not a number",
      d.name, what, type(raw), tostring(raw), i, model))
  end
  if e == nil or e ~= e or (e > 0 and e <= 1) then return end
  local hint = ""
  if e > 1 and e <= 100 then
    hint = type(d.error_of) == "string"
      and string.format("; a percent? use error = function(r) return r.%s / 100 end", d.error_of)
      or "; a percent? divide it by 100"
  end
  options.raise(string.format("domain '%s': %s gives %s at row %d%s, outside (0, 1]: errors " ..
    "are fractions%s", d.name, what, formula_number(e), i, model, hint))
end

--- Points for fitting: rows of the domain with an error in (0, 1] and a positive compute;
-- an error outside (0, 1] raises. Returns { rows, error, compute, year, model, n,
-- n_dropped, chance }; arrays share indices; chance is the domain's (nil when it has none).
function Domain:points(data)
  check_columns(self, data)
  local pts = { rows = {}, error = {}, compute = {}, year = {}, model = {}, n_dropped = 0,
    chance = self.chance }
  local rows, at = self:select(data)
  for k, row in ipairs(rows) do
    local e, c = self:error(row), self:compute_of(row)
    check_error(self, e, row, at[k])
    if e and c and e > 0 and c > 0 then
      local i = #pts.rows + 1
      pts.rows[i], pts.error[i], pts.compute[i] = row, e, c
      pts.year[i] = tonumber(row.year)
      pts.model[i] = row.model
    else
      pts.n_dropped = pts.n_dropped + 1
    end
  end
  pts.n = #pts.rows
  return pts
end

--- Best (lowest) error of each year: { year = {...}, error = {...}, model = {...} }.
function Domain:best_by_year(data)
  local best = {}
  for _, row in ipairs(self:select(data)) do
    local e, y = self:error(row), tonumber(row.year)
    if e and y and (best[y] == nil or e < best[y].error) then
      best[y] = { error = e, model = row.model }
    end
  end
  local years = {}
  for y in pairs(best) do years[#years + 1] = y end
  table.sort(years)
  local out = { year = {}, error = {}, model = {} }
  for i, y in ipairs(years) do
    out.year[i], out.error[i], out.model[i] = y, best[y].error, best[y].model
  end
  return out
end

--- The running record: for each year with a result, the lowest error reached in that
-- year or any earlier one, and the model that reached it. Unlike best_by_year, a year
-- whose best listed result is worse than an earlier record keeps the record, so a few
-- weak rows added for a late year cannot bend a trend upward.
function Domain:running_record(data)
  local best = self:best_by_year(data)
  local out = { year = {}, error = {}, model = {} }
  for i, y in ipairs(best.year) do
    local prev = out.error[i - 1]
    out.year[i] = y
    if prev and prev <= best.error[i] then
      out.error[i], out.model[i] = prev, out.model[i - 1]
    else
      out.error[i], out.model[i] = best.error[i], best.model[i]
    end
  end
  return out
end

Domain.__tostring = function(d) return "domain " .. d.name end

-- errors read as raised at the caller's line; define's keys checked there
options.wrap_all(M, { "define", "get" },
  { define = { name = "domain.define", options = OPTS, keys_only = true } })
for _, name in ipairs({ "points", "select", "best_by_year" }) do
  Domain[name] = options.wrap(Domain[name])
end

return M
