#include "cost.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <gsl/gsl_cdf.h>

#include "rng.h"

static const char *const param_names[BN_COST_NPARAM] = {
    "flop",         "peak_flop_per_s", "utilization",     "chips",
    "hours",        "chip_hours",      "watts",           "chip_w",
    "server_factor", "pue",            "kg_co2_per_kwh",  "usd_per_chip_hour",
    "usd_per_kwh",  "capex_usd_per_chip_hour", "usd_per_flop", "lbs_co2_per_flop",
};

static const char *const output_names[BN_COST_NOUT] = {
    "flop",    "chip_hours", "hours",     "kwh_chip",   "kwh_server",    "kwh", "co2_kg",
    "co2_lbs", "usd_cloud",  "usd_energy", "usd_capex", "usd_amortized", "usd",
};

const char *bn_cost_param_name(int param)
{
    return param >= 0 && param < BN_COST_NPARAM ? param_names[param] : NULL;
}

const char *bn_cost_output_name(int output)
{
    return output >= 0 && output < BN_COST_NOUT ? output_names[output] : NULL;
}

int bn_cost_param_index(const char *name)
{
    for (int i = 0; i < BN_COST_NPARAM; i++)
        if (strcmp(name, param_names[i]) == 0)
            return i;
    return -1;
}

/* ---- the chain --------------------------------------------------------------------- */

static int given(double x) { return !isnan(x); }

/* The domain of one parameter: finite and >= 0; some > 0; utilisation <= 1. */
static enum bn_status check_param(int i, double x, bn_error *err)
{
    if (!given(x))
        return BN_OK;
    if (isinf(x) || x < 0)
        return bn_fail(err, BN_EINVAL, "%s must be a finite non-negative number, got %g",
                       param_names[i], x);
    switch (i) {
    case BN_COST_PEAK_FLOP_PER_S:
    case BN_COST_UTILIZATION:
    case BN_COST_CHIPS:
    case BN_COST_PUE:
    case BN_COST_SERVER_FACTOR:
        if (!(x > 0))
            return bn_fail(err, BN_EINVAL, "%s must be positive, got %g", param_names[i], x);
        break;
    default:
        break;
    }
    if (i == BN_COST_UTILIZATION && x > 1)
        return bn_fail(err, BN_EINVAL, "utilization must be in (0, 1], got %g", x);
    return BN_OK;
}

static enum bn_status check_params(const double *p, bn_error *err)
{
    for (int i = 0; i < BN_COST_NPARAM; i++) {
        enum bn_status st = check_param(i, p[i], err);
        if (st != BN_OK)
            return st;
    }
    return BN_OK;
}

/* The chain itself, on parameters already checked. */
static void eval_checked(const double *p, enum bn_cost_headline headline, double *out);

enum bn_status bn_cost_eval(const double *p, enum bn_cost_headline headline, double *out,
                            bn_error *err)
{
    enum bn_status st = check_params(p, err);
    if (st != BN_OK)
        return st;
    eval_checked(p, headline, out);
    return BN_OK;
}

static void eval_checked(const double *p, enum bn_cost_headline headline, double *out)
{
    /* every output is assigned below (NAN where a parameter it needs is absent) */

    double util = given(p[BN_COST_UTILIZATION]) ? p[BN_COST_UTILIZATION] : 1.0;
    double rate = p[BN_COST_PEAK_FLOP_PER_S] * util; /* achieved FLOP/s per chip */
    double chips = p[BN_COST_CHIPS], flop = p[BN_COST_FLOP];

    double chip_hours = NAN;
    if (given(p[BN_COST_CHIP_HOURS]))
        chip_hours = p[BN_COST_CHIP_HOURS];
    else if (given(chips) && given(p[BN_COST_HOURS]))
        chip_hours = chips * p[BN_COST_HOURS];
    else if (given(flop))
        chip_hours = flop / (rate * 3600.0);

    out[BN_COST_OUT_FLOP] = given(flop) ? flop : chip_hours * 3600.0 * rate;
    out[BN_COST_OUT_CHIP_HOURS] = chip_hours;
    double hours = given(p[BN_COST_HOURS]) ? p[BN_COST_HOURS] : chip_hours / chips;
    out[BN_COST_OUT_HOURS] = hours;

    /* A measured total draw (Strubell's CPU + DRAM + GPUs) replaces chip power x chip-hours. */
    double kwh_chip = given(p[BN_COST_WATTS]) ? p[BN_COST_WATTS] * hours / 1000.0
                                              : chip_hours * p[BN_COST_CHIP_W] / 1000.0;
    out[BN_COST_OUT_KWH_CHIP] = kwh_chip;
    out[BN_COST_OUT_KWH_SERVER] = kwh_chip * p[BN_COST_SERVER_FACTOR];
    double kwh = out[BN_COST_OUT_KWH_SERVER] * p[BN_COST_PUE];
    out[BN_COST_OUT_KWH] = kwh;

    if (given(p[BN_COST_LBS_CO2_PER_FLOP])) {
        out[BN_COST_OUT_CO2_LBS] = out[BN_COST_OUT_FLOP] * p[BN_COST_LBS_CO2_PER_FLOP];
        out[BN_COST_OUT_CO2_KG] = out[BN_COST_OUT_CO2_LBS] * BN_COST_KG_PER_LB;
    } else {
        out[BN_COST_OUT_CO2_KG] = kwh * p[BN_COST_KG_CO2_PER_KWH];
        out[BN_COST_OUT_CO2_LBS] = out[BN_COST_OUT_CO2_KG] / BN_COST_KG_PER_LB;
    }

    out[BN_COST_OUT_USD_CLOUD] = chip_hours * p[BN_COST_USD_PER_CHIP_HOUR];
    out[BN_COST_OUT_USD_ENERGY] = kwh * p[BN_COST_USD_PER_KWH];
    out[BN_COST_OUT_USD_CAPEX] = chip_hours * p[BN_COST_CAPEX_USD_PER_CHIP_HOUR];
    out[BN_COST_OUT_USD_AMORTIZED] = out[BN_COST_OUT_USD_CAPEX] + out[BN_COST_OUT_USD_ENERGY];
    if (given(p[BN_COST_USD_PER_FLOP]))
        out[BN_COST_OUT_USD] = out[BN_COST_OUT_FLOP] * p[BN_COST_USD_PER_FLOP];
    else if (headline == BN_COST_HEADLINE_AMORTIZED)
        out[BN_COST_OUT_USD] = out[BN_COST_OUT_USD_AMORTIZED];
    else
        out[BN_COST_OUT_USD] = out[BN_COST_OUT_USD_CLOUD];
}

/* ---- random draws ------------------------------------------------------------------ */

/*
 * Draws come from burden's one generator (rng.h) in fixed blocks of MC_BLOCK, block b
 * from stream b of the seed: the draws do not depend on which thread computes which
 * block. Normal and lognormal draws use the ziggurat (a uniform through the normal
 * quantile function cost a log or two and a rational approximation per draw).
 */
#define MC_BLOCK 1024

/* z of the central 90% interval of a standard normal. */
#define Z95 1.6448536269514722

/* A distribution with its constants computed once, not per draw. */
typedef struct prepared {
    enum bn_cost_dist dist;
    double a, b, c;    /* as in bn_cost_uncertain */
    double lo, span;   /* uniform: a, b - a; loguniform: log a, log b - log a */
    double mu, sigma;  /* normal: a, b; lognormal: of the log */
    double f;          /* triangular: (mode - low) / (high - low) */
    /* the parameter's domain, for a quick test of each draw: (0, max], and 0 when zero_ok */
    double max;
    int zero_ok;
} prepared;

static prepared prepare(const bn_cost_uncertain *u)
{
    prepared d = {.dist = u->dist, .a = u->a, .b = u->b, .c = u->c, .max = DBL_MAX,
                  .zero_ok = 1};
    switch (u->param) { /* as check_param */
    case BN_COST_PEAK_FLOP_PER_S:
    case BN_COST_UTILIZATION:
    case BN_COST_CHIPS:
    case BN_COST_PUE:
    case BN_COST_SERVER_FACTOR:
        d.zero_ok = 0;
        break;
    default:
        break;
    }
    if (u->param == BN_COST_UTILIZATION)
        d.max = 1;
    switch (u->dist) {
    case BN_DIST_UNIFORM:
        d.lo = u->a, d.span = u->b - u->a;
        break;
    case BN_DIST_LOGUNIFORM:
        d.lo = log(u->a), d.span = log(u->b) - log(u->a);
        break;
    case BN_DIST_NORMAL:
        d.mu = u->a, d.sigma = u->b;
        break;
    case BN_DIST_LOGNORMAL:
        d.mu = 0.5 * (log(u->a) + log(u->b)), d.sigma = (log(u->b) - log(u->a)) / (2 * Z95);
        break;
    case BN_DIST_TRIANGULAR:
        d.f = (u->b - u->a) / (u->c - u->a);
        break;
    }
    return d;
}

static double draw(const prepared *d, bn_rng *r)
{
    switch (d->dist) {
    case BN_DIST_UNIFORM:
        return d->lo + d->span * bn_rng_uniform(r);
    case BN_DIST_LOGUNIFORM:
        return exp(d->lo + d->span * bn_rng_uniform(r));
    case BN_DIST_NORMAL:
        return d->mu + d->sigma * bn_rng_normal(r);
    case BN_DIST_LOGNORMAL:
        return exp(d->mu + d->sigma * bn_rng_normal(r));
    case BN_DIST_TRIANGULAR: {
        double v = bn_rng_uniform(r), lo = d->a, mode = d->b, hi = d->c;
        return v < d->f ? lo + sqrt(v * (hi - lo) * (mode - lo))
                        : hi - sqrt((1 - v) * (hi - lo) * (hi - mode));
    }
    }
    return NAN;
}

enum bn_status bn_cost_check_dist(const bn_cost_uncertain *u, bn_error *err)
{
    const char *name = u->param == -1 ? "value" : bn_cost_param_name(u->param);
    if (!name)
        return bn_fail(err, BN_EINVAL, "unknown parameter index %d", u->param);
    if (!isfinite(u->a) || !isfinite(u->b) ||
        (u->dist == BN_DIST_TRIANGULAR && !isfinite(u->c)))
        return bn_fail(err, BN_EINVAL, "%s: distribution parameters must be finite numbers", name);
    switch (u->dist) {
    case BN_DIST_UNIFORM:
        if (!(u->a <= u->b))
            return bn_fail(err, BN_EINVAL, "%s: uniform needs low <= high, got %g and %g", name,
                           u->a, u->b);
        break;
    case BN_DIST_LOGUNIFORM:
    case BN_DIST_LOGNORMAL:
        if (!(u->a > 0 && u->a <= u->b))
            return bn_fail(err, BN_EINVAL, "%s: %s needs 0 < low <= high, got %g and %g", name,
                           u->dist == BN_DIST_LOGUNIFORM ? "loguniform" : "lognormal", u->a, u->b);
        break;
    case BN_DIST_NORMAL:
        if (!(u->b >= 0))
            return bn_fail(err, BN_EINVAL, "%s: normal needs sd >= 0, got %g", name, u->b);
        break;
    case BN_DIST_TRIANGULAR:
        if (!(u->a <= u->b && u->b <= u->c && u->a < u->c))
            return bn_fail(err, BN_EINVAL,
                           "%s: triangular needs low <= mode <= high, low < high; got %g, %g, %g",
                           name, u->a, u->b, u->c);
        break;
    default:
        return bn_fail(err, BN_EINVAL, "%s: unknown distribution", name);
    }
    return BN_OK;
}

/* ---- Monte Carlo --------------------------------------------------------------------- */

/*
 * Memory was most of a Monte Carlo's cost (13 outputs x 8 bytes x draws, touched once
 * each: a page fault per 4 KiB), and several outputs are often no output at all: absent
 * (NAN in every draw, a price not given), constant (flop, when only the chain after it
 * is uncertain) or an exact copy of another (the headline usd of usd_cloud, kwh_server
 * of kwh_chip with a server factor of 1). A pilot of the first
 * draws predicts which; those are not stored, and every draw checks the prediction. If
 * one draw breaks it, the draws are made again with every output stored, so the result
 * never depends on the guess.
 */
enum mc_mode { MC_STORE, MC_ABSENT, MC_CONSTANT, MC_COPY };

#define MC_PILOT 64

typedef struct mc_job {
    const double *base;
    enum bn_cost_headline headline;
    const bn_cost_uncertain *u;
    const prepared *d;  /* u, prepared */
    size_t nu, draws;
    uint64_t seed;
    int thread, nthreads;
    const enum mc_mode *mode; /* per output */
    const int *copy_of;       /* per MC_COPY output: the stored output it equals */
    const double *constant;   /* per MC_CONSTANT output: its value */
    double *const *col;       /* per stored output: its `draws` values */
    int mispredicted;         /* a draw broke the pilot's prediction */
    const bn_stop_flag *stop; /* polled before each block of draws */
    int stopped;
    size_t first_bad;   /* smallest failing draw in this thread, or SIZE_MAX */
    bn_error err;
} mc_job;

/* One draw: the parameters p (the base, with the uncertain ones drawn into it) and the
 * outputs. -1 when a drawn value leaves its parameter's domain (err says which). */
static int draw_eval(const mc_job *job, bn_rng *r, double *p, double *out, bn_error *err)
{
    for (size_t k = 0; k < job->nu; k++) {
        const prepared *d = &job->d[k];
        int param = job->u[k].param;
        double x = draw(d, r);
        p[param] = x;
        /* the base was checked once; only drawn values can leave the domain, and
         * check_param (with its message) is asked only when the quick test fails */
        if (!((x > 0 || (x == 0 && d->zero_ok)) && x <= d->max) &&
            check_param(param, x, err) != BN_OK)
            return -1;
    }
    eval_checked(p, job->headline, out);
    return 0;
}

/* Equal bits, so NAN equals NAN. */
static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void *mc_draw_blocks(void *arg)
{
    mc_job *job = arg;
    size_t nblocks = (job->draws + MC_BLOCK - 1) / MC_BLOCK;
    double out[BN_COST_NOUT], p[BN_COST_NPARAM];
    memcpy(p, job->base, sizeof p);
    /* the outputs by mode, so that each draw loops over short lists */
    int store[BN_COST_NOUT], absent[BN_COST_NOUT], fixed[BN_COST_NOUT], copy[BN_COST_NOUT];
    int nstore = 0, nabsent = 0, nfixed = 0, ncopy = 0;
    for (int k = 0; k < BN_COST_NOUT; k++) {
        switch (job->mode[k]) {
        case MC_STORE:
            store[nstore++] = k;
            break;
        case MC_ABSENT:
            absent[nabsent++] = k;
            break;
        case MC_CONSTANT:
            fixed[nfixed++] = k;
            break;
        case MC_COPY:
            copy[ncopy++] = k;
            break;
        }
    }
    double *const *col = job->col;
    for (size_t b = (size_t)job->thread; b < nblocks; b += (size_t)job->nthreads) {
        if (bn_stopped(job->stop)) {
            job->stopped = 1;
            return NULL;
        }
        bn_rng r;
        bn_rng_seed(&r, job->seed, b);
        size_t end = (b + 1) * MC_BLOCK < job->draws ? (b + 1) * MC_BLOCK : job->draws;
        for (size_t i = b * MC_BLOCK; i < end; i++) {
            if (draw_eval(job, &r, p, out, &job->err) != 0) {
                job->first_bad = i;
                return NULL;
            }
            for (int s = 0; s < nstore; s++)
                col[store[s]][i] = out[store[s]];
            int broken = 0;
            for (int a = 0; a < nabsent; a++)
                broken |= !isnan(out[absent[a]]);
            for (int f = 0; f < nfixed; f++)
                broken |= !same(out[fixed[f]], job->constant[fixed[f]]);
            for (int c = 0; c < ncopy; c++)
                broken |= !same(out[copy[c]], out[job->copy_of[copy[c]]]);
            if (broken) {
                job->mispredicted = 1;
                return NULL;
            }
        }
    }
    return NULL;
}

/* The pilot: outputs absent in the first draws, constant in them, or equal to an earlier
 * stored output in every one of them. Nothing is predicted when a pilot draw is out of
 * its domain (the draws themselves then report it). The output asked for as samples is
 * always stored. */
static void mc_predict(const mc_job *job, int keep, enum mc_mode *mode, int *copy_of,
                       double *constant)
{
    size_t n = job->draws < MC_PILOT ? job->draws : MC_PILOT;
    double pilot[MC_PILOT][BN_COST_NOUT], p[BN_COST_NPARAM];
    memcpy(p, job->base, sizeof p);
    bn_rng r;
    bn_error err;
    bn_rng_seed(&r, job->seed, 0); /* the first draws are those of block 0 */
    for (int k = 0; k < BN_COST_NOUT; k++)
        mode[k] = MC_STORE, copy_of[k] = -1;
    for (size_t i = 0; i < n; i++)
        if (draw_eval(job, &r, p, pilot[i], &err) != 0)
            return;
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if (k == keep)
            continue;
        int absent = 1;
        for (size_t i = 0; i < n && absent; i++)
            absent = isnan(pilot[i][k]);
        if (absent) {
            mode[k] = MC_ABSENT;
            continue;
        }
        int fixed = 1;
        for (size_t i = 1; i < n && fixed; i++)
            fixed = same(pilot[i][k], pilot[0][k]);
        if (fixed && !isnan(pilot[0][k])) {
            mode[k] = MC_CONSTANT, constant[k] = pilot[0][k];
            continue;
        }
        for (int j = 0; j < k && mode[k] == MC_STORE; j++) {
            if (mode[j] != MC_STORE)
                continue;
            int equal = 1;
            for (size_t i = 0; i < n && equal; i++)
                equal = same(pilot[i][k], pilot[i][j]);
            if (equal)
                mode[k] = MC_COPY, copy_of[k] = j;
        }
    }
}

/* Runs fn on nthreads jobs (an array of `size`-byte elements), the first (and any that
 * cannot get a thread) in this one. */
static void run_jobs(void *(*fn)(void *), void *jobs, size_t size, int nthreads)
{
    pthread_t tid[64];
    char *job = jobs;
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[t], NULL, fn, job + (size_t)t * size) != 0)
            break;
        started = t;
    }
    /* jobs of threads that could not start run here, so the result never depends on it */
    fn(job);
    for (int t = started + 1; t < nthreads; t++)
        fn(job + (size_t)t * size);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
}

/* Swaps v[i] and v[j], and ix[i] and ix[j] when ix tracks where each value came from. */
static void swap_d(double *v, uint32_t *ix, size_t i, size_t j)
{
    double t = v[i];
    v[i] = v[j];
    v[j] = t;
    if (ix) {
        uint32_t u = ix[i];
        ix[i] = ix[j];
        ix[j] = u;
    }
}

/*
 * Hoare's selection on v[lo..hi] (inclusive): afterwards v[k] holds the value of
 * rank k in that range, with nothing larger before it and nothing smaller after it.
 * Linear on average, which is what makes 1e5-draw summaries cheap (a full sort of
 * every output took most of the Monte Carlo time). ix, when not NULL, is permuted
 * alongside v.
 */
static void select_kth(double *v, uint32_t *ix, size_t lo, size_t hi, size_t k)
{
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap_d(v, ix, lo, mid);
        if (v[hi] < v[lo])
            swap_d(v, ix, lo, hi);
        if (v[hi] < v[mid])
            swap_d(v, ix, mid, hi);
        double pivot = v[mid];
        size_t i = lo, j = hi;
        for (;;) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i >= j)
                break;
            swap_d(v, ix, i, j);
            i++;
            j--;
        }
        /* now v[lo..j] <= pivot <= v[j+1..hi] when i > j; v[i] == pivot when i == j */
        if (i == j) {
            if (k == i)
                return;
            if (k < i)
                hi = i - 1;
            else
                lo = i + 1;
        } else if (k <= j) {
            hi = j;
        } else {
            lo = j + 1;
        }
    }
}

/* Position of the smallest of v[lo..end). */
static size_t min_at(const double *v, size_t lo, size_t end)
{
    size_t m = lo;
    for (size_t i = lo + 1; i < end; i++)
        if (v[i] < v[m])
            m = i;
    return m;
}

/*
 * Where the type-7 quantiles of one output lie: quantile q (0 = lo, 1 = median,
 * 2 = hi) is v[a] + frac * (v[b] - v[a]), where a and b are positions holding the
 * values of rank ra and rb (rb = ra + 1, or ra at the ends). summarise gives a and b
 * as positions in the output's values in draw order (its NAN dropped), so that another
 * output's values can be read at the same draws.
 */
typedef struct qplan {
    double frac[3];
    size_t a[3], b[3], ra[3], rb[3];
} qplan;

/* a + frac (b - a), but a when b equals a: as R's quantile(), an infinite value of two
 * equal ranks is that value, not inf - inf = NAN (which it was for some outputs) */
static double interpolate(double a, double b, double frac)
{
    return b == a ? a : a + frac * (b - a);
}

static double qplan_value(const double *v, const qplan *q, int i)
{
    return interpolate(v[q->a[i]], v[q->b[i]], q->frac[i]);
}

/*
 * Type-7 quantiles (R's default, numpy's "linear") at p_lo < 0.5 < p_hi of v[0..n)
 * (n >= 2), which is reordered (and ix with it, when not NULL). The median is selected
 * first; the lower quantile is then selected among the values below it and the upper
 * one among those above.
 */
static void quantiles3(double *v, uint32_t *ix, size_t n, double p_lo, double p_hi, qplan *q)
{
    double h = (double)(n - 1) * 0.5;
    size_t km = (size_t)floor(h);
    select_kth(v, ix, 0, n - 1, km);
    q->frac[1] = h - (double)km;
    q->a[1] = km, q->ra[1] = km, q->rb[1] = km + 1 < n ? km + 1 : km;

    h = (double)(n - 1) * p_lo;
    size_t kl = (size_t)floor(h);
    q->frac[0] = h - (double)kl;
    int lo_is_median = kl >= km, hi_is_median = 0;
    if (lo_is_median) {
        kl = km;
        q->a[0] = q->a[1], q->ra[0] = q->ra[1], q->rb[0] = q->rb[1];
    } else {
        select_kth(v, ix, 0, km - 1, kl);
        q->a[0] = kl, q->ra[0] = kl;
        q->b[0] = kl + 1 < km ? min_at(v, kl + 1, km) : km;
        q->rb[0] = kl + 1;
    }

    h = (double)(n - 1) * p_hi;
    size_t kh = (size_t)floor(h);
    q->frac[2] = h - (double)kh;
    if (kh <= km) {
        hi_is_median = 1;
        q->a[2] = q->a[1], q->ra[2] = q->ra[1], q->rb[2] = q->rb[1];
    } else {
        select_kth(v, ix, km + 1, n - 1, kh);
        q->a[2] = kh, q->ra[2] = kh;
        q->b[2] = kh + 1 < n ? min_at(v, kh + 1, n) : kh;
        q->rb[2] = kh + 1 < n ? kh + 1 : kh;
    }
    /* the position of rank km + 1 is found last: the upper selection moves the values
     * above the median (taken before it, it could name a larger value, which made the
     * median of an even number of draws too high) */
    q->b[1] = km + 1 < n ? min_at(v, km + 1, n) : km;
    if (lo_is_median)
        q->b[0] = q->b[1];
    if (hi_is_median)
        q->b[2] = q->b[1];
}

/*
 * Selection without reordering, for large n: v is in draw order, so its first values
 * are a random sample of it. The sample's order statistics bracket the value of rank k
 * (4.5 standard deviations of a sample rank either side); one pass over v, for the
 * three quantiles at once, counts the values below each bracket and copies those inside
 * (a few percent of them) with their positions, and a selection among the copies gives
 * ranks k and k + 1 exactly. 0 when a bracket missed (probability far below 1e-4) or
 * overflowed its room: the caller then selects the usual way.
 */
#define BRACKET_MIN_N 16384
#define BRACKET_SAMPLE 4096

/* Where the brackets of the three quantiles of n values lie: the sample ranks that bound
 * each (-1: nothing below, BRACKET_SAMPLE: nothing above) and room for the values inside
 * (the expected count plus 6 standard deviations of it). */
typedef struct bracket_plan {
    size_t k[3];
    long jl[3], jh[3];
    size_t cap[3];
} bracket_plan;

static size_t bracket_plan_make(size_t n, const double p[3], bracket_plan *bp)
{
    const size_t m = BRACKET_SAMPLE;
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        size_t k = (size_t)floor((double)(n - 1) * p[i]);
        double pk = (double)k / (double)(n - 1), j = pk * (double)(m - 1);
        double d = 4.5 * sqrt((double)m * pk * (1 - pk)) + 2;
        bp->k[i] = k;
        bp->jl[i] = j - d < 0 ? -1 : (long)floor(j - d);
        bp->jh[i] = j + d > (double)(m - 1) ? (long)m : (long)ceil(j + d);
        double w = (double)(bp->jh[i] - bp->jl[i] + 1);
        double cap = (double)n * (w + 6 * sqrt(w) + 4) / (double)m + 64;
        bp->cap[i] = cap < (double)n ? (size_t)cap : n;
        total += bp->cap[i];
    }
    return total;
}

/* Work memory of one thread's summaries: the sample and the copies inside the brackets. */
typedef struct mc_scratch {
    double *sample; /* BRACKET_SAMPLE values */
    double *buf;    /* cap values */
    uint32_t *pos;  /* and their positions */
    size_t cap;
} mc_scratch;

/* Bytes of scratch for summaries of up to `draws` values at these probabilities. */
static size_t scratch_bytes(size_t draws, const double p[3])
{
    if (draws < BRACKET_MIN_N)
        return 0;
    bracket_plan bp;
    size_t cap = bracket_plan_make(draws, p, &bp);
    size_t bytes = BRACKET_SAMPLE * sizeof(double) + cap * (sizeof(double) + sizeof(uint32_t));
    return (bytes + 63) & ~(size_t)63;
}

/* Carves `bytes` of scratch at p into its arrays. */
static mc_scratch scratch_at(char *p, size_t draws, const double probs[3])
{
    mc_scratch sc = {NULL, NULL, NULL, 0};
    if (draws < BRACKET_MIN_N || !p)
        return sc;
    bracket_plan bp;
    sc.cap = bracket_plan_make(draws, probs, &bp);
    sc.sample = (double *)(void *)p;
    sc.buf = sc.sample + BRACKET_SAMPLE;
    sc.pos = (uint32_t *)(void *)(sc.buf + sc.cap);
    return sc;
}

/* quantiles3 within brackets: v is not reordered. 0 when a bracket missed. */
static int quantiles3_bracket(const double *v, size_t n, const double p[3], qplan *q,
                              const mc_scratch *sc)
{
    const size_t m = BRACKET_SAMPLE;
    bracket_plan bp;
    if (!sc->sample || bracket_plan_make(n, p, &bp) > sc->cap)
        return 0;
    /* the sample's order statistics at the bracket ends, ascending: each selection
     * leaves only larger values after it, so the next one starts there */
    long want[6];
    int nw = 0;
    for (int i = 0; i < 3; i++) {
        if (bp.jl[i] >= 0)
            want[nw++] = bp.jl[i];
        if (bp.jh[i] < (long)m)
            want[nw++] = bp.jh[i];
    }
    for (int a = 1; a < nw; a++) /* insertion sort of at most six */
        for (int b = a; b > 0 && want[b - 1] > want[b]; b--) {
            long t = want[b];
            want[b] = want[b - 1];
            want[b - 1] = t;
        }
    double *sample = sc->sample;
    memcpy(sample, v, m * sizeof *sample);
    size_t from = 0;
    for (int a = 0; a < nw; a++) {
        if ((size_t)want[a] < from)
            continue; /* the same rank as the one before */
        select_kth(sample, NULL, from, m - 1, (size_t)want[a]);
        from = (size_t)want[a] + 1;
    }
    double lo[3], hi[3];
    double *buf[3];
    uint32_t *pos[3];
    size_t below[3], in[3], off = 0;
    for (int i = 0; i < 3; i++) {
        lo[i] = bp.jl[i] < 0 ? -INFINITY : sample[bp.jl[i]];
        hi[i] = bp.jh[i] >= (long)m ? INFINITY : sample[bp.jh[i]];
        buf[i] = sc->buf + off, pos[i] = sc->pos + off;
        off += bp.cap[i];
    }
    /* the three brackets written out, so that the counts stay in registers */
    double lo0 = lo[0], lo1 = lo[1], lo2 = lo[2], hi0 = hi[0], hi1 = hi[1], hi2 = hi[2];
    size_t b0 = 0, b1 = 0, b2 = 0, in0 = 0, in1 = 0, in2 = 0;
    size_t cap0 = bp.cap[0], cap1 = bp.cap[1], cap2 = bp.cap[2];
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        b0 += x < lo0;
        b1 += x < lo1;
        b2 += x < lo2;
        if (x >= lo0 && x <= hi0) {
            if (in0 == cap0)
                return 0;
            buf[0][in0] = x, pos[0][in0++] = (uint32_t)i;
        }
        if (x >= lo1 && x <= hi1) {
            if (in1 == cap1)
                return 0;
            buf[1][in1] = x, pos[1][in1++] = (uint32_t)i;
        }
        if (x >= lo2 && x <= hi2) {
            if (in2 == cap2)
                return 0;
            buf[2][in2] = x, pos[2][in2++] = (uint32_t)i;
        }
    }
    below[0] = b0, below[1] = b1, below[2] = b2;
    in[0] = in0, in[1] = in1, in[2] = in2;
    for (int i = 0; i < 3; i++) {
        size_t k = bp.k[i], last = k + 1 < n ? k + 1 : k; /* both ranks must be inside */
        if (below[i] > k || last >= below[i] + in[i])
            return 0;
        size_t r = k - below[i];
        select_kth(buf[i], pos[i], 0, in[i] - 1, r);
        q->frac[i] = (double)(n - 1) * p[i] - (double)k;
        q->ra[i] = k, q->rb[i] = last;
        q->a[i] = pos[i][r];
        q->b[i] = last == k ? pos[i][r] : pos[i][min_at(buf[i], r + 1, in[i])];
    }
    return 1;
}

/* Drops NAN from v[0..draws) in place and returns how many values are left; *sum is
 * their sum in draw order. Values before the first NAN stay where they are. */
static size_t compact(double *v, size_t draws, double *sum)
{
    size_t i = 0;
    double s = 0;
    for (; i < draws && !isnan(v[i]); i++)
        s += v[i];
    size_t n = i;
    for (; i < draws; i++) {
        if (!isnan(v[i])) {
            s += v[i];
            v[n++] = v[i];
        }
    }
    *sum = s;
    return n;
}

/* The probabilities of the lower end, the median and the upper end of a central interval. */
static void probabilities(double level, double p[3])
{
    p[0] = (1 - level) / 2, p[1] = 0.5, p[2] = 1 - (1 - level) / 2;
}

/* Summarises v[0..draws) (its NAN dropped, and maybe reordered), and fills *plan. */
static void summarise(double *v, size_t draws, double level, bn_cost_summary *s, qplan *plan,
                      const mc_scratch *sc)
{
    double sum;
    size_t n = compact(v, draws, &sum);
    s->n = n;
    if (n == 0) {
        s->mean = s->median = s->lo = s->hi = NAN;
        return;
    }
    s->mean = sum / (double)n;
    if (n == 1) {
        s->lo = s->median = s->hi = v[0];
        return;
    }
    double p[3];
    probabilities(level, p);
    if (n >= BRACKET_MIN_N && n <= UINT32_MAX && quantiles3_bracket(v, n, p, plan, sc)) {
        s->lo = qplan_value(v, plan, 0);
        s->median = qplan_value(v, plan, 1);
        s->hi = qplan_value(v, plan, 2);
        return;
    }
    /* the usual selection, which reorders v: ix tracks where each value came from, so
     * that the plan can name positions in draw order (without memory for ix, the plan is
     * left without positions and no other output reads it) */
    uint32_t *ix = n <= UINT32_MAX ? malloc(n * sizeof *ix) : NULL;
    if (ix)
        for (size_t i = 0; i < n; i++)
            ix[i] = (uint32_t)i;
    quantiles3(v, ix, n, p[0], p[2], plan);
    s->lo = qplan_value(v, plan, 0);
    s->median = qplan_value(v, plan, 1);
    s->hi = qplan_value(v, plan, 2);
    for (int i = 0; i < 3; i++) {
        plan->a[i] = ix ? ix[plan->a[i]] : SIZE_MAX;
        plan->b[i] = ix ? ix[plan->b[i]] : SIZE_MAX;
    }
    free(ix);
}

/*
 * An output that is an increasing function of another (9 of the 13 are positive
 * multiples of one draw: co2_lbs of co2_kg, usd of chip_hours, ...) has its order
 * statistics at the same draws. Its summary takes the root's ranked draws and checks,
 * in one counting pass, that each value has the rank it must have; the quantiles
 * are then exactly those a selection of its own would give. If a check fails it is
 * selected on its own, so the result never depends on the guess.
 *
 * The same pass adds the values in draw order for the mean. v[0..n) may still hold NAN
 * (when the root has none, its positions are draw numbers): -1 when it does, and the
 * caller compacts v and asks again.
 */
typedef double mc_v2d __attribute__((vector_size(16)));
typedef long long mc_v2i __attribute__((vector_size(16)));

static int summarise_by_root(const double *v, size_t n, const qplan *plan,
                             const bn_cost_summary *root, bn_cost_summary *s)
{
    if (n != root->n || n < 2 || plan->a[0] == SIZE_MAX)
        return 0;
    double x[6];
    size_t rank[6];
    for (int i = 0; i < 3; i++) {
        x[2 * i] = v[plan->a[i]], rank[2 * i] = plan->ra[i];
        x[2 * i + 1] = v[plan->b[i]], rank[2 * i + 1] = plan->rb[i];
    }
    /* one pass for the six values: how many draws lie below each, and at or below, two
     * draws at a time (a comparison of two-value vectors gives -1 where it holds) */
    mc_v2d xv[6];
    mc_v2i lt2[6], le2[6];
    for (int t = 0; t < 6; t++) {
        xv[t] = (mc_v2d){x[t], x[t]};
        lt2[t] = le2[t] = (mc_v2i){0, 0};
    }
    double sum = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        mc_v2d vi = {v[i], v[i + 1]};
        sum += v[i];
        sum += v[i + 1];
        for (int t = 0; t < 6; t++) {
            lt2[t] -= vi < xv[t];
            le2[t] -= vi <= xv[t];
        }
    }
    size_t lt[6], le[6];
    for (int t = 0; t < 6; t++) {
        lt[t] = (size_t)(lt2[t][0] + lt2[t][1]);
        le[t] = (size_t)(le2[t][0] + le2[t][1]);
    }
    for (; i < n; i++) {
        sum += v[i];
        for (int t = 0; t < 6; t++) {
            lt[t] += v[i] < x[t];
            le[t] += v[i] <= x[t];
        }
    }
    if (isnan(sum))
        return -1; /* a NAN among the values (they are never negative, so not inf - inf) */
    for (int t = 0; t < 6; t++)
        if (!(lt[t] <= rank[t] && rank[t] < le[t]))
            return 0;
    s->n = n;
    s->mean = sum / (double)n;
    for (int q = 0; q < 3; q++) {
        double val = interpolate(x[2 * q], x[2 * q + 1], plan->frac[q]);
        if (q == 0)
            s->lo = val;
        else if (q == 1)
            s->median = val;
        else
            s->hi = val;
    }
    return 1;
}

/*
 * The root of output k: the first earlier output j, itself without a root, whose values
 * look like a positive multiple of k's (the ratio agrees to 1e-9 on the first 16 draws
 * where both have a value). Only a guess: summarise_by_root checks it exactly. -1: none.
 */
static int find_root(double *const *col, size_t draws, int k, const int *root_of)
{
    const double *vk = col[k];
    for (int j = 0; j < k; j++) {
        if (root_of[j] >= 0 || !col[j])
            continue;
        const double *vj = col[j];
        double ratio = NAN;
        int seen = 0, ok = 1;
        for (size_t i = 0; i < draws && ok && seen < 16; i++) {
            if (isnan(vk[i]) != isnan(vj[i])) {
                ok = 0;
            } else if (!isnan(vk[i])) {
                double r = vk[i] / vj[i];
                if (!(r > 0 && isfinite(r)))
                    ok = 0;
                else if (seen++ == 0)
                    ratio = r;
                else if (fabs(r - ratio) > 1e-9 * ratio)
                    ok = 0;
            }
        }
        if (ok && seen > 0)
            return j;
    }
    return -1;
}

typedef struct mc_summary_job {
    double *const *col;       /* per output: its values, or NULL when not stored */
    size_t draws;
    double level;
    bn_cost_summary *summary;
    const int *root_of;       /* per output: its root, or -1 */
    qplan *plan;              /* per output */
    mc_scratch scratch;       /* this thread's */
    int thread, nthreads, phase; /* phase 0: outputs without a root; 1: the others */
} mc_summary_job;

static void *mc_summarise_outputs(void *arg)
{
    mc_summary_job *job = arg;
    int m = 0;
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if (!job->col[k] || (job->root_of[k] >= 0) != job->phase)
            continue;
        if (m++ % job->nthreads != job->thread)
            continue;
        double *v = job->col[k];
        int r = job->root_of[k];
        size_t n = job->draws;
        if (r >= 0) {
            /* a root without NAN names draw numbers: try v as it is, NAN and all */
            int got = job->summary[r].n == n
                          ? summarise_by_root(v, n, &job->plan[r], &job->summary[r],
                                              &job->summary[k])
                          : -1;
            if (got == 1)
                continue;
            if (got == -1) {
                double sum;
                n = compact(v, n, &sum);
                if (summarise_by_root(v, n, &job->plan[r], &job->summary[r],
                                      &job->summary[k]) == 1)
                    continue;
            }
        }
        /* no root, or the check failed (v[0..n) then holds the draws with a value, in
         * draw order, so the mean is the same) */
        summarise(v, n, job->level, &job->summary[k], &job->plan[k], &job->scratch);
    }
    return NULL;
}

/* Summarises every output, on up to `threads` threads: the stored ones from their
 * values, the absent ones as empty, the constant ones as their value (what a summary of
 * `draws` equal values gives), the copies as their originals. */
static enum bn_status mc_summarise(double *const *col, const enum mc_mode *mode,
                                   const int *copy_of, const double *constant, size_t draws,
                                   double level, int threads, char *scratch,
                                   size_t scratch_each, bn_cost_summary *summary, bn_error *err)
{
    int root_of[BN_COST_NOUT];
    qplan plan[BN_COST_NOUT];
    for (int k = 0; k < BN_COST_NOUT; k++)
        root_of[k] = col[k] ? find_root(col, draws, k, root_of) : -1;
    for (int phase = 0; phase < 2; phase++) {
        int n = 0;
        for (int k = 0; k < BN_COST_NOUT; k++)
            n += col[k] && (root_of[k] >= 0) == phase;
        int nthreads = threads < n ? threads : n;
        if (nthreads < 1)
            continue;
        mc_summary_job jobs[64];
        double p[3];
        probabilities(level, p);
        for (int t = 0; t < nthreads; t++)
            jobs[t] = (mc_summary_job){
                col, draws, level, summary, root_of, plan,
                scratch_at(scratch ? scratch + (size_t)t * scratch_each : NULL, draws, p), t,
                nthreads, phase};
        run_jobs(mc_summarise_outputs, jobs, sizeof jobs[0], nthreads);
    }
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if (mode[k] == MC_ABSENT)
            summary[k] = (bn_cost_summary){0, NAN, NAN, NAN, NAN};
        else if (mode[k] == MC_CONSTANT)
            summary[k] = (bn_cost_summary){draws, constant[k], constant[k], constant[k],
                                           constant[k]};
        else if (mode[k] == MC_COPY)
            summary[k] = summary[copy_of[k]];
    }
    return BN_OK;
}

/*
 * The stored outputs' values (several MB for 1e5 draws): a fresh mapping, touched once,
 * took a page fault per 4 KiB, which on a virtual machine was a third of a Monte Carlo's
 * time. Large buffers are mapped on a 2 MiB boundary, asked for transparent huge pages
 * and populated in one call (a fault per 2 MiB, or none); all three are only hints, and
 * without them (or on other systems) the buffer is plain memory from malloc.
 */
#define MC_HUGE ((size_t)2 << 20)

typedef struct mc_buffer {
    double *p;
    size_t mapped; /* bytes mapped at p (0: from malloc) */
} mc_buffer;

static double *mc_buffer_get(mc_buffer *b, size_t bytes)
{
    b->p = NULL, b->mapped = 0;
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    if (bytes >= MC_HUGE) {
        size_t size = (bytes + MC_HUGE - 1) & ~(MC_HUGE - 1), over = size + MC_HUGE;
        char *m = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) {
            /* keep the 2 MiB-aligned `size` bytes, return the rest */
            char *a = (char *)(((uintptr_t)m + MC_HUGE - 1) & ~(uintptr_t)(MC_HUGE - 1));
            if (a > m)
                munmap(m, (size_t)(a - m));
            if (m + over > a + size)
                munmap(a + size, (size_t)(m + over - (a + size)));
            (void)madvise(a, size, MADV_HUGEPAGE);
#ifdef MADV_POPULATE_WRITE
            (void)madvise(a, size, MADV_POPULATE_WRITE);
#endif
            b->p = (double *)(void *)a, b->mapped = size;
            return b->p;
        }
    }
#endif
    b->p = malloc(bytes);
    return b->p;
}

static void mc_buffer_free(mc_buffer *b)
{
    if (b->mapped)
        munmap(b->p, b->mapped);
    else
        free(b->p);
    b->p = NULL, b->mapped = 0;
}

#define MC_MAX_DRAWS 100000000u

enum bn_status bn_cost_montecarlo(const double *base, enum bn_cost_headline headline,
                                  const bn_cost_uncertain *u, size_t nu, size_t draws,
                                  uint64_t seed, double level, int threads,
                                  bn_cost_summary *summary, int sample_output, double *samples,
                                  const bn_stop_flag *stop, bn_error *err)
{
    if (draws < 2 || draws > MC_MAX_DRAWS)
        return bn_fail(err, BN_EINVAL, "draws must be between 2 and %u, got %zu", MC_MAX_DRAWS,
                       draws);
    if (!(level > 0 && level < 1))
        return bn_fail(err, BN_EINVAL, "level must be in (0, 1), got %g", level);
    for (size_t k = 0; k < nu; k++) {
        enum bn_status st = bn_cost_check_dist(&u[k], err);
        if (st != BN_OK)
            return st;
    }
    double out[BN_COST_NOUT];
    enum bn_status st = bn_cost_eval(base, headline, out, err); /* the base itself must be valid */
    if (st != BN_OK)
        return st;
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;

    prepared d[BN_COST_NPARAM];
    if (nu > BN_COST_NPARAM)
        return bn_fail(err, BN_EINVAL, "%zu uncertain parameters, at most %d", nu, BN_COST_NPARAM);
    for (size_t k = 0; k < nu; k++)
        d[k] = prepare(&u[k]);
    mc_job *jobs = calloc((size_t)threads, sizeof *jobs);
    if (!jobs)
        return bn_fail(err, BN_ENOMEM, "out of memory for %d threads", threads);
    for (int t = 0; t < threads; t++) {
        jobs[t] = (mc_job){.base = base, .headline = headline, .u = u, .d = d, .nu = nu,
                           .draws = draws, .seed = seed, .thread = t, .nthreads = threads,
                           .stop = stop, .first_bad = SIZE_MAX};
    }
    enum mc_mode mode[BN_COST_NOUT];
    int copy_of[BN_COST_NOUT];
    double constant[BN_COST_NOUT];
    double *col[BN_COST_NOUT];
    double *values = NULL;
    mc_buffer buf = {NULL, 0};
    int keep = samples ? sample_output : -1;
    mc_predict(&jobs[0], keep, mode, copy_of, constant);
    /* the summaries' work memory follows the values, in the same mapping */
    double probs[3];
    probabilities(level, probs);
    size_t sthreads = (size_t)(threads < BN_COST_NOUT ? threads : BN_COST_NOUT);
    size_t scratch_each = scratch_bytes(draws, probs), nstore = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt == 1) /* a draw broke the prediction: again, storing every output */
            for (int k = 0; k < BN_COST_NOUT; k++)
                mode[k] = MC_STORE;
        nstore = 0;
        for (int k = 0; k < BN_COST_NOUT; k++)
            nstore += mode[k] == MC_STORE;
        mc_buffer_free(&buf);
        values = mc_buffer_get(&buf, sizeof(double) * nstore * draws + sthreads * scratch_each);
        if (!values) {
            free(jobs);
            return bn_fail(err, BN_ENOMEM, "out of memory for %zu draws", draws);
        }
        size_t slot = 0;
        for (int k = 0; k < BN_COST_NOUT; k++)
            col[k] = mode[k] == MC_STORE ? values + draws * slot++ : NULL;
        int mispredicted = 0;
        for (int t = 0; t < threads; t++) {
            jobs[t].mode = mode, jobs[t].copy_of = copy_of, jobs[t].constant = constant;
            jobs[t].col = col;
            jobs[t].mispredicted = 0, jobs[t].first_bad = SIZE_MAX;
        }
        run_jobs(mc_draw_blocks, jobs, sizeof jobs[0], threads);
        for (int t = 0; t < threads; t++)
            mispredicted |= jobs[t].mispredicted;
        if (!mispredicted)
            break;
    }
    for (int t = 0; t < threads; t++) {
        if (jobs[t].stopped) {
            mc_buffer_free(&buf);
            free(jobs);
            return bn_fail(err, BN_EINTR, "interrupted");
        }
    }

    /* the first failing draw, whatever thread met it */
    int bad = -1;
    for (int t = 0; t < threads; t++)
        if (jobs[t].first_bad != SIZE_MAX && (bad < 0 || jobs[t].first_bad < jobs[bad].first_bad))
            bad = t;
    if (bad >= 0) {
        st = bn_fail(err, BN_EINVAL, "draw %zu: %s", jobs[bad].first_bad + 1, jobs[bad].err.msg);
    } else {
        if (samples && sample_output >= 0 && sample_output < BN_COST_NOUT)
            memcpy(samples, col[sample_output], sizeof(double) * draws);
        char *scratch = scratch_each ? (char *)(values + nstore * draws) : NULL;
        st = mc_summarise(col, mode, copy_of, constant, draws, level, threads, scratch,
                          scratch_each, summary, err);
    }
    mc_buffer_free(&buf);
    free(jobs);
    return st;
}

double bn_cost_normal_quantile(double p) { return gsl_cdf_ugaussian_Pinv(p); }

enum bn_status bn_cost_sample(const bn_cost_uncertain *u, size_t n, uint64_t seed, double *out,
                              bn_error *err)
{
    enum bn_status st = bn_cost_check_dist(u, err);
    if (st != BN_OK)
        return st;
    prepared d = prepare(u);
    bn_rng r;
    for (size_t i = 0; i < n; i++) {
        if (i % MC_BLOCK == 0)
            bn_rng_seed(&r, seed, i / MC_BLOCK);
        out[i] = draw(&d, &r);
    }
    return BN_OK;
}

/* ---- trends ------------------------------------------------------------------------ */

double bn_cost_doubling_years(double oom_per_year)
{
    return oom_per_year > 0 ? log10(2.0) / oom_per_year : INFINITY;
}

double bn_cost_year_affordable(double usd_now, double budget, double year0, double oom_per_year)
{
    if (usd_now <= budget)
        return year0;
    if (!(oom_per_year > 0))
        return INFINITY;
    return year0 + log10(usd_now / budget) / oom_per_year;
}

enum bn_status bn_cost_decompose(double peak1, double chips1, double time1, double peak2,
                                 double chips2, double time2, double factors[4], bn_error *err)
{
    const double v[6] = {peak1, chips1, time1, peak2, chips2, time2};
    static const char *const names[6] = {"peak rate of the first run", "chips of the first run",
                                         "time of the first run", "peak rate of the second run",
                                         "chips of the second run", "time of the second run"};
    for (int i = 0; i < 6; i++)
        if (!(v[i] > 0) || !isfinite(v[i]))
            return bn_fail(err, BN_EINVAL, "%s must be a positive number, got %g", names[i], v[i]);
    factors[0] = peak2 / peak1;
    factors[1] = chips2 / chips1;
    factors[2] = time2 / time1;
    factors[3] = factors[0] * factors[1] * factors[2];
    return BN_OK;
}
