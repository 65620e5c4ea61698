/*
 * flops: operation counts of neural-network layers and of training runs.
 *
 * Each layer function takes a caller-owned spec and input shape (batch
 * excluded, channels first for images: {C, H, W}; tokens first for
 * sequences: {L, D}) and fills a caller-owned bn_flops_count with
 * multiply-accumulates (MACs), floating-point operations (FLOPs), learned
 * parameters and the output shape. Nothing is allocated.
 *
 * Conventions (README, "Counting conventions"):
 *   - one MAC is one multiply and one add: FLOPs = 2 x MACs for every
 *     dot-product layer (linear, convolution, attention matmuls, RNN gates);
 *     the bias add takes the place of the first add, so bias is not counted
 *     separately;
 *   - MACs count only dot products; normalisation, activations, pooling and
 *     elementwise layers have 0 MACs and a documented FLOP cost per element;
 *   - inference mode: batch normalisation folds its running statistics into
 *     one scale and one shift.
 * Counts are exact 64-bit integers; a count that would exceed INT64_MAX is an
 * error (BN_ERANGE), never a wrapped number. Training compute, which multiplies
 * by example and epoch counts, is in doubles.
 */
#ifndef BURDEN_CORE_FLOPS_H
#define BURDEN_CORE_FLOPS_H

#include <stdint.h>

#include "error.h"

#define BN_FLOPS_MAX_DIMS 8

typedef struct bn_flops_shape {
    int n;                          /* number of dimensions, 0..BN_FLOPS_MAX_DIMS */
    int64_t d[BN_FLOPS_MAX_DIMS];
} bn_flops_shape;

typedef struct bn_flops_count {
    int64_t macs;
    int64_t flops;
    int64_t params;
    bn_flops_shape out;
} bn_flops_count;

/* ---- dense and convolutional layers ------------------------------------------------ */

/* y = x W^T + b on the last dimension: input {..., in}, output {..., out}.
 * tied: the weight is shared with another layer (an embedding), so it adds no
 * parameters (its bias still does). */
enum bn_status bn_flops_linear(const char *op, int64_t in_features, int64_t out_features,
                               int bias, int tied, const bn_flops_shape *in,
                               bn_flops_count *out, bn_error *err);

typedef struct bn_flops_conv_spec {
    int nd;                          /* spatial dimensions: 1, 2 or 3 */
    int transposed;                  /* conv_transpose: scatter instead of gather */
    int64_t in_ch;                   /* 0: take it from the input shape */
    int64_t out_ch, groups;
    int64_t kernel[3], stride[3], padding[3], dilation[3], output_padding[3];
    int same;                        /* padding "same": output = ceil(input / stride) */
    int bias;
} bn_flops_conv_spec;

/* Convolution over input {C, S1..Snd}. */
enum bn_status bn_flops_conv(const char *op, const bn_flops_conv_spec *s,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* ---- pooling -------------------------------------------------------------------------- */

enum bn_flops_pool_kind { BN_FLOPS_POOL_MAX, BN_FLOPS_POOL_AVG };

typedef struct bn_flops_pool_spec {
    int nd;
    enum bn_flops_pool_kind kind;
    int64_t kernel[3], stride[3], padding[3], dilation[3];
    int ceil_mode;
} bn_flops_pool_spec;

enum bn_status bn_flops_pool(const char *op, const bn_flops_pool_spec *s,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* Adaptive pooling to a fixed output size per spatial dimension (PyTorch's
 * windows: start floor(i*S/O), end ceil((i+1)*S/O)); global pooling is
 * output size 1. */
enum bn_status bn_flops_adaptive_pool(const char *op, enum bn_flops_pool_kind kind, int nd,
                                      const int64_t *out_size, const bn_flops_shape *in,
                                      bn_flops_count *out, bn_error *err);

/* ---- normalisation, activations, elementwise -------------------------------------------- */

enum bn_flops_norm_kind { BN_FLOPS_BATCHNORM, BN_FLOPS_LAYERNORM, BN_FLOPS_RMSNORM };

/* batchnorm normalises per channel (in->d[0]); layernorm and rmsnorm over the
 * last dimension. affine: learned scale (and shift, except rmsnorm). */
enum bn_status bn_flops_norm(const char *op, enum bn_flops_norm_kind kind, int affine,
                             const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

enum bn_flops_act {
    BN_FLOPS_IDENTITY, BN_FLOPS_RELU, BN_FLOPS_RELU6, BN_FLOPS_LEAKY_RELU, BN_FLOPS_SIGMOID,
    BN_FLOPS_HARDSIGMOID, BN_FLOPS_TANH, BN_FLOPS_GELU, BN_FLOPS_GELU_TANH, BN_FLOPS_SILU,
    BN_FLOPS_HARDSWISH, BN_FLOPS_SOFTMAX, BN_FLOPS_ACT_COUNT
};

/* FLOPs per element of an activation (see flops.c for each derivation). */
int64_t bn_flops_activation_cost(enum bn_flops_act act);
/* Name of an activation ("relu", ...), or NULL; and the reverse (-1 if unknown). */
const char *bn_flops_activation_name(enum bn_flops_act act);
int bn_flops_activation_find(const char *name);

enum bn_status bn_flops_activation(const char *op, enum bn_flops_act act,
                                   const bn_flops_shape *in, bn_flops_count *out,
                                   bn_error *err);

/* Elementwise op on the input and a same-shaped tensor (residual add, gating
 * multiply): ops_per_element FLOPs per element, no parameters. */
enum bn_status bn_flops_elementwise(const char *op, int64_t ops_per_element,
                                    const bn_flops_shape *in, bn_flops_count *out,
                                    bn_error *err);

/* ---- embeddings and tokens -------------------------------------------------------------- */

/* Lookup table of num x dim parameters. Token ids {L} -> {L, dim}, 0 FLOPs;
 * with add (learned positions, segment ids) the looked-up rows are added to
 * an input {L, dim}: L x dim FLOPs. */
enum bn_status bn_flops_embedding(const char *op, int64_t num, int64_t dim, int add,
                                  const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* A learned token prepended to a sequence (ViT's class token): {L, D} -> {L+1, D}. */
enum bn_status bn_flops_class_token(const char *op, int64_t count, const bn_flops_shape *in,
                                    bn_flops_count *out, bn_error *err);

/* ---- attention ---------------------------------------------------------------------------- */

typedef struct bn_flops_attention_spec {
    int64_t dim;          /* model width D; 0: last input dimension */
    int64_t heads;        /* query heads H */
    int64_t kv_heads;     /* key/value heads: H (multi-head), 1 (multi-query), or a divisor (grouped) ; 0: H */
    int64_t head_dim;     /* 0: D / H, which must divide */
    int64_t kv_len;       /* keys per query (cross-attention); 0: L (self-attention) */
    int causal_half;      /* count only the L(L+1)/2 unmasked scores of a causal mask */
    int qkv_proj;         /* count the Q, K, V projections */
    int out_proj;         /* count the output projection */
    int bias;             /* projections have biases */
} bn_flops_attention_spec;

enum bn_status bn_flops_attention(const char *op, const bn_flops_attention_spec *s,
                                  const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* ---- recurrent layers ---------------------------------------------------------------------- */

typedef struct bn_flops_rnn_spec {
    int gru;              /* 0: LSTM, 1: GRU */
    int64_t input_size;   /* 0: last input dimension */
    int64_t hidden;
    int64_t layers;
    int bidirectional;
    int bias;             /* PyTorch's two bias vectors per gate (b_ih, b_hh) */
} bn_flops_rnn_spec;

/* Cells unrolled over a sequence {L, input_size} -> {L, hidden x directions}. */
enum bn_status bn_flops_rnn(const char *op, const bn_flops_rnn_spec *s,
                            const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* ---- mixture of experts ---------------------------------------------------------------------- */

typedef struct bn_flops_moe_spec {
    int64_t dim;          /* 0: last input dimension */
    int64_t hidden;       /* expert FFN width */
    int64_t experts;      /* E */
    int64_t active;       /* experts per token (top-k) */
    int gated;            /* gated FFN (SwiGLU): three matrices instead of two */
    int bias;
    enum bn_flops_act act;
} bn_flops_moe_spec;

/* Router + top-k expert FFNs per token, {L, D} -> {L, D}. Parameters count
 * every expert; operations only the active ones. */
enum bn_status bn_flops_moe(const char *op, const bn_flops_moe_spec *s,
                            const bn_flops_shape *in, bn_flops_count *out, bn_error *err);

/* ---- shapes ----------------------------------------------------------------------------------- */

/* Product of the dimensions (1 for a scalar); error on overflow or a dimension < 1. */
enum bn_status bn_flops_numel(const char *op, const bn_flops_shape *in, int64_t *numel,
                              bn_error *err);

/* ---- training compute (doubles) ---------------------------------------------------------------- */

/* (1 + backward_ratio) x forward x examples x epochs. */
enum bn_status bn_flops_training(double forward, double examples, double epochs,
                                 double backward_ratio, double *flop, bn_error *err);

/* 6 N D, plus (when layers > 0) Kaplan et al.'s attention term
 * 6 x layers x ctx x d_attn x D; *attention gets that term (0 without). */
enum bn_status bn_flops_dense_transformer(double params, double tokens, double layers,
                                          double ctx, double d_attn, double *flop,
                                          double *attention, bn_error *err);

/* The hardware burden (Thompson et al.'s compute): count x time x peak FLOP/s x unit x
 * utilization, time in units of `unit` seconds (3600: hours; count 1 with time in
 * chip-hours gives the same double as count chips for time hours). Every input must be
 * finite and positive, utilization in (0, 1]. */
enum bn_status bn_flops_hardware(double count, double time, double unit, double peak,
                                 double utilization, double *flop, bn_error *err);

/* bn_flops_hardware for n rows: flop[i] from count[i], time[i], peak[i]; a row with a
 * NaN (missing) input gets NaN. On a bad row, returns its status and index (*bad). */
enum bn_status bn_flops_hardware_n(size_t n, const double *count, const double *time,
                                   double unit, const double *peak, double utilization,
                                   double *flop, size_t *bad, bn_error *err);

#endif
