--- burden.domain: which rows of a data set make a benchmark, what its error is, and
-- what its compute is.
--
--   local d = burden.domain.define{
--     name = "imagenet", title = "ImageNet", benchmark = "imagenet", metric = "top1",
--     higher_is_better = true,           -- error = (100 - value) / 100 unless `error` is given
--     error = "err_column" or function(row) return ... end,
--     compute = "hardware_burden" | "forward_flops" | "column" | function(row) ... end,
--     targets = { 0.05, 0.01 },          -- errors (fractions) to project compute for
--     filter = function(row) return ... end,
--     chance = 0.25,                     -- accuracy of guessing (a floor for chance_logistic)
--     measure = "text",                  -- what the compute column means, for reports
--   }
--   local pts = d:points(rows)           -- { error = {...}, compute = {...}, year = {...}, ... }
--   d:best_by_year(rows), d:running_record(rows)  -- { year, error, model } per year
--
-- The six benchmarks of Thompson et al. are built with this same function in
-- stdlib/burden/domains/ and are found by name: burden.domain.get("imagenet"). The
-- language-model benchmarks (burden.domain.llm: mmlu, gsm8k, hellaswag) are built the same
-- way; their compute is the training compute in FLOP (column train_flop).
local options = require "burden.options"
local suggest = require "burden.suggest"
local Frame = require("burden.data").Frame

local M = {}

-- The keys of domain.define (burden.options.check rejects any other).
local OPTS = { "name", "title", "benchmark", "metric", "higher_is_better", "error", "compute",
  "targets", "filter", "precision", "notes", "chance", "measure" }

local Domain = {}
Domain.__index = Domain

local registry = {}

local BUILTIN = { "imagenet", "coco", "squad11", "conll2003", "wmt2014_en_fr",
  "wmt2014_en_de" }
-- Language-model benchmarks: found by name like the paper's six, but kept out of
-- M.builtin so the paper reproduction's tables stay the paper's.
local LLM = { "mmlu", "gsm8k", "hellaswag" }

local function check_spec(spec)
  if type(spec) ~= "table" then error("bad argument #1 to 'define' (table expected)", 3) end
  options.check("domain.define", spec, OPTS)
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
end

--- Defines (and registers under its name) a domain.
function M.define(spec)
  check_spec(spec)
  local d = setmetatable({
    name = spec.name,
    title = spec.title or spec.name,
    benchmark = spec.benchmark or spec.name,
    metric = spec.metric,
    higher_is_better = spec.higher_is_better ~= false,
    error_of = spec.error,
    compute = spec.compute or "hardware_burden",
    targets = spec.targets or {},
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

-- A frame's names and columns, read once per frame (frames never change; weak keys: the
-- entry lives as long as the frame).
local columns_of = setmetatable({}, { __mode = "k" })
local function frame_columns(frame)
  local c = columns_of[frame]
  if not c then
    c = { names = frame:names(), cols = {} }
    for _, name in ipairs(c.names) do c.cols[name] = frame:col(name) end
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

-- The rows of a frame this domain selects, by row number: the benchmark and metric
-- columns first, then the filter on those rows' tables. Kept per (frame, domain), since
-- a frame never changes and a paper run selects the same rows many times.
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
  for i = 1, frame:nrow() do
    local b, m = bench and bench[i], metric and metric[i]
    if (b == nil or b == d.benchmark) and (d.metric == nil or m == nil or m == d.metric) then
      candidates[#candidates + 1] = i
    end
  end
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
  local out, at = {}, {}
  for i, row in ipairs(data) do
    if (row.benchmark == nil or row.benchmark == self.benchmark)
      and (self.metric == nil or row.metric == nil or row.metric == self.metric)
      and (self.filter == nil or self.filter(row)) then
      out[#out + 1] = row
      at[#out] = i
    end
  end
  return out, at
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

-- A column named by a string (error =, compute =) must exist: a typo would otherwise give
-- a domain with no points and no word.
local function check_columns(d, data)
  local names
  for _, which in ipairs({ "error", "compute" }) do
    local c = which == "error" and d.error_of or d.compute
    if type(c) == "string" then
      names = names or names_of(data)
      local found = false
      for _, n in ipairs(names) do if n == c then found = true; break end end
      if not found and #names > 0 then
        local close = suggest.closest(names, c, 3)
        for k, n in ipairs(close) do close[k] = "'" .. n .. "'" end
        options.raise(string.format("domain '%s': unknown %s column '%s' (closest: %s)", d.name,
          which, c, table.concat(close, ", ")))
      end
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

-- errors read as raised at the caller's line
options.wrap_all(M, { "define", "get" })
for _, name in ipairs({ "points", "select", "best_by_year" }) do
  Domain[name] = options.wrap(Domain[name])
end

return M
