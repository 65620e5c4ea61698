--- burden.models: reference architectures written with burden.flops.
--
-- Each function returns a net (burden.flops.sequential) whose :count() gives
-- MACs, FLOPs and parameters. Image models take { input = {3, H, W} } (224 x 224
-- by default) and { classes = 1000 }; sequence models take { seq = L }.
-- Layer structure follows the reference implementations named in each
-- comment (torchvision, timm, Hugging Face, the papers), so parameter counts
-- match theirs exactly; tests compare against published counts.
local F = require "burden.flops"

local models = {}

local function options(fname, opts, allowed)
  opts = opts or {}
  if type(opts) ~= "table" then
    error(string.format("burden.models.%s: options must be a table (got %s)", fname, type(opts)),
      3)
  end
  local msg = require("burden.options").unknown("burden.models." .. fname, opts, allowed)
  if msg then error(msg, 3) end
  return opts
end

local function image_input(opts)
  return opts.input or { 3, 224, 224 }
end

-- ---- AlexNet (torchvision's single-tower variant, Krizhevsky 2014 "one weird trick") -----

--- alexnet{ input =, classes = 1000 }: about 0.71 GMACs and 61.1 M parameters.
function models.alexnet(opts)
  opts = options("alexnet", opts, { "input", "classes" })
  local function conv(out, k, s, p) return F.conv2d{ out_ch = out, kernel = k, stride = s, padding = p } end
  return F.sequential{ name = "alexnet", input = image_input(opts),
    F.block{ name = "features",
      conv(64, 11, 4, 2), F.relu(), F.maxpool2d{ kernel = 3, stride = 2 },
      conv(192, 5, 1, 2), F.relu(), F.maxpool2d{ kernel = 3, stride = 2 },
      conv(384, 3, 1, 1), F.relu(),
      conv(256, 3, 1, 1), F.relu(),
      conv(256, 3, 1, 1), F.relu(), F.maxpool2d{ kernel = 3, stride = 2 } },
    F.adaptive_avgpool2d{ name = "avgpool", output = 6 },
    F.flatten(),
    F.block{ name = "classifier",
      F.dropout(), F.linear{ out_features = 4096 }, F.relu(),
      F.dropout(), F.linear{ out_features = 4096 }, F.relu(),
      F.linear{ out_features = opts.classes or 1000 } },
  }
end

-- ---- VGG-16 (Simonyan and Zisserman 2014, configuration D; torchvision vgg16) ------------

--- vgg16{ input =, classes = 1000, batchnorm = false }: about 15.5 GMACs, 138.4 M parameters.
function models.vgg16(opts)
  opts = options("vgg16", opts, { "input", "classes", "batchnorm" })
  local features = { name = "features" }
  for _, v in ipairs { 64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
    512, 512, 512, "M" } do
    if v == "M" then
      features[#features + 1] = F.maxpool2d{ kernel = 2, stride = 2 }
    else
      features[#features + 1] = F.conv2d{ out_ch = v, kernel = 3, padding = 1 }
      if opts.batchnorm then features[#features + 1] = F.batchnorm() end
      features[#features + 1] = F.relu()
    end
  end
  return F.sequential{ name = opts.batchnorm and "vgg16_bn" or "vgg16", input = image_input(opts),
    F.block(features),
    F.adaptive_avgpool2d{ name = "avgpool", output = 7 },
    F.flatten(),
    F.block{ name = "classifier",
      F.linear{ out_features = 4096 }, F.relu(), F.dropout(),
      F.linear{ out_features = 4096 }, F.relu(), F.dropout(),
      F.linear{ out_features = opts.classes or 1000 } },
  }
end

-- ---- ResNets (He et al. 2015; torchvision resnet18/50/152) ------------------------------------
-- stride = "3x3" (default) puts a bottleneck's stride on its 3x3 convolution,
-- as torchvision and timm do ("ResNet v1.5"); stride = "1x1" puts it on the
-- first 1x1 convolution as in the original paper, whose Table 1 gives 3.8,
-- 7.6 and 11.3 billion multiply-adds for ResNet-50, -101 and -152.

local function downsample(out, stride)
  return { F.conv2d{ name = "conv", out_ch = out, kernel = 1, stride = stride, bias = false },
    F.batchnorm{ name = "bn" } }
end

local function basic_block(in_ch, width, stride)
  return F.block{
    F.residual{ name = "residual",
      F.conv2d{ name = "conv1", out_ch = width, kernel = 3, stride = stride, padding = 1,
        bias = false },
      F.batchnorm{ name = "bn1" }, F.relu{ name = "relu1" },
      F.conv2d{ name = "conv2", out_ch = width, kernel = 3, padding = 1, bias = false },
      F.batchnorm{ name = "bn2" },
      shortcut = (stride ~= 1 or in_ch ~= width) and downsample(width, stride) or nil },
    F.relu{ name = "relu" } }, width
end

local function bottleneck(in_ch, width, stride, stride_on)
  local out = width * 4
  local s1, s3 = 1, stride
  if stride_on == "1x1" then s1, s3 = stride, 1 end
  return F.block{
    F.residual{ name = "residual",
      F.conv2d{ name = "conv1", out_ch = width, kernel = 1, stride = s1, bias = false },
      F.batchnorm{ name = "bn1" }, F.relu{ name = "relu1" },
      F.conv2d{ name = "conv2", out_ch = width, kernel = 3, stride = s3, padding = 1,
        bias = false },
      F.batchnorm{ name = "bn2" }, F.relu{ name = "relu2" },
      F.conv2d{ name = "conv3", out_ch = out, kernel = 1, bias = false },
      F.batchnorm{ name = "bn3" },
      shortcut = (stride ~= 1 or in_ch ~= out) and downsample(out, stride) or nil },
    F.relu{ name = "relu" } }, out
end

local function resnet(name, block_kind, counts, opts)
  local stride_on = opts.stride or "3x3"
  if stride_on ~= "3x3" and stride_on ~= "1x1" then
    error("burden.models." .. name .. ": stride must be \"3x3\" or \"1x1\" (got "
      .. tostring(stride_on) .. ")", 3)
  end
  local layers = { name = name, input = image_input(opts),
    F.conv2d{ name = "conv1", out_ch = 64, kernel = 7, stride = 2, padding = 3, bias = false },
    F.batchnorm{ name = "bn1" }, F.relu{ name = "relu" },
    F.maxpool2d{ name = "maxpool", kernel = 3, stride = 2, padding = 1 },
  }
  local in_ch = 64
  for stage, n in ipairs(counts) do
    local width = 64 << (stage - 1)
    local stage_blocks = { name = "layer" .. stage }
    for i = 1, n do
      local stride = (i == 1 and stage > 1) and 2 or 1
      local b
      if block_kind == "basic" then
        b, in_ch = basic_block(in_ch, width, stride)
      else
        b, in_ch = bottleneck(in_ch, width, stride, stride_on)
      end
      stage_blocks[#stage_blocks + 1] = b
    end
    layers[#layers + 1] = F.block(stage_blocks)
  end
  layers[#layers + 1] = F.global_avgpool{ name = "avgpool" }
  layers[#layers + 1] = F.flatten()
  layers[#layers + 1] = F.linear{ name = "fc", out_features = opts.classes or 1000 }
  return F.sequential(layers)
end

--- resnet18{ input =, classes = }: about 1.82 GMACs, 11.69 M parameters.
function models.resnet18(opts)
  opts = options("resnet18", opts, { "input", "classes" })
  return resnet("resnet18", "basic", { 2, 2, 2, 2 }, opts)
end

--- resnet34{ input =, classes = }
function models.resnet34(opts)
  opts = options("resnet34", opts, { "input", "classes" })
  return resnet("resnet34", "basic", { 3, 4, 6, 3 }, opts)
end

--- resnet50{ input =, classes =, stride = "3x3" | "1x1" }: about 4.1 GMACs, 25.6 M parameters.
function models.resnet50(opts)
  opts = options("resnet50", opts, { "input", "classes", "stride" })
  return resnet("resnet50", "bottleneck", { 3, 4, 6, 3 }, opts)
end

--- resnet101{ input =, classes =, stride = }
function models.resnet101(opts)
  opts = options("resnet101", opts, { "input", "classes", "stride" })
  return resnet("resnet101", "bottleneck", { 3, 4, 23, 3 }, opts)
end

--- resnet152{ input =, classes =, stride = }: about 11.6 GMACs (11.3 with stride "1x1"), 60.2 M.
function models.resnet152(opts)
  opts = options("resnet152", opts, { "input", "classes", "stride" })
  return resnet("resnet152", "bottleneck", { 3, 8, 36, 3 }, opts)
end

-- ---- MobileNetV2 (Sandler et al. 2018; torchvision mobilenet_v2, width 1.0) --------------------

local function conv_bn_act(out, k, s, groups, act, name)
  return F.block{ name = name,
    F.conv2d{ out_ch = out, kernel = k, stride = s, padding = (k - 1) // 2, groups = groups,
      bias = false },
    F.batchnorm(), act() }
end

local function inverted_residual(in_ch, out, stride, expand)
  local hidden = in_ch * expand
  local layers = {}
  if expand ~= 1 then layers[#layers + 1] = conv_bn_act(hidden, 1, 1, 1, F.relu6, "expand") end
  layers[#layers + 1] = conv_bn_act(hidden, 3, stride, hidden, F.relu6, "depthwise")
  layers[#layers + 1] = F.conv2d{ name = "project", out_ch = out, kernel = 1, bias = false }
  layers[#layers + 1] = F.batchnorm()
  if stride == 1 and in_ch == out then
    return F.residual(layers)
  end
  return F.block(layers)
end

--- mobilenet_v2{ input =, classes = }: about 0.30 GMACs, 3.50 M parameters.
function models.mobilenet_v2(opts)
  opts = options("mobilenet_v2", opts, { "input", "classes" })
  local features = { name = "features", conv_bn_act(32, 3, 2, 1, F.relu6, "stem") }
  local in_ch = 32
  -- expansion t, channels c, repeats n, first stride s (the paper's Table 2)
  for _, cfg in ipairs { { 1, 16, 1, 1 }, { 6, 24, 2, 2 }, { 6, 32, 3, 2 }, { 6, 64, 4, 2 },
    { 6, 96, 3, 1 }, { 6, 160, 3, 2 }, { 6, 320, 1, 1 } } do
    local t, c, n, s = cfg[1], cfg[2], cfg[3], cfg[4]
    for i = 1, n do
      features[#features + 1] = inverted_residual(in_ch, c, i == 1 and s or 1, t)
      in_ch = c
    end
  end
  features[#features + 1] = conv_bn_act(1280, 1, 1, 1, F.relu6, "head")
  return F.sequential{ name = "mobilenet_v2", input = image_input(opts),
    F.block(features),
    F.global_avgpool(), F.flatten(), F.dropout(),
    F.linear{ name = "classifier", out_features = opts.classes or 1000 } }
end

-- ---- EfficientNet-B0 (Tan and Le 2019; timm efficientnet_b0) ----------------------------------
-- MBConv: 1x1 expansion (skipped at ratio 1), depthwise k x k, squeeze-and-
-- excitation reducing to a quarter of the block's input channels, 1x1 projection;
-- SiLU throughout; identity shortcut when the shape is unchanged.

local function mbconv(in_ch, out, k, stride, expand)
  local hidden = in_ch * expand
  local se = math.max(1, in_ch // 4)
  local layers = {}
  if expand ~= 1 then layers[#layers + 1] = conv_bn_act(hidden, 1, 1, 1, F.silu, "expand") end
  layers[#layers + 1] = conv_bn_act(hidden, k, stride, hidden, F.silu, "depthwise")
  layers[#layers + 1] = F.gate{ name = "se",
    F.global_avgpool(),
    F.conv2d{ out_ch = se, kernel = 1 }, F.silu(),
    F.conv2d{ out_ch = hidden, kernel = 1 }, F.sigmoid() }
  layers[#layers + 1] = F.conv2d{ name = "project", out_ch = out, kernel = 1, bias = false }
  layers[#layers + 1] = F.batchnorm()
  if stride == 1 and in_ch == out then return F.residual(layers) end
  return F.block(layers)
end

--- efficientnet_b0{ input =, classes = }: about 0.40 GMACs, 5.29 M parameters.
function models.efficientnet_b0(opts)
  opts = options("efficientnet_b0", opts, { "input", "classes" })
  local blocks = { name = "blocks" }
  local in_ch = 32
  -- expansion, kernel, first stride, channels, repeats (the paper's Table 1)
  for _, cfg in ipairs { { 1, 3, 1, 16, 1 }, { 6, 3, 2, 24, 2 }, { 6, 5, 2, 40, 2 },
    { 6, 3, 2, 80, 3 }, { 6, 5, 1, 112, 3 }, { 6, 5, 2, 192, 4 }, { 6, 3, 1, 320, 1 } } do
    local e, k, s, c, n = cfg[1], cfg[2], cfg[3], cfg[4], cfg[5]
    for i = 1, n do
      blocks[#blocks + 1] = mbconv(in_ch, c, k, i == 1 and s or 1, e)
      in_ch = c
    end
  end
  return F.sequential{ name = "efficientnet_b0", input = image_input(opts),
    conv_bn_act(32, 3, 2, 1, F.silu, "stem"),
    F.block(blocks),
    conv_bn_act(1280, 1, 1, 1, F.silu, "head"),
    F.global_avgpool(), F.flatten(), F.dropout(),
    F.linear{ name = "classifier", out_features = opts.classes or 1000 } }
end

-- ---- transformers ------------------------------------------------------------------------------

-- One pre- or post-norm encoder/decoder layer of width d, h heads, MLP width m.
local function transformer_layer(d, h, m, opts)
  local attn = F.attention{ name = "attn", heads = h, causal = opts.causal }
  local mlp = F.block{ name = "mlp", F.linear{ name = "fc1", out_features = m },
    F[opts.act or "gelu"](), F.linear{ name = "fc2", out_features = d } }
  if opts.post_norm then
    -- BERT: x = LN(x + attn(x)); x = LN(x + mlp(x))
    return F.block{ F.residual{ name = "attention", attn }, F.layernorm{ name = "ln1" },
      F.residual{ name = "ffn", mlp }, F.layernorm{ name = "ln2" } }
  end
  -- ViT, GPT-2: x = x + attn(LN(x)); x = x + mlp(LN(x))
  return F.block{ F.residual{ name = "attention", F.layernorm{ name = "ln1" }, attn },
    F.residual{ name = "ffn", F.layernorm{ name = "ln2" }, mlp } }
end

--- vit_b16{ input =, classes = }: ViT-B/16 (Dosovitskiy et al. 2020; timm
-- vit_base_patch16_224): about 17.6 GMACs, 86.6 M parameters at 224 x 224.
function models.vit_b16(opts)
  opts = options("vit_b16", opts, { "input", "classes" })
  local input = image_input(opts)
  local d = 768
  local tokens = (input[2] // 16) * (input[3] // 16) + 1
  return F.sequential{ name = "vit_b16", input = input,
    F.conv2d{ name = "patch_embed", out_ch = d, kernel = 16, stride = 16 },
    F.to_tokens(),
    F.class_token{ name = "cls_token" },
    F.embedding{ name = "pos_embed", num = tokens, dim = d, add = true },
    F.rep(12, transformer_layer(d, 12, 4 * d, {}), { name = "blocks" }),
    F.layernorm{ name = "norm" },
    F.select_token{ name = "cls" },
    F.linear{ name = "head", out_features = opts.classes or 1000 } }
end

local bert_sizes = {
  base = { layers = 12, d = 768, heads = 12 },
  large = { layers = 24, d = 1024, heads = 16 },
}

-- BERT (Devlin et al. 2018; Hugging Face BertModel): word, position (512) and
-- segment embeddings, post-norm encoder layers with GELU, and the pooler
-- (dense + tanh on the first token). The masked-LM head is not included.
local function bert(size, fname, opts)
  opts = options(fname, opts, { "seq", "vocab" })
  local cfg = bert_sizes[size]
  local seq = opts.seq or 128
  if math.type(seq) ~= "integer" or seq < 1 or seq > 512 then
    error("burden.models." .. fname .. ": seq must be an integer in 1..512 (BERT's position "
      .. "table has 512 rows; got " .. tostring(seq) .. ")", 3)
  end
  local d = cfg.d
  return F.sequential{ name = "bert_" .. size, input = { seq }, tokens = seq,
    F.block{ name = "embeddings",
      F.embedding{ name = "word", num = opts.vocab or 30522, dim = d },
      F.embedding{ name = "position", num = 512, dim = d, add = true },
      F.embedding{ name = "token_type", num = 2, dim = d, add = true },
      F.layernorm{ name = "ln" } },
    F.rep(cfg.layers, transformer_layer(d, cfg.heads, 4 * d, { post_norm = true }),
      { name = "encoder" }),
    F.block{ name = "pooler", F.select_token(), F.linear{ out_features = d }, F.tanh() } }
end

--- bert_base{ seq = 128 }: 109.5 M parameters; MACs grow with seq (attention is quadratic).
function models.bert_base(opts) return bert("base", "bert_base", opts) end

--- bert_large{ seq = 128 }: 335.1 M parameters.
function models.bert_large(opts) return bert("large", "bert_large", opts) end

local gpt2_sizes = {
  small = { layers = 12, d = 768, heads = 12 },
  medium = { layers = 24, d = 1024, heads = 16 },
  large = { layers = 36, d = 1280, heads = 20 },
  xl = { layers = 48, d = 1600, heads = 25 },
}

-- A GPT decoder: token and learned position embeddings, pre-norm causal layers,
-- a final layer norm and a language-model head tied to the token embedding
-- (its MACs count, its weights do not: they are the embedding's).
local function gpt(name, cfg, seq, vocab, ctx, causal)
  if math.type(seq) ~= "integer" or seq < 1 or seq > ctx then
    error(string.format("burden.models.%s: seq must be an integer in 1..%d (the context; got %s)",
      name:match("^[^_]+"), ctx, tostring(seq)), 3)
  end
  local d = cfg.d
  return F.sequential{ name = name, input = { seq }, tokens = seq,
    F.embedding{ name = "wte", num = vocab, dim = d },
    F.embedding{ name = "wpe", num = ctx, dim = d, add = true },
    F.rep(cfg.layers, transformer_layer(d, cfg.heads, 4 * d, { causal = causal or "full" }),
      { name = "h" }),
    F.layernorm{ name = "ln_f" },
    F.linear{ name = "lm_head", out_features = vocab, bias = false, tied = true } }
end

--- gpt2{ size = "small" | "medium" | "large" | "xl", seq = 1024, causal = "full" | "half" }
-- (Radford et al. 2019; Hugging Face GPT2LMHeadModel): small has 124.4 M parameters.
function models.gpt2(opts)
  opts = options("gpt2", opts, { "size", "seq", "causal" })
  local size = opts.size or "small"
  local cfg = gpt2_sizes[size]
  if not cfg then
    error("burden.models.gpt2: size must be small, medium, large or xl (got " .. tostring(size)
      .. ")", 2)
  end
  return gpt("gpt2_" .. size, cfg, opts.seq or 1024, 50257, 1024, opts.causal)
end

--- gpt3{ seq = 2048, causal = "full" | "half" }: GPT-3 175B (Brown et al. 2020,
-- Table 2.1: 96 layers, d_model 12288, 96 heads of 128, context 2048), about
-- 174.6 billion parameters. The paper's dense and locally banded sparse
-- attention layers alternate; both are counted dense here (an upper bound on
-- the attention term, which is about 1% of the total at 2048 tokens).
-- count().per_token gives the forward FLOPs per token; net:training{ examples
-- = 300e9 } the training compute for 300 billion tokens.
function models.gpt3(opts)
  opts = options("gpt3", opts, { "seq", "causal" })
  return gpt("gpt3", { layers = 96, d = 12288, heads = 96 }, opts.seq or 2048, 50257, 2048,
    opts.causal)
end

--- The names of the reference architectures, sorted.
function models.list()
  local names = {}
  for k, v in pairs(models) do
    if type(v) == "function" and k ~= "list" then names[#names + 1] = k end
  end
  table.sort(names)
  return names
end

return models
