/*
 * cost: the arithmetic that turns compute into chip-hours, energy, CO2 and
 * dollars, its Monte Carlo propagation, and the small trend calculations
 * (doubling times, the year a budget suffices, the decomposition of compute
 * growth; the trend fits themselves use burden.fit.ols).
 *
 * The model is one chain of products over named parameters (bn_cost_param);
 * a parameter holding NAN is absent and every output that needs it is NAN.
 * The stdlib (stdlib/burden/cost/) turns a preset and the caller's
 * overrides into a parameter vector; this module only multiplies.
 *
 * Memory: callers own every array passed in and out. bn_cost_montecarlo
 * allocates its work arrays itself and frees them before returning.
 */
#ifndef BURDEN_CORE_COST_H
#define BURDEN_CORE_COST_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "interrupt.h"

/* 1 lb = 0.45359237 kg exactly (international yard and pound agreement, 1959). */
#define BN_COST_KG_PER_LB 0.45359237

enum bn_cost_param {
    BN_COST_FLOP,                 /* training compute, FLOP */
    BN_COST_PEAK_FLOP_PER_S,      /* peak rate of one chip, FLOP/s */
    BN_COST_UTILIZATION,          /* achieved / peak, in (0, 1] */
    BN_COST_CHIPS,                /* number of chips */
    BN_COST_HOURS,                /* wall-clock hours */
    BN_COST_CHIP_HOURS,           /* chip-hours (when given directly) */
    BN_COST_WATTS,                /* measured total draw of all chips and host, W */
    BN_COST_CHIP_W,               /* power of one chip, W */
    BN_COST_SERVER_FACTOR,        /* server power / chip power (average during training) */
    BN_COST_PUE,                  /* facility energy / IT energy */
    BN_COST_KG_CO2_PER_KWH,       /* grid intensity */
    BN_COST_USD_PER_CHIP_HOUR,    /* rental price */
    BN_COST_USD_PER_KWH,          /* electricity price */
    BN_COST_CAPEX_USD_PER_CHIP_HOUR, /* amortised purchase cost per chip-hour */
    BN_COST_USD_PER_FLOP,         /* direct conversion (thompson-site) */
    BN_COST_LBS_CO2_PER_FLOP,     /* direct conversion (thompson-site) */
    BN_COST_NPARAM
};

enum bn_cost_output {
    BN_COST_OUT_FLOP,
    BN_COST_OUT_CHIP_HOURS,
    BN_COST_OUT_HOURS,
    BN_COST_OUT_KWH_CHIP,      /* energy at the chips (or measured draw) */
    BN_COST_OUT_KWH_SERVER,    /* at the servers */
    BN_COST_OUT_KWH,           /* at the facility (x PUE) */
    BN_COST_OUT_CO2_KG,
    BN_COST_OUT_CO2_LBS,
    BN_COST_OUT_USD_CLOUD,     /* chip-hours x rental price */
    BN_COST_OUT_USD_ENERGY,    /* facility kWh x electricity price */
    BN_COST_OUT_USD_CAPEX,     /* chip-hours x amortised purchase cost */
    BN_COST_OUT_USD_AMORTIZED, /* capex + energy */
    BN_COST_OUT_USD,           /* the headline figure (see bn_cost_headline) */
    BN_COST_NOUT
};

/* Which dollar figure is the headline `usd` (a direct per-FLOP price always wins). */
enum bn_cost_headline { BN_COST_HEADLINE_CLOUD = 0, BN_COST_HEADLINE_AMORTIZED = 1 };

/* Names as used from Lua ("flop", "peak_flop_per_s", ..., "usd"); NULL out of range. */
const char *bn_cost_param_name(int param);
const char *bn_cost_output_name(int output);
/* Index of a name, or -1. */
int bn_cost_param_index(const char *name);

/*
 * One evaluation of the chain. `param` has BN_COST_NPARAM values (NAN = absent),
 * `out` receives BN_COST_NOUT values (NAN = not computable from what is given).
 * Fails on a negative value, a zero or negative rate/utilisation/PUE, or a
 * utilisation above 1.
 */
enum bn_status bn_cost_eval(const double *param, enum bn_cost_headline headline, double *out,
                            bn_error *err);

/* ---- Monte Carlo ------------------------------------------------------------------ */

enum bn_cost_dist {
    BN_DIST_UNIFORM,    /* a = low, b = high */
    BN_DIST_LOGUNIFORM, /* a = low, b = high (both > 0): uniform in log */
    BN_DIST_NORMAL,     /* a = mean, b = standard deviation */
    BN_DIST_LOGNORMAL,  /* a = low, b = high: the central 90% interval */
    BN_DIST_TRIANGULAR, /* a = low, b = mode, c = high */
};

typedef struct bn_cost_uncertain {
    int param;              /* enum bn_cost_param (-1: none, for bn_cost_sample) */
    enum bn_cost_dist dist;
    double a, b, c;
} bn_cost_uncertain;

typedef struct bn_cost_summary {
    size_t n;          /* draws with a value (0: the output is not computable) */
    double mean, median, lo, hi; /* lo, hi: central `level` interval (type-7 quantiles) */
} bn_cost_summary;

/* Checks one distribution's parameters. */
enum bn_status bn_cost_check_dist(const bn_cost_uncertain *u, bn_error *err);

/*
 * Draws `draws` parameter vectors (base with the uncertain ones replaced),
 * evaluates each, and summarises every output. Draws are generated in fixed
 * blocks, each from its own stream derived from (seed, block number), so the
 * result is identical for any `threads` >= 1. `samples`, when not NULL, receives
 * the draws of output `sample_output` in draw order (draws values). `stop` (NULL:
 * never) is polled before each block of 1024 draws: when set, BN_EINTR.
 */
enum bn_status bn_cost_montecarlo(const double *base, enum bn_cost_headline headline,
                                  const bn_cost_uncertain *u, size_t nu, size_t draws,
                                  uint64_t seed, double level, int threads,
                                  bn_cost_summary *summary, int sample_output, double *samples,
                                  const bn_stop_flag *stop, bn_error *err);

/* Fills out[0..n) with draws of one distribution (same streams as the Monte Carlo);
 * u->param may be -1 (messages then say "value"). */
enum bn_status bn_cost_sample(const bn_cost_uncertain *u, size_t n, uint64_t seed, double *out,
                              bn_error *err);

/* Standard normal quantile (p in (0, 1)). */
double bn_cost_normal_quantile(double p);

/* ---- trends ------------------------------------------------------------------------ */

/*
 * Years for a quantity growing at `oom_per_year` orders of magnitude per year to
 * double: log10(2) / rate. INFINITY for a rate <= 0 (it never doubles).
 */
double bn_cost_doubling_years(double oom_per_year);

/*
 * The year when a cost of `usd_now` at `year0`, falling by `oom_per_year`
 * orders of magnitude per year, reaches `budget`: year0 + log10(usd_now /
 * budget) / rate; year0 when already affordable; INFINITY when the rate is <= 0
 * and it is not.
 */
double bn_cost_year_affordable(double usd_now, double budget, double year0, double oom_per_year);

/*
 * Compute growth between two training runs as per-chip speed x chip count x
 * time: factors[0] = peak2/peak1, [1] = chips2/chips1, [2] = time2/time1,
 * [3] = the product (total).
 */
enum bn_status bn_cost_decompose(double peak1, double chips1, double time1, double peak2,
                                 double chips2, double time2, double factors[4], bn_error *err);

#endif
