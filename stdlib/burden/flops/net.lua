--- burden.flops.net: structure and nets. `block`, `residual`, `concat`, `gate` and
-- `rep` hold layers; `sequential` makes a net, whose count() walks the structure with
-- shape propagation, names a row per layer and container and sums (with overflow
-- checks); the count's report prints and writes itself.
local core = require "burden.core.flops"
local options = require "burden.options"
local shared_options = options -- collect() has a parameter named options
local shapes = require "burden.flops.shape"
local layers = require "burden.flops.layers"
local training = require "burden.flops.training"
local report_table = require("burden.report").table

local shape_text, copy, same_shape, add = shapes.shape_text, shapes.copy, shapes.same_shape,
  shapes.add
local is_integer, check_shape = shapes.is_integer, shapes.check_shape
local is_node = layers.is_layer

local flops = {}

-- ---- structure ----------------------------------------------------------------------------
-- Containers hold a list of nodes. walk() appends a row for the container
-- (its subtotal) followed by the rows of its children.

local Block = {}
Block.__index = Block
Block.__name = "burden.flops.block"

local function totals()
  return { macs = 0, flops = 0, params = 0 }
end

local function accumulate(t, r)
  t.macs = add(t.macs, r.macs)
  t.flops = add(t.flops, r.flops)
  t.params = add(t.params, r.params)
end

local function child_path(path, child, i)
  local part = child.name or tostring(i)
  if path == nil or path == "" then return part end
  return path .. "." .. part
end

-- Opens a container row; close_row fills its subtotal once the children are done.
local function open_row(ctx, path, kind, depth, shape)
  local row = { name = path, kind = kind, depth = depth, leaf = false, input = copy(shape) }
  ctx.rows[#ctx.rows + 1] = row
  return row
end

local function close_row(row, output, t)
  row.output, row.macs, row.flops, row.params = output, t.macs, t.flops, t.params
end

local function walk_children(children, shape, ctx, path, depth, t)
  for i, child in ipairs(children) do
    local out, r = child:walk(shape, ctx, child_path(path, child, i), depth)
    accumulate(t, r)
    shape = out
  end
  return shape
end

function Block:walk(shape, ctx, path, depth)
  local row = open_row(ctx, path, self.kind, depth, shape)
  local t = totals()
  local out = walk_children(self.children, shape, ctx, path, depth + 1, t)
  close_row(row, out, t)
  return out, t
end

-- Collects the layers of a constructor table (its array part); options are
-- its named fields.
local function collect(fname, args, options)
  if type(args) ~= "table" then
    error(string.format("burden.flops.%s: expected a table of layers (got %s)", fname,
      type(args)), 3)
  end
  local named = {}
  for k, v in pairs(args) do
    if type(k) ~= "number" then named[k] = v end -- the array part holds the layers
  end
  local msg = shared_options.unknown("burden.flops." .. fname, named, options)
  if msg then error(msg, 3) end
  local children = {}
  for i = 1, #args do
    local item = args[i]
    if type(item) == "function" then
      error(string.format("burden.flops.%s: item %d is a function; call it to make a layer "
        .. "(e.g. burden.flops.relu())", fname, i), 3)
    end
    if not is_node(item) then
      error(string.format("burden.flops.%s: item %d is not a layer (got %s)", fname, i,
        type(item)), 3)
    end
    children[i] = item
  end
  return children
end

-- Layers given as a single layer or a list of layers (shortcut = ...).
local function as_children(fname, what, x)
  if x == nil then return {} end
  if is_node(x) then return { x } end
  if type(x) == "table" then
    for i, item in ipairs(x) do
      if not is_node(item) then
        error(string.format("burden.flops.%s: %s item %d is not a layer (got %s)", fname, what,
          i, type(item)), 3)
      end
    end
    return copy(x)
  end
  error(string.format("burden.flops.%s: %s must be a layer or a list of layers (got %s)",
    fname, what, type(x)), 3)
end

local function check_name(fname, name)
  if name ~= nil and type(name) ~= "string" then
    error(string.format("burden.flops.%s: name must be a string (got %s)", fname, type(name)), 3)
  end
end

--- block{ name =, layer, layer, ... }: layers applied one after the other.
function flops.block(args)
  local children = collect("block", args, { name = true })
  check_name("block", args.name)
  return setmetatable({ kind = "block", name = args.name, children = children }, Block)
end

-- residual{ name =, layer, ..., shortcut = layer or {layers} }: the layers'
-- output plus the shortcut's (identity when absent), one add per element.
local Residual = setmetatable({}, { __index = Block })
Residual.__index = Residual

function flops.residual(args)
  local children = collect("residual", args, { name = true, shortcut = true })
  check_name("residual", args.name)
  return setmetatable({ kind = "residual", name = args.name, children = children,
    shortcut = as_children("residual", "shortcut", args.shortcut) }, Residual)
end

function Residual:walk(shape, ctx, path, depth)
  local row = open_row(ctx, path, self.kind, depth, shape)
  local t = totals()
  local out = walk_children(self.children, shape, ctx, path, depth + 1, t)
  local short = shape
  if #self.shortcut > 0 then
    local spath = path == "" and "shortcut" or path .. ".shortcut"
    local srow = open_row(ctx, spath, "shortcut", depth + 1, shape)
    local st = totals()
    short = walk_children(self.shortcut, shape, ctx, spath, depth + 2, st)
    close_row(srow, short, st)
    accumulate(t, st)
  end
  if not same_shape(out, short) then
    ctx.current = path
    error(string.format("residual: the branch outputs %s but the shortcut %s; add a "
      .. "shortcut that matches (e.g. a 1x1 convolution)", shape_text(out), shape_text(short)), 0)
  end
  local r = core.elementwise("add", 1, out)
  ctx.rows[#ctx.rows + 1] = { name = path == "" and "add" or path .. ".add", kind = "add",
    depth = depth + 1, leaf = true, input = copy(out), output = r.output, params = 0, macs = 0,
    flops = r.flops }
  accumulate(t, r)
  close_row(row, out, t)
  return out, t
end

-- concat{ name =, branch, branch, ..., dim = 1 }: every branch reads the same
-- input; outputs are joined along dimension dim (channels by default).
local Concat = setmetatable({}, { __index = Block })
Concat.__index = Concat

function flops.concat(args)
  local children = collect("concat", args, { name = true, dim = true })
  check_name("concat", args.name)
  local dim = args.dim or 1
  if not is_integer(dim) or dim < 1 then
    error("burden.flops.concat: dim must be a positive integer (got " .. tostring(dim) .. ")", 2)
  end
  if #children == 0 then error("burden.flops.concat: no branches given", 2) end
  return setmetatable({ kind = "concat", name = args.name, children = children, dim = dim },
    Concat)
end

function Concat:walk(shape, ctx, path, depth)
  local row = open_row(ctx, path, self.kind, depth, shape)
  local t = totals()
  local joined
  for i, child in ipairs(self.children) do
    local out, r = child:walk(shape, ctx, child_path(path, child, i), depth + 1)
    accumulate(t, r)
    ctx.current = path
    if self.dim > #out then
      error(string.format("concat: dim %d but branch %d outputs %s", self.dim, i,
        shape_text(out)), 0)
    end
    if not joined then
      joined = copy(out)
    else
      for d = 1, math.max(#out, #joined) do
        if d ~= self.dim and out[d] ~= joined[d] then
          error(string.format("concat: branch %d outputs %s, which does not match %s outside "
            .. "dimension %d", i, shape_text(out), shape_text(joined), self.dim), 0)
        end
      end
      joined[self.dim] = add(joined[self.dim], out[self.dim])
    end
  end
  close_row(row, joined, t)
  return joined, t
end

-- gate{ name =, layer, ... }: the layers compute a gate from the input (a
-- squeeze-and-excitation branch) that multiplies the input element by element;
-- the gate's shape must broadcast (each dimension equal to the input's or 1).
local Gate = setmetatable({}, { __index = Block })
Gate.__index = Gate

function flops.gate(args)
  local children = collect("gate", args, { name = true })
  check_name("gate", args.name)
  return setmetatable({ kind = "gate", name = args.name, children = children }, Gate)
end

function Gate:walk(shape, ctx, path, depth)
  local row = open_row(ctx, path, self.kind, depth, shape)
  local t = totals()
  local g = walk_children(self.children, shape, ctx, path, depth + 1, t)
  ctx.current = path
  local ok = #g == #shape
  for d = 1, #shape do
    if ok and g[d] ~= shape[d] and g[d] ~= 1 then ok = false end
  end
  if not ok then
    error(string.format("gate: the gate's shape %s does not broadcast to the input %s",
      shape_text(g), shape_text(shape)), 0)
  end
  local r = core.elementwise("mul", 1, shape)
  ctx.rows[#ctx.rows + 1] = { name = path == "" and "mul" or path .. ".mul", kind = "mul",
    depth = depth + 1, leaf = true, input = copy(shape), output = r.output, params = 0,
    macs = 0, flops = r.flops }
  accumulate(t, r)
  close_row(row, copy(shape), t)
  return copy(shape), t
end

-- rep(n, layer_or_block, { name =, share_params = false }): n copies in a row
-- (copies are named 1..n). share_params: the copies share one set of weights
-- (ALBERT, universal transformers), counted once.
local MAX_REPEAT = 100000
local Repeat = setmetatable({}, { __index = Block })
Repeat.__index = Repeat

function flops.rep(n, node, opts)
  if not is_integer(n) or n < 1 then
    error("burden.flops.repeat: count must be a positive integer (got " .. tostring(n) .. ")", 2)
  end
  -- each copy is walked and reported as rows, so the count bounds the work
  if n > MAX_REPEAT then
    error(string.format("burden.flops.repeat: count %d is too large (at most %d copies, each one "
      .. "a row of the report)", n, MAX_REPEAT), 2)
  end
  if not is_node(node) then
    error("burden.flops.repeat: argument #2 must be a layer or block (got " .. type(node) .. ")",
      2)
  end
  opts = opts or {}
  if type(opts) ~= "table" then
    error("burden.flops.repeat: argument #3 must be a table of options", 2)
  end
  local msg = options.unknown("burden.flops.repeat", opts, { "name", "share_params" })
  if msg then error(msg, 2) end
  check_name("repeat", opts.name)
  return setmetatable({ kind = "repeat", name = opts.name, n = math.tointeger(n), node = node,
    share_params = opts.share_params and true or false }, Repeat)
end
flops["repeat"] = flops.rep

function Repeat:walk(shape, ctx, path, depth)
  local row = open_row(ctx, path, string.format("repeat x%d", self.n), depth, shape)
  local t = totals()
  for i = 1, self.n do
    local first = #ctx.rows + 1
    local out, r = self.node:walk(shape, ctx, (path == "" and "" or path .. ".") .. i, depth + 1)
    if self.share_params and i > 1 then
      -- the weights are the first copy's: later copies add operations only
      for j = first, #ctx.rows do ctx.rows[j].params = 0 end
      r = { macs = r.macs, flops = r.flops, params = 0 }
    end
    accumulate(t, r)
    shape = out
  end
  close_row(row, shape, t)
  return shape, t
end

-- ---- nets and their reports ------------------------------------------------------------------

local Net = setmetatable({}, { __index = Block })
Net.__index = Net
Net.__name = "burden.flops.net"

--- sequential{ input = {c, h, w}, name =, tokens =, layer, layer, ... }: a net.
-- Without input it is a block (nest it in another sequential). tokens: the
-- number of tokens one forward pass processes (sequence models), which
-- count() uses for per-token figures.
function flops.sequential(args)
  local children = collect("sequential", args, { name = true, input = true, tokens = true })
  check_name("sequential", args.name)
  local net = setmetatable({ kind = "sequential", name = args.name, children = children },
    Net)
  if args.input ~= nil then net.input = check_shape("sequential", args.input) end
  if args.tokens ~= nil then
    if not is_integer(args.tokens) or args.tokens < 1 then
      error("burden.flops.sequential: tokens must be a positive integer (got "
        .. tostring(args.tokens) .. ")", 2)
    end
    net.tokens = math.tointeger(args.tokens)
  end
  return net
end

local Report = {}
Report.__index = Report
Report.__name = "burden.flops.report"

-- Walks a net's top-level children; ctx.current names the layer being counted
-- so a failure can say where it happened.
local function walk_net(net, shape, ctx)
  local t = totals()
  for i, child in ipairs(net.children) do
    local out, r = child:walk(shape, ctx, child_path("", child, i), 1)
    accumulate(t, r)
    shape = out
  end
  return shape, t
end

--- net:count{ input = }: totals and per-layer rows.
-- Returns a report { name, input, output, macs, flops, params, rows, tokens,
-- per_token } with :text(), :csv(), :markdown(), :write(path) and :print().
-- Each row: name, kind, depth, leaf, input, output, params, macs, flops, share
-- (of the net's FLOPs). Container rows (blocks, residuals, ...) hold subtotals;
-- the leaf rows sum to the totals.
function Net:count(opts)
  opts = opts or {}
  if type(opts) ~= "table" then
    error("burden.flops.count: options must be a table (got " .. type(opts) .. ")", 2)
  end
  local msg = options.unknown("burden.flops.count", opts, { "input" })
  if msg then error(msg, 2) end
  local input = opts.input and check_shape("count", opts.input) or self.input
  if not input then
    error("burden.flops.count: the net has no input shape (give sequential{ input = ... } or "
      .. "count{ input = ... })", 2)
  end
  local ctx = { rows = {} }
  local ok, out, t = pcall(walk_net, self, input, ctx)
  if not ok then
    local where = ctx.current and (", layer " .. ctx.current) or ""
    error(string.format("burden.flops: %s%s: %s", self.name or "net", where, tostring(out)), 2)
  end
  local report = setmetatable({ name = self.name, input = copy(input), output = out,
    macs = t.macs, flops = t.flops, params = t.params, rows = ctx.rows, tokens = self.tokens },
    Report)
  if self.tokens then
    report.per_token = { macs = t.macs / self.tokens, flops = t.flops / self.tokens }
  end
  for _, row in ipairs(ctx.rows) do
    row.share = t.flops > 0 and row.flops / t.flops or 0
  end
  return report
end

--- net:training{ examples =, epochs = 1, backward_ratio = 2 }: training compute
-- from this net's forward FLOPs (per token for nets with tokens, so examples
-- counts tokens).
function Net:training(args)
  args = args or {}
  local c = self:count()
  local t = {}
  for k, v in pairs(args) do t[k] = v end
  t.forward = c.per_token and c.per_token.flops or c.flops
  return training.training(t)
end

-- Numbers for people: 61.10 M, 714.19 M; below 1000 the integer itself.
local function si(x)
  local units = { { 1e15, "P" }, { 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } }
  for _, u in ipairs(units) do
    if math.abs(x) >= u[1] then return string.format("%.2f %s", x / u[1], u[2]) end
  end
  return string.format("%d", x)
end
flops.si = si

local function selected_rows(report, opts, method)
  if opts ~= nil then
    if type(opts) ~= "table" then
      error("burden.flops: report options must be a table (got " .. type(opts) .. ")", 3)
    end
    local msg = options.unknown("burden.flops report:" .. method, opts, { "max_depth" })
    if msg then error(msg, 3) end
  end
  local max_depth = opts and opts.max_depth
  local rows = {}
  for _, row in ipairs(report.rows) do
    if not max_depth or row.depth <= max_depth then rows[#rows + 1] = row end
  end
  return rows
end

local function dims(shape)
  local parts = {}
  for i, d in ipairs(shape or {}) do parts[i] = tostring(d) end
  return table.concat(parts, "x")
end

-- The printed and Markdown reports are burden.report tables of these columns; `si`
-- formats the counts ("61.10 M") and burden.format the share ("31.32%").
local DISPLAY = {
  { key = "name", title = "name", align = "left" },
  { key = "layer", title = "layer", align = "left" },
  { key = "output", title = "output", align = "left" },
  { key = "params", title = "params", align = "right", format = si },
  { key = "macs", title = "MACs", align = "right", format = si },
  { key = "flops", title = "FLOPs", align = "right", format = si },
  { key = "share", title = "share", align = "right", format = "percent:2" },
}

-- The selected rows and the total as a DISPLAY table; `total` names the total row and
-- `indent` nests the names by depth (the text report).
local function display_table(self, rows, total, indent)
  local cells = {}
  for i, row in ipairs(rows) do
    cells[i] = { name = (indent and string.rep("  ", row.depth - 1) or "") .. row.name,
      layer = row.kind, output = shape_text(row.output), params = row.params, macs = row.macs,
      flops = row.flops, share = row.share }
  end
  cells[#cells + 1] = { name = total, layer = "", output = shape_text(self.output),
    params = self.params, macs = self.macs, flops = self.flops, share = 1 }
  return report_table{ columns = DISPLAY, rows = cells }
end

--- report:text{ max_depth = }: a fixed-width table like ptflops' report.
function Report:text(opts)
  local rows = selected_rows(self, opts, "text")
  local lines = {}
  lines[1] = string.format("%s: input %s, output %s", self.name or "net",
    shape_text(self.input), shape_text(self.output))
  lines[2] = string.format("  %s params, %s MACs, %s FLOPs (1 MAC = 2 FLOP; FLOPs also count "
    .. "norms, activations, pooling)", si(self.params), si(self.macs), si(self.flops))
  if self.per_token then
    lines[#lines + 1] = string.format("  per token (%d tokens): %s MACs, %s FLOPs", self.tokens,
      si(self.per_token.macs), si(self.per_token.flops))
  end
  return table.concat(lines, "\n") .. "\n"
    .. display_table(self, rows, "total", true):render("text")
end

Report.__tostring = Report.text

function Report:print(opts)
  io.write(self:text(opts))
end

-- The CSV report's columns: exact integers, shapes as 3x224x224, the share to 6 decimals.
local CSV_COLUMNS = { "name", "layer", "depth", "leaf", "input", "output", "params", "macs",
  "flops", "share" }

--- report:csv{ max_depth = }: exact integers, one row per layer and container
-- (burden.report's CSV: RFC 4180, CRLF line ends).
function Report:csv(opts)
  local cells = {}
  for i, row in ipairs(selected_rows(self, opts, "csv")) do
    cells[i] = { name = row.name, layer = row.kind, depth = row.depth, leaf = row.leaf,
      input = dims(row.input), output = dims(row.output), params = row.params, macs = row.macs,
      flops = row.flops, share = string.format("%.6f", row.share) }
  end
  cells[#cells + 1] = { name = "total", layer = "net", depth = 0, leaf = false,
    input = dims(self.input), output = dims(self.output), params = self.params,
    macs = self.macs, flops = self.flops, share = "1.000000" }
  return report_table{ columns = CSV_COLUMNS, rows = cells }:render("csv")
end

--- report:markdown{ max_depth = }: a GitHub table.
function Report:markdown(opts)
  local rows = selected_rows(self, opts, "markdown")
  return string.format("%s: input %s, %s params, %s MACs, %s FLOPs", self.name or "net",
      shape_text(self.input), si(self.params), si(self.macs), si(self.flops)) .. "\n\n"
    .. display_table(self, rows, "**total**", false):render("md")
end

--- report:write(path [, opts]): .csv, .md/.markdown or .txt by extension,
-- written atomically (a temporary file, then rename). Returns true, or nil and
-- a message when the file cannot be written.
function Report:write(path, opts)
  if type(path) ~= "string" then
    error("burden.flops.write: path must be a string (got " .. type(path) .. ")", 2)
  end
  local ext = path:match("%.([%w]+)$")
  ext = ext and ext:lower()
  local text
  if ext == "csv" then
    text = self:csv(opts)
  elseif ext == "md" or ext == "markdown" then
    text = self:markdown(opts)
  elseif ext == "txt" then
    text = self:text(opts)
  else
    error("burden.flops.write: unknown extension for '" .. path .. "' (expected .csv, .md, "
      .. ".markdown or .txt)", 2)
  end
  return require("burden.io").try_write_atomic(path, text)
end

return flops
