--- burden.flops.layers: the layer kinds (`conv2d`, `linear`, `attention`, ...). Each
-- constructor checks its arguments and, given an `input` shape, counts at once; the
-- formulas are engine/core/flops.c's.
local core = require "burden.core.flops"
local options = require "burden.options"
local shapes = require "burden.flops.shape"

local shape_text, copy, same_shape = shapes.shape_text, shapes.copy, shapes.same_shape
local is_integer, check_shape = shapes.is_integer, shapes.check_shape

local flops = {}

flops.shape_text = shape_text

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

return flops
