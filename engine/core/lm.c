/* lm: weighted least squares by blocked (tall-skinny) QR over GSL. See lm.h. */
#include "lm.h"

#include "checked.h"
#include "lmrows.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_vector.h>

#define BLOCK_ROWS 2048
#define ALIAS_TOL 1e-7

/* "nan", "inf" or "-inf", whatever the C library prints */
static const char *shown(double x)
{
    return isnan(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

/* The first bad value of row i, checked in this order: weight, response, columns. */
static enum bn_status row_error(const bn_lm_input *in, size_t i, bn_error *err)
{
    double w = wval(in, i);
    if (!isfinite(w))
        return bn_fail(err, BN_EINVAL, "non-finite value (%s) in column -1 at row %zu", shown(w), i + 1);
    if (w < 0)
        return bn_fail(err, BN_EINVAL, "negative weight (%g) at row %zu", w, i + 1);
    if (!isfinite(in->y[i]))
        return bn_fail(err, BN_EINVAL, "non-finite value (%s) in column 0 at row %zu",
                       shown(in->y[i]), i + 1);
    for (size_t j = 0; j < in->p; j++) {
        double x = xval(in, j, i);
        if (!isfinite(x))
            return bn_fail(err, BN_EINVAL, "non-finite value (%s) in column %zu at row %zu",
                           shown(x), j + 1, i + 1);
    }
    return BN_OK;
}

/* Pass 1: validity, column norms (of sqrt(w) x), weight sums, weighted mean of y. */
static enum bn_status first_pass(const bn_lm_input *in, double *norm, bn_lm_result *out,
                                 double *ymean, bn_error *err)
{
    size_t n = in->n, p = in->p;
    double sw = 0, swy = 0, slw = 0;
    size_t used = 0;
    for (size_t j = 0; j < p; j++)
        norm[j] = 0;
    for (size_t i = 0; i < n; i++) {
        double w = wval(in, i);
        if (!(isfinite(w) && w >= 0 && isfinite(in->y[i])))
            return row_error(in, i, err);
        for (size_t j = 0; j < p; j++) {
            double x = xval(in, j, i);
            if (!isfinite(x))
                return row_error(in, i, err);
            norm[j] += w * x * x;
        }
        if (w > 0) {
            used++;
            slw += log(w);
        }
        sw += w;
        swy += w * in->y[i];
    }
    if (used < p)
        return bn_fail(err, BN_EINVAL, "%zu usable rows for %zu coefficients", used, p);
    /* a column of zeros (say an empty cell of an interaction) keeps scale 1 and is
     * found aliased like any other dependent column */
    for (size_t j = 0; j < p; j++)
        norm[j] = norm[j] > 0 ? sqrt(norm[j]) : 1.0;
    out->n_used = used;
    out->sum_w = sw;
    out->sum_log_w = slw;
    *ymean = swy / sw;
    return BN_OK;
}

/*
 * Folds the rows into R (p x p, upper triangular, top of A) and qty (top of b);
 * returns the sum of squares of the rotated-away part, which is the residual
 * sum of squares of the full-rank problem.
 */
static enum bn_status fold_rows(const bn_lm_input *in, const double *norm, gsl_matrix *R,
                                gsl_vector *qty, double *rss_tail, double ymean, double *tss,
                                bn_error *err)
{
    size_t n = in->n, p = in->p;
    size_t rows = p + BLOCK_ROWS;
    gsl_matrix *A = gsl_matrix_calloc(rows, p);
    gsl_vector *b = gsl_vector_calloc(rows);
    gsl_vector *tau = gsl_vector_alloc(p);
    if (!A || !b || !tau) {
        gsl_matrix_free(A);
        gsl_vector_free(b);
        gsl_vector_free(tau);
        return bn_fail(err, BN_ENOMEM, "out of memory");
    }
    double tail = 0, t = 0;
    enum bn_status st = BN_OK;
    for (size_t start = 0; start < n; start += BLOCK_ROWS) {
        size_t m = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
        for (size_t k = 0; k < m; k++) {
            size_t i = start + k;
            double sw = sqrt(wval(in, i));
            double *row = gsl_matrix_ptr(A, p + k, 0);
            for (size_t j = 0; j < p; j++)
                row[j] = sw * xval(in, j, i) / norm[j];
            gsl_vector_set(b, p + k, sw * in->y[i]);
            double d = in->y[i] - ymean;
            t += wval(in, i) * d * d;
        }
        gsl_matrix_view Av = gsl_matrix_submatrix(A, 0, 0, p + m, p);
        gsl_vector_view bv = gsl_vector_subvector(b, 0, p + m);
        if (gsl_linalg_QR_decomp(&Av.matrix, tau) || gsl_linalg_QR_QTvec(&Av.matrix, tau, &bv.vector)) {
            st = bn_fail(err, BN_ENUMERIC, "QR decomposition failed");
            break;
        }
        for (size_t k = 0; k < m; k++) {
            double r = gsl_vector_get(b, p + k);
            tail += r * r;
        }
        /* keep R (upper triangle) in the top rows, clear the Householder vectors */
        for (size_t r = 1; r < p; r++)
            for (size_t c = 0; c < r && c < p; c++)
                gsl_matrix_set(A, r, c, 0.0);
    }
    if (st == BN_OK) {
        for (size_t r = 0; r < p; r++) {
            for (size_t c = 0; c < p; c++)
                gsl_matrix_set(R, r, c, c >= r ? gsl_matrix_get(A, r, c) : 0.0);
            gsl_vector_set(qty, r, gsl_vector_get(b, r));
        }
        *rss_tail = tail;
        *tss = t;
    }
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(tau);
    return st;
}

/* Designs of at least SPLIT_ROWS rows take the fast fold below (two threads). */
#define SPLIT_ROWS 262144

/*
 * The fast fold of large designs: ONE pass over the data that checks the rows, sums the
 * weights and folds sqrt(w) [x y] into an upper-trapezoidal p x (p+1) factor T (its last
 * column is Q'y), in blocks of FAST_BLOCK rows copied column by column into cache. Each
 * block is eliminated by Householder reflections of [T; block] that touch only row j of T
 * and the block: the structure of a triangle stacked on a dense block, so a block costs
 * about 2 p^2 flops a row and no n x p matrix is ever formed.
 *
 * The columns are not scaled first: Householder QR has a columnwise backward error
 * (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 19.4), so
 * dividing R's columns by the norms afterwards is as accurate as scaling the data; the
 * norms come from T itself (Q is orthogonal: ||x_j|| = ||T[:, j]||).
 * The two halves of the rows fold in two threads and their factors are folded together;
 * blocks and halves depend on n alone, so results never depend on the machine.
 */
#define FAST_BLOCK 512

typedef struct fast_part {
    const bn_lm_input *in;
    size_t lo, hi;
    double *T;   /* p x (p+1), row-major */
    double *blk; /* (p+1) columns of FAST_BLOCK values */
    double tail; /* sum of squares of the rotated-away part of y */
    double sw, mean, m2; /* weights, weighted mean of y and sum of squares about it */
    double slw;
    size_t used;
    bn_error err;
    enum bn_status st;
} fast_part;

/* Four partial sums: a short dependency chain, and the same order on every machine. */
static double dot(const double *a, const double *b, size_t m)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t k = 0;
    for (; k + 4 <= m; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
    }
    for (; k < m; k++)
        s0 += a[k] * b[k];
    return (s0 + s1) + (s2 + s3);
}

/*
 * Folds a block (p+1 columns of m values, stride ld; column p is y) into T. Reflection j
 * maps (T[j][j], block column j) to (alpha, 0): v = (T[j][j] - alpha, column j), and
 * H = I - v v' / (-alpha v0) since v'v = -2 alpha v0.
 */
static void fold_block(double *T, size_t p, double *B, size_t ld, size_t m, double *tail)
{
    size_t q = p + 1;
    for (size_t j = 0; j < p; j++) {
        double *v = B + j * ld;
        double s = dot(v, v, m);
        if (s == 0)
            continue; /* nothing below the diagonal: the reflection is the identity */
        double top = T[j * q + j];
        double nrm = sqrt(top * top + s);
        double alpha = top > 0 ? -nrm : nrm;
        double v0 = top - alpha;
        double scale = -1.0 / (alpha * v0);
        for (size_t c = j + 1; c < q; c++) {
            double *u = B + c * ld;
            double f = (v0 * T[j * q + c] + dot(v, u, m)) * scale;
            T[j * q + c] -= f * v0;
            for (size_t k = 0; k < m; k++)
                u[k] -= f * v[k];
        }
        T[j * q + j] = alpha;
    }
    double *y = B + p * ld;
    *tail += dot(y, y, m);
}

/* Chan, Golub and LeVeque's update of a weighted mean and sum of squares about it. */
static void merge_moments(double *sw, double *mean, double *m2, double bw, double bmean, double bm2)
{
    if (bw <= 0)
        return;
    double w = *sw + bw, d = bmean - *mean;
    *m2 += bm2 + d * d * (*sw / w) * bw;
    *mean += d * (bw / w);
    *sw = w;
}

static void *fast_half(void *arg)
{
    fast_part *h = arg;
    const bn_lm_input *in = h->in;
    size_t p = in->p, ld = FAST_BLOCK;
    double *B = h->blk, *yb = B + p * ld;
    double sq[FAST_BLOCK], wt[FAST_BLOCK];
    for (size_t s = h->lo; s < h->hi; s += FAST_BLOCK) {
        size_t m = h->hi - s < FAST_BLOCK ? h->hi - s : FAST_BLOCK;
        int bad = 0;
        double bw = 0, bwy = 0;
        const double *y = in->y + s;
        if (in->w) {
            const double *w = in->w + s;
            for (size_t k = 0; k < m; k++) {
                bad |= !(w[k] >= 0 && w[k] <= DBL_MAX);
                wt[k] = w[k];
                sq[k] = sqrt(w[k]);
                if (w[k] > 0) {
                    h->used++;
                    h->slw += log(w[k]);
                }
            }
        } else {
            for (size_t k = 0; k < m; k++)
                wt[k] = sq[k] = 1.0;
            h->used += m;
        }
        for (size_t k = 0; k < m; k++) {
            bad |= !(fabs(y[k]) <= DBL_MAX);
            yb[k] = sq[k] * y[k];
            bw += wt[k];
            bwy += wt[k] * y[k];
        }
        for (size_t j = 0; j < p; j++) {
            double *b = B + j * ld;
            const double *x = in->cols[j];
            if (!x) {
                memcpy(b, sq, m * sizeof *b);
                continue;
            }
            x += s;
            for (size_t k = 0; k < m; k++) {
                bad |= !(fabs(x[k]) <= DBL_MAX);
                b[k] = sq[k] * x[k];
            }
        }
        if (bad) {
            for (size_t k = 0; k < m; k++)
                if ((h->st = row_error(in, s + k, &h->err)) != BN_OK)
                    return NULL;
        }
        if (bw > 0) {
            double bmean = bwy / bw, bm2 = 0;
            for (size_t k = 0; k < m; k++)
                bm2 += wt[k] * (y[k] - bmean) * (y[k] - bmean);
            merge_moments(&h->sw, &h->mean, &h->m2, bw, bmean, bm2);
        }
        fold_block(h->T, p, B, ld, m, &h->tail);
    }
    return NULL;
}

static enum bn_status fast_fold(const bn_lm_input *in, double *norm, gsl_matrix *R, gsl_vector *qty,
                                double *rss_tail, double *tss, bn_lm_result *out, bn_error *err)
{
    size_t p = in->p, q = p + 1;
    fast_part hs[2];
    memset(hs, 0, sizeof hs);
    size_t mid = in->n / 2;
    mid -= mid % FAST_BLOCK;
    enum bn_status st = BN_OK;
    for (int k = 0; k < 2; k++) {
        hs[k].in = in;
        hs[k].lo = k ? mid : 0;
        hs[k].hi = k ? in->n : mid;
        hs[k].T = calloc(p * q, sizeof(double));
        hs[k].blk = malloc(q * FAST_BLOCK * sizeof(double));
        bn_error_clear(&hs[k].err);
    }
    double *B = malloc(q * p * sizeof *B);
    if (!hs[0].T || !hs[0].blk || !hs[1].T || !hs[1].blk || !B) {
        st = bn_fail(err, BN_ENOMEM, "out of memory");
        goto done;
    }
    pthread_t tid;
    int threaded = pthread_create(&tid, NULL, fast_half, &hs[1]) == 0;
    fast_half(&hs[0]);
    if (threaded)
        pthread_join(tid, NULL);
    else
        fast_half(&hs[1]);
    /* the first bad row is in the first half when that half has one */
    for (int k = 0; k < 2; k++)
        if (hs[k].st) {
            st = bn_fail(err, hs[k].st, "%s", hs[k].err.msg);
            goto done;
        }
    size_t used = hs[0].used + hs[1].used;
    if (used < p) {
        st = bn_fail(err, BN_EINVAL, "%zu usable rows for %zu coefficients", used, p);
        goto done;
    }
    /* the second factor's rows, as a block of p rows, folded into the first */
    for (size_t c = 0; c < q; c++)
        for (size_t r = 0; r < p; r++)
            B[c * p + r] = hs[1].T[r * q + c];
    double tail = hs[0].tail + hs[1].tail;
    fold_block(hs[0].T, p, B, p, p, &tail);
    const double *T = hs[0].T;
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t r = 0; r <= j; r++)
            s += T[r * q + j] * T[r * q + j];
        /* a column of zeros keeps scale 1 and is found aliased like any dependent column */
        norm[j] = s > 0 ? sqrt(s) : 1.0;
    }
    for (size_t r = 0; r < p; r++) {
        for (size_t c = 0; c < p; c++)
            gsl_matrix_set(R, r, c, c >= r ? T[r * q + c] / norm[c] : 0.0);
        gsl_vector_set(qty, r, T[r * q + p]);
    }
    double sw = hs[0].sw, mean = hs[0].mean, m2 = hs[0].m2;
    merge_moments(&sw, &mean, &m2, hs[1].sw, hs[1].mean, hs[1].m2);
    out->n_used = used;
    out->sum_w = sw;
    out->sum_log_w = hs[0].slw + hs[1].slw;
    *rss_tail = tail;
    *tss = m2;
done:
    for (int k = 0; k < 2; k++) {
        free(hs[k].T);
        free(hs[k].blk);
    }
    free(B);
    return st;
}

/* Marks columns of R whose component orthogonal to the earlier kept columns is
 * below ALIAS_TOL of their norm (columns have unit norm after scaling). */
static size_t find_aliased(const gsl_matrix *R, unsigned char *aliased)
{
    size_t p = R->size1, kept = 0;
    double *basis = calloc(p * p, sizeof *basis); /* orthonormal kept directions, by column */
    double *v = malloc(p * sizeof *v);
    if (!basis || !v) {
        free(basis);
        free(v);
        for (size_t j = 0; j < p; j++)
            aliased[j] = 0;
        return p;
    }
    for (size_t j = 0; j < p; j++) {
        double norm0 = 0, nrm = 0;
        for (size_t r = 0; r < p; r++) {
            v[r] = gsl_matrix_get(R, r, j);
            norm0 += v[r] * v[r];
        }
        for (int pass = 0; pass < 2; pass++) /* twice is enough (Kahan-Parlett) */
            for (size_t k = 0; k < kept; k++) {
                double d = 0;
                for (size_t r = 0; r < p; r++)
                    d += basis[k * p + r] * v[r];
                for (size_t r = 0; r < p; r++)
                    v[r] -= d * basis[k * p + r];
            }
        for (size_t r = 0; r < p; r++)
            nrm += v[r] * v[r];
        nrm = sqrt(nrm);
        if (!(nrm > ALIAS_TOL * sqrt(norm0))) {
            aliased[j] = 1;
            continue;
        }
        aliased[j] = 0;
        for (size_t r = 0; r < p; r++)
            basis[kept * p + r] = v[r] / nrm;
        kept++;
    }
    free(basis);
    free(v);
    return kept;
}

enum bn_status bn_lm_fit(const bn_lm_input *in, enum bn_lm_solver solver, int centre_tss,
                         bn_lm_result *out, bn_error *err)
{
    size_t p = in->p;
    if (p == 0)
        return bn_fail(err, BN_EINVAL, "no columns in the design");
    double *norm = malloc(p * sizeof *norm);
    if (!norm)
        return bn_fail(err, BN_ENOMEM, "out of memory");
    /* large designs: one threaded pass (fast_fold); small ones: GSL's QR of scaled blocks */
    int fast = in->n >= SPLIT_ROWS;
    double ymean = 0;
    enum bn_status st = fast ? BN_OK : first_pass(in, norm, out, &ymean, err);
    if (st) {
        free(norm);
        return st;
    }
    gsl_matrix *R = gsl_matrix_alloc(p, p);
    gsl_vector *qty = gsl_vector_alloc(p);
    gsl_matrix *Rk = NULL, *V = NULL, *Ck = NULL;
    gsl_vector *tau = NULL, *S = NULL, *work = NULL, *bk = NULL;
    size_t *idx = malloc(p * sizeof *idx);
    double tail = 0, tss = 0;
    if (!R || !qty || !idx) {
        st = bn_fail(err, BN_ENOMEM, "out of memory");
        goto done;
    }
    st = fast ? fast_fold(in, norm, R, qty, &tail, &tss, out, err)
              : fold_rows(in, norm, R, qty, &tail, ymean, &tss, err);
    if (st)
        goto done;
    if (!centre_tss) {
        tss = 0;
        for (size_t i = 0; i < in->n; i++)
            tss += wval(in, i) * in->y[i] * in->y[i];
    }

    size_t k = find_aliased(R, out->aliased);
    for (size_t j = 0, c = 0; j < p; j++)
        if (!out->aliased[j])
            idx[c++] = j;

    /* reduced problem: min || R[:, kept] b - qty || (p x k), refactored by QR */
    Rk = gsl_matrix_alloc(p, k);
    tau = gsl_vector_alloc(k);
    bk = gsl_vector_alloc(k);
    Ck = gsl_matrix_alloc(k, k);
    V = gsl_matrix_alloc(k, k);
    S = gsl_vector_alloc(k);
    work = gsl_vector_alloc(k);
    if (!Rk || !tau || !bk || !Ck || !V || !S || !work) {
        st = bn_fail(err, BN_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < k; c++)
            gsl_matrix_set(Rk, r, c, gsl_matrix_get(R, r, idx[c]));
    if (gsl_linalg_QR_decomp(Rk, tau) || gsl_linalg_QR_QTvec(Rk, tau, qty)) {
        st = bn_fail(err, BN_ENUMERIC, "QR decomposition failed");
        goto done;
    }
    double rss = tail;
    for (size_t r = k; r < p; r++)
        rss += gsl_vector_get(qty, r) * gsl_vector_get(qty, r);

    /* SVD of the k x k triangle: condition number, and the SVD solver */
    gsl_matrix *U = Ck; /* reused: holds U after SV_decomp */
    for (size_t r = 0; r < k; r++)
        for (size_t c = 0; c < k; c++)
            gsl_matrix_set(U, r, c, c >= r ? gsl_matrix_get(Rk, r, c) : 0.0);
    if (gsl_linalg_SV_decomp(U, V, S, work)) {
        st = bn_fail(err, BN_ENUMERIC, "SVD failed");
        goto done;
    }
    double smax = gsl_vector_get(S, 0), smin = gsl_vector_get(S, k - 1);
    out->condition = smin > 0 ? smax / smin : INFINITY;

    /* coefficients and unscaled covariance in scaled coordinates */
    double *C = calloc(k * k, sizeof *C);
    if (!C) {
        st = bn_fail(err, BN_ENOMEM, "out of memory");
        goto done;
    }
    if (solver == BN_LM_SVD) {
        /* b = V S^-1 U' qty; C = V S^-2 V' */
        for (size_t c = 0; c < k; c++) {
            double s = gsl_vector_get(S, c), d = 0;
            for (size_t r = 0; r < k; r++)
                d += gsl_matrix_get(U, r, c) * gsl_vector_get(qty, r);
            gsl_vector_set(work, c, s > 0 ? d / s : 0.0);
        }
        for (size_t r = 0; r < k; r++) {
            double b = 0;
            for (size_t c = 0; c < k; c++)
                b += gsl_matrix_get(V, r, c) * gsl_vector_get(work, c);
            gsl_vector_set(bk, r, b);
        }
        for (size_t a = 0; a < k; a++)
            for (size_t b2 = 0; b2 < k; b2++) {
                double s = 0;
                for (size_t c = 0; c < k; c++) {
                    double sv = gsl_vector_get(S, c);
                    if (sv > 0)
                        s += gsl_matrix_get(V, a, c) * gsl_matrix_get(V, b2, c) / (sv * sv);
                }
                C[a * k + b2] = s;
            }
    } else {
        /* b = R^-1 qty; C = R^-1 R^-T (R^-1 by columns through triangular solves) */
        gsl_matrix_const_view Rv = gsl_matrix_const_submatrix(Rk, 0, 0, k, k);
        gsl_vector_const_view qv = gsl_vector_const_subvector(qty, 0, k);
        gsl_vector_memcpy(bk, &qv.vector);
        if (gsl_blas_dtrsv(CblasUpper, CblasNoTrans, CblasNonUnit, &Rv.matrix, bk)) {
            free(C);
            st = bn_fail(err, BN_ENUMERIC, "triangular solve failed");
            goto done;
        }
        gsl_matrix *Ri = V; /* reused */
        gsl_matrix_set_identity(Ri);
        gsl_blas_dtrsm(CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, 1.0, &Rv.matrix, Ri);
        for (size_t a = 0; a < k; a++)
            for (size_t b2 = a; b2 < k; b2++) {
                double s = 0;
                for (size_t c = b2; c < k; c++)
                    s += gsl_matrix_get(Ri, a, c) * gsl_matrix_get(Ri, b2, c);
                C[a * k + b2] = C[b2 * k + a] = s;
            }
    }
    for (size_t j = 0; j < p; j++) {
        out->coef[j] = NAN;
        for (size_t c = 0; c < p; c++)
            out->cov[j * p + c] = NAN;
    }
    for (size_t a = 0; a < k; a++) {
        out->coef[idx[a]] = gsl_vector_get(bk, a) / norm[idx[a]];
        for (size_t b2 = 0; b2 < k; b2++)
            out->cov[idx[a] * p + idx[b2]] = C[a * k + b2] / (norm[idx[a]] * norm[idx[b2]]);
    }
    free(C);
    for (size_t a = 0; a < k; a++)
        for (size_t b2 = 0; b2 < k; b2++)
            out->rfac[a * k + b2] = b2 >= a ? gsl_matrix_get(Rk, a, b2) : 0.0;
    for (size_t j = 0; j < p; j++)
        out->scale[j] = norm[j];
    out->rank = k;
    out->rss = rss;
    out->tss = tss;
done:
    free(norm);
    free(idx);
    gsl_matrix_free(R);
    gsl_vector_free(qty);
    gsl_matrix_free(Rk);
    gsl_matrix_free(V);
    gsl_matrix_free(Ck);
    gsl_vector_free(tau);
    gsl_vector_free(S);
    gsl_vector_free(work);
    gsl_vector_free(bk);
    return st;
}

void bn_lm_diagnostics(const bn_lm_input *in, const bn_lm_result *fit, double *fitted,
                       double *resid, double *leverage, double *cooks)
{
    size_t n = in->n, p = in->p, k = fit->rank;
    double df = (double)fit->n_used - (double)fit->rank;
    double s2 = df > 0 ? fit->rss / df : NAN;
    double buf[128], *z = p <= 64 ? buf : malloc(2 * p * sizeof *z);
    if (!z)
        return;
    double *u = z + p;
    for (size_t i = 0; i < n; i++) {
        double f = 0, h = 0, w = wval(in, i);
        size_t c = 0;
        for (size_t j = 0; j < p; j++) {
            if (fit->aliased[j])
                continue;
            double x = xval(in, j, i);
            f += x * fit->coef[j];
            z[c++] = x / fit->scale[j];
        }
        /* leverage = w ||R^-T z||^2: stable even when X'X is ill-conditioned */
        for (size_t a = 0; a < k; a++) {
            double s = z[a];
            for (size_t b = 0; b < a; b++)
                s -= fit->rfac[b * k + a] * u[b];
            u[a] = s / fit->rfac[a * k + a];
            h += u[a] * u[a];
        }
        h *= w;
        double r = in->y[i] - f;
        if (fitted)
            fitted[i] = f;
        if (resid)
            resid[i] = r;
        if (leverage)
            leverage[i] = h;
        if (cooks) {
            double wr2 = w * r * r;
            cooks[i] = (h < 1 && s2 > 0) ? wr2 / (s2 * (1 - h) * (1 - h)) * h / (double)k : NAN;
        }
    }
    if (z != buf)
        free(z);
}
