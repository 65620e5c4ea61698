/* Unit tests for engine/core/flops: layer formulas against hand-derived and
 * published counts (PyTorch parameter counts, He et al. and the paper's oracles). */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "flops.h"

static bn_flops_shape shape(int n, int64_t a, int64_t b, int64_t c, int64_t d)
{
    bn_flops_shape s = {n, {a, b, c, d}};
    return s;
}

static bn_flops_conv_spec conv2d(int64_t in, int64_t out, int64_t k, int64_t stride,
                                 int64_t pad)
{
    bn_flops_conv_spec s;
    memset(&s, 0, sizeof s);
    s.nd = 2;
    s.in_ch = in;
    s.out_ch = out;
    s.groups = 1;
    s.bias = 1;
    for (int i = 0; i < 3; i++) {
        s.kernel[i] = k;
        s.stride[i] = stride;
        s.padding[i] = pad;
        s.dilation[i] = 1;
    }
    return s;
}

TEST(linear_counts_rows_and_bias)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_shape in = shape(2, 197, 768, 0, 0);
    CHECK(bn_flops_linear("linear", 768, 3072, 1, 0, &in, &c, &err) == BN_OK);
    CHECK(c.macs == 197LL * 768 * 3072);
    CHECK(c.flops == 2 * c.macs);
    CHECK(c.params == 768LL * 3072 + 3072);
    CHECK(c.out.n == 2 && c.out.d[0] == 197 && c.out.d[1] == 3072);
    /* tied weights (a language-model head sharing the embedding): no weight params */
    in = shape(1, 768, 0, 0, 0);
    CHECK(bn_flops_linear("linear", 0, 50257, 0, 1, &in, &c, &err) == BN_OK);
    CHECK(c.params == 0 && c.macs == 768LL * 50257);
    /* a width that disagrees with the input names the argument */
    CHECK(bn_flops_linear("fc", 512, 10, 1, 0, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "fc: in_features 512 does not match the input's last dimension 768");
    CHECK(bn_flops_linear("fc", 768, 0, 1, 0, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "fc: out_features must be a positive integer (got 0)");
}

TEST(conv2d_alexnet_first_layer)
{
    /* torchvision AlexNet conv1: 3 -> 64, 11x11, stride 4, padding 2 on 224x224 -> 55x55 */
    bn_flops_conv_spec s = conv2d(3, 64, 11, 4, 2);
    bn_flops_shape in = shape(3, 3, 224, 224, 0);
    bn_flops_count c;
    bn_error err;
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.n == 3 && c.out.d[0] == 64 && c.out.d[1] == 55 && c.out.d[2] == 55);
    CHECK(c.macs == 55LL * 55 * 64 * 3 * 121);
    CHECK(c.params == 64LL * 3 * 121 + 64); /* PyTorch: 23,296 */
    CHECK(c.params == 23296);
}

TEST(conv2d_depthwise_grouped_dilated_same)
{
    bn_flops_count c;
    bn_error err;
    /* MobileNetV2 depthwise 3x3 on 32 x 112 x 112: groups = channels */
    bn_flops_conv_spec s = conv2d(32, 32, 3, 1, 1);
    s.groups = 32;
    s.bias = 0;
    bn_flops_shape in = shape(3, 32, 112, 112, 0);
    CHECK(bn_flops_conv("dw", &s, &in, &c, &err) == BN_OK);
    CHECK(c.macs == 112LL * 112 * 32 * 9 && c.params == 288);
    /* grouped: 64 -> 128 in 4 groups, each output sees 16 inputs */
    s = conv2d(64, 128, 3, 1, 1);
    s.groups = 4;
    in = shape(3, 64, 8, 8, 0);
    CHECK(bn_flops_conv("g", &s, &in, &c, &err) == BN_OK);
    CHECK(c.macs == 64LL * 128 * 16 * 9 && c.params == 128 * 16 * 9 + 128);
    /* dilation 2 widens a 3x3 kernel to 5x5: 10 + 0 - 5 + 1 = 6 */
    s = conv2d(1, 1, 3, 1, 0);
    s.dilation[0] = s.dilation[1] = 2;
    in = shape(3, 1, 10, 10, 0);
    CHECK(bn_flops_conv("d", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 6 && c.macs == 36 * 9);
    /* "same" with stride 2 keeps ceil(S / s): 225 -> 113 */
    s = conv2d(3, 8, 3, 2, 0);
    s.same = 1;
    in = shape(3, 3, 225, 224, 0);
    CHECK(bn_flops_conv("s", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 113 && c.out.d[2] == 112);
    /* groups must divide both channel counts */
    s = conv2d(64, 100, 3, 1, 1);
    s.groups = 8;
    in = shape(3, 64, 8, 8, 0);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: groups 8 must divide out_ch 100");
}

TEST(conv1d_conv3d_and_transposed)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_conv_spec s = conv2d(16, 32, 5, 1, 2);
    s.nd = 1;
    bn_flops_shape in = shape(2, 16, 100, 0, 0);
    CHECK(bn_flops_conv("conv1d", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 100 && c.macs == 100LL * 32 * 16 * 5);
    s = conv2d(3, 64, 3, 1, 1);
    s.nd = 3;
    in = shape(4, 3, 16, 112, 112);
    CHECK(bn_flops_conv("conv3d", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.n == 4 && c.macs == 16LL * 112 * 112 * 64 * 3 * 27);
    CHECK(c.params == 64 * 3 * 27 + 64);
    /* ConvTranspose2d(16, 8, 4, stride 2, padding 1): 8x8 -> (8-1)*2 - 2 + 4 = 16x16 */
    s = conv2d(16, 8, 4, 2, 1);
    s.transposed = 1;
    in = shape(3, 16, 8, 8, 0);
    CHECK(bn_flops_conv("conv_transpose2d", &s, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[0] == 8 && c.out.d[1] == 16 && c.out.d[2] == 16);
    CHECK(c.macs == 64LL * 16 * 8 * 16);
    CHECK(c.params == 16 * 8 * 16 + 8);
}

TEST(conv_rejects_bad_sizes)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_conv_spec s = conv2d(3, 8, 7, 1, 0);
    bn_flops_shape in = shape(3, 3, 5, 5, 0);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: kernel 7 is larger than the padded input 5 in dimension 1");
    s.padding[0] = s.padding[1] = 1;
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_OK); /* 5 + 2 = 7 fits */
    s = conv2d(3, 8, 0, 1, 0);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: kernel must be a positive integer (got 0)");
    s = conv2d(3, 8, 3, 1, -1);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: padding must be zero or positive (got -1)");
    s = conv2d(4, 8, 3, 1, 1);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: in_ch 4 does not match the input's channels 3");
    in = shape(3, 3, 0, 5, 0);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: input dimension 2 must be a positive integer (got 0)");
    in = shape(2, 3, 5, 0, 0);
    CHECK(bn_flops_conv("conv2d", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "conv2d: input must have 3 dimensions {C, H, W}, got 2");
}

TEST(pools)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_pool_spec p;
    memset(&p, 0, sizeof p);
    p.nd = 2;
    p.kind = BN_FLOPS_POOL_MAX;
    for (int i = 0; i < 2; i++) {
        p.kernel[i] = 3;
        p.stride[i] = 2;
        p.dilation[i] = 1;
    }
    bn_flops_shape in = shape(3, 64, 55, 55, 0);
    CHECK(bn_flops_pool("maxpool2d", &p, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 27 && c.flops == 64LL * 27 * 27 * 8 && c.macs == 0 && c.params == 0);
    /* GoogLeNet's ceil_mode pooling: 112 -> 56 (floor would give 55) */
    p.ceil_mode = 1;
    in = shape(3, 64, 112, 112, 0);
    CHECK(bn_flops_pool("maxpool2d", &p, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 56);
    p.ceil_mode = 0;
    CHECK(bn_flops_pool("maxpool2d", &p, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[1] == 55);
    p.kind = BN_FLOPS_POOL_AVG;
    CHECK(bn_flops_pool("avgpool2d", &p, &in, &c, &err) == BN_OK);
    CHECK(c.flops == 64LL * 55 * 55 * 9);
    p.padding[0] = 2;
    CHECK(bn_flops_pool("avgpool2d", &p, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "avgpool2d: padding 2 must be at most half the kernel 3");

    /* adaptive 13 -> 6: six windows of 3 per dimension (PyTorch's start/end rule) */
    int64_t six[2] = {6, 6}, one[2] = {1, 1};
    in = shape(3, 256, 13, 13, 0);
    CHECK(bn_flops_adaptive_pool("adaptive_avgpool2d", BN_FLOPS_POOL_AVG, 2, six, &in, &c,
                                 &err) == BN_OK);
    CHECK(c.out.d[1] == 6 && c.flops == 256LL * 18 * 18);
    CHECK(bn_flops_adaptive_pool("adaptive_maxpool2d", BN_FLOPS_POOL_MAX, 2, six, &in, &c,
                                 &err) == BN_OK);
    CHECK(c.flops == 256LL * 18 * 18 - 256 * 36);
    /* VGG's adaptive pool to 7x7 on a 1x1 map (32x32 input): 49 one-element windows */
    int64_t seven[2] = {7, 7};
    in = shape(3, 512, 1, 1, 0);
    CHECK(bn_flops_adaptive_pool("adaptive_avgpool2d", BN_FLOPS_POOL_AVG, 2, seven, &in, &c,
                                 &err) == BN_OK);
    CHECK(c.out.d[1] == 7 && c.flops == 512LL * 49);
    /* global average pooling: every element added once, one divide per channel */
    in = shape(3, 2048, 7, 7, 0);
    CHECK(bn_flops_adaptive_pool("global_avgpool", BN_FLOPS_POOL_AVG, 2, one, &in, &c, &err) ==
          BN_OK);
    CHECK(c.flops == 2048LL * 49 && c.out.d[1] == 1 && c.out.d[2] == 1);
}

TEST(norms_activations_elementwise)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_shape in = shape(3, 64, 112, 112, 0);
    CHECK(bn_flops_norm("bn", BN_FLOPS_BATCHNORM, 1, &in, &c, &err) == BN_OK);
    CHECK(c.params == 128 && c.flops == 2LL * 64 * 112 * 112 && c.macs == 0);
    in = shape(2, 197, 768, 0, 0);
    CHECK(bn_flops_norm("ln", BN_FLOPS_LAYERNORM, 1, &in, &c, &err) == BN_OK);
    CHECK(c.params == 1536 && c.flops == 7LL * 197 * 768);
    CHECK(bn_flops_norm("rms", BN_FLOPS_RMSNORM, 1, &in, &c, &err) == BN_OK);
    CHECK(c.params == 768 && c.flops == 4LL * 197 * 768);
    CHECK(bn_flops_activation_cost(BN_FLOPS_RELU) == 1);
    CHECK(bn_flops_activation_cost(BN_FLOPS_GELU) == 5);
    CHECK(bn_flops_activation_cost(BN_FLOPS_SOFTMAX) == 5);
    CHECK(bn_flops_activation_find("silu") == BN_FLOPS_SILU);
    CHECK(bn_flops_activation_find("swish") == -1);
    CHECK(bn_flops_activation("gelu", BN_FLOPS_GELU, &in, &c, &err) == BN_OK);
    CHECK(c.flops == 5LL * 197 * 768 && c.macs == 0 && c.params == 0);
    CHECK(bn_flops_elementwise("add", 1, &in, &c, &err) == BN_OK);
    CHECK(c.flops == 197LL * 768);
}

TEST(embeddings_and_tokens)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_shape in = shape(1, 128, 0, 0, 0);
    CHECK(bn_flops_embedding("wte", 30522, 768, 0, &in, &c, &err) == BN_OK);
    CHECK(c.params == 30522LL * 768 && c.flops == 0);
    CHECK(c.out.n == 2 && c.out.d[0] == 128 && c.out.d[1] == 768);
    in = c.out;
    CHECK(bn_flops_embedding("wpe", 512, 768, 1, &in, &c, &err) == BN_OK);
    CHECK(c.params == 512LL * 768 && c.flops == 128LL * 768 && c.out.d[1] == 768);
    in = shape(2, 196, 768, 0, 0);
    CHECK(bn_flops_class_token("cls", 1, &in, &c, &err) == BN_OK);
    CHECK(c.out.d[0] == 197 && c.params == 768);
}

TEST(attention_variants)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_attention_spec s;
    memset(&s, 0, sizeof s);
    s.heads = 12;
    s.qkv_proj = s.out_proj = s.bias = 1;
    /* ViT-B/16 block: L = 197, D = 768 */
    bn_flops_shape in = shape(2, 197, 768, 0, 0);
    CHECK(bn_flops_attention("attn", &s, &in, &c, &err) == BN_OK);
    int64_t proj = 4LL * 197 * 768 * 768, scores = 2LL * 12 * 197 * 197 * 64;
    CHECK(c.macs == proj + scores);
    CHECK(c.flops == 2 * c.macs + 12LL * 197 * 197 * 6);
    CHECK(c.params == 4LL * 768 * 768 + 4 * 768); /* timm: qkv 1,771,776 + proj 590,592 */
    CHECK(c.params == 1771776 + 590592);
    /* causal "half": L (L + 1) / 2 scores per head */
    s.causal_half = 1;
    in = shape(2, 4, 8, 0, 0);
    s.heads = 2;
    s.qkv_proj = s.out_proj = 0;
    CHECK(bn_flops_attention("attn", &s, &in, &c, &err) == BN_OK);
    CHECK(c.macs == 2LL * 2 * 10 * 4 && c.params == 0);
    /* grouped-query (Llama-2 70B shapes): 64 query heads, 8 key/value heads of 128 */
    memset(&s, 0, sizeof s);
    s.heads = 64;
    s.kv_heads = 8;
    s.qkv_proj = s.out_proj = 1;
    in = shape(2, 1, 8192, 0, 0);
    CHECK(bn_flops_attention("attn", &s, &in, &c, &err) == BN_OK);
    CHECK(c.params == 2LL * 8192 * 8192 + 2LL * 8192 * 1024);
    /* multi-query: one key/value head */
    s.kv_heads = 1;
    CHECK(bn_flops_attention("attn", &s, &in, &c, &err) == BN_OK);
    CHECK(c.params == 2LL * 8192 * 8192 + 2LL * 8192 * 128);
    /* errors name the argument */
    s.kv_heads = 3;
    CHECK(bn_flops_attention("attention", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "attention: kv_heads 3 must divide heads 64");
    s.kv_heads = 0;
    s.heads = 12;
    in = shape(2, 10, 1000, 0, 0);
    CHECK(bn_flops_attention("attention", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "attention: heads 12 must divide dim 1000 (or give head_dim)");
    s.head_dim = 64;
    CHECK(bn_flops_attention("attention", &s, &in, &c, &err) == BN_OK);
}

TEST(recurrent_parameters_match_pytorch)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_rnn_spec s = {0, 10, 20, 1, 0, 1};
    bn_flops_shape in = shape(2, 5, 10, 0, 0);
    CHECK(bn_flops_rnn("lstm", &s, &in, &c, &err) == BN_OK);
    CHECK(c.params == 2560); /* nn.LSTM(10, 20) */
    CHECK(c.macs == 5LL * 4 * 20 * 30);
    CHECK(c.flops == 5LL * (2 * 4 * 20 * 30 + 22 * 20));
    s.gru = 1;
    CHECK(bn_flops_rnn("gru", &s, &in, &c, &err) == BN_OK);
    CHECK(c.params == 1920); /* nn.GRU(10, 20) */
    s.gru = 0;
    s.layers = 2;
    s.bidirectional = 1;
    CHECK(bn_flops_rnn("lstm", &s, &in, &c, &err) == BN_OK);
    CHECK(c.params == 15040); /* nn.LSTM(10, 20, 2, bidirectional=True) */
    CHECK(c.out.d[1] == 40);
}

TEST(moe_counts_active_experts_only)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_moe_spec s = {0, 14336, 8, 2, 1, 0, BN_FLOPS_SILU};
    bn_flops_shape in = shape(2, 1, 4096, 0, 0);
    CHECK(bn_flops_moe("moe", &s, &in, &c, &err) == BN_OK);
    /* Mixtral-8x7B layer: router 4096 x 8, eight SwiGLU experts of 3 x 4096 x 14336 */
    CHECK(c.params == 4096LL * 8 + 8 * 3LL * 4096 * 14336);
    CHECK(c.macs == 4096LL * 8 + 2 * 3LL * 4096 * 14336);
    s.active = 9;
    CHECK(bn_flops_moe("moe", &s, &in, &c, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "moe: active 9 exceeds experts 8");
}

TEST(overflow_is_an_error)
{
    bn_flops_count c;
    bn_error err;
    bn_flops_shape in = shape(3, 1000000, 1000000, 1000000, 0);
    CHECK(bn_flops_linear("linear", 0, 1000000, 1, 0, &in, &c, &err) == BN_ERANGE);
    CHECK(strstr(err.msg, "linear: count overflows a 64-bit integer") == err.msg);
    int64_t n;
    in = shape(4, 3037000500, 3037000500, 1, 1);
    CHECK(bn_flops_numel("numel", &in, &n, &err) == BN_ERANGE);
    in = shape(2, 3037000499, 3037000499, 0, 0);
    CHECK(bn_flops_numel("numel", &in, &n, &err) == BN_OK && n == 3037000499LL * 3037000499LL);
}

TEST(training_oracles)
{
    double flop, attention;
    bn_error err;
    /* Thompson et al.: ResNet-152, 11.3e9 MACs x 2 x 3 x 1.2e6 images x 128 epochs */
    CHECK(bn_flops_training(11.3e9 * 2, 1.2e6, 128, 2, &flop, &err) == BN_OK);
    CHECK_NEAR(flop, 1.041408e19, 1e-12);
    /* GPT-3: 6 x 175e9 x 300e9 */
    CHECK(bn_flops_dense_transformer(175e9, 300e9, 0, 0, 0, &flop, &attention, &err) == BN_OK);
    CHECK_NEAR(flop, 3.15e23, 1e-12);
    CHECK(attention == 0);
    CHECK(bn_flops_dense_transformer(175e9, 300e9, 96, 2048, 12288, &flop, &attention, &err) ==
          BN_OK);
    CHECK_NEAR(attention, 6.0 * 96 * 2048 * 12288 * 300e9, 1e-12);
    /* GPT-3 hardware: 10,000 V100 x 125 TFLOP/s x 355.2 h x 0.1968 */
    CHECK(bn_flops_hardware(10000, 355.2, 3600, 125e12, 0.1968, &flop, &err) == BN_OK);
    CHECK_NEAR(flop, 3.1457e23, 1e-4);
    /* Transformer (2017): 8 P100 x 9.3e12 x 3.5 days x 0.33 */
    CHECK(bn_flops_hardware(8, 3.5, 86400, 9.3e12, 0.33, &flop, &err) == BN_OK);
    CHECK_NEAR(flop, 7.4245248e18, 1e-12);
    CHECK(bn_flops_hardware(8, 1, 3600, 9.3e12, 1.5, &flop, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "hardware: utilization must be in (0, 1] (got 1.5)");
    /* AlexNet as the paper counts it: 2 GTX 580 x 1.581 TFLOP/s x 6 days (144 h) */
    CHECK(bn_flops_hardware(2, 144, 3600, 1.581e12, 1, &flop, &err) == BN_OK);
    CHECK(flop == 2.0 * 144 * 1.581e12 * 3600);
    /* chip-hours as count 1: the same double as chips x hours */
    double f2;
    CHECK(bn_flops_hardware(1, 2.0 * 144, 3600, 1.581e12, 1, &f2, &err) == BN_OK);
    CHECK(f2 == flop);
    {
        /* rows: a missing input gives NaN (no burden); a bad row stops with its index */
        double count[3] = {2, NAN, 8}, time[3] = {144, 10, 3600}, peak[3] = {1.581e12,
            1e12, 9.3e12}, out[3];
        size_t bad = 99;
        CHECK(bn_flops_hardware_n(3, count, time, 3600, peak, 1, out, &bad, &err) == BN_OK);
        CHECK(out[0] == flop && isnan(out[1]) && out[2] == 8.0 * 3600 * 9.3e12 * 3600);
        count[2] = -1;
        CHECK(bn_flops_hardware_n(3, count, time, 3600, peak, 1, out, &bad, &err) ==
              BN_EINVAL);
        CHECK(bad == 2);
        CHECK_STR(err.msg, "hardware: count must be a positive finite number (got -1)");
    }
    CHECK(bn_flops_training(-1, 1, 1, 2, &flop, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "training: forward must be a positive finite number (got -1)");
}

/* The window-by-window sum the closed form replaced: sum over outputs j of
 * ceil((j+1) S / O) - floor(j S / O) (PyTorch's adaptive windows). */
static int64_t adaptive_windows_loop(int64_t S, int64_t O)
{
    int64_t w = 0;
    for (int64_t j = 0; j < O; j++)
        w += ((j + 1) * S + O - 1) / O - j * S / O;
    return w;
}

TEST(adaptive_pool_closed_form_equals_the_window_sum)
{
    bn_flops_count c;
    bn_error err;
    for (int64_t S = 1; S <= 40; S++) {
        for (int64_t O = 1; O <= 40; O++) {
            bn_flops_shape in = shape(2, 3, S, 0, 0);
            CHECK(bn_flops_adaptive_pool("adaptive_avgpool1d", BN_FLOPS_POOL_AVG, 1, &O, &in, &c,
                                         &err) == BN_OK);
            CHECK(c.flops == 3 * adaptive_windows_loop(S, O));
            CHECK(bn_flops_adaptive_pool("adaptive_maxpool1d", BN_FLOPS_POOL_MAX, 1, &O, &in, &c,
                                         &err) == BN_OK);
            CHECK(c.flops == 3 * (adaptive_windows_loop(S, O) - O));
        }
    }
    /* 2^40 outputs: answered at once (the loop took hours), exactly S + O - gcd */
    int64_t big[2] = {INT64_C(1) << 40, 1};
    bn_flops_shape in = shape(3, 1, 1, 1, 0);
    CHECK(bn_flops_adaptive_pool("adaptive_avgpool2d", BN_FLOPS_POOL_AVG, 2, big, &in, &c, &err) ==
          BN_OK);
    CHECK(c.flops == INT64_C(1) << 40);
    int64_t huge[2] = {INT64_MAX, INT64_MAX};
    in = shape(3, 1, INT64_MAX, INT64_MAX, 0);
    CHECK(bn_flops_adaptive_pool("adaptive_avgpool2d", BN_FLOPS_POOL_AVG, 2, huge, &in, &c, &err) ==
          BN_ERANGE);
}

TEST(recurrent_closed_form_equals_the_layer_loop)
{
    bn_flops_count c;
    bn_error err;
    for (int gru = 0; gru <= 1; gru++) {
        for (int bidir = 0; bidir <= 1; bidir++) {
            for (int64_t layers = 1; layers <= 5; layers++) {
                bn_flops_rnn_spec s = {.gru = gru, .hidden = 7, .layers = layers,
                                         .bidirectional = bidir, .bias = 1};
                bn_flops_shape in = shape(2, 11, 5, 0, 0);
                CHECK(bn_flops_rnn("rnn", &s, &in, &c, &err) == BN_OK);
                /* the per-layer loop, as it was */
                int64_t gates = gru ? 3 : 4, other = gru ? 17 : 22, h = 7, dirs = bidir ? 2 : 1;
                int64_t macs = 0, flops = 0, params = 0;
                for (int64_t l = 0; l < layers; l++) {
                    int64_t width = l == 0 ? 5 : h * dirs;
                    int64_t step_macs = gates * h * (width + h);
                    macs += 11 * dirs * step_macs;
                    flops += 11 * dirs * (2 * step_macs + other * h);
                    params += dirs * (step_macs + 2 * gates * h);
                }
                CHECK(c.macs == macs);
                CHECK(c.flops == flops);
                CHECK(c.params == params);
            }
        }
    }
    /* 2^62 layers: an overflow error at once, not a loop over the layers */
    bn_flops_rnn_spec s = {.hidden = 1, .layers = INT64_C(1) << 62, .bias = 1};
    bn_flops_shape in = shape(2, 1, 1, 0, 0);
    CHECK(bn_flops_rnn("lstm", &s, &in, &c, &err) == BN_ERANGE);
    s.layers = INT64_C(1) << 40; /* fits: 2^40 x a later layer's 8 MACs */
    CHECK(bn_flops_rnn("lstm", &s, &in, &c, &err) == BN_OK);
    CHECK(c.macs == 8 * (INT64_C(1) << 40));
}

int main(void)
{
    alarm(20); /* a formula that loops over its arguments fails here instead of hanging */
    RUN(linear_counts_rows_and_bias);
    RUN(conv2d_alexnet_first_layer);
    RUN(conv2d_depthwise_grouped_dilated_same);
    RUN(conv1d_conv3d_and_transposed);
    RUN(conv_rejects_bad_sizes);
    RUN(pools);
    RUN(norms_activations_elementwise);
    RUN(embeddings_and_tokens);
    RUN(attention_variants);
    RUN(recurrent_parameters_match_pytorch);
    RUN(moe_counts_active_experts_only);
    RUN(overflow_is_an_error);
    RUN(training_oracles);
    RUN(adaptive_pool_closed_form_equals_the_window_sum);
    RUN(recurrent_closed_form_equals_the_layer_loop);
    return DONE();
}
