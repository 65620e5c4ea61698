--- burden.fit.design: a parsed formula (burden.fit.formula) evaluated on data: the
-- design matrix (columns, names, factor coding as R's model.matrix), the response, the
-- rows used; and the design rows every model predicts from (row, new_rows).
--
-- `data` is any object with data:names() and data:col(name) (a frame), or a
-- plain table of columns { x = {...}, y = {...} }. Numeric columns are
-- burden.vectors or arrays of numbers; a nil value is missing.
local M = {}

local vector = require "burden.core.vector"
local formula = require "burden.fit.formula"
local names_nearby = require "burden.suggest"
local shortest = require("burden.format").shortest

local fail, deparse = formula.fail, formula.deparse

-- ---------------------------------------------------------------------------------------
-- Data access

-- The closest name, when it is close enough to be what was meant.
local function suggest(name, names)
  local best, d = names_nearby.closest(names, name, 1)
  if best[1] and d <= math.max(2, #name // 3) then return best[1] end
  return nil
end
M.suggest = suggest

--- A uniform view of data: names(), col(name) -> column or nil, nrow.
function M.source(data, fname)
  if type(data) ~= "table" and type(data) ~= "userdata" then
    error(string.format("bad argument #1 to '%s' (frame or table of columns expected, got %s)",
      fname, type(data)), 3)
  end
  local ok_names = type(data) == "userdata" or
    (getmetatable(data) and type(data.names) == "function" and type(data.col) == "function")
  if ok_names then
    local names = data:names()
    local lookup = {}
    for _, n in ipairs(names) do lookup[n] = true end
    return {
      names = names,
      col = function(name) if lookup[name] then return data:col(name) end end,
      nrow = data.nrow and data:nrow() or nil,
    }
  end
  local names = {}
  for k, v in pairs(data) do
    if type(k) == "string" and (type(v) == "table" or type(v) == "userdata") then names[#names + 1] = k end
  end
  table.sort(names)
  return { names = names, col = function(name) return rawget(data, name) end }
end

local Subset = {}
Subset.__index = Subset
function Subset:names() return rawget(self, "_names") end
function Subset:col(name) return rawget(self, "_cols")[name] end
function Subset:nrow() return rawget(self, "_n") end

--- Rows `rows` (an array of row numbers) of data, as a table of columns that is also a
-- minimal frame (names(), col(), nrow()), so that missing values (nil) keep their place.
function M.subset(data, rows, fname)
  local src = M.source(data, fname or "subset")
  local cols, n = {}, #rows
  local out = { _names = src.names, _cols = cols, _n = n }
  for _, name in ipairs(src.names) do
    local c = src.col(name)
    local t = {}
    for k, i in ipairs(rows) do t[k] = c[i] end
    cols[name] = t
    out[name] = t
  end
  return setmetatable(out, Subset)
end

-- The number of rows of a source: a frame's, else the longest column's.
local function source_nrow(src)
  if src.nrow then return src.nrow end
  local n = 0
  for _, name in ipairs(src.names) do n = math.max(n, #src.col(name)) end
  return n
end

--- The number of rows of data.
function M.nrow(data, fname)
  return source_nrow(M.source(data, fname or "nrow"))
end

-- What a column holds: "number", "string" or "boolean" (first non-missing value decides).
local function column_kind(col, n)
  if vector.is(col) then return (n > 0 and col:nmissing() == n) and "missing" or "number" end
  for i = 1, n do
    local v = col[i]
    if v ~= nil then
      local t = type(v)
      if t == "number" or t == "string" or t == "boolean" then return t end
      return "other"
    end
  end
  return "missing"
end

-- ---------------------------------------------------------------------------------------
-- Evaluation

local function need_column(f, src, name, cache, fname)
  local c = cache[name]
  if c then return c end
  local col = src.col(name)
  if col == nil then
    local hint = suggest(name, src.names)
    fail(f.ctx, string.format("unknown column '%s'", name),
      hint and string.format(" (did you mean '%s'?)", hint) or nil)
  end
  local n = src.nrow or #col
  c = { name = name, data = col, n = n, kind = column_kind(col, n) }
  cache[name] = c
  return c
end

-- A text column: its first cell that is not a number (row, text), and how many of its
-- cells are numbers and how many are not.
local function text_cells(c)
  local nnum, nbad, row, text = 0, 0, nil, nil
  for i = 1, c.n do
    local v = c.data[i]
    if v ~= nil then
      if tonumber(v) then
        nnum = nnum + 1
      else
        nbad = nbad + 1
        if not row then row, text = i, tostring(v) end
      end
    end
  end
  return row, text, nnum, nbad
end

-- A text column that is mostly numbers is one bad cell away from a numeric column: using it
-- as a factor would fit one coefficient per distinct number. Refuse unless factor(x) says so.
local function refuse_numeric_text(ctx, c)
  if c.kind ~= "string" then return end
  local row, text, nnum, nbad = text_cells(c)
  if nnum > 0 and nnum >= nbad then
    local where = row and string.format(" ('%s' at row %d is not a number)", text, row) or ""
    fail(ctx, string.format("column '%s' holds text but %d of its %d values are numbers%s; " ..
      "fix the cell (read_csv: na = {...} or types = { %s = \"number\" }), or write factor(%s) to " ..
      "use it as a factor", c.name, nnum, nnum + nbad, where, c.name, c.name))
  end
end

-- Compiles an arithmetic expression into fn(i) -> number, or nil when missing.
-- Domain errors raise (or, with opts.invalid == "drop", return false).
local function compile(f, e, cols, opts)
  local ctx = f.ctx
  if e.k == "num" then
    local v = e.v
    return function() return v end
  elseif e.k == "col" then
    local c = cols[e.name]
    if c.kind == "string" or c.kind == "boolean" then
      local row, text, nnum = text_cells(c)
      if c.kind == "string" and row and nnum > 0 then
        -- a numeric column with a bad cell: name the cell, not the factor advice
        fail(ctx, string.format("column '%s' holds text: '%s' at row %d is not a number (%d other " ..
          "values are); fix the cell (read_csv: na = {...} or types = { %s = \"number\" })",
          e.name, text, row, nnum, e.name))
      end
      local at = row and string.format(" ('%s' at row %d)", text, row) or ""
      fail(ctx, string.format("column '%s' holds text%s; use it as a term on its own (a factor)",
        e.name, at))
    end
    local data = c.data
    return function(i)
      local v = data[i]
      if v ~= nil and v ~= v or v == math.huge or v == -math.huge then
        local shown = v ~= v and "nan" or (v > 0 and "inf" or "-inf")
        fail(ctx, string.format("non-finite value (%s) in column '%s' at row %d", shown, e.name, i))
      end
      return v
    end
  elseif e.k == "paren" then
    return compile(f, e.a, cols, opts)
  elseif e.k == "neg" then
    local a = compile(f, e.a, cols, opts)
    return function(i) local x = a(i); if x then return -x end; return x end
  elseif e.k == "bin" then
    local a, b = compile(f, e.a, cols, opts), compile(f, e.b, cols, opts)
    local op = e.op
    return function(i)
      local x, y = a(i), b(i)
      if not x or not y then
        if x == false or y == false then return false end
        return nil
      end
      if op == "+" then return x + y elseif op == "-" then return x - y
      elseif op == "*" then return x * y elseif op == "/" then return x / y end
      return x ^ y
    end
  elseif e.k == "call" then
    local fn = e.fn
    local a = compile(f, e.args[1], cols, opts)
    local cnames = e.arg_columns -- formula.parse noted them
    local cname = cnames[1] and cnames[1].name or deparse(e.args[1])
    local drop = opts.invalid == "drop"
    local function bad(i, what, x)
      if drop then return false end
      fail(ctx, string.format("%s of a %s value (%s) in column '%s' at row %d", fn, what,
        shortest(x), cname, i))
    end
    if fn == "I" then return a end
    if fn == "log" and e.args[2] then
      local base = compile(f, e.args[2], cols, opts)
      return function(i)
        local x, bs = a(i), base(i)
        if not x or not bs then return (x == false or bs == false) and false or nil end
        if x <= 0 then return bad(i, "non-positive", x) end
        return math.log(x) / math.log(bs)
      end
    end
    local g
    if fn == "log" then g = math.log
    elseif fn == "log10" then g = function(x) return math.log(x, 10) end
    elseif fn == "log2" then g = function(x) return math.log(x, 2) end
    elseif fn == "exp" then g = math.exp
    elseif fn == "sqrt" then g = math.sqrt
    elseif fn == "abs" then g = math.abs end
    local positive = fn == "log" or fn == "log10" or fn == "log2"
    return function(i)
      local x = a(i)
      if not x then return x end
      if positive and x <= 0 then return bad(i, "non-positive", x) end
      if fn == "sqrt" and x < 0 then return bad(i, "negative", x) end
      return g(x)
    end
  end
  error("formula: cannot compile node " .. tostring(e.k))
end

-- Sorted distinct levels of a text column over rows where keep[i].
local function levels_of(col, n, keep)
  local seen, out = {}, {}
  for i = 1, n do
    local v = col[i]
    if v ~= nil and keep[i] then
      local s = tostring(v)
      if not seen[s] then seen[s] = true; out[#out + 1] = s end
    end
  end
  table.sort(out)
  return out
end

--- Evaluates a parsed formula on data. Returns a design:
--   { y = {...}, columns = { {...}, ... }, names = {...}, intercept = bool, n = rows used,
--     rows = original row numbers used, n_dropped = missing, n_invalid = dropped by
--     opts.invalid = "drop", terms = compiled terms (for predict) }
-- With `spec` (a previous design) the same terms and factor levels are used, and
-- the response is optional (for predict).
function M.evaluate(f, data, opts, spec)
  opts = opts or {}
  local fname = f.ctx.fname
  local src = M.source(data, fname)
  local cache = {}
  local nrow
  local wanted_columns = {}
  for _, c in ipairs(f.columns) do
    wanted_columns[#wanted_columns + 1] = c.name
  end
  local response_cols = {}
  for _, c in ipairs(f.response_columns) do response_cols[c.name] = true end
  local rhs_cols = {}
  for _, c in ipairs(f.rhs_columns) do rhs_cols[c.name] = true end
  local with_response = not spec -- predicting: the response is not needed
  for _, name in ipairs(wanted_columns) do
    if spec and response_cols[name] and not rhs_cols[name] then
      -- skip
    else
      local c = need_column(f, src, name, cache, fname)
      if nrow and c.n ~= nrow then
        error(string.format("%s: column '%s' has %d rows, expected %d", fname, name, c.n, nrow), 0)
      end
      nrow = nrow or c.n
    end
  end
  nrow = nrow or src.nrow or 0
  for name, c in pairs(cache) do
    if c.kind == "missing" then
      fail(f.ctx, string.format("column '%s' has no values (all missing)", name))
    elseif c.kind == "other" then
      fail(f.ctx, string.format("column '%s' holds neither numbers nor text", name))
    end
  end

  -- compile the response and each distinct part of the terms
  local yfn = with_response and compile(f, f.response, cache, opts) or nil
  local parts, part_list = {}, {}
  for _, t in ipairs(f.terms) do
    for j, e in ipairs(t.parts) do
      local label = t.part_labels[j]
      if not parts[label] then
        local part = { label = label }
        if e.k == "col" and (cache[e.name].kind == "string" or cache[e.name].kind == "boolean") then
          refuse_numeric_text(f.ctx, cache[e.name])
          part.kind, part.col = "factor", cache[e.name]
        elseif e.k == "call" and e.fn == "factor" then
          local arg = e.args[1]
          if arg.k ~= "col" then fail(f.ctx, "factor() takes a column name at position " .. e.pos) end
          part.kind, part.col = "factor", cache[arg.name]
        elseif e.k == "call" and e.fn == "poly" then
          part.kind, part.fn, part.degree = "poly", compile(f, e.args[1], cache, opts), e.args[2].v
        else
          part.kind, part.fn = "numeric", compile(f, e, cache, opts)
        end
        part.values = {}
        parts[label] = part
        part_list[#part_list + 1] = part
      end
    end
  end

  -- pass 1: evaluate every value, find rows to keep
  local yv = {}
  local keep, n_missing, n_invalid = {}, 0, 0
  for i = 1, nrow do
    local ok, invalid = true, false
    if yfn then
      local v = yfn(i)
      if v == nil then ok = false elseif v == false then ok = false; invalid = true else yv[i] = v end
    end
    for _, part in ipairs(part_list) do
      local v
      if part.kind == "factor" then
        v = part.col.data[i]
        if v ~= nil then v = tostring(v) end
      else
        v = part.fn(i)
      end
      if v == nil then ok = false elseif v == false then ok = false; invalid = true else part.values[i] = v end
    end
    if ok then
      keep[i] = true
    elseif invalid then
      n_invalid = n_invalid + 1
    else
      n_missing = n_missing + 1
    end
  end
  local rows = {}
  for i = 1, nrow do if keep[i] then rows[#rows + 1] = i end end
  local n = #rows

  -- factor levels: from the fitted data (or the fit being predicted from)
  local factors = {}
  for _, part in ipairs(part_list) do
    if part.kind == "factor" then
      local cname = part.col.name
      local known = spec and spec.factors[part.label]
      local levels, ref
      if known then
        levels, ref = known.levels, known.ref
        local is_level = {}
        for _, l in ipairs(levels) do is_level[l] = true end
        for _, i in ipairs(rows) do
          local v = part.values[i]
          if not is_level[v] then
            error(string.format("%s: level '%s' of column '%s' at row %d was not in the fitted data",
              fname, v, cname, i), 0)
          end
        end
      else
        levels = levels_of(part.col.data, nrow, keep)
        if #levels < 2 then
          fail(f.ctx, string.format("factor '%s' has a single level ('%s') in the used rows", cname,
            tostring(levels[1])))
        end
        local want = opts.ref and opts.ref[cname]
        if want ~= nil then
          want = tostring(want)
          local found = false
          for _, l in ipairs(levels) do if l == want then found = true end end
          if not found then
            error(string.format("%s: reference level '%s' is not a level of column '%s' (levels: %s)",
              fname, want, cname, table.concat(levels, ", ")), 0)
          end
          ref = want
        else
          ref = levels[1]
        end
      end
      factors[part.label] = { levels = levels, ref = ref, column = cname }
    end
  end

  -- R's coding of a factor inside a term (Chambers and Hastie 1992, p. 38): by contrasts
  -- (treatment: the reference level left out) when the term without that factor is
  -- empty or is contained in a preceding term, else by a full set of indicators. Without
  -- an intercept, the first factor of the first term that has one is fully coded.
  local function full_coding(ti, j)
    local t = f.terms[ti]
    local rest = {}
    for k, l in ipairs(t.part_labels) do if k ~= j then rest[#rest + 1] = l end end
    if #rest == 0 then return false end
    for pi = 1, ti - 1 do
      local has = {}
      for _, l in ipairs(f.terms[pi].part_labels) do has[l] = true end
      local contains = true
      for _, l in ipairs(rest) do if not has[l] then contains = false; break end end
      if contains then return false end
    end
    return true
  end
  local first_full
  if not f.intercept then
    for ti, t in ipairs(f.terms) do
      for j, l in ipairs(t.part_labels) do
        if parts[l].kind == "factor" then first_full = { ti, j }; break end
      end
      if first_full then break end
    end
  end

  -- design columns: each term is the product of its parts' columns, the first part
  -- varying fastest (R's order); names join the parts' names with ':'
  local design = { names = {}, columns = {}, intercept = f.intercept, terms = {}, formula = f,
                   factors = factors, numeric_only = {} }
  for ti, t in ipairs(f.terms) do
    local options = {}
    for j, l in ipairs(t.part_labels) do
      local part = parts[l]
      local opt = {}
      if part.kind == "numeric" then
        local v = part.values
        opt[1] = { name = l, get = function(i) return v[i] end }
      elseif part.kind == "poly" then
        local v = part.values
        for d = 1, part.degree do
          opt[d] = { name = l .. d, get = function(i) return v[i] ^ d end }
        end
      else
        local fac = factors[l]
        local full = full_coding(ti, j) or (first_full and first_full[1] == ti and first_full[2] == j)
        local v = part.values
        for _, level in ipairs(fac.levels) do
          if full or level ~= fac.ref then
            opt[#opt + 1] = { name = l .. level, get = function(i) return v[i] == level and 1 or 0 end }
          end
        end
      end
      options[j] = opt
    end
    local first = #design.columns + 1
    local idx = {}
    for j = 1, #options do idx[j] = 1 end
    while true do
      local names, gets = {}, {}
      for j = 1, #options do
        local o = options[j][idx[j]]
        names[j], gets[j] = o.name, o.get
      end
      local col = {}
      for k, i in ipairs(rows) do
        local x = 1
        for j = 1, #gets do x = x * gets[j](i) end
        col[k] = x
      end
      design.columns[#design.columns + 1] = col
      design.names[#design.names + 1] = table.concat(names, ":")
      -- next combination, first part fastest
      local j = 1
      while j <= #options do
        idx[j] = idx[j] + 1
        if idx[j] <= #options[j] then break end
        idx[j] = 1
        j = j + 1
      end
      if j > #options then break end
    end
    local numeric = true
    for _, l in ipairs(t.part_labels) do if parts[l].kind == "factor" then numeric = false end end
    for c = first, #design.columns do design.numeric_only[c] = numeric end
    design.terms[ti] = { label = t.label, first = first, last = #design.columns }
  end
  if yfn then
    local y = {}
    for k, i in ipairs(rows) do y[k] = yv[i] end
    design.y = y
  end
  design.rows, design.n, design.n_dropped, design.n_invalid, design.nrow = rows, n, n_missing, n_invalid, nrow
  design.response = f.response_text
  design.used_columns = cache
  -- the data as read once for this design (a fit's weights or cluster column comes from
  -- it too), and its number of rows
  design.source, design.nrow_input = src, source_nrow(src)
  return design
end

-- ---------------------------------------------------------------------------------------
-- Design rows: what every model predicts from

--- Row k of a design as an array of p values: the intercept's 1 first (when there is
-- one), then each column's k-th value. The one place a design row is built (lm's
-- model_matrix and predict, robust fits, new data).
function M.row(intercept, columns, k)
  local r = {}
  if intercept then r[1] = 1 end
  for _, c in ipairs(columns) do r[#r + 1] = c[k] end
  return r
end

--- Rows 1..n of a design (M.row of each): a whole model matrix in one call.
function M.rows(intercept, columns, n)
  local rows = {}
  for k = 1, n do rows[k] = M.row(intercept, columns, k) end
  return rows
end

--- The design rows of new data for a formula fitted as `fitted` (the design evaluate
-- returned), with its terms and factor levels: one row per row of newdata, p NaNs for a
-- row with a missing value (so predictions keep the rows of newdata).
function M.new_rows(f, newdata, opts, fitted, p)
  local nd = M.evaluate(f, newdata, opts, fitted)
  local rows, nan = {}, {}
  for j = 1, p do nan[j] = 0 / 0 end
  for i = 1, nd.nrow do rows[i] = nan end
  for k, i in ipairs(nd.rows) do rows[i] = M.row(nd.intercept, nd.columns, k) end
  return rows
end

return M
