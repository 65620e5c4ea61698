/*
 * lmboot: the fast path of burden.fit.bootstrap for linear-model statistics.
 *
 * Each resample b (0-based) draws its n row indices (or, resampling clusters, its
 * cluster numbers) from stream b of burden's one generator (rng.h: xoshiro256**
 * seeded from (seed, b), unbiased bounded integers two per 64-bit output), so results
 * are identical whatever the number of threads and whichever thread runs which
 * resample. The same stream is offered to Lua (bn_boot_indices), so a statistic
 * written in Lua sees the same resamples as the C path.
 *
 * Memory: the caller owns `out`; the kernel allocates per-thread workspace and
 * frees it before returning.
 */
#ifndef BURDEN_CORE_LMBOOT_H
#define BURDEN_CORE_LMBOOT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "interrupt.h"
#include "lm.h"

enum bn_boot_stat { BN_BOOT_COEF = 0, BN_BOOT_INVERSE = 1 };

typedef struct bn_boot_spec {
    const bn_lm_input *in;   /* the design (cols, y, optional weights) */
    int residual;            /* 0: resample cases; 1: y* = fitted + resampled residuals */
    const double *fitted;    /* n, for residual resampling */
    const double *resid;     /* n, for residual resampling */
    enum bn_boot_stat stat;  /* all coefficients (p values), or the inverse prediction */
    double target;           /* y for BN_BOOT_INVERSE: x = (target - a) / b */
    size_t B;                /* resamples */
    uint64_t first;          /* number of the first resample (0-based): a run of B
                                resamples can be split into pieces with equal results */
    uint64_t seed;
    int threads;             /* >= 1, or 0 for one per online core */
    /* Cluster resampling (cases only) when n_clusters > 0: resample b draws n_clusters
     * cluster numbers from its stream, as bn_boot_indices(seed, b, n_clusters), and
     * takes every row of each drawn cluster, in row order; the rows of cluster g are
     * cl_rows[cl_start[g] .. cl_start[g + 1]). A resample's size varies. */
    size_t n_clusters;
    const size_t *cl_start;  /* n_clusters + 1 */
    const size_t *cl_rows;   /* n */
    const bn_stop_flag *stop; /* polled between resamples (NULL: never); when set the
                                run stops with BN_EINTR */
} bn_boot_spec;

/* Values per resample: p for BN_BOOT_COEF, 1 for BN_BOOT_INVERSE. */
size_t bn_boot_width(const bn_boot_spec *spec);

/* Runs B resamples into out (B x width, row-major). A resample whose design is
 * singular gives NaN. BN_ERANGE when B x width overflows, BN_EINTR when stopped. */
enum bn_status bn_boot_run(const bn_boot_spec *spec, double *out, bn_error *err);

/* The n row indices (0-based) of resample b. */
void bn_boot_indices(uint64_t seed, uint64_t b, size_t n, size_t *idx);

#endif
