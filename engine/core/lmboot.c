/* lmboot: bootstrap resamples of linear-model statistics, in threads. See lmboot.h. */
#include "lmboot.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "checked.h"
#include "rng.h"

void bn_boot_indices(uint64_t seed, uint64_t b, size_t n, size_t *idx)
{
    bn_rng r;
    bn_rng_seed(&r, seed, b);
    bn_rng_indices(&r, n, n, idx);
}

/* ---- one fit on a list of rows ------------------------------------------------------- */

typedef struct work {
    size_t m, p;
    gsl_matrix *A;
    gsl_vector *tau, *rhs, *x, *res;
    size_t *idx;
    double *ystar;
} work;

static void work_free(work *w)
{
    gsl_matrix_free(w->A);
    gsl_vector_free(w->tau);
    gsl_vector_free(w->rhs);
    gsl_vector_free(w->x);
    gsl_vector_free(w->res);
    free(w->idx);
    free(w->ystar);
    memset(w, 0, sizeof *w);
}

static int work_alloc(work *w, size_t m, size_t p, int general)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    w->p = p;
    w->idx = malloc((m ? m : 1) * sizeof *w->idx);
    w->ystar = malloc((m ? m : 1) * sizeof *w->ystar);
    if (general) {
        w->A = gsl_matrix_alloc(m, p);
        w->tau = gsl_vector_alloc(p);
        w->rhs = gsl_vector_alloc(m);
        w->x = gsl_vector_alloc(p);
        w->res = gsl_vector_alloc(m);
    }
    if (!w->idx || !w->ystar || (general && (!w->A || !w->tau || !w->rhs || !w->x || !w->res))) {
        work_free(w);
        return -1;
    }
    return 0;
}

static int is_simple_line(const bn_lm_input *in)
{
    return in->p == 2 && in->cols[0] == NULL && in->cols[1] != NULL;
}

/* Coefficients of y (or ystar when not NULL, indexed by position k) on the rows
 * idx[0..m-1]. Returns 0, or -1 when the design is singular. */
static int fit_rows(const bn_lm_input *in, const size_t *idx, size_t m, const double *ystar,
                    work *w, double *coef)
{
    size_t p = in->p;
    const double *wt = in->w;
    if (m < p)
        return -1; /* a cluster resample can be smaller than the design */
    if (is_simple_line(in)) {
        /* centred two-pass sums: as accurate as QR for one regressor */
        const double *x = in->cols[1];
        double sw = 0, sx = 0, sy = 0;
        for (size_t k = 0; k < m; k++) {
            size_t i = idx[k];
            double wi = wt ? wt[i] : 1.0, yi = ystar ? ystar[k] : in->y[i];
            sw += wi;
            sx += wi * x[i];
            sy += wi * yi;
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (size_t k = 0; k < m; k++) {
            size_t i = idx[k];
            double wi = wt ? wt[i] : 1.0, yi = ystar ? ystar[k] : in->y[i];
            double dx = x[i] - mx;
            sxx += wi * dx * dx;
            sxy += wi * dx * (yi - my);
        }
        if (!(sxx > 0) || !(sxx > 1e-24 * sw * (mx * mx + 1)))
            return -1;
        coef[1] = sxy / sxx;
        coef[0] = my - coef[1] * mx;
        return 0;
    }
    gsl_matrix_view Av = gsl_matrix_submatrix(w->A, 0, 0, m, p);
    gsl_vector_view rv = gsl_vector_subvector(w->rhs, 0, m);
    gsl_vector_view resv = gsl_vector_subvector(w->res, 0, m);
    for (size_t k = 0; k < m; k++) {
        size_t i = idx[k];
        double sw = wt ? sqrt(wt[i]) : 1.0;
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(&Av.matrix, k, j, sw * (in->cols[j] ? in->cols[j][i] : 1.0));
        gsl_vector_set(&rv.vector, k, sw * (ystar ? ystar[k] : in->y[i]));
    }
    if (gsl_linalg_QR_decomp(&Av.matrix, w->tau))
        return -1;
    double dmax = 0;
    for (size_t j = 0; j < p; j++)
        dmax = fmax(dmax, fabs(gsl_matrix_get(&Av.matrix, j, j)));
    for (size_t j = 0; j < p; j++)
        if (!(fabs(gsl_matrix_get(&Av.matrix, j, j)) > 1e-10 * dmax))
            return -1;
    if (gsl_linalg_QR_lssolve(&Av.matrix, w->tau, &rv.vector, w->x, &resv.vector))
        return -1;
    for (size_t j = 0; j < p; j++)
        coef[j] = gsl_vector_get(w->x, j);
    return 0;
}

size_t bn_boot_width(const bn_boot_spec *spec)
{
    return spec->stat == BN_BOOT_INVERSE ? 1 : spec->in->p;
}

static void statistic(const bn_boot_spec *spec, int ok, const double *coef, double *out)
{
    size_t wdt = bn_boot_width(spec);
    if (!ok) {
        for (size_t j = 0; j < wdt; j++)
            out[j] = NAN;
        return;
    }
    if (spec->stat == BN_BOOT_INVERSE)
        out[0] = (spec->target - coef[0]) / coef[1];
    else
        memcpy(out, coef, wdt * sizeof *out);
}

/* ---- threads ------------------------------------------------------------------------- */

typedef struct job {
    const bn_boot_spec *spec;
    double *out;
    size_t first, last; /* resamples [first, last) */
    int failed;
    int stopped;        /* the stop flag was seen */
} job;

/* ---- the straight line resampled by cases ---------------------------------------------
 *
 * One pass per resample: each drawn row adds its precomputed terms, shifted by the
 * full-data means (the shift keeps one-pass sums as accurate as centred two-pass ones)
 * and multiplied by its weight. Rows are drawn in pairs (bn_rng_pair, the sequence of
 * bn_boot_indices), the first of each pair into one set of sums and the second into
 * another, added at the end: two independent chains of additions instead of one. */

typedef struct line_row {
    double dx, dy, dxx, dxy; /* w dx, w dy, w dx^2, w dx dy; dx = x - mean x, dy = y - mean y */
} line_row;

typedef struct line_sums {
    double sw, sx, sy, sxx, sxy;
} line_sums;

/* Adds row i to the sums of set A or B (plain locals, so that they stay in registers). */
#define LINE_ADD(S, i)                                                                          \
    do {                                                                                        \
        const line_row *q_ = &rows[i];                                                          \
        sw##S += wt ? wt[i] : 1.0;                                                              \
        sx##S += q_->dx;                                                                        \
        sy##S += q_->dy;                                                                        \
        sxx##S += q_->dxx;                                                                      \
        sxy##S += q_->dxy;                                                                      \
    } while (0)

/* The sums of one resample. Inlined twice, with and without weights, so that the
 * unweighted loop has no weight to load. */
static inline __attribute__((always_inline)) line_sums line_draw(bn_rng *r, uint32_t n,
                                                                  const line_row *rows,
                                                                  const double *wt)
{
    double swA = 0, sxA = 0, syA = 0, sxxA = 0, sxyA = 0;
    double swB = 0, sxB = 0, syB = 0, sxxB = 0, sxyB = 0;
    uint32_t k = 0;
    for (; k + 1 < n; k += 2) {
        uint32_t i, j;
        bn_rng_pair(r, n, &i, &j);
        LINE_ADD(A, i);
        LINE_ADD(B, j);
    }
    if (k < n) {
        uint32_t i, j;
        bn_rng_pair(r, n, &i, &j);
        LINE_ADD(A, i);
    }
    return (line_sums){swA + swB, sxA + sxB, syA + syB, sxxA + sxxB, sxyA + sxyB};
}

/* The resamples of one job; 0 when out of memory. */
static int line_case_resamples(job *jb)
{
    const bn_boot_spec *spec = jb->spec;
    const bn_lm_input *in = spec->in;
    const double *x = in->cols[1], *y = in->y, *wt = in->w;
    uint32_t n = (uint32_t)in->n;
    double coef[2];
    line_row *rows = malloc(n * sizeof *rows);
    if (!rows)
        return 0;
    double cx = 0, cy = 0, sw0 = 0;
    for (uint32_t i = 0; i < n; i++) {
        double wi = wt ? wt[i] : 1.0;
        cx += wi * x[i];
        cy += wi * y[i];
        sw0 += wi;
    }
    cx /= sw0;
    cy /= sw0;
    for (uint32_t i = 0; i < n; i++) {
        double wi = wt ? wt[i] : 1.0, dx = x[i] - cx, dy = y[i] - cy;
        rows[i] = (line_row){wi * dx, wi * dy, wi * dx * dx, wi * dx * dy};
    }
    for (size_t b = jb->first; b < jb->last; b++) {
        if (bn_stopped(spec->stop)) {
            jb->stopped = 1;
            break;
        }
        bn_rng r;
        bn_rng_seed(&r, spec->seed, spec->first + b);
        line_sums s = wt ? line_draw(&r, n, rows, wt) : line_draw(&r, n, rows, NULL);
        double mx = s.sx / s.sw, my = s.sy / s.sw;
        double vxx = s.sxx - s.sx * mx, vxy = s.sxy - s.sx * my;
        int ok = vxx > 1e-24 * s.sxx && vxx > 0;
        if (ok) {
            coef[1] = vxy / vxx;
            coef[0] = (cy + my) - coef[1] * (cx + mx);
        }
        statistic(spec, ok, coef, jb->out + b * bn_boot_width(spec));
    }
    free(rows);
    return 1;
}


static void *run_job(void *arg)
{
    job *jb = arg;
    const bn_boot_spec *spec = jb->spec;
    const bn_lm_input *in = spec->in;
    size_t n = in->n, p = in->p, wdt = bn_boot_width(spec);
    size_t m = n;
    work w;
    double coef[64];
    size_t *draw = NULL;
    if (spec->n_clusters) {
        /* the largest resample: every draw the largest cluster */
        size_t big = 0;
        for (size_t g = 0; g < spec->n_clusters; g++)
            if (spec->cl_start[g + 1] - spec->cl_start[g] > big)
                big = spec->cl_start[g + 1] - spec->cl_start[g];
        if (bn_size_mul(big, spec->n_clusters, &m))
            draw = malloc(spec->n_clusters * sizeof *draw); /* else: too large, as no memory */
    }
    if (p > 64 || (spec->n_clusters && !draw) || work_alloc(&w, m, p, !is_simple_line(in))) {
        free(draw);
        jb->failed = 1;
        return NULL;
    }
    if (spec->n_clusters) {
        for (size_t b = jb->first; b < jb->last; b++) {
            if (bn_stopped(spec->stop)) {
                jb->stopped = 1;
                break;
            }
            bn_boot_indices(spec->seed, spec->first + b, spec->n_clusters, draw);
            size_t len = 0;
            for (size_t k = 0; k < spec->n_clusters; k++)
                for (size_t r = spec->cl_start[draw[k]]; r < spec->cl_start[draw[k] + 1]; r++)
                    w.idx[len++] = spec->cl_rows[r];
            int ok = fit_rows(in, w.idx, len, NULL, &w, coef) == 0;
            statistic(spec, ok, coef, jb->out + b * wdt);
        }
        free(draw);
        work_free(&w);
        return NULL;
    }
    /* the common case, a straight line resampled by cases */
    if (is_simple_line(in) && !spec->residual && n <= UINT32_MAX) {
        int ok = line_case_resamples(jb);
        work_free(&w);
        if (!ok)
            jb->failed = 1;
        return NULL;
    }
    for (size_t b = jb->first; b < jb->last; b++) {
        const double *ystar = NULL;
        if (bn_stopped(spec->stop)) {
            jb->stopped = 1;
            break;
        }
        if (spec->residual) {
            /* same rows, new responses: fitted + a resampled residual */
            bn_boot_indices(spec->seed, spec->first + b, n, w.idx);
            for (size_t i = 0; i < n; i++)
                w.ystar[i] = spec->fitted[i] + spec->resid[w.idx[i]];
            for (size_t i = 0; i < n; i++)
                w.idx[i] = i;
            ystar = w.ystar;
        } else {
            bn_boot_indices(spec->seed, spec->first + b, n, w.idx);
        }
        int ok = fit_rows(in, w.idx, m, ystar, &w, coef) == 0;
        statistic(spec, ok, coef, jb->out + b * wdt);
    }
    work_free(&w);
    return NULL;
}

static enum bn_status run_all(const bn_boot_spec *spec, double *out, size_t count, bn_error *err)
{
    int T = spec->threads;
    if (T < 1) { /* automatic: every online core */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        T = cores > 0 ? (int)cores : 1;
    }
    if ((size_t)T > count)
        T = count ? (int)count : 1;
    if (T > 64)
        T = 64;
    job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    for (int t = 0; t < T; t++) {
        /* count * t / T without overflow: count is at most SIZE_MAX / width */
        jobs[t] = (job){spec, out, (size_t)((__uint128_t)count * (size_t)t / (size_t)T),
                        (size_t)((__uint128_t)count * (size_t)(t + 1) / (size_t)T), 0, 0};
    }
    for (int t = 1; t < T; t++)
        started[t] = pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0;
    run_job(&jobs[0]);
    for (int t = 1; t < T; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            run_job(&jobs[t]); /* no thread: do its share here */
    }
    for (int t = 0; t < T; t++)
        if (jobs[t].failed)
            return bn_fail(err, BN_ENOMEM, "bootstrap: out of memory");
    for (int t = 0; t < T; t++)
        if (jobs[t].stopped)
            return bn_fail(err, BN_EINTR, "interrupted");
    return BN_OK;
}

static enum bn_status check_spec(const bn_boot_spec *spec, bn_error *err)
{
    const bn_lm_input *in = spec->in;
    if (in->p == 0 || in->p > 64)
        return bn_fail(err, BN_EINVAL, "bootstrap: between 1 and 64 coefficients needed");
    if (in->n < in->p + 1)
        return bn_fail(err, BN_EINVAL, "bootstrap: %zu rows for %zu coefficients", in->n, in->p);
    if (spec->stat == BN_BOOT_INVERSE && !is_simple_line(in))
        return bn_fail(err, BN_EINVAL, "bootstrap: the inverse needs a straight line with an intercept");
    if (spec->n_clusters && spec->residual)
        return bn_fail(err, BN_EINVAL, "bootstrap: cluster resampling resamples cases, not residuals");
    if (spec->n_clusters == 1)
        return bn_fail(err, BN_EINVAL, "bootstrap: cluster resampling needs at least 2 clusters");
    if (spec->n_clusters && (!spec->cl_start || !spec->cl_rows || spec->cl_start[spec->n_clusters] != in->n))
        return bn_fail(err, BN_EINVAL, "bootstrap: the clusters must hold every row once");
    if (spec->residual && (!spec->fitted || !spec->resid))
        return bn_fail(err, BN_EINVAL, "bootstrap: residual resampling needs fitted values and residuals");
    size_t nout;
    if (!bn_size_mul(spec->B, bn_boot_width(spec), &nout))
        return bn_fail(err, BN_ERANGE, "bootstrap: B = %zu is too large", spec->B);
    return BN_OK;
}

enum bn_status bn_boot_run(const bn_boot_spec *spec, double *out, bn_error *err)
{
    enum bn_status st = check_spec(spec, err);
    if (st)
        return st;
    return run_all(spec, out, spec->B, err);
}
