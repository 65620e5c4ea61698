/*
 * cost kernels against published worked examples (Strubell et al. 2019 Table 3,
 * the Thompson et al. site conversions, an ML CO2 calculator result) and
 * distribution facts for the Monte Carlo streams.
 */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "cost.h"

static void blank(double *p)
{
    for (int i = 0; i < BN_COST_NPARAM; i++)
        p[i] = NAN;
}

TEST(names_round_trip)
{
    for (int i = 0; i < BN_COST_NPARAM; i++)
        CHECK(bn_cost_param_index(bn_cost_param_name(i)) == i);
    CHECK(bn_cost_param_index("nope") == -1);
    CHECK_STR(bn_cost_output_name(BN_COST_OUT_CO2_LBS), "co2_lbs");
    CHECK(bn_cost_output_name(BN_COST_NOUT) == NULL);
}

/* thompson-site: $ = FLOP / 6.874e16, lb = FLOP / 3.4976e17, V100 PCIe at 14.13e12 FLOP/s */
TEST(thompson_site_1e28)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_FLOP] = 1e28;
    p[BN_COST_PEAK_FLOP_PER_S] = 14.13e12;
    p[BN_COST_USD_PER_FLOP] = 1 / 6.874e16;
    p[BN_COST_LBS_CO2_PER_FLOP] = 1 / 3.4976e17;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_OK);
    CHECK_NEAR(out[BN_COST_OUT_USD], 145475705557, 1e-11);
    CHECK_NEAR(out[BN_COST_OUT_CO2_LBS], 28591033852, 1e-10);
    CHECK_NEAR(out[BN_COST_OUT_CO2_KG], 28591033852 * 0.45359237, 1e-10);
    CHECK_NEAR(out[BN_COST_OUT_CHIP_HOURS], 196587245420, 1e-11);
    CHECK(isnan(out[BN_COST_OUT_KWH])); /* the site defines no energy */
}

/* Strubell 2019 Table 3, Transformer big: 1515.43 W for 84 h -> 201 kWh, 192 lb */
TEST(strubell_transformer_big)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_WATTS] = 1515.43;
    p[BN_COST_HOURS] = 84;
    p[BN_COST_CHIPS] = 8;
    p[BN_COST_SERVER_FACTOR] = 1;
    p[BN_COST_PUE] = 1.58;
    p[BN_COST_KG_CO2_PER_KWH] = 0.954 * BN_COST_KG_PER_LB;
    p[BN_COST_USD_PER_CHIP_HOUR] = 1.46;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_OK);
    CHECK_NEAR(out[BN_COST_OUT_KWH], 1.58 * 1515.43 * 84 / 1000, 1e-13);
    CHECK(fabs(round(out[BN_COST_OUT_KWH]) - 201) < 1e-9);
    CHECK(fabs(round(out[BN_COST_OUT_CO2_LBS]) - 192) < 1e-9);
    CHECK(fabs(round(out[BN_COST_OUT_USD]) - 981) < 1e-9);
    CHECK_NEAR(out[BN_COST_OUT_CHIP_HOURS], 672, 1e-15);
}

/* ML CO2 calculator: 300 W x 500 h x 0.432 kg/kWh = 64.8 kg, no PUE */
TEST(mlco2_example)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_CHIPS] = 1;
    p[BN_COST_HOURS] = 500;
    p[BN_COST_CHIP_W] = 300;
    p[BN_COST_SERVER_FACTOR] = 1;
    p[BN_COST_PUE] = 1;
    p[BN_COST_KG_CO2_PER_KWH] = 0.432;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_OK);
    CHECK_NEAR(out[BN_COST_OUT_CO2_KG], 64.8, 1e-13);
    CHECK(isnan(out[BN_COST_OUT_USD]));
}

TEST(round_trip_flop_chip_hours)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT], back[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_FLOP] = 3.14e23;
    p[BN_COST_PEAK_FLOP_PER_S] = 312e12;
    p[BN_COST_UTILIZATION] = 0.4;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_OK);
    blank(p);
    p[BN_COST_CHIP_HOURS] = out[BN_COST_OUT_CHIP_HOURS];
    p[BN_COST_PEAK_FLOP_PER_S] = 312e12;
    p[BN_COST_UTILIZATION] = 0.4;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, back, &err) == BN_OK);
    CHECK_NEAR(back[BN_COST_OUT_FLOP], 3.14e23, 1e-14);
}

TEST(amortized_headline)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_CHIP_HOURS] = 1000;
    p[BN_COST_CHIP_W] = 400;
    p[BN_COST_SERVER_FACTOR] = 2;
    p[BN_COST_PUE] = 1.25;
    p[BN_COST_USD_PER_KWH] = 0.1;
    p[BN_COST_CAPEX_USD_PER_CHIP_HOUR] = 1.5;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_AMORTIZED, out, &err) == BN_OK);
    CHECK_NEAR(out[BN_COST_OUT_KWH], 1000 * 0.4 * 2 * 1.25, 1e-15);
    CHECK_NEAR(out[BN_COST_OUT_USD], 1500 + 100, 1e-15);
}

TEST(bad_parameters)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    bn_error err;
    blank(p);
    p[BN_COST_FLOP] = -1;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "flop must be") != NULL);
    blank(p);
    p[BN_COST_UTILIZATION] = 0;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "utilization must be positive") != NULL);
    p[BN_COST_UTILIZATION] = 1.5;
    CHECK(bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &err) == BN_EINVAL);
}

static double mean_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

static double var_of(const double *x, size_t n)
{
    double m = mean_of(x, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    return s / (double)(n - 1);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

TEST(distributions)
{
    enum { N = 200000 };
    double *x = malloc(sizeof(double) * N);
    bn_error err;
    bn_cost_uncertain u = {BN_COST_PUE, BN_DIST_UNIFORM, 1.1, 1.6, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_OK);
    CHECK_NEAR(mean_of(x, N), 1.35, 2e-3);
    CHECK_NEAR(var_of(x, N), 0.25 / 12, 1e-2);
    u = (bn_cost_uncertain){BN_COST_PUE, BN_DIST_NORMAL, 10, 2, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_OK);
    CHECK_NEAR(mean_of(x, N), 10, 2e-3);
    CHECK_NEAR(sqrt(var_of(x, N)), 2, 1e-2);
    u = (bn_cost_uncertain){BN_COST_PUE, BN_DIST_LOGNORMAL, 0.5, 8, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_OK);
    qsort(x, N, sizeof *x, cmp);
    CHECK_NEAR(x[N / 20], 0.5, 2e-2);      /* 5th percentile */
    CHECK_NEAR(x[N - N / 20], 8, 2e-2);    /* 95th */
    CHECK_NEAR(x[N / 2], 2, 1e-2);         /* geometric mean of the bounds */
    u = (bn_cost_uncertain){BN_COST_PUE, BN_DIST_TRIANGULAR, 1, 2, 6};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_OK);
    CHECK_NEAR(mean_of(x, N), 3, 3e-3);
    u = (bn_cost_uncertain){BN_COST_PUE, BN_DIST_LOGUNIFORM, 1, 100, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_OK);
    qsort(x, N, sizeof *x, cmp);
    CHECK_NEAR(x[N / 2], 10, 1e-2);
    u = (bn_cost_uncertain){BN_COST_PUE, BN_DIST_UNIFORM, 2, 1, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "pue: uniform needs low <= high") != NULL);
    u = (bn_cost_uncertain){-1, BN_DIST_NORMAL, 0, -1, 0};
    CHECK(bn_cost_sample(&u, N, 7, x, &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "value: normal needs sd >= 0") != NULL);
    CHECK_NEAR(bn_cost_normal_quantile(0.975), 1.959963984540054, 1e-14);
    free(x);
}

static void mc_base(double *p)
{
    blank(p);
    p[BN_COST_FLOP] = 1e24;
    p[BN_COST_PEAK_FLOP_PER_S] = 312e12;
    p[BN_COST_UTILIZATION] = 0.4;
    p[BN_COST_CHIP_W] = 400;
    p[BN_COST_SERVER_FACTOR] = 1.5;
    p[BN_COST_PUE] = 1.2;
    p[BN_COST_KG_CO2_PER_KWH] = 0.4;
    p[BN_COST_USD_PER_CHIP_HOUR] = 2;
}

TEST(montecarlo_same_for_any_thread_count)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    bn_cost_uncertain u[3] = {{BN_COST_UTILIZATION, BN_DIST_UNIFORM, 0.3, 0.5, 0},
                              {BN_COST_PUE, BN_DIST_UNIFORM, 1.1, 1.6, 0},
                              {BN_COST_KG_CO2_PER_KWH, BN_DIST_LOGNORMAL, 0.05, 0.7, 0}};
    enum { DRAWS = 5001 }; /* not a multiple of the block size */
    bn_cost_summary ref[BN_COST_NOUT], got[BN_COST_NOUT];
    static double s1[DRAWS], s2[DRAWS];
    bn_error err;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, u, 3, DRAWS, 42, 0.9, 1, ref,
                             BN_COST_OUT_CO2_KG, s1, NULL, &err) == BN_OK);
    for (int threads = 2; threads <= 5; threads++) {
        CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, u, 3, DRAWS, 42, 0.9, threads, got,
                                 BN_COST_OUT_CO2_KG, s2, NULL, &err) == BN_OK);
        CHECK(memcmp(ref, got, sizeof ref) == 0);
        CHECK(memcmp(s1, s2, sizeof s1) == 0);
    }
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, u, 3, DRAWS, 43, 0.9, 2, got, -1, NULL, NULL,
                             &err) == BN_OK);
    CHECK(got[BN_COST_OUT_CO2_KG].median != ref[BN_COST_OUT_CO2_KG].median);
    CHECK(ref[BN_COST_OUT_USD_CAPEX].n == 0 && isnan(ref[BN_COST_OUT_USD_CAPEX].median));
}

/* chip-hours are a decreasing function of utilisation alone: their median is at u = 0.4 */
TEST(montecarlo_median_of_monotone_transform)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    bn_cost_uncertain u = {BN_COST_UTILIZATION, BN_DIST_UNIFORM, 0.3, 0.5, 0};
    bn_cost_summary s[BN_COST_NOUT];
    bn_error err;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 100000, 1, 0.9, 2, s, -1, NULL, NULL,
                             &err) == BN_OK);
    double at = 1e24 / (312e12 * 3600);
    CHECK_NEAR(s[BN_COST_OUT_CHIP_HOURS].median, at / 0.4, 3e-3);
    CHECK_NEAR(s[BN_COST_OUT_CHIP_HOURS].lo, at / 0.49, 3e-3); /* 95th pct of u: 0.49 */
    CHECK_NEAR(s[BN_COST_OUT_CHIP_HOURS].hi, at / 0.31, 3e-3);
    CHECK(s[BN_COST_OUT_FLOP].lo == 1e24 && s[BN_COST_OUT_FLOP].hi == 1e24);
}

TEST(montecarlo_bad_draw_is_reported)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    bn_cost_uncertain u = {BN_COST_UTILIZATION, BN_DIST_NORMAL, 0.5, 0.3, 0};
    bn_cost_summary s[BN_COST_NOUT];
    bn_error err;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 10000, 1, 0.9, 2, s, -1, NULL, NULL,
                             &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "utilization must be") != NULL);
    char first[BN_ERROR_MAX];
    strcpy(first, err.msg);
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 10000, 1, 0.9, 1, s, -1, NULL, NULL,
                             &err) == BN_EINVAL);
    CHECK_STR(err.msg, first);
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 1, 1, 0.9, 1, s, -1, NULL, NULL,
                             &err) == BN_EINVAL);
}

TEST(montecarlo_stops_on_the_flag)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    bn_cost_uncertain u = {BN_COST_UTILIZATION, BN_DIST_UNIFORM, 0.3, 0.5, 0};
    bn_cost_summary s[BN_COST_NOUT];
    bn_error err;
    bn_stop_flag stop = 1;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 10000, 1, 0.9, 2, s, -1, NULL,
                             &stop, &err) == BN_EINTR);
    CHECK_STR(err.msg, "interrupted");
    stop = 0;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 10000, 1, 0.9, 2, s, -1, NULL,
                             &stop, &err) == BN_OK);
}

/* numpy.quantile([1, 2, ..., 10], [0.025, 0.5, 0.975]) = 1.225, 5.5, 9.775 (type 7) */
TEST(montecarlo_quantiles_type7)
{
    double p[BN_COST_NPARAM];
    blank(p);
    p[BN_COST_CHIP_HOURS] = 1;
    p[BN_COST_USD_PER_CHIP_HOUR] = 1;
    bn_cost_summary s[BN_COST_NOUT];
    bn_error err;
    /* usd = price; draws of a uniform price, checked against a sort of the same draws */
    for (size_t n = 2; n <= 41; n += 3) {
        bn_cost_uncertain u = {BN_COST_USD_PER_CHIP_HOUR, BN_DIST_UNIFORM, 0, 1, 0};
        double x[41];
        CHECK(bn_cost_sample(&u, n, 5, x, &err) == BN_OK);
        qsort(x, n, sizeof *x, cmp);
        CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, n, 5, 0.95, 1, s, -1, NULL, NULL,
                                 &err) == BN_OK);
        const double probs[3] = {0.025, 0.5, 0.975};
        const double got[3] = {s[BN_COST_OUT_USD].lo, s[BN_COST_OUT_USD].median,
                               s[BN_COST_OUT_USD].hi};
        for (int q = 0; q < 3; q++) {
            double h = (double)(n - 1) * probs[q];
            size_t k = (size_t)floor(h);
            double want = k + 1 < n ? x[k] + (h - (double)k) * (x[k + 1] - x[k]) : x[k];
            CHECK_NEAR(got[q], want, 1e-15);
        }
    }
    /* ties: a constant output */
    bn_cost_uncertain u = {BN_COST_USD_PER_CHIP_HOUR, BN_DIST_UNIFORM, 3, 3, 0};
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 1000, 5, 0.95, 2, s, -1, NULL, NULL,
                             &err) == BN_OK);
    CHECK(s[BN_COST_OUT_USD].lo == 3 && s[BN_COST_OUT_USD].median == 3 &&
          s[BN_COST_OUT_USD].hi == 3);
}

/* Outputs that are multiples of another reuse its selection (co2_lbs of co2_kg, usd of
 * chip_hours, ...), absent, constant and copied outputs are not stored, and large draws
 * are selected within a bracket: every output's quantiles must still equal, bit for bit,
 * the type-7 quantiles of a full sort of its own draws. An even number of draws (the
 * median between two draws) and an odd one, each below and above the bracket's size. */
static void outputs_equal_a_sort(const double *p, const bn_cost_uncertain *u, size_t nu,
                                 size_t draws)
{
    static double x[100001];
    bn_cost_summary s[BN_COST_NOUT], unused[BN_COST_NOUT];
    bn_error err;
    const double levels[2] = {0.95, 0.5};
    for (int l = 0; l < 2; l++) {
        CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, u, nu, draws, 9, levels[l], 2, s, -1,
                                 NULL, NULL, &err) == BN_OK);
        for (int k = 0; k < BN_COST_NOUT; k++) {
            CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, u, nu, draws, 9, levels[l], 1,
                                     unused, k, x, NULL, &err) == BN_OK);
            size_t n = 0;
            double sum = 0; /* in draw order, as the summary must add them */
            for (size_t i = 0; i < draws; i++)
                if (!isnan(x[i]))
                    sum += x[i], x[n++] = x[i];
            CHECK(s[k].n == n);
            if (n < 2)
                continue;
            int constant = 1; /* a constant output's mean is its value */
            for (size_t i = 1; i < n && constant; i++)
                constant = x[i] == x[0];
            CHECK(s[k].mean == (constant ? x[0] : sum / (double)n));
            qsort(x, n, sizeof *x, cmp);
            const double probs[3] = {(1 - levels[l]) / 2, 0.5, 1 - (1 - levels[l]) / 2};
            const double got[3] = {s[k].lo, s[k].median, s[k].hi};
            for (int q = 0; q < 3; q++) {
                double h = (double)(n - 1) * probs[q];
                size_t r = (size_t)floor(h);
                /* R's quantile(): no interpolation between equal values (inf and inf) */
                double want = r + 1 < n && x[r + 1] != x[r]
                                  ? x[r] + (h - (double)r) * (x[r + 1] - x[r])
                                  : x[r];
                CHECK(got[q] == want);
            }
        }
    }
}

static void every_output_equals_a_sort(size_t draws)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    bn_cost_uncertain u[3] = {{BN_COST_UTILIZATION, BN_DIST_UNIFORM, 0.3, 0.5, 0},
                              {BN_COST_PUE, BN_DIST_UNIFORM, 1.1, 1.6, 0},
                              {BN_COST_KG_CO2_PER_KWH, BN_DIST_LOGNORMAL, 0.05, 0.7, 0}};
    outputs_equal_a_sort(p, u, 3, draws);
}

TEST(montecarlo_every_output_equals_a_sort_of_its_draws)
{
    every_output_equals_a_sort(1000);
    every_output_equals_a_sort(1001);
    every_output_equals_a_sort(20000);
    every_output_equals_a_sort(20001);
    /* the bench's size: the stored outputs (over 2 MiB) in a mapping of their own */
    every_output_equals_a_sort(100000);
    every_output_equals_a_sort(100001);
}

/* A prediction the pilot of the first 64 draws gets wrong. With a peak rate of 1e-10
 * FLOP/s, chip-hours overflow to infinity unless flop < 2.6e301, and a chip power of 0
 * makes kwh_chip = inf x 0 = NAN: kwh_chip is absent in the pilot (flop loguniform in
 * [2.5e301, 1e308] is below 2.6e301 in 0.26% of draws) but not in some later draws, so
 * the draws are made again with every output stored. Its count must be that of the
 * draws themselves. */
TEST(montecarlo_broken_prediction_is_redrawn)
{
    double p[BN_COST_NPARAM];
    mc_base(p);
    p[BN_COST_PEAK_FLOP_PER_S] = 1e-10;
    p[BN_COST_CHIP_W] = 0;
    bn_cost_uncertain u = {BN_COST_FLOP, BN_DIST_LOGUNIFORM, 2.5e301, 1e308, 0};
    enum { DRAWS = 100000 };
    static double x[DRAWS];
    bn_cost_summary s[BN_COST_NOUT], own[BN_COST_NOUT];
    bn_error err;
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, DRAWS, 1, 0.9, 2, s, -1, NULL, NULL,
                             &err) == BN_OK);
    CHECK(bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, DRAWS, 1, 0.9, 2, own,
                             BN_COST_OUT_KWH_CHIP, x, NULL, &err) == BN_OK);
    size_t pilot_values = 0, values = 0;
    for (size_t i = 0; i < DRAWS; i++) {
        pilot_values += i < 64 && !isnan(x[i]);
        values += !isnan(x[i]);
    }
    CHECK(pilot_values == 0 && values > 100); /* what the pilot saw, and what it missed */
    CHECK(s[BN_COST_OUT_KWH_CHIP].n == values);
    CHECK(memcmp(&s[BN_COST_OUT_KWH_CHIP], &own[BN_COST_OUT_KWH_CHIP], sizeof s[0]) == 0);
    CHECK(s[BN_COST_OUT_KWH_CHIP].median == 0);
    /* chip-hours are infinite in most draws: ties fill a bracket past its room, and every
     * output must still be its sort's (the bracket gives way to the full selection) */
    outputs_equal_a_sort(p, &u, 1, DRAWS);
}

/* Each draw's domain is tested inline, check_param only asked when that quick test fails:
 * for every parameter and values at the domain's edges, a Monte Carlo whose draws all
 * equal the value (uniform from it to itself) must accept or reject it exactly as
 * bn_cost_eval does, with the same message. */
TEST(montecarlo_draw_domain_as_eval)
{
    const double values[] = {0.0, DBL_MIN, 0.5, 1.0, nextafter(1.0, 2.0), 2.0, DBL_MAX,
                             -DBL_MIN};
    for (int param = 0; param < BN_COST_NPARAM; param++) {
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            double p[BN_COST_NPARAM], out[BN_COST_NOUT];
            bn_error want, got;
            mc_base(p);
            p[param] = values[i];
            enum bn_status st_eval = bn_cost_eval(p, BN_COST_HEADLINE_CLOUD, out, &want);
            p[param] = 1; /* a valid base, whose value the draws replace */
            bn_cost_uncertain u = {param, BN_DIST_UNIFORM, values[i], values[i], 0};
            bn_cost_summary s[BN_COST_NOUT];
            enum bn_status st = bn_cost_montecarlo(p, BN_COST_HEADLINE_CLOUD, &u, 1, 100, 1, 0.9,
                                                   1, s, -1, NULL, NULL, &got);
            CHECK(st == st_eval);
            if (st != BN_OK && st == st_eval) {
                CHECK(strncmp(got.msg, "draw 1: ", 8) == 0);
                CHECK_STR(got.msg + 8, want.msg);
            }
        }
    }
}

TEST(doubling_and_affordability)
{
    CHECK_NEAR(bn_cost_doubling_years(log10(2.0) / 2.5), 2.5, 1e-14);
    CHECK(isinf(bn_cost_doubling_years(0)));
    /* $1e11 in 2020, falling one order of magnitude every 4 years, meets $1e9 in 2028 */
    CHECK_NEAR(bn_cost_year_affordable(1e11, 1e9, 2020, 0.25), 2028, 1e-14);
    CHECK(bn_cost_year_affordable(1e8, 1e9, 2020, 0.25) == 2020);
    CHECK(isinf(bn_cost_year_affordable(1e11, 1e9, 2020, 0)));
}

/* Thompson et al.: AlexNet (2 GTX 580, 5.5 days) to NASNet-A (500 P100, 4 days) */
TEST(decompose_alexnet_nasnet)
{
    double f[4];
    bn_error err;
    CHECK(bn_cost_decompose(1.581e12, 2, 5.5, 10.6e12, 500, 4, f, &err) == BN_OK);
    CHECK_NEAR(f[0], 10.6 / 1.581, 1e-14);
    CHECK_NEAR(f[1], 250, 1e-15);
    CHECK_NEAR(f[3], f[0] * 250 * 4 / 5.5, 1e-14);
    CHECK(f[3] > 1000 && f[3] < 1500 && f[0] > 6 && f[0] < 7);
    CHECK(bn_cost_decompose(0, 2, 5.5, 10.6e12, 500, 4, f, &err) == BN_EINVAL);
    CHECK(strstr(err.msg, "peak rate of the first run") != NULL);
}

int main(void)
{
    RUN(names_round_trip);
    RUN(thompson_site_1e28);
    RUN(strubell_transformer_big);
    RUN(mlco2_example);
    RUN(round_trip_flop_chip_hours);
    RUN(amortized_headline);
    RUN(bad_parameters);
    RUN(distributions);
    RUN(montecarlo_same_for_any_thread_count);
    RUN(montecarlo_median_of_monotone_transform);
    RUN(montecarlo_bad_draw_is_reported);
    RUN(montecarlo_stops_on_the_flag);
    RUN(montecarlo_quantiles_type7);
    RUN(montecarlo_every_output_equals_a_sort_of_its_draws);
    RUN(montecarlo_broken_prediction_is_redrawn);
    RUN(montecarlo_draw_domain_as_eval);
    RUN(doubling_and_affordability);
    RUN(decompose_alexnet_nasnet);
    return DONE();
}
