--- burden.fit.formula: R-style model formulas, parsed into terms (internal; the
-- design matrix is built from a parsed formula by burden.fit.design).
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
-- parse(text, fname) -> { text, response = expr, terms = {...}, intercept, columns };
-- tokenize is also the tokenizer of burden.fit.nlformula.
local M = {}


local FUNCS = { log = true, log10 = true, log2 = true, exp = true, sqrt = true, abs = true, I = true }

-- ---------------------------------------------------------------------------------------
-- Errors name the formula and point at the offending token.

local function fail(ctx, msg, suffix)
  error(string.format("%s: %s in '%s'%s", ctx.fname, msg, ctx.text, suffix or ""), 0)
end
M.fail = fail

-- ---------------------------------------------------------------------------------------
-- Tokenizer: the one of both formula languages (this file's and burden.fit.nlformula's)

--- The tokens of a formula: { k = kind, v = value, pos = position, text = source text },
-- k is "name", "num", an operator character or "eof" (text "end of formula").
-- opts.ops: the operator characters (a pattern class, e.g. "[~%+%-%*/%^%(%),:]");
-- opts.dot_names: a name may start with '.' (R's `.x`); opts.backticks: `any text` is a
-- name; opts.starstar: "**" is "^". fail(pos, msg) raises for a bad character.
function M.tokenize(text, opts, fail)
  local s, pos, toks = text, 1, {}
  while pos <= #s do
    local c = s:sub(pos, pos)
    local num = s:match("^%d+%.?%d*[eE][%+%-]?%d+", pos) or s:match("^%.%d+[eE][%+%-]?%d+", pos)
      or s:match("^%d+%.?%d*", pos) or s:match("^%.%d+", pos)
    if c:match("%s") then
      pos = pos + 1
    elseif num then
      toks[#toks + 1] = { k = "num", v = tonumber(num), pos = pos, text = num }
      pos = pos + #num
    elseif c:match("[%a_]") or (opts.dot_names and c == ".") then
      local name = s:match("^[%w_%.]+", pos)
      toks[#toks + 1] = { k = "name", v = name, pos = pos, text = name }
      pos = pos + #name
    elseif c == "`" and opts.backticks then
      local close = s:find("`", pos + 1, true)
      if not close then fail(pos, "unclosed `") end
      toks[#toks + 1] = { k = "name", v = s:sub(pos + 1, close - 1), pos = pos, text = s:sub(pos, close) }
      pos = close + 1
    elseif opts.starstar and s:sub(pos, pos + 1) == "**" then
      toks[#toks + 1] = { k = "^", pos = pos, text = "**" }
      pos = pos + 2
    elseif c:match(opts.ops) then
      toks[#toks + 1] = { k = c, pos = pos, text = c }
      pos = pos + 1
    else
      fail(pos, string.format("unexpected character '%s'", c))
    end
  end
  toks[#toks + 1] = { k = "eof", pos = #s + 1, text = "end of formula" }
  return toks
end

-- this language's tokens: R's, with `.x` names and `quoted names`
local TOKENS = { ops = "[~%+%-%*/%^%(%),:]", dot_names = true, backticks = true }

local function tokenize(ctx)
  return M.tokenize(ctx.text, TOKENS, function(pos, msg)
    fail(ctx, string.format("%s at position %d", msg, pos))
  end)
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
M.columns_of = columns_of

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
  -- validate calls, and note the columns of each call's first argument (what design
  -- names in its messages)
  local function check(e)
    if e.k == "call" then
      e.arg_columns = columns_of(e.args[1])
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
  -- what burden.fit.design reads for every fit: the response's text and columns, and
  -- the columns of the terms
  f.response_text = deparse(f.response)
  f.response_columns = columns_of(f.response)
  f.rhs_columns = {}
  for _, t in ipairs(f.terms) do
    for _, e in ipairs(t.parts) do columns_of(e, f.rhs_columns) end
  end
  return f
end

return M
