/*
 * flops: the one place where each layer's operation count is derived.
 *
 * Every formula below is written once, with its derivation. The shared rules:
 *   - A MAC is one multiply and one add; a dot product of length k costs k
 *     MACs. FLOPs of dot-product layers = 2 x MACs: k multiplies plus k - 1
 *     adds plus the bias add (without a bias the true count is one less per
 *     output, which this convention, shared by fvcore, DeepSpeed and the
 *     literature, ignores).
 *   - Any other arithmetic operation, comparison or elementary function (exp,
 *     erf, tanh, sqrt) counts as one FLOP and zero MACs.
 *   - Counts assume inference (batch normalisation folded); training compute is
 *     the forward count times (1 + backward ratio), see bn_flops_training.
 * All counts are int64_t with every product and sum checked for overflow.
 */
#include "flops.h"

#include <math.h>
#include <string.h>

/* ---- checked 64-bit arithmetic ----------------------------------------------------------
 * Formulas read as plain products; an overflow anywhere sets a flag that the
 * layer turns into one BN_ERANGE error at the end. */
typedef struct ck {
    int overflow;
} ck;

static int64_t mul(ck *c, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) {
        c->overflow = 1;
        return 0;
    }
    return r;
}

static int64_t mul3(ck *c, int64_t a, int64_t b, int64_t d)
{
    return mul(c, mul(c, a, b), d);
}

static int64_t add(ck *c, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) {
        c->overflow = 1;
        return 0;
    }
    return r;
}

static enum bn_status finish(const char *op, const ck *c, bn_error *err)
{
    if (c->overflow)
        return bn_fail(err, BN_ERANGE,
                       "%s: count overflows a 64-bit integer (more than 9.2e18); "
                       "count a smaller unit (per token, per example) and scale in doubles",
                       op);
    return BN_OK;
}

/* ---- argument checks ------------------------------------------------------------------- */

static enum bn_status need_positive(const char *op, const char *arg, int64_t v, bn_error *err)
{
    if (v < 1)
        return bn_fail(err, BN_EINVAL, "%s: %s must be a positive integer (got %lld)", op, arg,
                       (long long)v);
    return BN_OK;
}

static enum bn_status need_nonnegative(const char *op, const char *arg, int64_t v,
                                       bn_error *err)
{
    if (v < 0)
        return bn_fail(err, BN_EINVAL, "%s: %s must be zero or positive (got %lld)", op, arg,
                       (long long)v);
    return BN_OK;
}

/* The input has between lo and hi dimensions, each at least 1. */
static enum bn_status check_input(const char *op, const bn_flops_shape *in, int lo, int hi,
                                  const char *layout, bn_error *err)
{
    if (!in || in->n < lo || in->n > hi) {
        int n = in ? in->n : 0;
        if (lo == hi)
            return bn_fail(err, BN_EINVAL, "%s: input must have %d dimension%s %s, got %d", op,
                           lo, lo == 1 ? "" : "s", layout, n);
        return bn_fail(err, BN_EINVAL, "%s: input must have %d to %d dimensions %s, got %d", op,
                       lo, hi, layout, n);
    }
    for (int i = 0; i < in->n; i++)
        if (in->d[i] < 1)
            return bn_fail(err, BN_EINVAL,
                           "%s: input dimension %d must be a positive integer (got %lld)", op,
                           i + 1, (long long)in->d[i]);
    return BN_OK;
}

/* A {C, spatial...} input for a layer over nd = 1 to 3 spatial dimensions. */
static enum bn_status check_spatial_input(const char *op, int nd, const bn_flops_shape *in,
                                          bn_error *err)
{
    if (nd < 1 || nd > 3)
        return bn_fail(err, BN_EINVAL, "%s: 1 to 3 spatial dimensions supported (got %d)", op,
                       nd);
    const char *layout = nd == 1 ? "{C, L}" : nd == 2 ? "{C, H, W}" : "{C, D, H, W}";
    return check_input(op, in, nd + 1, nd + 1, layout, err);
}

/* One dimension of a sliding window (convolution or pooling). */
static enum bn_status check_window(const char *op, int64_t kernel, int64_t stride,
                                   int64_t padding, int64_t dilation, bn_error *err)
{
    enum bn_status st;
    if ((st = need_positive(op, "kernel", kernel, err)) ||
        (st = need_positive(op, "stride", stride, err)) ||
        (st = need_positive(op, "dilation", dilation, err)) ||
        (st = need_nonnegative(op, "padding", padding, err)))
        return st;
    return BN_OK;
}

/* Takes a width from the input when the spec leaves it 0, else checks they agree. */
static enum bn_status match_width(const char *op, const char *arg, int64_t *spec, int64_t actual,
                                  const char *where, bn_error *err)
{
    if (*spec == 0) {
        *spec = actual;
        return BN_OK;
    }
    if (*spec < 0)
        return need_positive(op, arg, *spec, err);
    if (*spec != actual)
        return bn_fail(err, BN_EINVAL, "%s: %s %lld does not match the input's %s %lld", op, arg,
                       (long long)*spec, where, (long long)actual);
    return BN_OK;
}

enum bn_status bn_flops_numel(const char *op, const bn_flops_shape *in, int64_t *numel,
                              bn_error *err)
{
    enum bn_status st = check_input(op, in, 0, BN_FLOPS_MAX_DIMS, "", err);
    if (st)
        return st;
    ck c = {0};
    int64_t n = 1;
    for (int i = 0; i < in->n; i++)
        n = mul(&c, n, in->d[i]);
    if ((st = finish(op, &c, err)))
        return st;
    *numel = n;
    return BN_OK;
}

static void zero_count(bn_flops_count *out)
{
    memset(out, 0, sizeof *out);
}

static void copy_shape(bn_flops_shape *dst, const bn_flops_shape *src)
{
    *dst = *src;
}

/* ---- linear ------------------------------------------------------------------------------
 * Each of the R = prod(leading dimensions) input rows is multiplied by an
 * out x in matrix: out dot products of length in, so
 *     MACs = R x in x out,   FLOPs = 2 x MACs,
 *     params = in x out (0 when tied to an embedding) + out (bias). */
enum bn_status bn_flops_linear(const char *op, int64_t in_features, int64_t out_features,
                               int bias, int tied, const bn_flops_shape *in,
                               bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_input(op, in, 1, BN_FLOPS_MAX_DIMS, "{..., in_features}", err)))
        return st;
    if ((st = match_width(op, "in_features", &in_features, in->d[in->n - 1], "last dimension",
                          err)))
        return st;
    if ((st = need_positive(op, "out_features", out_features, err)))
        return st;

    ck c = {0};
    int64_t rows = 1;
    for (int i = 0; i < in->n - 1; i++)
        rows = mul(&c, rows, in->d[i]);
    out->macs = mul3(&c, rows, in_features, out_features);
    out->flops = mul(&c, 2, out->macs);
    out->params = add(&c, tied ? 0 : mul(&c, in_features, out_features), bias ? out_features : 0);
    copy_shape(&out->out, in);
    out->out.d[in->n - 1] = out_features;
    return finish(op, &c, err);
}

/* ---- convolution ----------------------------------------------------------------------------
 * Output size per spatial dimension, with effective kernel k' = d (k - 1) + 1:
 *     ordinary:   O = floor((S + 2p - k') / s) + 1       (PyTorch, TensorFlow "valid")
 *     "same":     O = ceil(S / s)                        (TensorFlow; PyTorch's for s = 1)
 *     transposed: O = (S - 1) s - 2p + k' + output_padding
 * An ordinary convolution computes every output position of every output
 * channel as a dot product over its group's C/g input channels and the
 * kernel window (positions in the padding included, as every counter does):
 *     MACs = prod(O) x out_ch x (in_ch / g) x prod(k).
 * A transposed convolution scatters each input element into a kernel window
 * of each of its group's out_ch/g output channels:
 *     MACs = prod(S) x in_ch x (out_ch / g) x prod(k).
 * Either way params = out_ch x (in_ch / g) x prod(k) (+ out_ch biases):
 * in_ch x (out_ch / g) x prod(k) is the same number. */
enum bn_status bn_flops_conv(const char *op, const bn_flops_conv_spec *s,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    int nd = s->nd;
    if ((st = check_spatial_input(op, nd, in, err)))
        return st;
    int64_t in_ch = s->in_ch;
    if ((st = match_width(op, "in_ch", &in_ch, in->d[0], "channels", err)))
        return st;
    if ((st = need_positive(op, "out_ch", s->out_ch, err)) ||
        (st = need_positive(op, "groups", s->groups, err)))
        return st;
    if (in_ch % s->groups)
        return bn_fail(err, BN_EINVAL, "%s: groups %lld must divide in_ch %lld", op,
                       (long long)s->groups, (long long)in_ch);
    if (s->out_ch % s->groups)
        return bn_fail(err, BN_EINVAL, "%s: groups %lld must divide out_ch %lld", op,
                       (long long)s->groups, (long long)s->out_ch);
    if (s->same && s->transposed)
        return bn_fail(err, BN_EINVAL, "%s: padding \"same\" is not defined for a transposed "
                       "convolution", op);

    ck c = {0};
    int64_t window = 1, out_positions = 1, in_positions = 1;
    out->out.n = nd + 1;
    out->out.d[0] = s->out_ch;
    for (int i = 0; i < nd; i++) {
        int64_t k = s->kernel[i], st_ = s->stride[i], p = s->padding[i], d = s->dilation[i];
        int64_t S = in->d[i + 1], o;
        if ((st = check_window(op, k, st_, p, d, err)) ||
            (st = need_nonnegative(op, "output_padding", s->output_padding[i], err)))
            return st;
        int64_t keff = add(&c, mul(&c, d, k - 1), 1);
        if (c.overflow)
            return finish(op, &c, err);
        if (s->transposed) {
            if (s->output_padding[i] >= st_ && s->output_padding[i] >= d)
                return bn_fail(err, BN_EINVAL,
                               "%s: output_padding %lld must be smaller than stride or dilation "
                               "in dimension %d", op, (long long)s->output_padding[i], i + 1);
            o = add(&c, add(&c, mul(&c, S - 1, st_), keff),
                    s->output_padding[i] - mul(&c, 2, p));
            if (!c.overflow && o < 1)
                return bn_fail(err, BN_EINVAL,
                               "%s: padding %lld leaves no output in dimension %d", op,
                               (long long)p, i + 1);
        } else if (s->same) {
            o = (S + st_ - 1) / st_;
        } else {
            int64_t padded = add(&c, S, mul(&c, 2, p));
            if (!c.overflow && keff > padded) {
                if (d > 1)
                    return bn_fail(err, BN_EINVAL,
                                   "%s: kernel %lld (dilated to %lld) is larger than the padded "
                                   "input %lld in dimension %d", op, (long long)k,
                                   (long long)keff, (long long)padded, i + 1);
                return bn_fail(err, BN_EINVAL,
                               "%s: kernel %lld is larger than the padded input %lld in "
                               "dimension %d", op, (long long)k, (long long)padded, i + 1);
            }
            o = (padded - keff) / st_ + 1;
        }
        out->out.d[i + 1] = o;
        window = mul(&c, window, k);
        out_positions = mul(&c, out_positions, o);
        in_positions = mul(&c, in_positions, S);
    }
    int64_t weights = mul3(&c, s->out_ch, in_ch / s->groups, window);
    if (s->transposed)
        out->macs = mul3(&c, in_positions, in_ch, mul(&c, s->out_ch / s->groups, window));
    else
        out->macs = mul(&c, out_positions, weights);
    out->flops = mul(&c, 2, out->macs);
    out->params = add(&c, weights, s->bias ? s->out_ch : 0);
    return finish(op, &c, err);
}

/* ---- pooling ----------------------------------------------------------------------------------
 * Output size as for a convolution, O = floor((S + 2p - k') / s) + 1, or with
 * ceil_mode the ceiling, minus one when the last window would start in the
 * right padding (PyTorch's rule). Per output element over a window of
 * K = prod(k) elements:
 *     max:     K - 1 comparisons      -> FLOPs = outputs x (K - 1)
 *     average: K - 1 adds + 1 divide  -> FLOPs = outputs x K
 * MACs = 0, params = 0. */
enum bn_status bn_flops_pool(const char *op, const bn_flops_pool_spec *s,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    int nd = s->nd;
    if ((st = check_spatial_input(op, nd, in, err)))
        return st;
    ck c = {0};
    int64_t window = 1, outputs = in->d[0];
    out->out.n = nd + 1;
    out->out.d[0] = in->d[0];
    for (int i = 0; i < nd; i++) {
        int64_t k = s->kernel[i], st_ = s->stride[i], p = s->padding[i], d = s->dilation[i];
        int64_t S = in->d[i + 1];
        if ((st = check_window(op, k, st_, p, d, err)))
            return st;
        if (p > k / 2)
            return bn_fail(err, BN_EINVAL,
                           "%s: padding %lld must be at most half the kernel %lld", op,
                           (long long)p, (long long)k);
        int64_t keff = add(&c, mul(&c, d, k - 1), 1);
        int64_t padded = add(&c, S, mul(&c, 2, p));
        if (c.overflow)
            return finish(op, &c, err);
        if (keff > padded)
            return bn_fail(err, BN_EINVAL,
                           "%s: kernel %lld is larger than the padded input %lld in dimension %d",
                           op, (long long)keff, (long long)padded, i + 1);
        int64_t span = padded - keff;
        int64_t o = (s->ceil_mode ? (span + st_ - 1) / st_ : span / st_) + 1;
        if (s->ceil_mode && mul(&c, o - 1, st_) >= add(&c, S, p))
            o--;
        out->out.d[i + 1] = o;
        window = mul(&c, window, k);
        outputs = mul(&c, outputs, o);
    }
    out->flops = mul(&c, outputs, s->kind == BN_FLOPS_POOL_MAX ? window - 1 : window);
    return finish(op, &c, err);
}

/* Adaptive pooling: output index i of a dimension of size S pooled to O reads
 * the window [floor(i S / O), ceil((i + 1) S / O)). Windows are separable, so
 * the number of (output, input element) pairs of a channel is the product over
 * dimensions of the summed window lengths W_d (an output larger than the input
 * gives overlapping one-element windows). With T = C x prod(W_d) pairs:
 *     max:     T - outputs comparisons (K - 1 per window)
 *     average: T (K - 1 adds and 1 divide per window).
 * W_d in closed form (no loop over the O outputs, which may be 2^40):
 *     W = sum_j ceil((j+1) S / O) - floor(j S / O) = S O - 2 sum_{j<O} floor(j S / O)
 * (ceil((j+1) S / O) = S - floor((O-1-j) S / O)), and the floor sum is
 * ((S-1)(O-1) + gcd(S, O) - 1) / 2 (Graham, Knuth and Patashnik, Concrete
 * Mathematics, sec. 3.5), so W = S + O - gcd(S, O). tests/unit/test_flops.c
 * checks it against the window-by-window sum. */
static int64_t gcd64(int64_t a, int64_t b)
{
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

enum bn_status bn_flops_adaptive_pool(const char *op, enum bn_flops_pool_kind kind, int nd,
                                      const int64_t *out_size, const bn_flops_shape *in,
                                      bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_spatial_input(op, nd, in, err)))
        return st;
    ck c = {0};
    int64_t pairs = in->d[0], outputs = in->d[0];
    out->out.n = nd + 1;
    out->out.d[0] = in->d[0];
    for (int i = 0; i < nd; i++) {
        int64_t O = out_size[i], S = in->d[i + 1], w = 0;
        if ((st = need_positive(op, "output", O, err)))
            return st;
        w = add(&c, S, O) - gcd64(S, O);
        out->out.d[i + 1] = O;
        pairs = mul(&c, pairs, w);
        outputs = mul(&c, outputs, O);
    }
    out->flops = kind == BN_FLOPS_POOL_MAX ? pairs - outputs : pairs;
    return finish(op, &c, err);
}

/* ---- normalisation ------------------------------------------------------------------------------
 * batchnorm (inference): the running mean and variance and the affine scale
 * and shift fold into one y = a x + b per element: 2 FLOPs per element.
 * params = 2 C with affine (running statistics are buffers, not parameters).
 *
 * layernorm over the last dimension D, per element: 1 add (sum for the
 * mean), 1 subtract (centre), 1 multiply and 1 add (sum of squares), 1
 * multiply by the reciprocal standard deviation = 5; the affine scale and
 * shift add 2 -> 7. Per-row work (dividing by D, sqrt, reciprocal) is O(1)
 * per row and not counted. params = 2 D with affine.
 *
 * rmsnorm: 1 multiply and 1 add (sum of squares), 1 multiply by the
 * reciprocal root mean square = 3; the learned scale adds 1 -> 4.
 * params = D with affine. */
enum bn_status bn_flops_norm(const char *op, enum bn_flops_norm_kind kind, int affine,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    int64_t numel;
    if ((st = check_input(op, in, 1, BN_FLOPS_MAX_DIMS,
                          kind == BN_FLOPS_BATCHNORM ? "{C, ...}" : "{..., D}", err)) ||
        (st = bn_flops_numel(op, in, &numel, err)))
        return st;
    ck c = {0};
    int64_t per_element, params;
    switch (kind) {
    case BN_FLOPS_BATCHNORM:
        per_element = 2;
        params = affine ? mul(&c, 2, in->d[0]) : 0;
        break;
    case BN_FLOPS_LAYERNORM:
        per_element = affine ? 7 : 5;
        params = affine ? mul(&c, 2, in->d[in->n - 1]) : 0;
        break;
    case BN_FLOPS_RMSNORM:
        per_element = affine ? 4 : 3;
        params = affine ? in->d[in->n - 1] : 0;
        break;
    default:
        return bn_fail(err, BN_EINVAL, "%s: unknown normalisation", op);
    }
    out->flops = mul(&c, numel, per_element);
    out->params = params;
    copy_shape(&out->out, in);
    return finish(op, &c, err);
}

/* ---- activations ----------------------------------------------------------------------------------
 * FLOPs per element; exp, erf and tanh count one each.
 *   identity      0
 *   relu          1   max(x, 0)
 *   relu6         2   min(max(x, 0), 6)
 *   leaky_relu    2   comparison, multiply by the slope
 *   sigmoid       4   negate, exp, add 1, divide
 *   hardsigmoid   4   multiply by 1/6, add 1/2, clamp below, clamp above
 *   tanh          1   one elementary function
 *   gelu          5   x / sqrt(2), erf, add 1, multiply by x, multiply by 1/2
 *   gelu_tanh     9   x^3 (2), x 0.044715, + x, x sqrt(2/pi), tanh, + 1, x x, x 1/2
 *   silu          5   sigmoid (4), multiply by x
 *   hardswish     5   hardsigmoid (4), multiply by x
 *   softmax       5   max (1 comparison), subtract the max, exp, add to the sum,
 *                     divide by the sum: per element of the normalised axis */
static const struct {
    const char *name;
    int64_t cost;
} activations[BN_FLOPS_ACT_COUNT] = {
    [BN_FLOPS_IDENTITY] = {"identity", 0},     [BN_FLOPS_RELU] = {"relu", 1},
    [BN_FLOPS_RELU6] = {"relu6", 2},           [BN_FLOPS_LEAKY_RELU] = {"leaky_relu", 2},
    [BN_FLOPS_SIGMOID] = {"sigmoid", 4},       [BN_FLOPS_HARDSIGMOID] = {"hardsigmoid", 4},
    [BN_FLOPS_TANH] = {"tanh", 1},             [BN_FLOPS_GELU] = {"gelu", 5},
    [BN_FLOPS_GELU_TANH] = {"gelu_tanh", 9},   [BN_FLOPS_SILU] = {"silu", 5},
    [BN_FLOPS_HARDSWISH] = {"hardswish", 5},   [BN_FLOPS_SOFTMAX] = {"softmax", 5},
};

int64_t bn_flops_activation_cost(enum bn_flops_act act)
{
    return (int)act >= 0 && act < BN_FLOPS_ACT_COUNT ? activations[act].cost : -1;
}

const char *bn_flops_activation_name(enum bn_flops_act act)
{
    return (int)act >= 0 && act < BN_FLOPS_ACT_COUNT ? activations[act].name : NULL;
}

int bn_flops_activation_find(const char *name)
{
    for (int i = 0; i < BN_FLOPS_ACT_COUNT; i++)
        if (strcmp(activations[i].name, name) == 0)
            return i;
    return -1;
}

enum bn_status bn_flops_activation(const char *op, enum bn_flops_act act,
                                   const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    zero_count(out);
    if ((int)act < 0 || act >= BN_FLOPS_ACT_COUNT)
        return bn_fail(err, BN_EINVAL, "%s: unknown activation", op);
    return bn_flops_elementwise(op, activations[act].cost, in, out, err);
}

/* Elementwise: one result per element, ops_per_element FLOPs each (a residual
 * add or a gating multiply is 1). */
enum bn_status bn_flops_elementwise(const char *op, int64_t ops_per_element,
                                    const bn_flops_shape *in, bn_flops_count *out,
                                    bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    int64_t numel;
    if ((st = need_nonnegative(op, "cost per element", ops_per_element, err)) ||
        (st = check_input(op, in, 0, BN_FLOPS_MAX_DIMS, "", err)) ||
        (st = bn_flops_numel(op, in, &numel, err)))
        return st;
    ck c = {0};
    out->flops = mul(&c, numel, ops_per_element);
    copy_shape(&out->out, in);
    return finish(op, &c, err);
}

/* ---- embeddings ------------------------------------------------------------------------------------
 * A lookup copies rows and does no arithmetic: 0 FLOPs, num x dim params.
 * Added embeddings (learned positions, segments) then add the looked-up
 * {L, dim} rows to the input: L x dim FLOPs. */
enum bn_status bn_flops_embedding(const char *op, int64_t num, int64_t dim, int add_to_input,
                                  const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = need_positive(op, "num", num, err)))
        return st;
    ck c = {0};
    if (add_to_input) {
        int64_t numel;
        if ((st = check_input(op, in, 1, BN_FLOPS_MAX_DIMS, "{..., dim}", err)) ||
            (st = match_width(op, "dim", &dim, in->d[in->n - 1], "last dimension", err)) ||
            (st = bn_flops_numel(op, in, &numel, err)))
            return st;
        out->flops = numel;
        copy_shape(&out->out, in);
    } else {
        if ((st = check_input(op, in, 1, BN_FLOPS_MAX_DIMS - 1, "{L} (token ids)", err)) ||
            (st = need_positive(op, "dim", dim, err)))
            return st;
        copy_shape(&out->out, in);
        out->out.d[out->out.n++] = dim;
    }
    out->params = mul(&c, num, dim);
    return finish(op, &c, err);
}

/* A learned token prepended (ViT's class token): count x D params, no arithmetic. */
enum bn_status bn_flops_class_token(const char *op, int64_t count, const bn_flops_shape *in,
                                    bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_input(op, in, 2, 2, "{L, D}", err)) ||
        (st = need_positive(op, "count", count, err)))
        return st;
    ck c = {0};
    out->params = mul(&c, count, in->d[1]);
    copy_shape(&out->out, in);
    out->out.d[0] = add(&c, in->d[0], count);
    return finish(op, &c, err);
}

/* ---- attention -------------------------------------------------------------------------------------
 * Input {L, D}; H query heads of width dh (D / H unless given), G key/value
 * heads (G = H multi-head, G = 1 multi-query, else grouped-query; G divides
 * H), S keys per query (S = L for self-attention). A causal mask leaves
 * L (L + 1) / 2 of the L x L scores; "full" counts all L x S (what dense
 * kernels compute), "half" only the unmasked ones. With P scores per head:
 *     Q projection        L x D x H dh          MACs
 *     K, V projections    2 x S x D x G dh      MACs
 *     scores Q K^T        H x P x dh            MACs
 *     weighted sum A V    H x P x dh            MACs
 *     output projection   L x H dh x D          MACs
 *     FLOPs = 2 x MACs + H x P x (1 scale + 5 softmax)
 *     params = D H dh + 2 D G dh + H dh D  (+ biases H dh + 2 G dh + D). */
enum bn_status bn_flops_attention(const char *op, const bn_flops_attention_spec *s,
                                  const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_input(op, in, 2, 2, "{L, D}", err)))
        return st;
    int64_t L = in->d[0], D = s->dim;
    if ((st = match_width(op, "dim", &D, in->d[1], "width", err)) ||
        (st = need_positive(op, "heads", s->heads, err)) ||
        (st = need_nonnegative(op, "kv_heads", s->kv_heads, err)) ||
        (st = need_nonnegative(op, "head_dim", s->head_dim, err)) ||
        (st = need_nonnegative(op, "kv_len", s->kv_len, err)))
        return st;
    int64_t H = s->heads, G = s->kv_heads ? s->kv_heads : H;
    if (H % G)
        return bn_fail(err, BN_EINVAL, "%s: kv_heads %lld must divide heads %lld", op,
                       (long long)G, (long long)H);
    int64_t dh = s->head_dim;
    if (dh == 0) {
        if (D % H)
            return bn_fail(err, BN_EINVAL,
                           "%s: heads %lld must divide dim %lld (or give head_dim)", op,
                           (long long)H, (long long)D);
        dh = D / H;
    }
    int64_t S = s->kv_len ? s->kv_len : L;
    if (s->causal_half && S != L)
        return bn_fail(err, BN_EINVAL,
                       "%s: causal \"half\" needs self-attention (kv_len %lld differs from the "
                       "sequence length %lld)", op, (long long)S, (long long)L);

    ck c = {0};
    int64_t P = s->causal_half ? mul(&c, L, add(&c, L, 1)) / 2 : mul(&c, L, S);
    int64_t q = mul(&c, H, dh), kv = mul(&c, G, dh);
    int64_t macs = 0, params = 0;
    if (s->qkv_proj) {
        macs = add(&c, macs, mul3(&c, L, D, q));
        macs = add(&c, macs, mul3(&c, mul(&c, 2, S), D, kv));
        params = add(&c, params, add(&c, mul(&c, D, q), mul3(&c, 2, D, kv)));
        if (s->bias)
            params = add(&c, params, add(&c, q, mul(&c, 2, kv)));
    }
    int64_t score_macs = mul3(&c, H, P, dh);
    macs = add(&c, macs, mul(&c, 2, score_macs));
    if (s->out_proj) {
        macs = add(&c, macs, mul3(&c, L, q, D));
        params = add(&c, params, add(&c, mul(&c, q, D), s->bias ? D : 0));
    }
    out->macs = macs;
    out->flops = add(&c, mul(&c, 2, macs), mul3(&c, H, P, 1 + activations[BN_FLOPS_SOFTMAX].cost));
    out->params = params;
    copy_shape(&out->out, in);
    return finish(op, &c, err);
}

/* ---- recurrent layers ---------------------------------------------------------------------------------
 * Per time step, direction and layer, with input width I and hidden width h:
 * LSTM, 4 gates: W_ih x + b_ih + W_hh h + b_hh
 *     MACs = 4 h (I + h); params = 4 h (I + h) + 8 h biases
 *     other FLOPs = 4 h (adding the two products) + 3 sigmoids (12 h)
 *                 + 2 tanh (2 h) + c = f c + i g (3 h) + o tanh(c) (h) = 22 h
 * GRU, 3 gates:
 *     MACs = 3 h (I + h); params = 3 h (I + h) + 6 h biases
 *     other FLOPs = 2 h (adding the products of r, z) + 2 sigmoids (8 h)
 *                 + r (W_hn h + b_hn) (h) + add W_in x (h) + tanh (h)
 *                 + (1 - z) n + z h (4 h) = 17 h
 * Totals multiply by L steps and the number of directions; layers after the
 * first read I = h x directions, so they are all alike: first layer + (layers - 1)
 * x a later layer, in closed form (layers may be 2^62). */
enum bn_status bn_flops_rnn(const char *op, const bn_flops_rnn_spec *s,
                            const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_input(op, in, 2, 2, "{L, input_size}", err)))
        return st;
    int64_t I = s->input_size;
    if ((st = match_width(op, "input_size", &I, in->d[1], "width", err)) ||
        (st = need_positive(op, "hidden", s->hidden, err)) ||
        (st = need_positive(op, "layers", s->layers, err)))
        return st;
    int64_t gates = s->gru ? 3 : 4, other = s->gru ? 17 : 22, h = s->hidden;
    int64_t dirs = s->bidirectional ? 2 : 1, L = in->d[0];
    ck c = {0};
    int64_t macs = 0, flops = 0, params = 0;
    int64_t steps = mul(&c, L, dirs);
    for (int k = 0; k < 2; k++) { /* k = 0: the first layer; 1: each of the others */
        int64_t copies = k == 0 ? 1 : s->layers - 1;
        int64_t width = k == 0 ? I : mul(&c, h, dirs);
        int64_t step_macs = mul3(&c, gates, h, add(&c, width, h));
        int64_t step_flops = add(&c, mul(&c, 2, step_macs), mul(&c, other, h));
        int64_t cell_params = add(&c, step_macs, s->bias ? mul3(&c, 2, gates, h) : 0);
        macs = add(&c, macs, mul3(&c, copies, steps, step_macs));
        flops = add(&c, flops, mul3(&c, copies, steps, step_flops));
        params = add(&c, params, mul3(&c, copies, dirs, cell_params));
    }
    out->macs = macs;
    out->flops = flops;
    out->params = params;
    out->out.n = 2;
    out->out.d[0] = L;
    out->out.d[1] = mul(&c, h, dirs);
    return finish(op, &c, err);
}

/* ---- mixture of experts -----------------------------------------------------------------------------------
 * Per token of width D, with E experts of hidden width F, k active:
 *     router      D x E MACs, softmax over E (5 E FLOPs); top-k selection not counted
 *     experts     k x (2 D F MACs, or 3 D F gated) + k x F activations
 *                 (+ k x F gating multiplies when gated)
 *     combine     k x D multiplies by the router weights + (k - 1) x D adds
 *     FLOPs = 2 x MACs + the rest above
 *     params = D E (router) + E x (2 D F, or 3 D F gated) (+ E x (F + D) biases,
 *              2 F + D when gated): every expert holds parameters, only k work. */
enum bn_status bn_flops_moe(const char *op, const bn_flops_moe_spec *s,
                            const bn_flops_shape *in, bn_flops_count *out, bn_error *err)
{
    enum bn_status st;
    zero_count(out);
    if ((st = check_input(op, in, 2, 2, "{L, D}", err)))
        return st;
    int64_t D = s->dim;
    if ((st = match_width(op, "dim", &D, in->d[1], "width", err)) ||
        (st = need_positive(op, "hidden", s->hidden, err)) ||
        (st = need_positive(op, "experts", s->experts, err)) ||
        (st = need_positive(op, "active", s->active, err)))
        return st;
    if (s->active > s->experts)
        return bn_fail(err, BN_EINVAL, "%s: active %lld exceeds experts %lld", op,
                       (long long)s->active, (long long)s->experts);
    int64_t act = bn_flops_activation_cost(s->act);
    if (act < 0)
        return bn_fail(err, BN_EINVAL, "%s: unknown activation", op);
    int64_t L = in->d[0], E = s->experts, F = s->hidden, k = s->active;
    int64_t mats = s->gated ? 3 : 2;
    ck c = {0};
    int64_t expert_macs = mul3(&c, mats, D, F);
    int64_t token_macs = add(&c, mul(&c, D, E), mul(&c, k, expert_macs));
    int64_t token_other = add(&c, mul(&c, 5, E),
                              add(&c, mul3(&c, k, F, act + (s->gated ? 1 : 0)),
                                  mul(&c, add(&c, mul(&c, 2, k), -1), D)));
    out->macs = mul(&c, L, token_macs);
    out->flops = mul(&c, L, add(&c, mul(&c, 2, token_macs), token_other));
    int64_t expert_params = add(&c, expert_macs,
                                s->bias ? add(&c, mul(&c, mats - 1, F), D) : 0);
    out->params = add(&c, mul(&c, D, E), mul(&c, E, expert_params));
    copy_shape(&out->out, in);
    return finish(op, &c, err);
}

/* ---- training compute -----------------------------------------------------------------------------------
 * Doubles: these multiply counts of examples and epochs, and feed fits in
 * log space. Each argument must be finite; sizes positive. */
static enum bn_status need_finite_positive(const char *op, const char *arg, double v,
                                           bn_error *err)
{
    if (!isfinite(v) || v <= 0)
        return bn_fail(err, BN_EINVAL, "%s: %s must be a positive finite number (got %g)", op,
                       arg, v);
    return BN_OK;
}

/* Training = forward + backward for every example of every epoch; the backward
 * pass costs about twice the forward (gradients with respect to activations and
 * to weights, each a product the size of the forward one), hence 3 x forward. */
enum bn_status bn_flops_training(double forward, double examples, double epochs,
                                 double backward_ratio, double *flop, bn_error *err)
{
    enum bn_status st;
    const char *op = "training";
    if ((st = need_finite_positive(op, "forward", forward, err)) ||
        (st = need_finite_positive(op, "examples", examples, err)) ||
        (st = need_finite_positive(op, "epochs", epochs, err)))
        return st;
    if (!isfinite(backward_ratio) || backward_ratio < 0)
        return bn_fail(err, BN_EINVAL,
                       "%s: backward_ratio must be a finite number >= 0 (got %g)", op,
                       backward_ratio);
    *flop = (1 + backward_ratio) * forward * examples * epochs;
    if (!isfinite(*flop))
        return bn_fail(err, BN_ERANGE, "%s: result overflows a double", op);
    return BN_OK;
}

/* Dense transformer (Kaplan et al. 2020, arXiv:2001.08361, Table 1): the forward
 * pass costs 2 N FLOPs per token for the weights plus 2 n_layer n_ctx d_attn for
 * attention over the context; training is 3 x forward per token, so
 *     C = 6 N D  (+ 6 n_layer n_ctx d_attn D with the attention term). */
enum bn_status bn_flops_dense_transformer(double params, double tokens, double layers,
                                          double ctx, double d_attn, double *flop,
                                          double *attention, bn_error *err)
{
    enum bn_status st;
    const char *op = "dense_transformer";
    if ((st = need_finite_positive(op, "params", params, err)) ||
        (st = need_finite_positive(op, "tokens", tokens, err)))
        return st;
    *attention = 0;
    if (layers != 0 || ctx != 0 || d_attn != 0) {
        if ((st = need_finite_positive(op, "layers", layers, err)) ||
            (st = need_finite_positive(op, "ctx", ctx, err)) ||
            (st = need_finite_positive(op, "d_attn", d_attn, err)))
            return st;
        *attention = 6 * layers * ctx * d_attn * tokens;
    }
    *flop = 6 * params * tokens + *attention;
    if (!isfinite(*flop))
        return bn_fail(err, BN_ERANGE, "%s: result overflows a double", op);
    return BN_OK;
}

/* Hardware burden (Thompson et al. 2020), the paper's compute measure, computed here and
 * nowhere else (burden.dataset's column, burden.flops.hardware, burden.cost's runs):
 * count x time x peak FLOP/s x unit x utilization (1 gives the paper's upper bound).
 * count x time is formed first so that count = 1 with time in chip-hours gives the same
 * double as chips and hours. */
enum bn_status bn_flops_hardware(double count, double time, double unit, double peak,
                                 double utilization, double *flop, bn_error *err)
{
    enum bn_status st;
    const char *op = "hardware";
    if ((st = need_finite_positive(op, "count", count, err)) ||
        (st = need_finite_positive(op, "peak", peak, err)) ||
        (st = need_finite_positive(op, "time", time, err)) ||
        (st = need_finite_positive(op, "unit", unit, err)))
        return st;
    if (!isfinite(utilization) || utilization <= 0 || utilization > 1)
        return bn_fail(err, BN_EINVAL, "%s: utilization must be in (0, 1] (got %g)", op,
                       utilization);
    *flop = count * time * peak * unit * utilization;
    if (!isfinite(*flop))
        return bn_fail(err, BN_ERANGE, "%s: result overflows a double", op);
    return BN_OK;
}

enum bn_status bn_flops_hardware_n(size_t n, const double *count, const double *time,
                                   double unit, const double *peak, double utilization,
                                   double *flop, size_t *bad, bn_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(count[i]) || isnan(time[i]) || isnan(peak[i])) {
            flop[i] = NAN; /* a missing input: no burden for the row */
            continue;
        }
        enum bn_status st = bn_flops_hardware(count[i], time[i], unit, peak[i], utilization,
                                              &flop[i], err);
        if (st != BN_OK) {
            *bad = i;
            return st;
        }
    }
    return BN_OK;
}
