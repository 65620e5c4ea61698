--- burden.fit.formula: R-style model formulas, parsed once and evaluated on data.
--
--   y ~ x1 + x2            terms separated by + (a term after - is removed)
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

--- The shortest of %.15g, %.16g, %.17g that reads back as x (for messages).
function M.shortest(x)
  for _, f in ipairs({ "%.15g", "%.16g" }) do
    local s = string.format(f, x)
    if tonumber(s) == x then return s end
  end
  return string.format("%.17g", x)
end

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

-- A term: poly(x, k) | factor(x) | an expression without top-level arithmetic.
function Parser:term()
  local t = self:peek()
  if t.k == "num" and (t.v == 0 or t.v == 1) then
    self:next()
    return { k = "const", v = t.v, pos = t.pos }
  end
  local e = self:power()
  local nxt = self:peek()
  if nxt.k == "*" or nxt.k == "/" or nxt.k == "^" or nxt.k == ":" then
    fail(self.ctx, string.format("'%s' at position %d: operators between terms are not supported; " ..
      "write arithmetic inside I(...)", nxt.k, nxt.pos))
  end
  return e
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
  local removed = {}
  for _, t in ipairs(raw) do
    if t.e.k == "const" then
      if t.e.v == 0 then
        if t.sign == "-" then f.intercept = true else f.intercept = false end
      else
        f.intercept = t.sign == "+"
      end
    elseif t.sign == "-" then
      removed[deparse(t.e)] = true
    end
  end
  local seen = {}
  for _, t in ipairs(raw) do
    if t.e.k ~= "const" and t.sign == "+" then
      local label = deparse(t.e)
      if not removed[label] and not seen[label] then
        seen[label] = true
        f.terms[#f.terms + 1] = { e = t.e, label = label }
      end
    end
  end
  -- validate calls
  local function check(e)
    if e.k == "call" then
      if not (FUNCS[e.fn] or e.fn == "poly" or e.fn == "factor") then
        fail(ctx, string.format("unknown function '%s' at position %d", e.fn, e.pos))
      end
      if (e.fn == "poly" or e.fn == "factor") and e ~= f.current_term then
        fail(ctx, string.format("%s() at position %d must be a whole term", e.fn, e.pos))
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
    f.current_term = t.e
    check(t.e)
  end
  f.current_term = nil
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
  for _, t in ipairs(f.terms) do add(t.e) end
  return f
end

-- ---------------------------------------------------------------------------------------
-- Data access

local function levenshtein(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function suggest(name, names)
  local best, bestd
  for _, n in ipairs(names) do
    local d = levenshtein(name:lower(), n:lower())
    if d <= math.max(2, #name // 3) and (not bestd or d < bestd) then best, bestd = n, d end
  end
  return best
end
M.suggest = suggest

--- A uniform view of data: names(), col(name) -> column or nil, nrow.
function M.source(data, fname)
  if type(data) ~= "table" and type(data) ~= "userdata" then
    error(string.format("bad argument #1 to '%s' (frame or table of columns expected, got %s)",
      fname, type(data)), 3)
  end
  local ok_names = type(data) == "userdata" or (getmetatable(data) and data.names and data.col)
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
      fail(ctx, string.format("column '%s' holds text; use it as a term on its own (a factor)", e.name))
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
        M.shortest(x), cname, i))
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
    for _, c in ipairs(columns_of(t.e)) do rhs_cols[c.name] = true end
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

  -- compile the response and the terms
  local yfn = with_response and compile(f, f.response, cache, opts) or nil
  local terms = {}
  for ti, t in ipairs(f.terms) do
    local e = t.e
    local term = { label = t.label }
    if e.k == "col" and (cache[e.name].kind == "string" or cache[e.name].kind == "boolean") then
      term.kind = "factor"; term.col = cache[e.name]
    elseif e.k == "call" and e.fn == "factor" then
      local a = e.args[1]
      if a.k ~= "col" then fail(f.ctx, "factor() takes a column name at position " .. e.pos) end
      term.kind = "factor"; term.col = cache[a.name]
    elseif e.k == "call" and e.fn == "poly" then
      term.kind = "poly"; term.fn = compile(f, e.args[1], cache, opts); term.degree = e.args[2].v
    else
      term.kind = "numeric"; term.fn = compile(f, e, cache, opts)
    end
    terms[ti] = term
  end

  -- pass 1: evaluate every value, find rows to keep
  local yv, tv = {}, {}
  for ti = 1, #terms do tv[ti] = {} end
  local keep, n_missing, n_invalid = {}, 0, 0
  for i = 1, nrow do
    local ok, invalid = true, false
    if yfn then
      local v = yfn(i)
      if v == nil then ok = false elseif v == false then ok = false; invalid = true else yv[i] = v end
    end
    for ti, term in ipairs(terms) do
      local v
      if term.kind == "factor" then
        v = term.col.data[i]
        if v ~= nil then v = tostring(v) end
      else
        v = term.fn(i)
      end
      if v == nil then ok = false elseif v == false then ok = false; invalid = true else tv[ti][i] = v end
    end
    if ok then
      keep[i] = true
    elseif invalid then
      n_invalid = n_invalid + 1
    else
      n_missing = n_missing + 1
    end
  end

  -- design columns
  local design = { names = {}, columns = {}, intercept = f.intercept, terms = {}, formula = f }
  local rows = {}
  for i = 1, nrow do if keep[i] then rows[#rows + 1] = i end end
  local n = #rows
  local seen_factor = false
  for ti, term in ipairs(terms) do
    local st = spec and spec.terms[ti] or {}
    local dterm = { label = term.label, kind = term.kind, first = #design.columns + 1 }
    if term.kind == "numeric" then
      local col = {}
      for k, i in ipairs(rows) do col[k] = tv[ti][i] end
      design.columns[#design.columns + 1] = col
      design.names[#design.names + 1] = term.label
    elseif term.kind == "poly" then
      dterm.degree = term.degree
      for d = 1, term.degree do
        local col = {}
        for k, i in ipairs(rows) do col[k] = tv[ti][i] ^ d end
        design.columns[#design.columns + 1] = col
        design.names[#design.names + 1] = term.label .. d
      end
    else
      local cname = term.col.name
      local levels = st.levels
      local ref = st.ref
      if not levels then
        levels = levels_of(term.col.data, nrow, keep)
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
      dterm.levels, dterm.ref = levels, ref
      local prefix = term.label
      if spec then
        -- unseen levels in new data cannot be predicted
        for _, i in ipairs(rows) do
          local v = tv[ti][i]
          local known = false
          for _, l in ipairs(levels) do if l == v then known = true; break end end
          if not known then
            error(string.format("%s: level '%s' of column '%s' at row %d was not in the fitted data",
              fname, v, cname, i), 0)
          end
        end
      end
      if spec then
        dterm.full = st.full
      elseif not f.intercept and not seen_factor then
        -- without an intercept the first factor gets every level (R's behaviour)
        dterm.full = true
      end
      seen_factor = true
      for _, l in ipairs(levels) do
        if l ~= ref or dterm.full then
          local col = {}
          for k, i in ipairs(rows) do col[k] = tv[ti][i] == l and 1 or 0 end
          design.columns[#design.columns + 1] = col
          design.names[#design.names + 1] = prefix .. l
        end
      end
    end
    dterm.last = #design.columns
    design.terms[ti] = dterm
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
