/*
 * lm: (weighted) linear least squares with full inference, over GSL.
 *
 * The design is given column by column (no n x p matrix is ever formed), so a
 * fit of 10 million rows needs memory for the data only. Rows are folded into
 * a p x p triangular factor block by block (Householder QR of [R; block], a
 * "tall-skinny QR"), which is as accurate as a QR of the whole matrix; large
 * designs fold in two halves in two threads, split by n alone. Columns
 * are scaled to unit norm first; a column whose part orthogonal to the
 * previous kept columns is below 1e-7 of its norm is aliased (R's lm rule);
 * the kept columns are solved by QR (triangular solve) or by SVD.
 *
 * Memory: the caller owns every buffer of bn_lm_result (coef, cov, rfac: p*p; scale: p);
 * the kernels allocate only temporary workspace and free it before returning.
 */
#ifndef BURDEN_CORE_LM_H
#define BURDEN_CORE_LM_H

#include <stddef.h>

#include "error.h"

enum bn_lm_solver { BN_LM_QR = 0, BN_LM_SVD = 1 };

typedef struct bn_lm_input {
    size_t n;                  /* rows */
    size_t p;                  /* design columns, the intercept included */
    const double *const *cols; /* p column pointers of n values; NULL = a column of ones */
    const double *y;           /* n responses */
    const double *w;           /* n weights >= 0, or NULL for unit weights */
} bn_lm_input;

typedef struct bn_lm_result {
    /* caller-owned buffers, p and p*p long */
    double *coef;           /* NaN for aliased columns */
    double *cov;            /* unscaled covariance (X'WX)^-1, row-major; NaN rows/cols for aliased */
    unsigned char *aliased; /* 1 = column aliased (linearly dependent on earlier ones) */
    double *rfac;           /* p*p: the rank x rank triangular factor of the kept, scaled
                               columns (row-major, rank x rank at the start) */
    double *scale;          /* p: the norm each column was divided by */
    /* scalars filled by bn_lm_fit */
    size_t rank;            /* kept columns */
    size_t n_used;          /* rows with a nonzero weight */
    double rss;             /* weighted residual sum of squares */
    double tss;             /* weighted total sum of squares, centred when centre_tss */
    double sum_w;           /* sum of weights */
    double sum_log_w;       /* sum of log(weight) over rows with nonzero weight */
    double condition;       /* 2-norm condition number of the column-scaled kept design */
} bn_lm_result;

/* Fits y ~ X by weighted least squares. centre_tss: R^2 against the mean
 * (models with an intercept) rather than against zero. Errors (BN_EINVAL):
 * a non-finite value (message names column index and row, 1-based; column 0 is y,
 * -1 the weights), a negative weight, fewer used rows than columns. A column of
 * zeros is aliased. */
enum bn_status bn_lm_fit(const bn_lm_input *in, enum bn_lm_solver solver, int centre_tss,
                         bn_lm_result *out, bn_error *err);

/* Second pass for the diagnostics of a fit: any output may be NULL. fitted and
 * resid are on the response scale; leverage is the diagonal of the weighted hat
 * matrix; cooks is Cook's distance with sigma^2 = rss / (n_used - rank) (NaN when
 * that is not positive, or where leverage is 1). */
void bn_lm_diagnostics(const bn_lm_input *in, const bn_lm_result *fit, double *fitted,
                       double *resid, double *leverage, double *cooks);

/* Cluster-robust covariance (CR1) of a fit, as statsmodels' OLS/WLS
 * fit(cov_type="cluster", cov_kwds={"groups": g}) computes it by default
 * (statsmodels.stats.sandwich_covariance.cov_cluster, use_correction=True):
 *
 *   V = c (X'WX)^-1 [ sum_g s_g s_g' ] (X'WX)^-1,   s_g = sum_{i in g} w_i x_i e_i,
 *   c = G/(G-1) * (N-1)/(N-K)
 *
 * e = y - X b; N = rows used (nonzero weight), K = rank, G = clusters that hold a
 * used row. group[i] in [0, n_groups) is the cluster of row i. cov (p*p, row-major)
 * gets NaN rows and columns for aliased coefficients, and NaN everywhere when
 * N = K. *g_used receives G. Errors (BN_EINVAL): a group id out of range, fewer
 * than two clusters. */
enum bn_status bn_lm_cluster_cov(const bn_lm_input *in, const bn_lm_result *fit,
                                 const size_t *group, size_t n_groups, double *cov,
                                 size_t *g_used, bn_error *err);

/* Distributions (GSL): upper tail and quantiles. */
double bn_lm_pt_upper(double t, double df);     /* P(T > t) */
double bn_lm_qt(double p, double df);           /* P(T <= q) = p */
double bn_lm_pf_upper(double f, double d1, double d2);
double bn_lm_qnorm(double p);
double bn_lm_pnorm(double x);

/* Fieller's set for the x at which the line a + b x reaches y0: the x with
 * (a + b x - y0)^2 <= t2 (vaa + 2 x vab + x^2 vbb), where vaa, vab, vbb are the
 * (co)variances of a and b (vaa plus a new observation's variance for a prediction
 * set) and t2 the squared critical value. That is A x^2 + 2 B x + C <= 0 with
 * A = b^2 - t2 vbb, B = (a - y0) b - t2 vab, C = (a - y0)^2 - t2 vaa.
 *   BN_FIELLER_INTERVAL   (A > 0): the x in [*lo, *hi]. The discriminant B^2 - A C is
 *                         never negative but by rounding (then the point -B/A, and
 *                         *clamped = 1) or NaN (then NaN bounds, *clamped = 1).
 *   BN_FIELLER_COMPLEMENT (A <= 0 < B^2 - A C: the slope is not significant): every x
 *                         outside (*lo, *hi), *lo < *hi.
 *   BN_FIELLER_ALL        (otherwise): every x; *lo and *hi are NaN.
 * The one Fieller computation of the program (burden.fit.lm's inverse, the
 * hypotheses' projections and progress rate). */
enum bn_fieller { BN_FIELLER_INTERVAL, BN_FIELLER_COMPLEMENT, BN_FIELLER_ALL };
enum bn_fieller bn_lm_fieller(double a, double b, double y0, double vaa, double vab, double vbb,
                              double t2, double *lo, double *hi, int *clamped);

#endif
