#include "cost.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

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
    for (int k = 0; k < BN_COST_NOUT; k++)
        out[k] = NAN;

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

/* ---- random streams ---------------------------------------------------------------- */

/*
 * xoshiro256** (Blackman and Vigna), one generator per block of draws, seeded
 * through splitmix64 from (seed, block): the draws do not depend on which
 * thread computes which block.
 */
#define MC_BLOCK 1024

typedef struct rng { uint64_t s[4]; } rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t block)
{
    uint64_t x = seed ^ (block * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on the open interval (0, 1): 53 random bits, centred in their cell. */
static double rng_uniform(rng *r) { return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53; }

/* z of the central 90% interval of a standard normal. */
#define Z95 1.6448536269514722

static double draw(const bn_cost_uncertain *u, rng *r)
{
    double v = rng_uniform(r);
    switch (u->dist) {
    case BN_DIST_UNIFORM:
        return u->a + (u->b - u->a) * v;
    case BN_DIST_LOGUNIFORM:
        return exp(log(u->a) + (log(u->b) - log(u->a)) * v);
    case BN_DIST_NORMAL:
        return u->a + u->b * gsl_cdf_ugaussian_Pinv(v);
    case BN_DIST_LOGNORMAL: {
        double mu = 0.5 * (log(u->a) + log(u->b)), sigma = (log(u->b) - log(u->a)) / (2 * Z95);
        return exp(mu + sigma * gsl_cdf_ugaussian_Pinv(v));
    }
    case BN_DIST_TRIANGULAR: {
        double lo = u->a, mode = u->b, hi = u->c, f = (mode - lo) / (hi - lo);
        return v < f ? lo + sqrt(v * (hi - lo) * (mode - lo))
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

typedef struct mc_job {
    const double *base;
    enum bn_cost_headline headline;
    const bn_cost_uncertain *u;
    size_t nu, draws;
    uint64_t seed;
    int thread, nthreads;
    double *values;     /* BN_COST_NOUT arrays of `draws` values, output-major */
    size_t first_bad;   /* smallest failing draw in this thread, or SIZE_MAX */
    const bn_stop_flag *stop;
    int stopped;        /* this thread saw the stop flag and left its blocks */
    bn_error err;
} mc_job;

static void *mc_draw_blocks(void *arg)
{
    mc_job *job = arg;
    size_t nblocks = (job->draws + MC_BLOCK - 1) / MC_BLOCK;
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    for (size_t b = (size_t)job->thread; b < nblocks; b += (size_t)job->nthreads) {
        if (bn_stopped(job->stop)) {
            job->stopped = 1;
            return NULL;
        }
        rng r;
        rng_seed(&r, job->seed, b);
        size_t end = (b + 1) * MC_BLOCK < job->draws ? (b + 1) * MC_BLOCK : job->draws;
        for (size_t i = b * MC_BLOCK; i < end; i++) {
            memcpy(p, job->base, sizeof p);
            for (size_t k = 0; k < job->nu; k++) {
                int param = job->u[k].param;
                p[param] = draw(&job->u[k], &r);
                /* the base was checked once; only drawn values can leave the domain */
                if (check_param(param, p[param], &job->err) != BN_OK) {
                    job->first_bad = i;
                    return NULL;
                }
            }
            eval_checked(p, job->headline, out);
            for (int k = 0; k < BN_COST_NOUT; k++)
                job->values[(size_t)k * job->draws + i] = out[k];
        }
    }
    return NULL;
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
 * values of rank ra and rb (rb = ra + 1, or ra at the ends).
 */
typedef struct qplan {
    double frac[3];
    size_t a[3], b[3], ra[3], rb[3];
} qplan;

static double qplan_value(const double *v, const qplan *q, int i)
{
    double a = v[q->a[i]], b = v[q->b[i]];
    return a + q->frac[i] * (b - a);
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
    size_t next = km + 1 < n ? min_at(v, km + 1, n) : km;
    q->frac[1] = h - (double)km;
    q->a[1] = km, q->b[1] = next, q->ra[1] = km, q->rb[1] = km + 1 < n ? km + 1 : km;

    h = (double)(n - 1) * p_lo;
    size_t kl = (size_t)floor(h);
    q->frac[0] = h - (double)kl;
    if (kl >= km) {
        kl = km;
        q->a[0] = q->a[1], q->b[0] = q->b[1], q->ra[0] = q->ra[1], q->rb[0] = q->rb[1];
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
        q->a[2] = q->a[1], q->b[2] = q->b[1], q->ra[2] = q->ra[1], q->rb[2] = q->rb[1];
    } else {
        select_kth(v, ix, km + 1, n - 1, kh);
        q->a[2] = kh, q->ra[2] = kh;
        q->b[2] = kh + 1 < n ? min_at(v, kh + 1, n) : kh;
        q->rb[2] = kh + 1 < n ? kh + 1 : kh;
    }
}

/* Drops NAN from v[0..draws) in place and returns how many values are left; *sum is
 * their sum in draw order. */
static size_t compact(double *v, size_t draws, double *sum)
{
    size_t n = 0;
    double s = 0;
    for (size_t i = 0; i < draws; i++) {
        if (!isnan(v[i])) {
            s += v[i];
            v[n++] = v[i];
        }
    }
    *sum = s;
    return n;
}

/* Summarises v[0..draws) (reordered). ix, when not NULL, receives for the quantile
 * positions of *plan the index (among the non-NAN values, in draw order) each came from. */
static void summarise(double *v, uint32_t *ix, size_t draws, double level, bn_cost_summary *s,
                      qplan *plan)
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
    if (ix)
        for (size_t i = 0; i < n; i++)
            ix[i] = (uint32_t)i;
    quantiles3(v, ix, n, (1 - level) / 2, 1 - (1 - level) / 2, plan);
    s->lo = qplan_value(v, plan, 0);
    s->median = qplan_value(v, plan, 1);
    s->hi = qplan_value(v, plan, 2);
}

/*
 * An output that is an increasing function of another (9 of the 13 are positive
 * multiples of one draw: co2_lbs of co2_kg, usd of chip_hours, ...) has its order
 * statistics at the same draws. Its summary takes the root's ranked draws and checks,
 * in one counting pass, that each value has the rank it must have; the quantiles
 * are then exactly those a selection of its own would give. If a check fails it is
 * selected on its own, so the result never depends on the guess.
 */
static int summarise_by_root(const double *v, size_t n, double sum, const qplan *plan,
                             const uint32_t *ix, const bn_cost_summary *root, bn_cost_summary *s)
{
    if (n != root->n || n < 2)
        return 0;
    double x[6];
    size_t rank[6];
    for (int i = 0; i < 3; i++) {
        x[2 * i] = v[ix[plan->a[i]]], rank[2 * i] = plan->ra[i];
        x[2 * i + 1] = v[ix[plan->b[i]]], rank[2 * i + 1] = plan->rb[i];
    }
    for (int t = 0; t < 6; t++) {
        if (t > 0 && x[t] == x[t - 1] && rank[t] == rank[t - 1])
            continue; /* checked already */
        size_t lt = 0, le = 0;
        double xt = x[t];
        for (size_t i = 0; i < n; i++) { /* branch-free, so the compiler vectorises it */
            lt += v[i] < xt;
            le += v[i] <= xt;
        }
        if (!(lt <= rank[t] && rank[t] < le))
            return 0;
    }
    s->n = n;
    s->mean = sum / (double)n;
    for (int i = 0; i < 3; i++) {
        double a = x[2 * i], b = x[2 * i + 1];
        double q = a + plan->frac[i] * (b - a);
        if (i == 0)
            s->lo = q;
        else if (i == 1)
            s->median = q;
        else
            s->hi = q;
    }
    return 1;
}

/*
 * The root of output k: the first earlier output j, itself without a root, whose values
 * look like a positive multiple of k's (the ratio agrees to 1e-9 on the first 16 draws
 * where both have a value). Only a guess: summarise_by_root checks it exactly. -1: none.
 */
static int find_root(const double *values, size_t draws, int k, const int *root_of)
{
    const double *vk = values + (size_t)k * draws;
    for (int j = 0; j < k; j++) {
        if (root_of[j] >= 0)
            continue;
        const double *vj = values + (size_t)j * draws;
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
    double *values;
    size_t draws;
    double level;
    bn_cost_summary *summary;
    const int *root_of;       /* per output: its root, or -1 */
    uint32_t *const *ix;      /* per root with dependants: its ranked draw indices */
    qplan *plan;              /* per output */
    int thread, nthreads, phase; /* phase 0: outputs without a root; 1: the others */
} mc_summary_job;

static void *mc_summarise_outputs(void *arg)
{
    mc_summary_job *job = arg;
    int m = 0;
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if ((job->root_of[k] >= 0) != job->phase)
            continue;
        if (m++ % job->nthreads != job->thread)
            continue;
        double *v = job->values + (size_t)k * job->draws;
        int r = job->root_of[k];
        size_t n = job->draws;
        if (r >= 0 && job->ix[r]) {
            double sum;
            n = compact(v, n, &sum);
            if (summarise_by_root(v, n, sum, &job->plan[r], job->ix[r], &job->summary[r],
                                  &job->summary[k]))
                continue;
        }
        /* no root, or the check failed (v[0..n) then holds the draws with a value, in
         * draw order, so the mean is the same) */
        summarise(v, r < 0 ? job->ix[k] : NULL, n, job->level, &job->summary[k], &job->plan[k]);
    }
    return NULL;
}

/* Summarises every output, on up to `threads` threads. */
static enum bn_status mc_summarise(double *values, size_t draws, double level, int threads,
                                   bn_cost_summary *summary, bn_error *err)
{
    int root_of[BN_COST_NOUT];
    uint32_t *ix[BN_COST_NOUT] = {0};
    qplan plan[BN_COST_NOUT];
    enum bn_status st = BN_OK;
    for (int k = 0; k < BN_COST_NOUT; k++)
        root_of[k] = find_root(values, draws, k, root_of);
    for (int k = 0; k < BN_COST_NOUT; k++) {
        int r = root_of[k];
        if (r >= 0 && !ix[r] && !(ix[r] = malloc(sizeof(uint32_t) * draws))) {
            st = bn_fail(err, BN_ENOMEM, "out of memory for %zu draws", draws);
            goto done;
        }
    }
    for (int phase = 0; phase < 2; phase++) {
        int n = 0;
        for (int k = 0; k < BN_COST_NOUT; k++)
            n += (root_of[k] >= 0) == phase;
        int nthreads = threads < n ? threads : n;
        if (nthreads < 1)
            continue;
        mc_summary_job jobs[64];
        for (int t = 0; t < nthreads; t++)
            jobs[t] = (mc_summary_job){values, draws, level, summary, root_of,
                                       (uint32_t *const *)ix, plan, t, nthreads, phase};
        run_jobs(mc_summarise_outputs, jobs, sizeof jobs[0], nthreads);
    }
done:
    for (int k = 0; k < BN_COST_NOUT; k++)
        free(ix[k]);
    return st;
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

    double *values = malloc(sizeof(double) * BN_COST_NOUT * draws);
    mc_job *jobs = calloc((size_t)threads, sizeof *jobs);
    if (!values || !jobs) {
        free(values);
        free(jobs);
        return bn_fail(err, BN_ENOMEM, "out of memory for %zu draws", draws);
    }
    for (int t = 0; t < threads; t++) {
        jobs[t] = (mc_job){.base = base, .headline = headline, .u = u, .nu = nu, .draws = draws,
                           .seed = seed, .thread = t, .nthreads = threads, .values = values,
                           .first_bad = SIZE_MAX, .stop = stop};
    }
    run_jobs(mc_draw_blocks, jobs, sizeof jobs[0], threads);

    /* the first failing draw, whatever thread met it */
    int bad = -1;
    for (int t = 0; t < threads; t++)
        if (jobs[t].first_bad != SIZE_MAX && (bad < 0 || jobs[t].first_bad < jobs[bad].first_bad))
            bad = t;
    int stopped = 0;
    for (int t = 0; t < threads; t++)
        stopped |= jobs[t].stopped;
    if (stopped) {
        st = bn_fail(err, BN_EINTR, "interrupted");
    } else if (bad >= 0) {
        st = bn_fail(err, BN_EINVAL, "draw %zu: %s", jobs[bad].first_bad + 1, jobs[bad].err.msg);
    } else {
        if (samples && sample_output >= 0 && sample_output < BN_COST_NOUT)
            memcpy(samples, values + (size_t)sample_output * draws, sizeof(double) * draws);
        st = mc_summarise(values, draws, level, threads, summary, err);
    }
    free(values);
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
    rng r;
    for (size_t i = 0; i < n; i++) {
        if (i % MC_BLOCK == 0)
            rng_seed(&r, seed, i / MC_BLOCK);
        out[i] = draw(u, &r);
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
