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
    bn_error err;
    /* summary phase */
    double level;
    bn_cost_summary *summary;
} mc_job;

static void *mc_draw_blocks(void *arg)
{
    mc_job *job = arg;
    size_t nblocks = (job->draws + MC_BLOCK - 1) / MC_BLOCK;
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    for (size_t b = (size_t)job->thread; b < nblocks; b += (size_t)job->nthreads) {
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

static void swap_d(double *v, size_t i, size_t j)
{
    double t = v[i];
    v[i] = v[j];
    v[j] = t;
}

/*
 * Hoare's selection on v[lo..hi] (inclusive): afterwards v[k] holds the value of
 * rank k in that range, with nothing larger before it and nothing smaller after it.
 * Linear on average, which is what makes 1e5-draw summaries cheap (a full sort of
 * every output took most of the Monte Carlo time).
 */
static void select_kth(double *v, size_t lo, size_t hi, size_t k)
{
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap_d(v, lo, mid);
        if (v[hi] < v[lo])
            swap_d(v, lo, hi);
        if (v[hi] < v[mid])
            swap_d(v, mid, hi);
        double pivot = v[mid];
        size_t i = lo, j = hi;
        for (;;) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i >= j)
                break;
            swap_d(v, i, j);
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

static double min_of(const double *v, size_t lo, size_t end)
{
    double m = v[lo];
    for (size_t i = lo + 1; i < end; i++)
        if (v[i] < m)
            m = v[i];
    return m;
}

/*
 * Type-7 quantiles (R's default, numpy's "linear") at p_lo < 0.5 < p_hi of v[0..n),
 * which is reordered. The median is selected first; the lower quantile is then
 * selected among the values below it and the upper one among those above.
 */
static void quantiles3(double *v, size_t n, double p_lo, double p_hi, double *q_lo,
                       double *q_med, double *q_hi)
{
    if (n == 1) {
        *q_lo = *q_med = *q_hi = v[0];
        return;
    }
    double h = (double)(n - 1) * 0.5;
    size_t km = (size_t)floor(h);
    select_kth(v, 0, n - 1, km);
    double vm = v[km], vm_next = km + 1 < n ? min_of(v, km + 1, n) : vm;
    *q_med = vm + (h - (double)km) * (vm_next - vm);

    h = (double)(n - 1) * p_lo;
    size_t kl = (size_t)floor(h);
    double a, b;
    if (kl >= km) {
        a = vm;
        b = vm_next;
    } else {
        select_kth(v, 0, km - 1, kl);
        a = v[kl];
        b = kl + 1 < km ? min_of(v, kl + 1, km) : vm;
    }
    *q_lo = a + (h - (double)kl) * (b - a);

    h = (double)(n - 1) * p_hi;
    size_t kh = (size_t)floor(h);
    if (kh <= km) {
        a = vm;
        b = vm_next;
    } else {
        select_kth(v, km + 1, n - 1, kh);
        a = v[kh];
        b = kh + 1 < n ? min_of(v, kh + 1, n) : a;
    }
    *q_hi = a + (h - (double)kh) * (b - a);
}

static void summarise(double *v, size_t draws, double level, bn_cost_summary *s)
{
    size_t n = 0;
    double sum = 0;
    for (size_t i = 0; i < draws; i++) { /* drop NAN, sum in draw order */
        if (!isnan(v[i])) {
            sum += v[i];
            v[n++] = v[i];
        }
    }
    s->n = n;
    if (n == 0) {
        s->mean = s->median = s->lo = s->hi = NAN;
        return;
    }
    s->mean = sum / (double)n;
    quantiles3(v, n, (1 - level) / 2, 1 - (1 - level) / 2, &s->lo, &s->median, &s->hi);
}

static void *mc_summarise_outputs(void *arg)
{
    mc_job *job = arg;
    for (int k = job->thread; k < BN_COST_NOUT; k += job->nthreads)
        summarise(job->values + (size_t)k * job->draws, job->draws, job->level, &job->summary[k]);
    return NULL;
}

/* Runs fn on nthreads jobs, the first (and any that cannot get a thread) in this one. */
static void run_threads(void *(*fn)(void *), mc_job *jobs, int nthreads)
{
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[t], NULL, fn, &jobs[t]) != 0)
            break;
        started = t;
    }
    /* jobs of threads that could not start run here, so the result never depends on it */
    fn(&jobs[0]);
    for (int t = started + 1; t < nthreads; t++)
        fn(&jobs[t]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
}

#define MC_MAX_DRAWS 100000000u

enum bn_status bn_cost_montecarlo(const double *base, enum bn_cost_headline headline,
                                  const bn_cost_uncertain *u, size_t nu, size_t draws,
                                  uint64_t seed, double level, int threads,
                                  bn_cost_summary *summary, int sample_output, double *samples,
                                  bn_error *err)
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
                           .first_bad = SIZE_MAX, .level = level, .summary = summary};
    }
    run_threads(mc_draw_blocks, jobs, threads);

    /* the first failing draw, whatever thread met it */
    int bad = -1;
    for (int t = 0; t < threads; t++)
        if (jobs[t].first_bad != SIZE_MAX && (bad < 0 || jobs[t].first_bad < jobs[bad].first_bad))
            bad = t;
    if (bad >= 0) {
        st = bn_fail(err, BN_EINVAL, "draw %zu: %s", jobs[bad].first_bad + 1, jobs[bad].err.msg);
    } else {
        if (samples && sample_output >= 0 && sample_output < BN_COST_NOUT)
            memcpy(samples, values + (size_t)sample_output * draws, sizeof(double) * draws);
        run_threads(mc_summarise_outputs, jobs, threads < BN_COST_NOUT ? threads : BN_COST_NOUT);
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
