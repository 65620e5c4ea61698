-- burden.flops: layers, structure, reports, training compute, bad input.
local burden = require "burden"
local F = burden.flops

describe("layers called with an input", function()
  it("conv2d counts AlexNet's first layer (torchvision: 23,296 parameters)", function()
    local c = F.conv2d{ in_ch = 3, out_ch = 64, kernel = 11, stride = 4, padding = 2,
      input = { 224, 224 } }
    eq(c.output, { 64, 55, 55 })
    eq(c.macs, 55 * 55 * 64 * 3 * 11 * 11)
    eq(c.flops, 2 * c.macs)
    eq(c.params, 23296)
    -- the full {C, H, W} form gives the same
    local d = F.conv2d{ out_ch = 64, kernel = { 11, 11 }, stride = 4, padding = 2,
      input = { 3, 224, 224 } }
    eq(d.macs, c.macs)
  end)

  it("linear without input counts one vector", function()
    local l = F.linear{ in_features = 4096, out_features = 1000 }
    eq(l.macs, 4096000)
    eq(l.params, 4097000)
    eq(F.linear{ in_features = 4096, out_features = 1000, bias = false }.params, 4096000)
    eq(F.linear{ out_features = 10, input = { 197, 768 } }.macs, 197 * 768 * 10)
  end)

  it("padding 'same' keeps the size; depthwise convolutions use groups", function()
    local c = F.conv2d{ in_ch = 32, out_ch = 32, kernel = 5, padding = "same", groups = 32,
      input = { 32, 56, 56 } }
    eq(c.output, { 32, 56, 56 })
    eq(c.macs, 56 * 56 * 32 * 25)
  end)

  it("attention: options change the count as documented", function()
    local full = F.attention{ seq = 1024, dim = 768, heads = 12 }
    local half = F.attention{ seq = 1024, dim = 768, heads = 12, causal = "half" }
    local bare = F.attention{ seq = 1024, dim = 768, heads = 12, qkv_proj = false,
      out_proj = false }
    eq(full.macs - bare.macs, 4 * 1024 * 768 * 768)
    eq(bare.macs, 2 * 12 * 1024 * 1024 * 64)
    eq(half.macs, full.macs - 2 * 12 * 64 * (1024 * 1024 - 1024 * 1025 // 2))
    eq(F.attention{ seq = 1024, dim = 768, heads = 12, causal = true }.macs, full.macs)
    local mqa = F.attention{ seq = 1, dim = 4096, heads = 32, kv_heads = 1, bias = false }
    eq(mqa.params, 2 * 4096 * 4096 + 2 * 4096 * 128)
  end)

  it("recurrent and mixture-of-experts layers", function()
    eq(F.lstm{ seq = 35, input_size = 650, hidden = 650, layers = 2 }.params,
      2 * (4 * 650 * 1300 + 8 * 650)) -- Zaremba et al.'s medium LSTM
    eq(F.gru{ seq = 5, input_size = 10, hidden = 20 }.params, 1920)
    local moe = F.moe{ dim = 4096, hidden = 14336, experts = 8, active = 2, gated = true }
    eq(moe.params, 4096 * 8 + 8 * 3 * 4096 * 14336)
  end)

  it("activation costs are the documented convention", function()
    local costs = F.activation_costs()
    eq(costs.relu, 1)
    eq(costs.gelu, 5)
    eq(costs.softmax, 5)
    eq(costs.sigmoid, 4)
    eq(F.gelu{ input = { 10, 768 } }.flops, 5 * 10 * 768)
  end)
end)

describe("sequential", function()
  local function tiny()
    return F.sequential{ name = "tiny", input = { 3, 32, 32 },
      F.conv2d{ name = "stem", out_ch = 16, kernel = 3, padding = 1 }, F.batchnorm(), F.relu(),
      F.residual{ name = "res", F.conv2d{ out_ch = 16, kernel = 3, padding = 1 }, F.relu() },
      F.rep(2, F.block{ F.conv2d{ out_ch = 16, kernel = 3, padding = 1 }, F.relu() },
        { name = "stack" }),
      F.global_avgpool(), F.flatten(), F.linear{ name = "fc", out_features = 10 } }
  end

  it("propagates shapes and sums the leaf rows", function()
    local r = tiny():count()
    eq(r.output, { 10 })
    local conv = 32 * 32 * 16 * 3 * 9
    local conv16 = 32 * 32 * 16 * 16 * 9
    eq(r.macs, conv + 3 * conv16 + 160)
    local sum = { macs = 0, flops = 0, params = 0 }
    for _, row in ipairs(r.rows) do
      if row.leaf then
        for k in pairs(sum) do sum[k] = sum[k] + row[k] end
      end
    end
    eq(sum, { macs = r.macs, flops = r.flops, params = r.params })
    eq(r.params, 448 + 32 + 3 * 2320 + 170)
  end)

  it("names rows by path and adds the residual's add", function()
    local r = tiny():count()
    local names = {}
    for _, row in ipairs(r.rows) do names[#names + 1] = row.name end
    eq(names, { "stem", "2", "3", "res", "res.1", "res.2", "res.add", "stack", "stack.1",
      "stack.1.1", "stack.1.2", "stack.2", "stack.2.1", "stack.2.2", "6", "7", "fc" })
    eq(r.rows[7].flops, 16 * 32 * 32)
  end)

  it("repeat with shared parameters counts the weights once", function()
    local layer = F.linear{ out_features = 64 }
    local shared = F.sequential{ input = { 64 }, F.rep(4, layer, { share_params = true }) }
    local separate = F.sequential{ input = { 64 }, F["repeat"](4, layer) }
    eq(shared:count().params, 64 * 64 + 64)
    eq(separate:count().params, 4 * (64 * 64 + 64))
    eq(shared:count().macs, separate:count().macs)
  end)

  it("concat joins channels; gate multiplies by a broadcast gate", function()
    local net = F.sequential{ input = { 8, 10, 10 },
      F.concat{ F.conv2d{ out_ch = 4, kernel = 1 }, F.conv2d{ out_ch = 6, kernel = 3, padding = 1 } },
      F.gate{ F.global_avgpool(), F.conv2d{ out_ch = 10, kernel = 1 }, F.sigmoid() } }
    local r = net:count()
    eq(r.output, { 10, 10, 10 })
    eq(r.macs, 100 * 4 * 8 + 100 * 6 * 8 * 9 + 10 * 10)
  end)

  it("prints like ptflops and writes CSV and Markdown", function()
    local r = tiny():count()
    local text = r:text()
    assert(text:find("tiny: input {3, 32, 32}, output {10}", 1, true), text)
    assert(text:find("\n  res.1 +conv2d +{16, 32, 32} +2.32 k +2.36 M +4.72 M +31.10%%"), text)
    eq(tostring(r), text)
    local csv = r:csv()
    assert(csv:find("^name,layer,depth,leaf,input,output,params,macs,flops,share\r\n"), csv)
    assert(csv:find("\nres.1,conv2d,2,true,16x32x32,16x32x32,2320,2359296,4718592,0.311009\r\n",
      1, true), csv)
    assert(r:markdown():find("| res | residual | {16, 32, 32} | 2.32 k | 2.36 M | 4.75 M | 31.32% |",
      1, true))
    local path = os.tmpname()
    os.remove(path)
    assert(r:write(path .. ".csv"))
    local f = assert(io.open(path .. ".csv", "rb"))
    eq(f:read("a"), csv)
    f:close()
    os.remove(path .. ".csv")
    local ok, err = r:write("/nonexistent-dir/x.md")
    eq(ok, nil)
    assert(err:find("nonexistent", 1, true), err)
    assert_error("unknown extension", r.write, r, "out.pdf")
  end)

  it("renders through burden.report: one CSV writer, text aligned by characters", function()
    local report = require("burden").report
    local net = F.sequential{ name = "tiny", input = { 3, 8, 8 },
      F.block{ name = "\u{3c3}-gate, \"x\"", F.conv2d{ out_ch = 4, kernel = 3 }, F.relu() },
      F.flatten() }
    local r = net:count()
    -- RFC 4180 (section 2): CRLF line ends; a field with a comma or a quote is quoted and
    -- its quotes doubled; the same bytes as a burden.report table of the same cells
    local csv = r:csv()
    eq(select(2, csv:gsub("\r\n", "")), 6)
    eq(select(2, csv:gsub("\n", "")), 6)
    assert(csv:find('\r\n"\u{3c3}-gate, ""x""",block,1,false,3x8x8,4x6x6,112,3888,7920,1.000000\r\n',
      1, true), csv)
    eq(report.table{ columns = { "a", "b" }, rows = { { a = "x,y", b = 1 } } }:render("csv"),
      'a,b\r\n"x,y",1\r\n')
    -- every line of the text table is as wide in characters (the names' sigma is one
    -- character in two bytes: a byte count would make its rows one column short)
    local lines = {}
    for line in r:text():gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
    eq(#lines, 9)
    for i = 4, #lines do eq(utf8.len(lines[i]), utf8.len(lines[3])) end
    -- Markdown: burden.report's table, under the net's summary line
    local md = r:markdown()
    assert(md:find("^tiny: input {3, 8, 8}, 112 params, 3.89 k MACs, 7.92 k FLOPs\n\n" ..
      "| name | layer | output | params | MACs | FLOPs | share |\n" ..
      "| :%-%-%- | :%-%-%- | :%-%-%- | %-%-%-: | %-%-%-: | %-%-%-: | %-%-%-: |\n"), md)
    local total = "\n| **total** |  | {144} | 112 | 3.89 k | 7.92 k | 100.00% |\n"
    eq(md:sub(-#total), total)
  end)

  it("count{ input = } overrides the input", function()
    local r = tiny():count{ input = { 3, 64, 64 } }
    eq(r.rows[1].output, { 16, 64, 64 })
  end)
end)

describe("training compute", function()
  it("ResNet-152: 11.3e9 MACs x 2 x 3 x 1.2e6 x 128 = 1.041408e19", function()
    local t = F.training{ forward = 11.3e9 * 2, examples = 1.2e6, epochs = 128 }
    near(t.flop, 1.041408e19, 1e-12)
    eq(t.unit, "FLOP")
    assert(t.method:find("(1 + 2) x forward", 1, true))
    near(F.training{ macs = 11.3e9, examples = 1.2e6, epochs = 128 }.flop, 1.041408e19, 1e-12)
    near(F.training{ forward = 1, examples = 1, backward_ratio = 0 }.flop, 1)
  end)

  it("GPT-3: 6 x 175e9 x 300e9 = 3.15e23", function()
    local t = F.dense_transformer{ params = 175e9, tokens = 300e9 }
    near(t.flop, 3.15e23, 1e-12)
    eq(t.method, "6 N D")
    local a = F.dense_transformer{ params = 175e9, tokens = 300e9,
      attention = { layers = 96, ctx = 2048, d_attn = 12288 } }
    near(a.attention_flop, 6 * 96 * 2048 * 12288 * 300e9, 1e-12)
    near(a.flop, 3.15e23 + a.attention_flop, 1e-12)
  end)

  it("hardware burden with an explicit peak", function()
    -- Transformer (2017): 8 P100 x 9.3 TFLOP/s x 3.5 days x 0.33
    near(F.hardware{ peak = 9.3e12, count = 8, days = 3.5, utilization = 0.33 }.flop,
      7.4245248e18, 1e-12)
    -- NASNet-A: 500 P100 x 9,526 GFLOP/s x 4 days
    local r = F.hardware{ peak = 9.526e12, count = 500, days = 4 }
    near(r.flop, 1.65e21, 0.005)
    eq(r.utilization, 1)
    -- GPT-3: 10,000 V100 x 125 TFLOP/s x 355.2 h x 0.1968
    near(F.hardware{ peak = 125e12, count = 10000, hours = 355.2, utilization = 0.1968 }.flop,
      3.146e23, 1e-3)
    near(F.hardware{ peak = 1e12, count = 1, seconds = 10 }.flop, 1e13)
  end)
end)

describe("bad input names the layer and the argument", function()
  it("sizes", function()
    assert_error("burden.flops.conv2d: kernel 7 is larger than the padded input 5 in dimension 1",
      F.conv2d, { in_ch = 3, out_ch = 8, kernel = 7, input = { 3, 5, 5 } })
    assert_error("burden.flops.conv2d: out_ch must be a positive integer (got -8)",
      F.conv2d, { in_ch = 3, out_ch = -8, kernel = 3, input = { 3, 5, 5 } })
    assert_error("burden.flops.conv2d: kernel must be an integer (got 2.5)",
      F.conv2d, { in_ch = 3, out_ch = 8, kernel = 2.5, input = { 3, 5, 5 } })
    assert_error("burden.flops.conv2d: input dimension 2 must be a positive integer (got 0)",
      F.conv2d, { in_ch = 3, out_ch = 8, kernel = 1, input = { 3, 0, 5 } })
    assert_error("burden.flops.linear: in_features must be a positive integer (got 0)",
      F.linear, { in_features = 0, out_features = 8 })
    assert_error("burden.flops.attention: heads 12 must divide dim 1000 (or give head_dim)",
      F.attention, { seq = 10, dim = 1000, heads = 12 })
    assert_error("burden.flops.conv2d: unknown option 'kernal' (did you mean 'kernel'?)",
      F.conv2d, { out_ch = 8, kernal = 3 })
    assert_error("burden.flops.attention: causal must be false, true, \"full\" or \"half\" (got yes)",
      F.attention, { seq = 10, dim = 64, heads = 2, causal = "yes" })
  end)

  it("inside a net the message names the net and the layer path", function()
    local net = F.sequential{ name = "bad", input = { 3, 8, 8 },
      F.block{ name = "features", F.conv2d{ out_ch = 4, kernel = 3 },
        F.conv2d{ name = "big", out_ch = 4, kernel = 9 } } }
    assert_error("burden.flops: bad, layer features.big: conv2d: kernel 9 is larger than the "
      .. "padded input 6 in dimension 1", net.count, net)
    local res = F.sequential{ input = { 3, 8, 8 },
      F.residual{ name = "r", F.conv2d{ out_ch = 4, kernel = 1 } } }
    assert_error("net, layer r: residual: the branch outputs {4, 8, 8} but the shortcut {3, 8, 8}",
      res.count, res)
    local cat = F.sequential{ input = { 3, 8, 8 }, F.concat{ name = "c",
      F.conv2d{ out_ch = 4, kernel = 1 }, F.conv2d{ out_ch = 4, kernel = 3 } } }
    assert_error("net, layer c: concat: branch 2 outputs {4, 6, 6}, which does not match "
      .. "{4, 8, 8} outside dimension 1", cat.count, cat)
    local fixed = F.conv2d{ out_ch = 4, kernel = 1, input = { 3, 8, 8 } }
    local wrong = F.sequential{ input = { 3, 16, 16 }, F.relu(), fixed }
    assert_error("net, layer 2: conv2d: input {3, 8, 8} given, but the layer before outputs "
      .. "{3, 16, 16}", wrong.count, wrong)
  end)

  it("structure and training arguments", function()
    assert_error("item 2 is a function; call it", F.sequential, { input = { 3 }, F.relu(), F.relu })
    assert_error("burden.flops.sequential: item 1 is not a layer (got number)", F.sequential, { 3 })
    assert_error("burden.flops.repeat: count must be a positive integer (got 2.5)", F.rep, 2.5,
      F.relu())
    assert_error("burden.flops.count: the net has no input shape", function()
      return F.sequential{ F.relu() }:count()
    end)
    assert_error("burden.flops.training: examples is required", F.training, { forward = 1 })
    assert_error("burden.flops.training: epochs must be a positive finite number (got 0)",
      F.training, { forward = 1, examples = 1, epochs = 0 })
    assert_error("burden.flops.hardware: count must be a positive integer (got 2.5)",
      F.hardware, { peak = 1e12, count = 2.5, hours = 1 })
    assert_error("burden.flops.hardware: give exactly one of seconds, hours, days (got hours and days)",
      F.hardware, { peak = 1e12, count = 2, hours = 1, days = 1 })
    assert_error("burden.flops.hardware: utilization must be in (0, 1] (got 0)",
      F.hardware, { peak = 1e12, count = 2, hours = 1, utilization = 0 })
  end)

  it("overflow is an error, not a wrapped number", function()
    assert_error("count overflows a 64-bit integer", F.linear,
      { out_features = 1000000, input = { 1000000, 1000000, 1000000 } })
    local big = F.sequential{ input = { 3037000499 },
      F.rep(3, F.embedding{ num = 3037000499, dim = 3037000499 // 2 }) }
    assert_error("count overflows a 64-bit integer", big.count, big)
  end)
end)
