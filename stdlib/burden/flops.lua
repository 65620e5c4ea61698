--- burden.flops: operation counts of networks, training runs and hardware.
--
-- Layers (`conv2d`, `linear`, `attention`, ...) describe one operation; called
-- with an `input` shape they count it at once. `sequential` chains layers with
-- shape propagation; `block`, `residual`, `concat`, `gate` and `rep` (also
-- `flops["repeat"]`) build structure; `net:count()` returns totals and
-- per-layer rows. Every formula lives in engine/core/flops.c; this module
-- only walks the structure, names rows and sums (with overflow checks).
-- Conventions (MAC vs FLOP, forward vs training, attention options) are in
-- README.md, "Counting conventions".
local core = require "burden.core.flops"
local options = require "burden.options"
local shared_options = options -- collect() has a parameter named options

local flops = {}


-- ---- small helpers -------------------------------------------------------------------

local function shape_text(shape)
  if shape == nil then return "?" end
  local parts = {}
  for i, d in ipairs(shape) do parts[i] = tostring(d) end
  return "{" .. table.concat(parts, ", ") .. "}"
end
flops.shape_text = shape_text

local function copy(t)
  local out = {}
  for i, v in ipairs(t) do out[i] = v end
  return out
end

local function same_shape(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

-- Integer sum that refuses to wrap around (Lua integers wrap silently).
local function add(a, b)
  local s = a + b
  if (b > 0 and s < a) or (b < 0 and s > a) then
    error("count overflows a 64-bit integer (more than 9.2e18)", 0)
  end
  return s
end

local function is_integer(x)
  return math.type(x) == "integer" or (math.type(x) == "float" and x == math.floor(x)
    and x >= -2^63 and x < 2^63)
end

local function check_shape(fname, shape, what)
  what = what or "input"
  if type(shape) ~= "table" or #shape == 0 then
    error(string.format("burden.flops.%s: %s must be a list of positive integers (got %s)",
      fname, what, type(shape) == "table" and "an empty table" or type(shape)), 3)
  end
  local out = {}
  for i, d in ipairs(shape) do
    if not is_integer(d) or d < 1 then
      error(string.format("burden.flops.%s: %s dimension %d must be a positive integer (got %s)",
        fname, what, i, tostring(d)), 3)
    end
    out[i] = math.tointeger(d)
  end
  return out
end

-- ---- layers ------------------------------------------------------------------------------
-- A layer is a table { kind =, args =, name = } with a method eval(shape) that
-- returns { macs, flops, params, output }. Constructors validate their argument
-- names; when they can tell the input shape they count at once and store
-- macs, flops, params, input and output on the layer itself.

local Layer = {}
Layer.__index = Layer
Layer.__name = "burden.flops.layer"

local function is_node(x)
  return type(x) == "table" and type(x.walk) == "function"
end
flops.is_layer = is_node

function Layer.__tostring(self)
  if self.macs then
    return string.format("%s: input %s -> output %s, %d params, %d MACs, %d FLOPs", self.kind,
      shape_text(self.input), shape_text(self.output), self.params, self.macs, self.flops)
  end
  return string.format("%s (not counted: no input shape yet)", self.kind)
end

-- Counts this layer on the given input shape (raises the core's message).
function Layer:eval(shape)
  return self.apply(self.args, shape, self.kind)
end

-- Appends this layer's row to ctx.rows; returns output shape and the counts.
function Layer:walk(shape, ctx, path, depth)
  ctx.current = path
  if self.args.input ~= nil and self.full_input then
    local own = self.full_input(self.args)
    if own and not same_shape(own, shape) then
      error(string.format("%s: input %s given, but the layer before outputs %s", self.kind,
        shape_text(own), shape_text(shape)), 0)
    end
  end
  local r = self:eval(shape)
  ctx.rows[#ctx.rows + 1] = { name = path, kind = self.kind, depth = depth, leaf = true,
    input = copy(shape), output = r.output, params = r.params, macs = r.macs, flops = r.flops }
  return r.output, r
end

local common_keys = { name = true, input = true }

-- Defines a layer kind: apply(args, shape, kind) counts it, keys lists the
-- accepted arguments, full_input(args) gives the standalone input shape (or nil).
local function define(kind, keys, apply, full_input)
  local all_keys = copy(keys)
  for k in pairs(common_keys) do all_keys[#all_keys + 1] = k end
  local constructor = function(args)
    if args == nil then args = {} end
    if type(args) ~= "table" then
      error(string.format("burden.flops.%s: expected a table of arguments (got %s)", kind,
        type(args)), 2)
    end
    local msg = options.unknown("burden.flops." .. kind, args, all_keys)
    if msg then error(msg, 2) end
    if args.name ~= nil and type(args.name) ~= "string" then
      error(string.format("burden.flops.%s: name must be a string (got %s)", kind,
        type(args.name)), 2)
    end
    local layer = setmetatable({ kind = kind, args = args, name = args.name, apply = apply,
      full_input = full_input }, Layer)
    local shape = full_input and full_input(args)
    if shape then
      shape = check_shape(kind, shape)
      local ok, r = pcall(apply, args, shape, kind)
      if not ok then error("burden.flops." .. tostring(r), 2) end
      layer.input, layer.output = shape, r.output
      layer.macs, layer.flops, layer.params = r.macs, r.flops, r.params
    end
    return layer
  end
  flops[kind] = constructor
  return constructor
end

-- Standalone input of a layer that takes its shape only from `input`.
local function given_input(args)
  return args.input
end

-- Convolutions accept the spatial size alone when in_ch is given: {H, W}.
local function conv_input(nd)
  return function(args)
    local input = args.input
    if type(input) == "table" and #input == nd and args.in_ch then
      local full = { args.in_ch }
      for i = 1, nd do full[i + 1] = input[i] end
      return full
    end
    return input
  end
end

-- A size argument that stands in for the input shape, checked here so the
-- message names it (level 4: the user's call of the layer constructor).
local function size_arg(kind, args, key)
  local v = args[key]
  if not is_integer(v) or v < 1 then
    error(string.format("burden.flops.%s: %s must be a positive integer (got %s)", kind, key,
      tostring(v)), 4)
  end
  return math.tointeger(v)
end

-- Sequence layers: input {L, D}, or seq = L with the layer's width.
local function seq_input(kind, width_key)
  return function(args)
    if args.input then return args.input end
    if args.seq and args[width_key] then
      return { size_arg(kind, args, "seq"), size_arg(kind, args, width_key) }
    end
    return nil
  end
end

local conv_keys = { "in_ch", "out_ch", "kernel", "stride", "padding", "dilation", "groups",
  "bias" }
for nd = 1, 3 do
  define("conv" .. nd .. "d", conv_keys, function(args, shape, kind)
    return core.conv(kind, nd, false, args, shape)
  end, conv_input(nd))
  local tkeys = copy(conv_keys)
  tkeys[#tkeys + 1] = "output_padding"
  define("conv_transpose" .. nd .. "d", tkeys, function(args, shape, kind)
    return core.conv(kind, nd, true, args, shape)
  end, conv_input(nd))
  for _, pool in ipairs { "max", "avg" } do
    define(pool .. "pool" .. nd .. "d", { "kernel", "stride", "padding", "dilation",
      "ceil_mode" }, function(args, shape, kind)
      return core.pool(kind, nd, pool, args, shape)
    end, given_input)
    define("adaptive_" .. pool .. "pool" .. nd .. "d", { "output" }, function(args, shape, kind)
      return core.adaptive_pool(kind, nd, pool, args, shape)
    end, given_input)
  end
end

-- Global pooling to one value per channel, over however many spatial dimensions
-- the input has ({C, H, W} -> {C, 1, 1}, like PyTorch's AdaptiveAvgPool2d(1)).
for _, pool in ipairs { "max", "avg" } do
  define("global_" .. pool .. "pool", {}, function(args, shape, kind)
    return core.adaptive_pool(kind, #shape - 1, pool, { output = 1 }, shape)
  end, given_input)
end

define("linear", { "in_features", "out_features", "bias", "tied" }, function(args, shape, kind)
  return core.linear(kind, args, shape)
end, function(args)
  if args.input then return args.input end
  if args.in_features then return { size_arg("linear", args, "in_features") } end
  return nil
end)

for _, norm in ipairs { "batchnorm", "layernorm", "rmsnorm" } do
  define(norm, { "affine" }, function(args, shape, kind)
    return core.norm(kind, norm, args, shape)
  end, given_input)
end

for _, act in ipairs(core.activations()) do
  define(act, {}, function(_, shape, kind)
    return core.activation(kind, act, shape)
  end, given_input)
end
flops.swish = flops.silu

--- FLOPs per element of each activation (the convention in engine/core/flops.c).
function flops.activation_costs()
  local out = {}
  for _, name in ipairs(core.activations()) do out[name] = core.activation_cost(name) end
  return out
end

-- Elementwise layers on a same-shaped operand that is not itself counted
-- (a bias-free scale, a mask): 1 FLOP per element.
for _, op in ipairs { "add", "mul" } do
  define(op, {}, function(_, shape, kind)
    return core.elementwise(kind, 1, shape)
  end, given_input)
end

define("embedding", { "num", "dim", "add", "seq" }, function(args, shape, kind)
  return core.embedding(kind, args, shape)
end, function(args)
  if args.input then return args.input end
  if args.seq and not args.add then return { size_arg("embedding", args, "seq") } end
  return nil
end)

define("class_token", { "count" }, function(args, shape, kind)
  return core.class_token(kind, args, shape)
end, given_input)

define("attention", { "dim", "heads", "kv_heads", "head_dim", "kv_len", "causal", "qkv_proj",
  "out_proj", "bias", "seq" }, function(args, shape, kind)
  return core.attention(kind, args, shape)
end, seq_input("attention", "dim"))

for _, cell in ipairs { "lstm", "gru" } do
  define(cell, { "input_size", "hidden", "layers", "bidirectional", "bias", "seq" },
    function(args, shape, kind)
      return core.rnn(kind, cell, args, shape)
    end, seq_input(cell, "input_size"))
end

define("moe", { "dim", "hidden", "experts", "active", "gated", "bias", "activation", "seq" },
  function(args, shape, kind)
    return core.moe(kind, args, shape)
  end, function(args)
    if args.input then return args.input end
    if args.dim then
      return { args.seq and size_arg("moe", args, "seq") or 1, size_arg("moe", args, "dim") }
    end
    return nil
  end)

-- Shape-only layers: no arithmetic, no parameters.
local function reshaped(output)
  return { macs = 0, flops = 0, params = 0, output = output }
end

define("identity", {}, function(_, shape) return reshaped(copy(shape)) end, given_input)
define("dropout", { "p" }, function(_, shape) return reshaped(copy(shape)) end, given_input)

-- flatten{ from = 1 }: merges dimensions from..n into one ({C, H, W} -> {C H W}).
define("flatten", { "from" }, function(args, shape, kind)
  local from = args.from or 1
  if not is_integer(from) or from < 1 or from > #shape then
    error(string.format("%s: from must be an integer in 1..%d (got %s)", kind, #shape,
      tostring(from)), 0)
  end
  local tail = {}
  for i = from, #shape do tail[#tail + 1] = shape[i] end
  local out = {}
  for i = 1, from - 1 do out[i] = shape[i] end
  out[from] = core.numel(kind, tail)
  return reshaped(out)
end, given_input)

-- reshape{ shape = {...} }: same number of elements, new dimensions.
define("reshape", { "shape" }, function(args, shape, kind)
  local target = args.shape
  if type(target) ~= "table" then
    error(kind .. ": shape must be a list of integers", 0)
  end
  if core.numel(kind, target) ~= core.numel(kind, shape) then
    error(string.format("%s: shape %s has a different number of elements than the input %s",
      kind, shape_text(target), shape_text(shape)), 0)
  end
  return reshaped(copy(target))
end, given_input)

-- to_tokens{}: image features {C, H, W} -> a sequence {H W, C} (ViT patch tokens).
define("to_tokens", {}, function(_, shape, kind)
  if #shape < 2 then
    error(string.format("%s: input must be {C, H, W} or {C, L} (got %s)", kind,
      shape_text(shape)), 0)
  end
  local rest = {}
  for i = 2, #shape do rest[#rest + 1] = shape[i] end
  return reshaped({ core.numel(kind, rest), shape[1] })
end, given_input)

-- select_token{ index = 1 }: one token of {L, D} -> {D} (the class token).
define("select_token", { "index" }, function(args, shape, kind)
  local index = args.index or 1
  if #shape ~= 2 then
    error(string.format("%s: input must be {L, D} (got %s)", kind, shape_text(shape)), 0)
  end
  if not is_integer(index) or index < 1 or index > shape[1] then
    error(string.format("%s: index must be an integer in 1..%d (got %s)", kind, shape[1],
      tostring(index)), 0)
  end
  return reshaped({ shape[2] })
end, given_input)

-- mean_tokens{}: average over the tokens, {L, D} -> {D}: the average pool's
-- count (L - 1 adds and 1 divide per feature).
define("mean_tokens", {}, function(_, shape, kind)
  if #shape ~= 2 then
    error(string.format("%s: input must be {L, D} (got %s)", kind, shape_text(shape)), 0)
  end
  local r = core.adaptive_pool(kind, 1, "avg", { output = 1 }, { shape[2], shape[1] })
  r.output = { shape[2] }
  return r
end, given_input)

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
  return flops.training(t)
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

--- report:text{ max_depth = }: a fixed-width table like ptflops' report.
function Report:text(opts)
  local header = { "name", "layer", "output", "params", "MACs", "FLOPs", "share" }
  local lines = {}
  local cells = { header }
  for _, row in ipairs(selected_rows(self, opts, "text")) do
    cells[#cells + 1] = { string.rep("  ", row.depth - 1) .. row.name, row.kind,
      shape_text(row.output), si(row.params), si(row.macs), si(row.flops),
      string.format("%.2f%%", 100 * row.share) }
  end
  cells[#cells + 1] = { "total", "", shape_text(self.output), si(self.params), si(self.macs),
    si(self.flops), "100.00%" }
  local width = {}
  for _, c in ipairs(cells) do
    for j, v in ipairs(c) do width[j] = math.max(width[j] or 0, #v) end
  end
  lines[1] = string.format("%s: input %s, output %s", self.name or "net",
    shape_text(self.input), shape_text(self.output))
  lines[2] = string.format("  %s params, %s MACs, %s FLOPs (1 MAC = 2 FLOP; FLOPs also count "
    .. "norms, activations, pooling)", si(self.params), si(self.macs), si(self.flops))
  if self.per_token then
    lines[#lines + 1] = string.format("  per token (%d tokens): %s MACs, %s FLOPs", self.tokens,
      si(self.per_token.macs), si(self.per_token.flops))
  end
  for i, c in ipairs(cells) do
    local parts = {}
    for j, v in ipairs(c) do
      if j <= 3 then
        parts[j] = v .. string.rep(" ", width[j] - #v)
      else
        parts[j] = string.rep(" ", width[j] - #v) .. v
      end
    end
    lines[#lines + 1] = table.concat(parts, "  "):gsub("%s+$", "")
    if i == 1 then
      local rule = {}
      for j = 1, #header do rule[j] = string.rep("-", width[j]) end
      lines[#lines + 1] = table.concat(rule, "  ")
    end
  end
  return table.concat(lines, "\n") .. "\n"
end

Report.__tostring = Report.text

function Report:print(opts)
  io.write(self:text(opts))
end

local function csv_field(v)
  v = tostring(v)
  if v:find('[,"\r\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end

--- report:csv{ max_depth = }: exact integers, one row per layer and container.
function Report:csv(opts)
  local out = { "name,layer,depth,leaf,input,output,params,macs,flops,share" }
  for _, row in ipairs(selected_rows(self, opts, "csv")) do
    local f = { row.name, row.kind, row.depth, row.leaf and "true" or "false", dims(row.input),
      dims(row.output), string.format("%d", row.params), string.format("%d", row.macs),
      string.format("%d", row.flops), string.format("%.6f", row.share) }
    for i, v in ipairs(f) do f[i] = csv_field(v) end
    out[#out + 1] = table.concat(f, ",")
  end
  out[#out + 1] = table.concat({ "total", "net", 0, "false", dims(self.input), dims(self.output),
    string.format("%d", self.params), string.format("%d", self.macs),
    string.format("%d", self.flops), "1.000000" }, ",")
  return table.concat(out, "\n") .. "\n"
end

--- report:markdown{ max_depth = }: a GitHub table.
function Report:markdown(opts)
  local out = {
    string.format("%s: input %s, %s params, %s MACs, %s FLOPs", self.name or "net",
      shape_text(self.input), si(self.params), si(self.macs), si(self.flops)),
    "",
    "| name | layer | output | params | MACs | FLOPs | share |",
    "|---|---|---|---:|---:|---:|---:|",
  }
  local function esc(s) return (tostring(s):gsub("|", "\\|")) end
  for _, row in ipairs(selected_rows(self, opts, "markdown")) do
    out[#out + 1] = string.format("| %s | %s | %s | %s | %s | %s | %.2f%% |", esc(row.name),
      esc(row.kind), shape_text(row.output), si(row.params), si(row.macs), si(row.flops),
      100 * row.share)
  end
  out[#out + 1] = string.format("| **total** | | %s | %s | %s | %s | 100.00%% |",
    shape_text(self.output), si(self.params), si(self.macs), si(self.flops))
  return table.concat(out, "\n") .. "\n"
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

-- ---- training compute -----------------------------------------------------------------------

local Result = {}
Result.__index = Result
Result.__name = "burden.flops.result"

function Result.__tostring(self)
  return string.format("%.4g %s (%s)", self.flop, self.unit, self.method)
end

--- Utilisation presets: the paper's upper bound and Epoch AI's defaults.
flops.utilization = { paper = 1, epoch_language = 0.3, epoch_other = 0.4 }

local function check_args(fname, args, allowed)
  if type(args) ~= "table" then
    error(string.format("burden.flops.%s: expected a table of arguments (got %s)", fname,
      type(args)), 3)
  end
  local msg = options.unknown("burden.flops." .. fname, args, allowed)
  if msg then error(msg, 3) end
end

local function number_arg(fname, args, key, default)
  local v = args[key]
  if v == nil then
    if default == nil then
      error(string.format("burden.flops.%s: %s is required", fname, key), 3)
    end
    return default
  end
  if type(v) ~= "number" then
    error(string.format("burden.flops.%s: %s must be a number (got %s)", fname, key, type(v)), 3)
  end
  return v
end

-- Runs a core function, re-raising its message at the caller of the API function.
local function call_core(f, ...)
  local ok, a, b = pcall(f, ...)
  if not ok then error("burden.flops." .. tostring(a), 3) end
  return a, b
end

--- training{ forward =, examples =, epochs = 1, backward_ratio = 2 }
-- forward: FLOPs of one forward pass of one example (a number, or a count
-- report), or macs = MACs of it (x 2). Returns a result { flop, unit, method, ... }.
function flops.training(args)
  check_args("training", args, { "forward", "macs", "examples", "epochs", "backward_ratio" })
  local forward = args.forward
  if type(forward) == "table" then forward = forward.flops end
  if forward ~= nil and args.macs ~= nil then
    error("burden.flops.training: give forward (FLOPs) or macs, not both", 2)
  end
  if forward == nil then
    if args.macs == nil then error("burden.flops.training: forward is required", 2) end
    forward = 2 * number_arg("training", args, "macs")
  elseif type(forward) ~= "number" then
    error("burden.flops.training: forward must be a number of FLOPs or a count report (got "
      .. type(forward) .. ")", 2)
  end
  local examples = number_arg("training", args, "examples")
  local epochs = number_arg("training", args, "epochs", 1)
  local ratio = number_arg("training", args, "backward_ratio", 2)
  local flop = call_core(core.training, forward, examples, epochs, ratio)
  return setmetatable({ flop = flop, unit = "FLOP",
    method = string.format("training: (1 + %g) x forward x examples x epochs", ratio),
    forward = forward, examples = examples, epochs = epochs, backward_ratio = ratio }, Result)
end

--- dense_transformer{ params = N, tokens = D, attention = { layers, ctx, d_attn } }
-- 6 N D, plus Kaplan et al.'s attention term 6 n_layer n_ctx d_attn D when asked.
function flops.dense_transformer(args)
  check_args("dense_transformer", args, { "params", "tokens", "attention" })
  local n = number_arg("dense_transformer", args, "params")
  local d = number_arg("dense_transformer", args, "tokens")
  local att = args.attention
  local layers, ctx, d_attn = 0, 0, 0
  if att ~= nil and att ~= false then
    if type(att) ~= "table" then
      error("burden.flops.dense_transformer: attention must be a table { layers =, ctx =, "
        .. "d_attn = } (got " .. type(att) .. ")", 2)
    end
    check_args("dense_transformer", att, { "layers", "ctx", "d_attn" })
    layers = number_arg("dense_transformer", att, "layers")
    ctx = number_arg("dense_transformer", att, "ctx")
    d_attn = number_arg("dense_transformer", att, "d_attn")
  end
  local flop, attention = call_core(core.dense_transformer, n, d, layers, ctx, d_attn)
  return setmetatable({ flop = flop, unit = "FLOP", attention_flop = attention,
    method = layers > 0 and "6 N D + 6 n_layer n_ctx d_attn D (Kaplan et al. 2020)"
      or "6 N D", params = n, tokens = d }, Result)
end

--- hardware{ chip =, count =, hours = | seconds = | days =, precision = "auto",
--  utilization = 1, peak = } : the hardware burden, count x peak x time x utilization.
-- chip is a name or a record from burden.hw.lookup; peak (FLOP/s per chip)
-- overrides the table.
function flops.hardware(args)
  check_args("hardware", args, { "chip", "count", "hours", "seconds", "days", "precision",
    "utilization", "peak" })
  local count = args.count
  if count == nil then error("burden.flops.hardware: count is required", 2) end
  if not is_integer(count) or count < 1 then
    error("burden.flops.hardware: count must be a positive integer (got " .. tostring(count)
      .. ")", 2)
  end
  local given = {}
  for _, k in ipairs { "seconds", "hours", "days" } do
    if args[k] ~= nil then given[#given + 1] = k end
  end
  if #given ~= 1 then
    error("burden.flops.hardware: give exactly one of seconds, hours, days"
      .. (#given > 1 and " (got " .. table.concat(given, " and ") .. ")" or ""), 2)
  end
  local scale = { seconds = 1, hours = 3600, days = 86400 }
  local time, unit = number_arg("hardware", args, given[1]), scale[given[1]]
  local seconds = time * unit
  local utilization = number_arg("hardware", args, "utilization", 1)
  local peak, chip, precision = args.peak, nil, args.precision
  if peak ~= nil then
    peak = number_arg("hardware", args, "peak")
    if args.chip ~= nil then chip = args.chip end
  else
    if args.chip == nil then error("burden.flops.hardware: chip (or peak) is required", 2) end
    local hw = require "burden.hw"
    local ok, rec = true, args.chip
    if type(rec) ~= "table" then ok, rec = pcall(hw.lookup, args.chip) end
    if not ok then error((tostring(rec):gsub("^burden%.hw%.lookup", "burden.flops.hardware")), 2) end
    local ok2, p, used = pcall(hw.peak, rec, precision or "auto")
    if not ok2 then error((tostring(p):gsub("^burden%.hw%.peak", "burden.flops.hardware")), 2) end
    peak, chip, precision = p, rec.name, used
  end
  local flop = call_core(core.hardware, count, time, unit, peak, utilization)
  return setmetatable({ flop = flop, unit = "FLOP", chip = chip, precision = precision,
    peak = peak, count = count, seconds = seconds, utilization = utilization,
    method = string.format("hardware burden: %d x %s%.4g FLOP/s%s x %.6g s x %g", count,
      chip and (chip .. " at ") or "", peak, precision and (" " .. precision) or "", seconds,
      utilization) }, Result)
end

return flops
