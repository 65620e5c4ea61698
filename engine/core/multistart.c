#include "multistart.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>

#define MS_MAXK 8

/*
 * exp(d) for d <= 0, the weight of a term against the largest one. Below -37 the
 * term is under half an ulp of the sum (which is >= 1) and cannot change it: 0 is
 * returned without calling exp, a large saving far from the optimum.
 */
static inline double soft(double d)
{
    return d < -37.0 ? 0.0 : exp(d);
}

/* log(sum) for a sum of weights that is >= 1; far from the optimum it is often exactly 1. */
static inline double lse1(double sum)
{
    return sum == 1.0 ? 0.0 : log(sum);
}

/* Huber loss of r and its derivative. */
static inline double huber(double r, double delta, double *dh)
{
    double ar = fabs(r);
    if (ar <= delta) {
        *dh = r;
        return 0.5 * r * r;
    }
    *dh = r > 0 ? delta : -delta;
    return delta * (ar - 0.5 * delta);
}

/*
 * The two-predictor case (Chinchilla), written out: the same operations in the same
 * order as the general loop below, so both give identical results, only faster.
 */
static double objective2(const bn_ms_problem *pb, const double *p, double *grad)
{
    size_t n = pb->n;
    const double *x1 = pb->logx, *x2 = pb->logx + n, *ly = pb->logy;
    double a = p[0], b = p[1], e = p[2], al = p[3], be = p[4], delta = pb->delta;
    double total = 0.0, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0, g4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t0 = a - al * x1[i], t1 = b - be * x2[i];
        double s0, s1, s2, mx;
        int jmax = 2;
        if (t0 > e)
            jmax = 0;
        if (t1 > (jmax == 0 ? t0 : e))
            jmax = 1;
        mx = jmax == 0 ? t0 : jmax == 1 ? t1 : e;
        s0 = jmax == 0 ? 1.0 : soft(t0 - mx);
        s1 = jmax == 1 ? 1.0 : soft(t1 - mx);
        s2 = jmax == 2 ? 1.0 : soft(e - mx);
        double sum = 0.0;
        sum += s0;
        sum += s1;
        sum += s2;
        double dh;
        total += huber(mx + lse1(sum) - ly[i], delta, &dh);
        if (grad) {
            double g = dh / sum;
            g0 += g * s0;
            g3 -= g * s0 * x1[i];
            g1 += g * s1;
            g4 -= g * s1 * x2[i];
            g2 += g * s2;
        }
    }
    if (grad) {
        grad[0] = g0, grad[1] = g1, grad[2] = g2, grad[3] = g3, grad[4] = g4;
    }
    return total;
}

double bn_ms_objective(const bn_ms_problem *pb, const double *p, double *grad)
{
    if (pb->k == 2)
        return objective2(pb, p, grad);
    size_t k = pb->k, n = pb->n, np = 2 * k + 1;
    const double *a = p, *alpha = p + k + 1;
    double e = p[k], delta = pb->delta;
    double total = 0.0;
    if (grad)
        memset(grad, 0, np * sizeof *grad);
    for (size_t i = 0; i < n; i++) {
        double t[MS_MAXK + 1], s[MS_MAXK + 1];
        size_t jmax = k;
        t[k] = e;
        for (size_t j = 0; j < k; j++) {
            t[j] = a[j] - alpha[j] * pb->logx[j * n + i];
            if (t[j] > t[jmax])
                jmax = j;
        }
        /* log-sum-exp relative to the largest term, whose exp is exactly 1 */
        double mx = t[jmax], sum = 0.0;
        for (size_t j = 0; j <= k; j++) {
            s[j] = j == jmax ? 1.0 : soft(t[j] - mx);
            sum += s[j];
        }
        double dh;
        total += huber(mx + lse1(sum) - pb->logy[i], delta, &dh);
        if (grad) {
            double g = dh / sum; /* dh/dr times d LSE / d t_j = softmax weight s_j / sum */
            for (size_t j = 0; j < k; j++) {
                grad[j] += g * s[j];
                grad[k + 1 + j] -= g * s[j] * pb->logx[j * n + i];
            }
            grad[k] += g * s[k];
        }
    }
    return total;
}

/*
 * GSL's line search asks for f and the gradient at the same point in separate
 * calls; computing both costs little more than f alone, so each thread caches
 * the last point with its value and gradient.
 */
typedef struct ms_eval {
    const bn_ms_problem *pb;
    double x[2 * MS_MAXK + 1], f, g[2 * MS_MAXK + 1];
    int valid;
} ms_eval;

static void eval_at(ms_eval *ev, const gsl_vector *x)
{
    size_t np = 2 * ev->pb->k + 1;
    if (ev->valid && memcmp(ev->x, x->data, np * sizeof(double)) == 0)
        return;
    memcpy(ev->x, x->data, np * sizeof(double));
    ev->f = bn_ms_objective(ev->pb, ev->x, ev->g);
    ev->valid = 1;
}

static double mm_f(const gsl_vector *x, void *vev)
{
    eval_at(vev, x);
    return ((ms_eval *)vev)->f;
}

static void mm_df(const gsl_vector *x, void *vev, gsl_vector *g)
{
    ms_eval *ev = vev;
    eval_at(ev, x);
    memcpy(g->data, ev->g, (2 * ev->pb->k + 1) * sizeof(double));
}

static void mm_fdf(const gsl_vector *x, void *vev, double *f, gsl_vector *g)
{
    ms_eval *ev = vev;
    eval_at(ev, x);
    *f = ev->f;
    memcpy(g->data, ev->g, (2 * ev->pb->k + 1) * sizeof(double));
}

typedef struct ms_job {
    const bn_ms_problem *pb; /* as given */
    bn_ms_problem inner;     /* centred and scaled predictors */
    double center[MS_MAXK], scale[MS_MAXK];
    const bn_ms_options *opt;
    const double *starts;
    size_t nstart;
    double *params, *obj;
    int *stop;
    size_t *iters;
    atomic_size_t next;
    atomic_int nomem;
    atomic_int stopped;
} ms_job;

/*
 * The minimiser works on centred and scaled predictors z = (log X - c) / s, with
 * a' = a - alpha c and alpha' = alpha s: the same objective, but a and alpha no
 * longer pull along one long narrow valley, and BFGS needs far fewer iterations.
 */
static void to_internal(const ms_job *job, const double *p, double *q)
{
    size_t k = job->pb->k;
    memcpy(q, p, (2 * k + 1) * sizeof(double));
    for (size_t j = 0; j < k; j++) {
        q[j] = p[j] - p[k + 1 + j] * job->center[j];
        q[k + 1 + j] = p[k + 1 + j] * job->scale[j];
    }
}

static void to_original(const ms_job *job, const double *q, double *p)
{
    size_t k = job->pb->k;
    memcpy(p, q, (2 * k + 1) * sizeof(double));
    for (size_t j = 0; j < k; j++) {
        p[k + 1 + j] = q[k + 1 + j] / job->scale[j];
        p[j] = q[j] + p[k + 1 + j] * job->center[j];
    }
}

/* One start, with a minimiser owned by the calling thread. */
static void run_start(ms_job *job, gsl_multimin_fdfminimizer *mm, gsl_vector *x, size_t s)
{
    const bn_ms_problem *pb = &job->inner;
    size_t np = 2 * pb->k + 1;
    ms_eval ev = { .pb = pb, .valid = 0 };
    gsl_multimin_function_fdf fn = { .f = mm_f, .df = mm_df, .fdf = mm_fdf, .n = np,
                                     .params = &ev };
    to_internal(job, job->starts + s * np, x->data);
    int stop = BN_MS_MAXITER;
    size_t it = 0;
    if (gsl_multimin_fdfminimizer_set(mm, &fn, x, job->opt->step, job->opt->linetol) != GSL_SUCCESS) {
        stop = BN_MS_FAILED;
    } else {
        double fprev = mm->f;
        while (it < job->opt->maxiter) {
            if (bn_stopped(job->opt->stop)) {
                atomic_store(&job->stopped, 1);
                break;
            }
            it++;
            int status = gsl_multimin_fdfminimizer_iterate(mm);
            if (status == GSL_ENOPROG) {
                stop = BN_MS_NOPROGRESS;
                break;
            }
            if (status != GSL_SUCCESS) {
                stop = BN_MS_FAILED;
                break;
            }
            if (gsl_multimin_test_gradient(mm->gradient, job->opt->gtol) == GSL_SUCCESS) {
                stop = BN_MS_GRADIENT;
                break;
            }
            if (fprev - mm->f <= job->opt->ftol * fabs(mm->f)) {
                stop = BN_MS_FTOL;
                break;
            }
            fprev = mm->f;
        }
    }
    double *out = job->params + s * np;
    to_original(job, gsl_multimin_fdfminimizer_x(mm)->data, out);
    /* the value reported is the public objective at the reported parameters */
    job->obj[s] = bn_ms_objective(job->pb, out, NULL);
    if (!isfinite(job->obj[s]))
        stop = BN_MS_FAILED;
    job->stop[s] = stop;
    job->iters[s] = it;
}

static void *worker(void *vjob)
{
    ms_job *job = vjob;
    size_t np = 2 * job->pb->k + 1;
    gsl_multimin_fdfminimizer *mm =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, np);
    gsl_vector *x = gsl_vector_alloc(np);
    if (!mm || !x) {
        atomic_store(&job->nomem, 1);
    } else {
        for (;;) {
            size_t s = atomic_fetch_add(&job->next, 1);
            if (s >= job->nstart || atomic_load(&job->stopped))
                break;
            run_start(job, mm, x, s);
        }
    }
    if (mm)
        gsl_multimin_fdfminimizer_free(mm);
    gsl_vector_free(x);
    return NULL;
}

enum bn_status bn_ms_run(const bn_ms_problem *pb, const double *starts, size_t nstart,
                         const bn_ms_options *opt, double *params, double *obj,
                         int *stop, size_t *iters, bn_error *err)
{
    if (pb->k < 1 || pb->k > MS_MAXK)
        return bn_fail(err, BN_EINVAL, "between 1 and %d predictors expected, got %zu", MS_MAXK,
                       pb->k);
    if (!(pb->delta > 0) || !isfinite(pb->delta))
        return bn_fail(err, BN_EINVAL, "Huber delta must be a positive number, got %g", pb->delta);
    size_t np = 2 * pb->k + 1;
    if (pb->n < np)
        return bn_fail(err, BN_EINVAL, "%zu observations for %zu parameters", pb->n, np);
    for (size_t i = 0; i < pb->n * (pb->k + 1); i++) {
        double v = i < pb->n * pb->k ? pb->logx[i] : pb->logy[i - pb->n * pb->k];
        if (!isfinite(v))
            return bn_fail(err, BN_EINVAL, "observation %zu: log of a predictor or of the "
                           "response is not finite (values must be positive)", i % pb->n + 1);
    }
    for (size_t i = 0; i < nstart * np; i++)
        if (!isfinite(starts[i]))
            return bn_fail(err, BN_EINVAL, "start %zu is not finite", i / np + 1);

    bn_ms_options o = {
        .maxiter = opt && opt->maxiter ? opt->maxiter : 1000,
        .gtol = opt && opt->gtol > 0 ? opt->gtol : 1e-10,
        .ftol = opt && opt->ftol > 0 ? opt->ftol : 1e-7,
        .step = opt && opt->step > 0 ? opt->step : 0.1,
        .linetol = opt && opt->linetol > 0 ? opt->linetol : 0.9,
        .threads = opt && opt->threads ? opt->threads : 2,
        .stop = opt ? opt->stop : NULL,
    };
    ms_job job = { .pb = pb, .opt = &o, .starts = starts, .nstart = nstart, .params = params,
                   .obj = obj, .stop = stop, .iters = iters };
    size_t n = pb->n;
    double *z = malloc(pb->k * n * sizeof *z);
    if (!z)
        return bn_fail(err, BN_ENOMEM, "out of memory for %zu observations", n);
    for (size_t j = 0; j < pb->k; j++) {
        const double *lx = pb->logx + j * n;
        double c = 0.0, v = 0.0;
        for (size_t i = 0; i < n; i++)
            c += lx[i];
        c /= (double)n;
        for (size_t i = 0; i < n; i++)
            v += (lx[i] - c) * (lx[i] - c);
        double sd = sqrt(v / (double)n);
        if (!(sd > 0))
            sd = 1.0; /* a constant predictor: only centred */
        job.center[j] = c;
        job.scale[j] = sd;
        for (size_t i = 0; i < n; i++)
            z[j * n + i] = (lx[i] - c) / sd;
    }
    job.inner = *pb;
    job.inner.logx = z;
    atomic_init(&job.next, 0);
    atomic_init(&job.nomem, 0);
    atomic_init(&job.stopped, 0);

    unsigned nthreads = o.threads;
    if (nthreads > 64)
        nthreads = 64;
    if (nthreads > nstart)
        nthreads = nstart ? (unsigned)nstart : 1;
    pthread_t tid[64];
    unsigned started = 0;
    /* The calling thread works too: nthreads - 1 extra threads. */
    for (unsigned t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[started], NULL, worker, &job) != 0)
            break; /* fewer threads: still correct, only slower */
        started++;
    }
    worker(&job);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(z);
    if (atomic_load(&job.nomem))
        return bn_fail(err, BN_ENOMEM, "out of memory for the minimiser");
    if (atomic_load(&job.stopped))
        return bn_fail(err, BN_EINTR, "interrupted");
    return BN_OK;
}
