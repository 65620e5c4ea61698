--- burden.fit.nlformula: model formulas of burden.fit.nls (internal).
--
-- parse("y ~ b1 * (1 - exp(-b2 * x))") gives { lhs = "y", rhs = tree, text = ... };
-- derivative(tree, name) a simplified symbolic derivative; compile(tree, vars,
-- params) the bytecode of engine/core/nlexpr.h. Trees are plain tables:
--   { op = "num", v = 2 }   { op = "id", name = "x" }
--   { op = "+" | "-" | "*" | "/" | "^", a, b }   { op = "neg", a }
--   { op = "call", fn = "exp", args = { ... } }
local M = {}

local formula = require "burden.fit.formula"

-- opcodes: keep in step with enum bn_op in engine/core/nlexpr.h
local OP = {
  CONST = 1, VAR = 2, PARAM = 3, ["+"] = 4, ["-"] = 5, ["*"] = 6, ["/"] = 7, ["^"] = 8,
  neg = 9, exp = 10, log = 11, log10 = 12, log2 = 13, sqrt = 14, sin = 15, cos = 16,
  tan = 17, atan = 18, abs = 19, sign = 20, min = 21, max = 22, selle = 23,
}

-- functions a formula may call, with their number of arguments
local FUNCS = {
  exp = 1, log = 1, log10 = 1, log2 = 1, sqrt = 1, sin = 1, cos = 1, tan = 1, atan = 1,
  abs = 1, sign = 1, min = 2, max = 2, selle = 4,
}
local CONSTANTS = { pi = math.pi }

M.functions = FUNCS

---------------------------------------------------------------------------------------
-- tokenizer and parser

local function fail(fname, text, pos, msg)
  error(string.format("%s: %s at column %d in '%s'", fname, msg, pos, text), 0)
end

-- the tokens of this language: no ':' or backticks; "**" is "^" (burden.fit.formula's tokenizer)
local TOKENS = { ops = "[%+%-%*/%^%(%),~]", starstar = true }

-- body: the text to read (the right-hand side, blanked before '~' so positions count in
-- the whole formula); text: the whole formula, quoted in messages.
local function parser(body, fname, text)
  local toks, k = formula.tokenize(body, TOKENS, function(pos, msg) fail(fname, text, pos, msg) end), 1
  local P = {}
  local function peek() return toks[k] end
  local function take() k = k + 1; return toks[k - 1] end
  local function expect(kind)
    local t = take()
    if t.k ~= kind then fail(fname, text, t.pos, "expected '" .. kind .. "' but found '" .. t.text .. "'") end
    return t
  end
  local expr
  local function atom()
    local t = take()
    if t.k == "num" then return { op = "num", v = t.v } end
    if t.k == "(" then
      local e = expr()
      expect(")")
      return e
    end
    if t.k == "name" then
      if peek().k == "(" then
        local arity = FUNCS[t.v]
        if not arity then fail(fname, text, t.pos, "unknown function '" .. t.v .. "'") end
        take()
        local args = {}
        if peek().k ~= ")" then
          args[1] = expr()
          while peek().k == "," do take(); args[#args + 1] = expr() end
        end
        expect(")")
        if #args ~= arity then
          fail(fname, text, t.pos, string.format("%s takes %d argument%s, got %d", t.v, arity,
            arity == 1 and "" or "s", #args))
        end
        return { op = "call", fn = t.v, args = args, pos = t.pos }
      end
      if CONSTANTS[t.v] then return { op = "num", v = CONSTANTS[t.v] } end
      return { op = "id", name = t.v, pos = t.pos }
    end
    fail(fname, text, t.pos, "unexpected '" .. t.text .. "'")
  end
  local unary
  local function power()
    local base = atom()
    if peek().k == "^" then
      take()
      return { op = "^", base, unary() } -- right associative; 2^-1 allowed
    end
    return base
  end
  function unary()
    local t = peek()
    if t.k == "-" then take(); return { op = "neg", unary() } end
    if t.k == "+" then take(); return unary() end
    return power()
  end
  local function term()
    local e = unary()
    while peek().k == "*" or peek().k == "/" do
      local op = take().k
      e = { op = op, e, unary() }
    end
    return e
  end
  function expr()
    local e = term()
    while peek().k == "+" or peek().k == "-" do
      local op = take().k
      e = { op = op, e, term() }
    end
    return e
  end
  function P.expr() return expr() end
  function P.peek() return peek() end
  function P.take() return take() end
  return P
end

--- Parses "lhs ~ rhs" (or a bare right-hand side). fname names the caller in errors.
function M.parse(text, fname)
  fname = fname or "nls"
  if type(text) ~= "string" then error(fname .. ": formula must be a string", 0) end
  local lhs
  local body = text
  local tilde = text:find("~", 1, true)
  if tilde then
    if text:find("~", tilde + 1, true) then fail(fname, text, text:find("~", tilde + 1, true), "second '~'") end
    lhs = text:sub(1, tilde - 1):match("^%s*(.-)%s*$")
    if lhs == "" then
      lhs = nil
    elseif not lhs:match("^[%a_][%w_%.]*$") then
      fail(fname, text, 1, "the left-hand side must be a column name, got '" .. lhs .. "'")
    end
    -- parse the right-hand side with positions counted in the whole text
    body = string.rep(" ", tilde) .. text:sub(tilde + 1)
  end
  local p = parser(body, fname, text)
  if p.peek().k == "eof" then fail(fname, text, #text + 1, "empty model") end
  local tree = p.expr()
  local t = p.peek()
  if t.k ~= "eof" then fail(fname, text, t.pos, "unexpected '" .. t.text .. "'") end
  return { lhs = lhs, rhs = tree, text = text }
end

--- Identifiers of a tree in order of first appearance.
function M.names(tree)
  local out, seen = {}, {}
  local function walk(e)
    if e.op == "id" then
      if not seen[e.name] then seen[e.name] = true; out[#out + 1] = e.name end
    elseif e.op == "call" then
      for _, a in ipairs(e.args) do walk(a) end
    elseif e.op ~= "num" then
      for _, a in ipairs(e) do walk(a) end
    end
  end
  walk(tree)
  return out
end

---------------------------------------------------------------------------------------
-- symbolic derivatives, with the simplifications that keep them short

local function num(v) return { op = "num", v = v } end
local function isnum(e, v) return e.op == "num" and (v == nil or e.v == v) end

local function add(a, b)
  if isnum(a, 0) then return b end
  if isnum(b, 0) then return a end
  if isnum(a) and isnum(b) then return num(a.v + b.v) end
  return { op = "+", a, b }
end
local function neg(a)
  if isnum(a) then return num(-a.v) end
  if a.op == "neg" then return a[1] end
  return { op = "neg", a }
end
local function sub(a, b)
  if isnum(b, 0) then return a end
  if isnum(a, 0) then return neg(b) end
  if isnum(a) and isnum(b) then return num(a.v - b.v) end
  return { op = "-", a, b }
end
local function mul(a, b)
  if isnum(a, 0) or isnum(b, 0) then return num(0) end
  if isnum(a, 1) then return b end
  if isnum(b, 1) then return a end
  if isnum(a, -1) then return neg(b) end
  if isnum(b, -1) then return neg(a) end
  if isnum(a) and isnum(b) then return num(a.v * b.v) end
  return { op = "*", a, b }
end
local function div(a, b)
  if isnum(a, 0) then return num(0) end
  if isnum(b, 1) then return a end
  return { op = "/", a, b }
end
local function pow(a, b)
  if isnum(b, 1) then return a end
  if isnum(b, 0) then return num(1) end
  return { op = "^", a, b }
end
local function call(fn, ...) return { op = "call", fn = fn, args = { ... } } end

local function depends(e, name)
  if e.op == "id" then return e.name == name end
  if e.op == "num" then return false end
  for _, a in ipairs(e.op == "call" and e.args or e) do
    if depends(a, name) then return true end
  end
  return false
end

local LN10, LN2 = math.log(10), math.log(2)

local function d(e, x)
  if not depends(e, x) then return num(0) end
  local op = e.op
  if op == "id" then return num(1) end
  if op == "+" then return add(d(e[1], x), d(e[2], x)) end
  if op == "-" then return sub(d(e[1], x), d(e[2], x)) end
  if op == "neg" then return neg(d(e[1], x)) end
  if op == "*" then return add(mul(d(e[1], x), e[2]), mul(e[1], d(e[2], x))) end
  if op == "/" then
    local u, v = e[1], e[2]
    return sub(div(d(u, x), v), div(mul(u, d(v, x)), pow(v, num(2))))
  end
  if op == "^" then
    local u, v = e[1], e[2]
    if not depends(v, x) then
      local vm1 = isnum(v) and num(v.v - 1) or sub(v, num(1))
      return mul(mul(v, pow(u, vm1)), d(u, x))
    end
    -- u^v (v' log u + v u'/u)
    return mul(e, add(mul(d(v, x), call("log", u)), div(mul(v, d(u, x)), u)))
  end
  -- functions
  local a = e.args
  local u = a[1]
  local f = e.fn
  if f == "exp" then return mul(e, d(u, x)) end
  if f == "log" then return div(d(u, x), u) end
  if f == "log10" then return div(d(u, x), mul(u, num(LN10))) end
  if f == "log2" then return div(d(u, x), mul(u, num(LN2))) end
  if f == "sqrt" then return div(d(u, x), mul(num(2), e)) end
  if f == "sin" then return mul(call("cos", u), d(u, x)) end
  if f == "cos" then return neg(mul(call("sin", u), d(u, x))) end
  if f == "tan" then return mul(add(num(1), pow(e, num(2))), d(u, x)) end
  if f == "atan" then return div(d(u, x), add(num(1), pow(u, num(2)))) end
  if f == "abs" then return mul(call("sign", u), d(u, x)) end
  if f == "sign" then return num(0) end
  if f == "min" then return call("selle", a[1], a[2], d(a[1], x), d(a[2], x)) end
  if f == "max" then return call("selle", a[1], a[2], d(a[2], x), d(a[1], x)) end
  if f == "selle" then return call("selle", a[1], a[2], d(a[3], x), d(a[4], x)) end
  error("nls: no derivative for " .. tostring(f))
end

M.derivative = d

---------------------------------------------------------------------------------------
-- compiler

--- Bytecode { code = {...}, consts = {...} } for a tree; vars and params map a
-- name to its 0-based index. Unknown identifiers raise (the caller checks first).
function M.compile(tree, vars, params)
  local code, consts, cindex = {}, {}, {}
  local function emit(e)
    local op = e.op
    if op == "num" then
      local key = string.format("%.17g", e.v)
      local k = cindex[key]
      if not k then
        consts[#consts + 1] = e.v
        k = #consts - 1
        cindex[key] = k
      end
      code[#code + 1] = OP.CONST
      code[#code + 1] = k
    elseif op == "id" then
      if params[e.name] then
        code[#code + 1] = OP.PARAM
        code[#code + 1] = params[e.name]
      elseif vars[e.name] then
        code[#code + 1] = OP.VAR
        code[#code + 1] = vars[e.name]
      else
        error("nls: unknown name '" .. e.name .. "'", 0)
      end
    elseif op == "call" then
      for _, a in ipairs(e.args) do emit(a) end
      code[#code + 1] = OP[e.fn]
    else
      for _, a in ipairs(e) do emit(a) end
      code[#code + 1] = OP[op]
    end
  end
  emit(tree)
  return { code = code, consts = consts }
end

--- A readable form of a tree (for messages and tests).
function M.tostring(e)
  local op = e.op
  if op == "num" then return string.format("%.17g", e.v) end
  if op == "id" then return e.name end
  if op == "neg" then return "(-" .. M.tostring(e[1]) .. ")" end
  if op == "call" then
    local parts = {}
    for i, a in ipairs(e.args) do parts[i] = M.tostring(a) end
    return e.fn .. "(" .. table.concat(parts, ", ") .. ")"
  end
  return "(" .. M.tostring(e[1]) .. " " .. op .. " " .. M.tostring(e[2]) .. ")"
end

return M
