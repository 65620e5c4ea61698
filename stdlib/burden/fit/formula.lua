--- burden.fit.formula: R-style model formulas, parsed once and evaluated on data.
--
--   y ~ x1 + x2            terms separated by + (a term after - is removed)
--   a:b, a * b             interactions (a * b = a + b + a:b), coded as R codes them
--   y ~ 0 + x, y ~ x - 1   no intercept
--   log(x), log(x, base), log10, log2, exp, sqrt, abs    transforms (arithmetic inside)
--   I(expr)                arithmetic: + - * / ^ and parentheses, numbers, columns
--   poly(x, k)             raw polynomial: columns x, x^2, ..., x^k
--   factor(x)              a numeric column used as a factor
--   a string (or boolean) column is a factor: treatment coding, first level (sorted)
--   as the reference unless opts.ref = { column = "level" } says otherwise
--
-- `data` is any object with data:names() and data:col(name) (a frame), or a
-- plain table of columns { x = {...}, y = {...} }. Numeric columns are
-- burden.vectors or arrays of numbers; a nil value is missing.
local M = {}

local vector = require "burden.core.vector"
local names_nearby = require "burden.suggest"
local shortest = require("burden.format").shortest

local FUNCS = { log = true, log10 = true, log2 = true, exp = true, sqrt = true, abs = true, I = true }

-- ---------------------------------------------------------------------------------------
-- Errors name the formula and point at the offending token.

local function fail(ctx, msg, suffix)
  error(string.format("%s: %s in '%s'%s", ctx.fname, msg, ctx.text, suffix or ""), 0)
end

-- ---------------------------------------------------------------------------------------
-- Tokenizer

local function tokenize(ctx)
  local s, pos, toks = ctx.text, 1, {}
  while pos <= #s do
    local c = s:sub(pos, pos)
    if c:match("%s") then
      pos = pos + 1
    elseif c:match("[%a_%.]") and not s:sub(pos):match("^%.%d") then
      local name = s:match("^[%w_%.]+", pos)
      toks[#toks + 1] = { k = "name", v = name, pos = pos }
      pos = pos + #name
    elseif c == "`" then
      local close = s:find("`", pos + 1, true)
      if not close then fail(ctx, "unclosed ` at position " .. pos) end
      toks[#toks + 1] = { k = "name", v = s:sub(pos + 1, close - 1), pos = pos }
      pos = close + 1
    elseif c:match("[%d%.]") then
      local num = s:match("^%d*%.?%d*[eE][%+%-]?%d+", pos) or s:match("^%d*%.?%d*", pos)
      local v = tonumber(num)
      if not v then fail(ctx, "bad number '" .. num .. "' at position " .. pos) end
      toks[#toks + 1] = { k = "num", v = v, pos = pos, text = num }
      pos = pos + #num
    elseif c:match("[~%+%-%*/%^%(%),:]") then
      toks[#toks + 1] = { k = c, pos = pos }
      pos = pos + 1
    else
      fail(ctx, string.format("unexpected character '%s' at position %d", c, pos))
    end
  end
  toks[#toks + 1] = { k = "eof", pos = #s + 1 }
  return toks
end

-- ---------------------------------------------------------------------------------------
-- Parser: arithmetic expressions (inside calls, I() and the response) and terms.

local Parser = {}
Parser.__index = Parser

function Parser:peek() return self.toks[self.i] end
function Parser:next() local t = self.toks[self.i]; self.i = self.i + 1; return t end
function Parser:expect(k, what)
  local t = self:next()
  if t.k ~= k then
    fail(self.ctx, string.format("expected %s at position %d, got %s", what or ("'" .. k .. "'"),
      t.pos, t.k == "eof" and "end of formula" or ("'" .. (t.v or t.k) .. "'")))
  end
  return t
end

-- expr := sum ; sum := prod {(+|-) prod} ; prod := unary {(*|/) unary}
-- unary := - unary | power ; power := primary [^ unary]   (R: -2^2 = -4, 2^-1 ok)
function Parser:expr() return self:sum() end

function Parser:sum()
  local a = self:prod()
  while self:peek().k == "+" or self:peek().k == "-" do
    local op = self:next().k
    a = { k = "bin", op = op, a = a, b = self:prod() }
  end
  return a
end

function Parser:prod()
  local a = self:unary()
  while self:peek().k == "*" or self:peek().k == "/" do
    local op = self:next().k
    a = { k = "bin", op = op, a = a, b = self:unary() }
  end
  return a
end

function Parser:unary()
  if self:peek().k == "-" then
    self:next()
    return { k = "neg", a = self:unary() }
  end
  if self:peek().k == "+" then
    self:next()
    return self:unary()
  end
  return self:power()
end

function Parser:power()
  local a = self:primary()
  if self:peek().k == "^" then
    self:next()
    return { k = "bin", op = "^", a = a, b = self:unary() }
  end
  return a
end

function Parser:primary()
  local t = self:next()
  if t.k == "num" then
    return { k = "num", v = t.v, text = t.text }
  elseif t.k == "(" then
    local e = self:expr()
    self:expect(")")
    return { k = "paren", a = e }
  elseif t.k == "name" then
    if self:peek().k == "(" then
      self:next()
      local args = {}
      if self:peek().k ~= ")" then
        args[1] = self:expr()
        while self:peek().k == "," do
          self:next()
          args[#args + 1] = self:expr()
        end
      end
      self:expect(")")
      return { k = "call", fn = t.v, args = args, pos = t.pos }
    end
    return { k = "col", name = t.v, pos = t.pos }
  end
  fail(self.ctx, string.format("unexpected %s at position %d",
    t.k == "eof" and "end of formula" or ("'" .. (t.v or t.k) .. "'"), t.pos))
end

-- R's deparse: spaces around + - * /, none around ^.
local function deparse(e)
  if e.k == "num" then return e.text or string.format("%.17g", e.v) end
  if e.k == "col" then return e.name end
  if e.k == "paren" then return "(" .. deparse(e.a) .. ")" end
  if e.k == "neg" then return "-" .. deparse(e.a) end
  if e.k == "bin" then
    if e.op == "^" then return deparse(e.a) .. "^" .. deparse(e.b) end
    return deparse(e.a) .. " " .. e.op .. " " .. deparse(e.b)
  end
  local parts = {}
  for i, a in ipairs(e.args) do parts[i] = deparse(a) end
  return e.fn .. "(" .. table.concat(parts, ", ") .. ")"
end
M.deparse = deparse

-- An atom of a term: an expression without top-level arithmetic (a column, a call,
-- a parenthesised expression).
function Parser:atom()
  local e = self:power()
  local nxt = self:peek()
  if nxt.k == "/" or nxt.k == "^" then
    fail(self.ctx, string.format("'%s' at position %d: operators between terms are not supported; " ..
      "write arithmetic inside I(...)", nxt.k, nxt.pos))
  end
  return e
end

-- interaction := atom {':' atom}  -> the list of its parts
function Parser:interaction()
  local parts = { self:atom() }
  while self:peek().k == ":" do
    self:next()
    parts[#parts + 1] = self:atom()
  end
  return parts
end

-- term := '0' | '1' | interaction {'*' interaction}; a * b is a + b + a:b (R's crossing)
function Parser:term()
  local t = self:peek()
  if t.k == "num" and (t.v == 0 or t.v == 1) then
    self:next()
    return { k = "const", v = t.v, pos = t.pos }
  end
  local terms = { self:interaction() }
  while self:peek().k == "*" do
    self:next()
    local x = self:interaction()
    local crossed = {}
    for _, u in ipairs(terms) do crossed[#crossed + 1] = u end
    crossed[#crossed + 1] = x
    for _, u in ipairs(terms) do
      local both = {}
      for _, e in ipairs(u) do both[#both + 1] = e end
      for _, e in ipairs(x) do both[#both + 1] = e end
      crossed[#crossed + 1] = both
    end
    terms = crossed
  end
  return { k = "terms", list = terms }
end

-- rhs := [-] term {(+|-) term}
function Parser:rhs()
  local terms = {}
  local sign = "+"
  if self:peek().k == "-" then self:next(); sign = "-" end
  while true do
    local t = self:term()
    terms[#terms + 1] = { sign = sign, e = t }
    local nxt = self:peek()
    if nxt.k == "+" or nxt.k == "-" then
      sign = self:next().k
    elseif nxt.k == "eof" then
      break
    else
      fail(self.ctx, string.format("unexpected '%s' at position %d", nxt.v or nxt.k, nxt.pos))
    end
  end
  return terms
end

-- A term from its parts: repeated parts collapse (a:a is a); `key` ignores their order.
local function make_term(parts)
  local uniq, labels, seen = {}, {}, {}
  for _, e in ipairs(parts) do
    local l = deparse(e)
    if not seen[l] then
      seen[l] = true
      uniq[#uniq + 1] = e
      labels[#labels + 1] = l
    end
  end
  local sorted = {}
  for i, l in ipairs(labels) do sorted[i] = l end
  table.sort(sorted)
  return { parts = uniq, part_labels = labels, label = table.concat(labels, ":"),
           key = table.concat(sorted, "\0"), degree = #uniq }
end
M.make_term = make_term

-- ---------------------------------------------------------------------------------------
-- Parsing a formula string into { response = expr, terms = {...}, intercept = bool }

local function columns_of(e, out)
  out = out or {}
  if e.k == "col" then
    out[#out + 1] = e
  elseif e.k == "bin" then
    columns_of(e.a, out); columns_of(e.b, out)
  elseif e.k == "neg" or e.k == "paren" then
    columns_of(e.a, out)
  elseif e.k == "call" then
    for _, a in ipairs(e.args) do columns_of(a, out) end
  end
  return out
end

function M.parse(text, fname)
  if type(text) ~= "string" then
    error(string.format("bad argument #2 to '%s' (formula expected, got %s)", fname or "lm", type(text)), 3)
  end
  local ctx = { text = text, fname = fname or "lm" }
  local p = setmetatable({ toks = tokenize(ctx), i = 1, ctx = ctx }, Parser)
  local f = { text = text, ctx = ctx }
  if p:peek().k == "~" then
    fail(ctx, "no response before '~'")
  end
  f.response = p:expr()
  p:expect("~", "'~'")
  if p:peek().k == "eof" then fail(ctx, "no terms after '~'") end
  local raw = p:rhs()
  -- intercept: default on; "0" or "- 1" removes it, "+ 1" keeps it
  f.intercept = true
  f.terms = {}
  local removed, candidates = {}, {}
  for _, t in ipairs(raw) do
    if t.e.k == "const" then
      if t.e.v == 0 then
        f.intercept = t.sign == "-"
      else
        f.intercept = t.sign == "+"
      end
    else
      for _, parts in ipairs(t.e.list) do
        local term = make_term(parts)
        if t.sign == "-" then removed[term.key] = true else candidates[#candidates + 1] = term end
      end
    end
  end
  -- within a term, variables go in the order they first appear in the formula (R)
  local var_order, nvar = {}, 0
  for _, t in ipairs(raw) do
    if t.e.k ~= "const" then
      for _, parts in ipairs(t.e.list) do
        for _, e in ipairs(parts) do
          local l = deparse(e)
          if not var_order[l] then nvar = nvar + 1; var_order[l] = nvar end
        end
      end
    end
  end
  for k, term in ipairs(candidates) do
    local parts = {}
    for i, e in ipairs(term.parts) do parts[i] = e end
    table.sort(parts, function(a, b) return var_order[deparse(a)] < var_order[deparse(b)] end)
    candidates[k] = make_term(parts)
  end
  local seen = {}
  for _, term in ipairs(candidates) do
    if not removed[term.key] and not seen[term.key] then
      seen[term.key] = true
      f.terms[#f.terms + 1] = term
    end
  end
  -- R orders terms by degree: main effects, then two-way interactions, ...
  for i, t in ipairs(f.terms) do t.order = i end
  table.sort(f.terms, function(a, b)
    if a.degree ~= b.degree then return a.degree < b.degree end
    return a.order < b.order
  end)
  -- validate calls
  local function check(e)
    if e.k == "call" then
      if not (FUNCS[e.fn] or e.fn == "poly" or e.fn == "factor") then
        fail(ctx, string.format("unknown function '%s' at position %d", e.fn, e.pos))
      end
      if e.fn == "poly" and not (f.current_parts and #f.current_parts == 1 and f.current_parts[1] == e) then
        fail(ctx, string.format("poly() at position %d must be a whole term", e.pos))
      end
      if e.fn == "factor" then
        local whole = false
        for _, part in ipairs(f.current_parts or {}) do if part == e then whole = true end end
        if not whole then fail(ctx, string.format("factor() at position %d must be a term or a part of one", e.pos)) end
      end
      local want = ({ poly = 2, factor = 1, log = nil })[e.fn]
      if e.fn == "log" then
        if #e.args < 1 or #e.args > 2 then fail(ctx, "log() takes 1 or 2 arguments at position " .. e.pos) end
      elseif want then
        if #e.args ~= want then
          fail(ctx, string.format("%s() takes %d argument%s at position %d", e.fn, want,
            want > 1 and "s" or "", e.pos))
        end
      elseif #e.args ~= 1 then
        fail(ctx, string.format("%s() takes 1 argument at position %d", e.fn, e.pos))
      end
      if e.fn == "poly" then
        local k = e.args[2]
        if k.k ~= "num" or k.v < 1 or k.v ~= math.floor(k.v) then
          fail(ctx, "poly(x, k) needs a whole number k >= 1 at position " .. e.pos)
        end
        check(e.args[1])
        return
      end
      for _, a in ipairs(e.args) do check(a) end
    elseif e.k == "bin" then
      check(e.a); check(e.b)
    elseif e.k == "neg" or e.k == "paren" then
      check(e.a)
    end
  end
  check(f.response)
  for _, t in ipairs(f.terms) do
    f.current_parts = t.parts
    for _, e in ipairs(t.parts) do check(e) end
  end
  f.current_parts = nil
  f.columns = {}
  local seen_col = {}
  local function add(e)
    for _, c in ipairs(columns_of(e)) do
      if not seen_col[c.name] then
        seen_col[c.name] = true
        f.columns[#f.columns + 1] = c
      end
    end
  end
  add(f.response)
  for _, t in ipairs(f.terms) do
    for _, e in ipairs(t.parts) do add(e) end
  end
  return f
end

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

--- The number of rows of data.
function M.nrow(data, fname)
  local src = M.source(data, fname or "nrow")
  if src.nrow then return src.nrow end
  local n = 0
  for _, name in ipairs(src.names) do n = math.max(n, #src.col(name)) end
  return n
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
    local cnames = columns_of(e.args[1])
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
  for _, c in ipairs(columns_of(f.response)) do response_cols[c.name] = true end
  local rhs_cols = {}
  for _, t in ipairs(f.terms) do
    for _, e in ipairs(t.parts) do
      for _, c in ipairs(columns_of(e)) do rhs_cols[c.name] = true end
    end
  end
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
  design.response = deparse(f.response)
  design.used_columns = cache
  return design
end

return M
