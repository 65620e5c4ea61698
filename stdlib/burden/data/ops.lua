--- burden.data.ops (internal): frame operations, installed into burden.data's Frame.
-- Row selection (where, sort, head, join, unique) computes row indices in Lua
-- and gathers every column in C (column.take), so columns are never rebuilt
-- value by value.
return function(data, Frame, util)
  local core, make, unknown, cell = util.core, util.make, util.unknown, util.cell
  local column = util.column
  local column_from_array = util.column_from_array
  local options = require "burden.options"
  local fmt = require "burden.format"
  -- the options of join and write_csv (burden.options.check rejects any other key)
  local JOIN_OPTS = { "by", "how", "suffix", "one_to_one", "many_to_one" }
  local WRITE_CSV_OPTS = { "sep" }

  local function check_name(self, fname, name)
    if type(name) ~= "string" then
      error(string.format("%s: column name expected, got %s", fname, type(name)), 3)
    end
    if self._cols[name] == nil then unknown(fname, self._names, name, 3) end
  end

  -- names given as f("a", "b") or f{"a", "b"}
  local function name_list(...)
    local first = ...
    if type(first) == "table" then return first end
    return { ... }
  end

  -- A new frame with the given rows (an array of indices; 0 gives missing values).
  local function take_rows(self, idx, n)
    local cols, types = {}, {}
    for i, name in ipairs(self._names) do
      cols[i] = column.take(self._cols[name], idx, n)
      types[i] = self._types[name]
    end
    return make(table.move(self._names, 1, #self._names, 1, {}), cols, types, n)
  end

  -- The values of a column as a Lua array suitable for ordering: booleans as 0/1, NaN as nil.
  local function key_values(self, name)
    local c, t = self._cols[name], self._types[name]
    local out = {}
    for i = 1, self._nrow do
      local v = c[i]
      if t == "boolean" then
        if v ~= nil then v = v and 1 or 0 end
      elseif v ~= v then
        v = nil
      end
      out[i] = v
    end
    return out
  end

  -- A string identifying the values of the key columns in row i (missing has its own mark).
  local function row_key(vals, i)
    local parts = {}
    for k = 1, #vals do
      local v = vals[k][i]
      if v == nil then
        parts[k] = "\0NA"
      elseif type(v) == "number" then
        parts[k] = string.format("%.17g", v)
      else
        parts[k] = tostring(v)
      end
    end
    return table.concat(parts, "\0\1")
  end

  -- ---- select / rename / drop ----------------------------------------------------------

  --- The listed columns, in that order: f:select("a", "b") or f:select{"a", "b"}.
  function Frame:select(...)
    local names = name_list(...)
    local cols, types, seen = {}, {}, {}
    for i, name in ipairs(names) do
      check_name(self, "select", name)
      if seen[name] then error("select: column '" .. name .. "' named twice", 2) end
      seen[name] = true
      cols[i], types[i] = self._cols[name], self._types[name]
    end
    local out = {}
    for i, n in ipairs(names) do out[i] = n end
    return make(out, cols, types, self._nrow)
  end

  --- Every column except the listed ones.
  function Frame:drop(...)
    local gone = {}
    for _, name in ipairs(name_list(...)) do
      check_name(self, "drop", name)
      gone[name] = true
    end
    local keep = {}
    for _, name in ipairs(self._names) do
      if not gone[name] then keep[#keep + 1] = name end
    end
    return self:select(keep)
  end

  --- Renames columns: f:rename{ old = "new", ... }.
  function Frame:rename(map)
    if type(map) ~= "table" then error("bad argument #1 to 'rename' (table expected)", 2) end
    local olds = {}
    for old in pairs(map) do olds[#olds + 1] = old end
    table.sort(olds)
    for _, old in ipairs(olds) do
      check_name(self, "rename", old)
      local new = map[old]
      if type(new) ~= "string" or new == "" then
        error(string.format("rename: the new name of column '%s' must be a non-empty string, got %s",
          old, type(new) == "string" and "''" or type(new)), 2)
      end
    end
    local names, cols, types, seen = {}, {}, {}, {}
    for i, name in ipairs(self._names) do
      local new = map[name] or name
      if seen[new] then error("rename: duplicate column name '" .. new .. "'", 2) end
      seen[new] = true
      names[i], cols[i], types[i] = new, self._cols[name], self._types[name]
    end
    return make(names, cols, types, self._nrow)
  end

  -- ---- where ---------------------------------------------------------------------------

  --- Rows for which pred(row) is true, or that match { col = value, ... } (a table value
  -- matches any of its elements).
  function Frame:where(pred)
    local idx = {}
    if type(pred) == "function" then
      for i = 1, self._nrow do
        if pred(self:row(i), i) then idx[#idx + 1] = i end
      end
    elseif type(pred) == "table" then
      local names = {}
      for name in pairs(pred) do names[#names + 1] = name end
      table.sort(names)
      local tests = {}
      for k, name in ipairs(names) do
        check_name(self, "where", name)
        local want = pred[name]
        if type(want) == "table" then
          local set = {}
          for _, v in ipairs(want) do set[v] = true end
          tests[k] = function(v) return v ~= nil and set[v] == true end
        else
          tests[k] = function(v) return v == want end
        end
      end
      for i = 1, self._nrow do
        local ok = true
        for k, name in ipairs(names) do
          if not tests[k](self._cols[name][i]) then ok = false; break end
        end
        if ok then idx[#idx + 1] = i end
      end
    else
      error("bad argument #1 to 'where' (function or table expected, got " .. type(pred) .. ")", 2)
    end
    return take_rows(self, idx, #idx)
  end

  -- ---- mutate --------------------------------------------------------------------------

  --- Adds or replaces columns: f:mutate{ name = function(row, i) ... end | array | column }.
  -- New columns are computed in sorted name order (or give an array of {name, spec}
  -- pairs); each function sees the columns computed before it. Existing names keep
  -- their position; new ones are appended.
  function Frame:mutate(spec)
    if type(spec) ~= "table" then error("bad argument #1 to 'mutate' (table expected)", 2) end
    local order = {}
    if spec[1] ~= nil then
      for i, pair in ipairs(spec) do
        if type(pair) ~= "table" or type(pair[1]) ~= "string" then
          error(string.format("bad argument #1 to 'mutate' ({name, spec} expected at index %d)", i), 2)
        end
        order[i] = { pair[1], pair[2] }
      end
    else
      local names = {}
      for name in pairs(spec) do names[#names + 1] = name end
      table.sort(names)
      for i, name in ipairs(names) do order[i] = { name, spec[name] } end
    end
    if #order == 0 then return self end
    -- the new frame's columns, built up in place; a function sees a frame of the columns
    -- computed before it, made only when a function needs it (one frame for arrays)
    local names, cols, types = table.move(self._names, 1, #self._names, 1, {}), {}, {}
    for i, n in ipairs(names) do cols[i], types[i] = self._cols[n], self._types[n] end
    local frame, stale = self, false
    local function copy(t) return table.move(t, 1, #t, 1, {}) end
    for _, pair in ipairs(order) do
      local name, f = pair[1], pair[2]
      local col, t
      if type(f) == "function" then
        if stale then frame, stale = make(copy(names), copy(cols), copy(types), self._nrow), false end
        local values = {}
        for i = 1, frame._nrow do
          local v = f(frame:row(i), i)
          if v ~= nil and type(v) ~= "number" and type(v) ~= "string" and type(v) ~= "boolean" then
            error(string.format("mutate: column '%s' row %d: function returned a %s", name, i,
              type(v)), 2)
          end
          values[i] = v
        end
        col, t = column_from_array("mutate", name, values, frame._nrow)
      elseif column.kind(f) then
        if #f ~= frame._nrow then
          error(string.format("mutate: column '%s' has %d rows, the frame %d", name, #f,
            frame._nrow), 2)
        end
        col, t = util.own(f), column.kind(f)
      elseif type(f) == "table" then
        col, t = column_from_array("mutate", name, f, frame._nrow)
      else
        error(string.format("mutate: column '%s': function, array or column expected, got %s",
          name, type(f)), 2)
      end
      local replaced = false
      for i, n in ipairs(names) do
        if n == name then cols[i], types[i], replaced = col, t, true end
      end
      if not replaced then
        names[#names + 1] = name
        cols[#cols + 1], types[#types + 1] = col, t
      end
      stale = true
    end
    return make(names, cols, types, self._nrow)
  end

  -- ---- sort ----------------------------------------------------------------------------

  -- Keys: "a", "-a" (descending), or { "a", desc = true }.
  local function sort_keys(self, fname, ...)
    local raw = { ... }
    -- f:sort{"a", "-b"} or f:sort{ {"a", desc = true} } pass a list; {"a", desc = true} is one key
    if #raw == 1 and type(raw[1]) == "table" and raw[1].desc == nil then
      raw = raw[1]
    end
    local keys = {}
    for i, k in ipairs(raw) do
      local name, desc
      if type(k) == "table" then
        local named = {}
        for key, v in pairs(k) do if key ~= 1 then named[key] = v end end
        local msg = options.unknown(fname, named, { "desc" })
        if msg then options.raise(msg) end
        name, desc = k[1], k.desc and true or false
      elseif type(k) == "string" and k:sub(1, 1) == "-" and self._cols[k] == nil then
        name, desc = k:sub(2), true
      else
        name, desc = k, false
      end
      check_name(self, fname, name)
      keys[i] = { name = name, desc = desc }
    end
    if #keys == 0 then error(fname .. ": at least one column expected", 3) end
    return keys
  end

  local function compare_rows(keys)
    return function(a, b)
      for k = 1, #keys do
        local key = keys[k]
        local va, vb = key.vals[a], key.vals[b]
        if va ~= vb then
          if va == nil then return false end -- missing last, in either direction
          if vb == nil then return true end
          if key.desc then return va > vb end
          return va < vb
        end
      end
      return a < b -- ties keep their order: the sort is stable
    end
  end

  --- Rows ordered by one or more columns: f:sort("year", "-error") or f:sort{ {"x", desc = true} }.
  -- Stable; missing values last.
  function Frame:sort(...)
    local keys = sort_keys(self, "sort", ...)
    local cols, desc = {}, {}
    for k, key in ipairs(keys) do cols[k], desc[k] = self._cols[key.name], key.desc end
    local idx = column.order(cols, desc) -- stable, missing last, in C
    return take_rows(self, idx, #idx)
  end

  -- ---- head / tail / slice -------------------------------------------------------------

  --- The first n rows (default 10).
  function Frame:head(n)
    n = n or 10
    if math.type(n) ~= "integer" or n < 0 then
      error("bad argument #1 to 'head' (non-negative integer expected)", 2)
    end
    local idx = {}
    for i = 1, math.min(n, self._nrow) do idx[i] = i end
    return take_rows(self, idx, #idx)
  end

  --- The last n rows (default 10).
  function Frame:tail(n)
    n = n or 10
    if math.type(n) ~= "integer" or n < 0 then
      error("bad argument #1 to 'tail' (non-negative integer expected)", 2)
    end
    local idx = {}
    for i = math.max(1, self._nrow - n + 1), self._nrow do idx[#idx + 1] = i end
    return take_rows(self, idx, #idx)
  end

  --- The rows listed (an array of indices).
  function Frame:take(idx)
    if type(idx) ~= "table" then error("bad argument #1 to 'take' (array of rows expected)", 2) end
    for k, i in ipairs(idx) do
      if math.type(i) ~= "integer" or i < 1 or i > self._nrow then
        error(string.format("take: row %s at index %d out of range 1..%d", tostring(i), k,
          self._nrow), 2)
      end
    end
    return take_rows(self, idx, #idx)
  end

  -- ---- unique --------------------------------------------------------------------------

  --- The first row of each distinct combination of the listed columns (default: all).
  function Frame:unique(...)
    local names = name_list(...)
    if #names == 0 then names = self._names end
    local vals = {}
    for k, name in ipairs(names) do
      check_name(self, "unique", name)
      vals[k] = key_values(self, name)
    end
    local seen, idx = {}, {}
    for i = 1, self._nrow do
      local key = row_key(vals, i)
      if not seen[key] then
        seen[key] = true
        idx[#idx + 1] = i
      end
    end
    return take_rows(self, idx, #idx)
  end

  -- ---- bind_rows -----------------------------------------------------------------------

  local function merged_type(a, b)
    if a == b then return a end
    if (a == "integer" and b == "number") or (a == "number" and b == "integer") then
      return "number"
    end
    return nil
  end

  --- The rows of this frame followed by those of the others. Columns are matched by name
  -- (in this frame's order, new names appended); a column absent from a frame is missing
  -- there. Integer and number columns combine into numbers.
  function Frame:bind_rows(...)
    local frames = { self, ... }
    local names, index = {}, {}
    for k, f in ipairs(frames) do
      if getmetatable(f) ~= Frame then
        error(string.format("bad argument #%d to 'bind_rows' (frame expected, got %s)", k - 1,
          type(f)), 2)
      end
      for _, name in ipairs(f._names) do
        if not index[name] then
          names[#names + 1] = name
          index[name] = true
        end
      end
    end
    local cols, types, total = {}, {}, 0
    for _, f in ipairs(frames) do total = total + f._nrow end
    for i, name in ipairs(names) do
      local t, template
      for _, f in ipairs(frames) do
        local ft = f._types[name]
        if ft then
          if t == nil then
            t, template = ft, f._cols[name]
          else
            local m = merged_type(t, ft)
            if not m then
              error(string.format("bind_rows: column '%s' is %s in one frame and %s in another",
                name, t, ft), 2)
            end
            t = m
          end
        end
      end
      local acc
      for _, f in ipairs(frames) do
        local c = f._cols[name]
        if c == nil then
          local zeros = {}
          for r = 1, f._nrow do zeros[r] = 0 end
          c = column.take(template, zeros, f._nrow)
        end
        acc = acc and column.concat(acc, c) or c
      end
      cols[i], types[i] = acc, t
    end
    return make(names, cols, types, total)
  end

  -- ---- group_by / summarize ------------------------------------------------------------

  local Grouped = {}
  Grouped.__index = Grouped
  Grouped.__name = "burden.grouped_frame"

  --- Groups rows by the values of the listed columns; use :summarize{...} or :groups().
  function Frame:group_by(...)
    local names = name_list(...)
    if #names == 0 then error("group_by: at least one column expected", 2) end
    local keys = {}
    for k, name in ipairs(names) do
      check_name(self, "group_by", name)
      keys[k] = { name = name, desc = false, vals = key_values(self, name) }
    end
    local vals = {}
    for k = 1, #keys do vals[k] = keys[k].vals end
    local groups, by_key = {}, {}
    for i = 1, self._nrow do
      local key = row_key(vals, i)
      local g = by_key[key]
      if not g then
        g = { first = i, rows = {} }
        by_key[key] = g
        groups[#groups + 1] = g
      end
      g.rows[#g.rows + 1] = i
    end
    -- groups in key order (missing last), so output never depends on hashing
    local less = compare_rows(keys)
    table.sort(groups, function(a, b) return less(a.first, b.first) end)
    -- the field is `parts`: a field named `groups` would hide the :groups() method
    return setmetatable({ frame = self, keys = names, parts = groups }, Grouped)
  end

  --- The groups as { key = { col = value, ... }, frame = subframe } in key order.
  function Grouped:groups()
    local out = {}
    for k, g in ipairs(self.parts) do
      local key = {}
      for _, name in ipairs(self.keys) do key[name] = cell(self.frame, name, g.first) end
      out[k] = { key = key, frame = take_rows(self.frame, g.rows, #g.rows) }
    end
    return out
  end

  function Grouped:ngroups() return #self.parts end

  local function numbers(frame, fname, name, rows)
    local c, t = frame._cols[name], frame._types[name]
    if t ~= "number" and t ~= "integer" then
      error(string.format("summarize: %s needs a numeric column, '%s' is %s", fname, name, t), 4)
    end
    local xs = {}
    for _, i in ipairs(rows) do
      local v = c[i]
      if v ~= nil and v == v then xs[#xs + 1] = v end
    end
    return xs
  end

  local function arg_extreme(frame, name, rows, want_min)
    local c = frame._cols[name]
    local best, best_i
    for _, i in ipairs(rows) do
      local v = c[i]
      if v ~= nil and v == v and (best == nil or (want_min and v < best) or (not want_min and v > best)) then
        best, best_i = v, i
      end
    end
    return best_i
  end

  local SUMMARIES = {
    count = function(frame, rows, name)
      if not name then return #rows end
      local c, k = frame._cols[name], 0
      for _, i in ipairs(rows) do if c[i] ~= nil then k = k + 1 end end
      return k
    end,
    sum = function(frame, rows, name)
      local s = 0
      for _, x in ipairs(numbers(frame, "sum", name, rows)) do s = s + x end
      return s
    end,
    mean = function(frame, rows, name)
      local xs = numbers(frame, "mean", name, rows)
      if #xs == 0 then return nil end
      local s = 0
      for _, x in ipairs(xs) do s = s + x end
      return s / #xs
    end,
    sd = function(frame, rows, name)
      local xs = numbers(frame, "sd", name, rows)
      if #xs < 2 then return nil end
      local m = 0
      for _, x in ipairs(xs) do m = m + x end
      m = m / #xs
      local ss = 0
      for _, x in ipairs(xs) do ss = ss + (x - m) ^ 2 end
      return math.sqrt(ss / (#xs - 1))
    end,
    max = function(frame, rows, name)
      local xs = numbers(frame, "max", name, rows)
      if #xs == 0 then return nil end
      local m = xs[1]
      for _, x in ipairs(xs) do if x > m then m = x end end
      return m
    end,
    median = function(frame, rows, name)
      local xs = numbers(frame, "median", name, rows)
      if #xs == 0 then return nil end
      table.sort(xs)
      local h = #xs // 2
      if #xs % 2 == 1 then return xs[h + 1] end
      return (xs[h] + xs[h + 1]) / 2
    end,
    first = function(frame, rows, name)
      return rows[1] and cell(frame, name, rows[1])
    end,
    last = function(frame, rows, name)
      return rows[#rows] and cell(frame, name, rows[#rows])
    end,
    -- {"argmin", "error", "model"}: the model of the row with the smallest error
    -- (the row index within the frame when no third column is given)
    argmin = function(frame, rows, name, other)
      local i = arg_extreme(frame, name, rows, true)
      if i == nil then return nil end
      return other and cell(frame, other, i) or i
    end,
    argmax = function(frame, rows, name, other)
      local i = arg_extreme(frame, name, rows, false)
      if i == nil then return nil end
      return other and cell(frame, other, i) or i
    end,
  }
  SUMMARIES.min = function(frame, rows, name)
    local xs = numbers(frame, "min", name, rows)
    if #xs == 0 then return nil end
    local m = xs[1]
    for _, x in ipairs(xs) do if x < m then m = x end end
    return m
  end

  local function summary_list(spec)
    local list = {}
    if spec[1] ~= nil then
      for i, pair in ipairs(spec) do list[i] = { pair[1], pair[2] } end
    else
      local names = {}
      for name in pairs(spec) do names[#names + 1] = name end
      table.sort(names)
      for i, name in ipairs(names) do list[i] = { name, spec[name] } end
    end
    return list
  end

  -- One summary value for the rows of a group.
  local function summarize_rows(frame, rows, name, s)
    if type(s) == "function" then
      return s(take_rows(frame, rows, #rows))
    end
    if s == "count" then s = { "count" } end
    if type(s) ~= "table" or type(s[1]) ~= "string" then
      error(string.format("summarize: '%s': function, \"count\" or {\"fn\", \"column\"} expected",
        name), 3)
    end
    local fn = SUMMARIES[s[1]]
    if not fn then
      local known = {}
      for k in pairs(SUMMARIES) do known[#known + 1] = k end
      table.sort(known)
      error(string.format("summarize: '%s': unknown summary '%s' (known: %s)", name, s[1],
        table.concat(known, ", ")), 3)
    end
    for k = 2, 3 do
      if s[k] ~= nil then check_name(frame, "summarize", s[k]) end
    end
    if s[1] ~= "count" and s[2] == nil then
      error(string.format("summarize: '%s': %s needs a column", name, s[1]), 3)
    end
    return fn(frame, rows, s[2], s[3])
  end

  --- One row per group: the key columns, then one column per summary, in sorted name order
  -- (or pass an array of {name, spec} pairs). A spec is "count", {"count", col} (non-missing),
  -- {"sum"|"mean"|"sd"|"min"|"max"|"median"|"first"|"last", col}, {"argmin"|"argmax", col
  -- [, other]} (the value of `other` in the row where col is smallest/largest, or the row
  -- index), or function(subframe) -> value.
  function Grouped:summarize(spec)
    if type(spec) ~= "table" then error("bad argument #1 to 'summarize' (table expected)", 2) end
    local list = summary_list(spec)
    local frame, n = self.frame, #self.parts
    local names, cols, types = {}, {}, {}
    for k, name in ipairs(self.keys) do
      local first = {}
      for g, grp in ipairs(self.parts) do first[g] = grp.first end
      names[k] = name
      cols[k] = column.take(frame._cols[name], first, n)
      types[k] = frame._types[name]
    end
    for _, item in ipairs(list) do
      local name, s = item[1], item[2]
      for _, key in ipairs(self.keys) do
        if key == name then error("summarize: '" .. name .. "' is a grouping column", 2) end
      end
      local values = {}
      for g, grp in ipairs(self.parts) do values[g] = summarize_rows(frame, grp.rows, name, s) end
      local col, t = column_from_array("summarize", name, values, n)
      names[#names + 1], cols[#cols + 1], types[#types + 1] = name, col, t
    end
    return make(names, cols, types, n)
  end

  --- The same summaries over the whole frame, as a one-row frame.
  function Frame:summarize(spec)
    local all = {}
    for i = 1, self._nrow do all[i] = i end
    local g = setmetatable({ frame = self, keys = {}, parts = { { first = 1, rows = all } } },
      Grouped)
    return g:summarize(spec)
  end

  -- ---- join ----------------------------------------------------------------------------

  --- Joins on one or more key columns: f:join(other, { by = "model" | {"a", "b"},
  -- how = "inner" | "left", one_to_one = false, many_to_one = false, suffix = "_y" }).
  -- one_to_one: keys must be unique in both frames; many_to_one: in the other frame. Rows come in this frame's
  -- order (then the other's for several matches); the other frame's non-key columns are
  -- appended, renamed with the suffix when the name is taken. Missing keys never match.
  function Frame:join(other, opts)
    if not data.is_frame(other) then
      error("bad argument #1 to 'join' (frame expected, got " .. type(other) .. ")", 2)
    end
    opts = options.check("join", opts, JOIN_OPTS, 2)
    local by = opts.by
    if by == nil then error("join: opts.by (key column or columns) expected", 2) end
    if type(by) == "string" then by = { by } end
    local how = opts.how or "inner"
    if how ~= "inner" and how ~= "left" then
      error("join: how must be \"inner\" or \"left\", got " .. tostring(how), 2)
    end
    local suffix = opts.suffix or "_y"
    local lv, rv = {}, {}
    for k, name in ipairs(by) do
      check_name(self, "join", name)
      if other._cols[name] == nil then unknown("join (right frame)", other._names, name, 2) end
      local lt, rt = self._types[name], other._types[name]
      local lnum = lt == "number" or lt == "integer"
      local rnum = rt == "number" or rt == "integer"
      if lt ~= rt and not (lnum and rnum) then
        error(string.format("join: key '%s' is %s in the left frame and %s in the right", name,
          lt, rt), 2)
      end
      lv[k], rv[k] = key_values(self, name), key_values(other, name)
    end
    local index = {}
    for j = 1, other._nrow do
      local key = row_key(rv, j)
      if not key:find("\0NA", 1, true) then
        local list = index[key]
        if list then
          if opts.one_to_one or opts.many_to_one then
            local shown = {}
            for k, name in ipairs(by) do
              shown[k] = name .. " = " .. tostring(cell(other, name, j))
            end
            error(string.format("join: duplicate key (%s) in the right frame (rows %d and %d)",
              table.concat(shown, ", "), list[1], j), 2)
          end
          list[#list + 1] = j
        else
          index[key] = { j }
        end
      end
    end
    local li, ri, seen_left = {}, {}, {}
    for i = 1, self._nrow do
      local key = row_key(lv, i)
      local list = not key:find("\0NA", 1, true) and index[key]
      if opts.one_to_one and list then
        if seen_left[key] then
          error(string.format("join: duplicate key in the left frame (rows %d and %d)",
            seen_left[key], i), 2)
        end
        seen_left[key] = i
      end
      if list then
        for _, j in ipairs(list) do
          li[#li + 1], ri[#ri + 1] = i, j
        end
      elseif how == "left" then
        li[#li + 1], ri[#ri + 1] = i, 0
      end
    end
    local n = #li
    local names, cols, types, taken = {}, {}, {}, {}
    for _, name in ipairs(self._names) do
      names[#names + 1] = name
      cols[#cols + 1] = column.take(self._cols[name], li, n)
      types[#types + 1] = self._types[name]
      taken[name] = true
    end
    local is_key = {}
    for _, name in ipairs(by) do is_key[name] = true end
    for _, name in ipairs(other._names) do
      if not is_key[name] then
        local out = name
        if taken[out] then out = name .. suffix end
        if taken[out] then
          error(string.format("join: column '%s' exists in both frames and '%s' is taken too",
            name, out), 2)
        end
        taken[out] = true
        names[#names + 1] = out
        cols[#cols + 1] = column.take(other._cols[name], ri, n)
        types[#types + 1] = other._types[name]
      end
    end
    return make(names, cols, types, n)
  end

  -- ---- writers -------------------------------------------------------------------------

  -- Writes text to path atomically (burden.io: a temporary file beside it, then rename).
  local write_atomic = require("burden.io").try_write_atomic

  local function number_text(v, t)
    if t == "integer" and math.tointeger(v) then return string.format("%d", math.tointeger(v)) end
    return fmt.shortest(v)
  end

  --- Writes RFC 4180 CSV (header, then rows; missing values empty; numbers in their shortest
  -- exact form, with ".0" on integral values of number columns). Atomic. Returns true, or
  -- nil and a message.
  function Frame:write_csv(path, opts)
    if type(path) ~= "string" then error("bad argument #1 to 'write_csv' (path expected)", 2) end
    opts = options.check("write_csv", opts, WRITE_CSV_OPTS, 2)
    local sep = opts.sep or ","
    if type(sep) ~= "string" or #sep ~= 1 then
      error("bad option 'sep' to 'write_csv' (one character expected)", 2)
    end
    local cols, types = {}, {}
    for i, name in ipairs(self._names) do cols[i], types[i] = self._cols[name], self._types[name] end
    return core.write_csv(path, self._names, cols, types, sep)
  end

  --- The frame as JSON text: an array of objects, keys in column order, missing and NaN as null.
  function Frame:to_json()
    local keys = {}
    for i, name in ipairs(self._names) do keys[i] = fmt.json_string(name) .. ":" end
    local rows = {}
    for r = 1, self._nrow do
      local parts = {}
      for k, name in ipairs(self._names) do
        local v, t = self._cols[name][r], self._types[name]
        local text
        if v == nil then
          text = "null"
        elseif t == "string" then
          text = fmt.json_string(v)
        elseif t == "boolean" then
          text = v and "true" or "false"
        elseif v ~= v or v == math.huge or v == -math.huge then
          text = "null"
        else
          text = number_text(v, t)
        end
        parts[k] = keys[k] .. text
      end
      rows[r] = "{" .. table.concat(parts, ",") .. "}"
    end
    if #rows == 0 then return "[]\n" end
    return "[\n" .. table.concat(rows, ",\n") .. "\n]\n"
  end

  --- Writes to_json() to path, atomically. Returns true, or nil and a message.
  function Frame:write_json(path)
    if type(path) ~= "string" then error("bad argument #1 to 'write_json' (path expected)", 2) end
    return write_atomic(path, { self:to_json() })
  end
end
