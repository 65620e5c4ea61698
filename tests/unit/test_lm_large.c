/*
 * engine/core/lm on large designs (at least 262,144 rows: the threaded one-pass fold):
 * NIST StRD's Longley and Wampler problems with every row repeated, whose certified
 * coefficients are unchanged by the repetition, and the errors of bad rows.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "lm.h"
#include "lm_result.h"

#define LARGE 262144

/* Log relative error: the number of digits of x that agree with the certified c. */
static double lre(double x, double c)
{
    double e = fabs(x - c) / fabs(c);
    return e == 0 ? 17 : -log10(e);
}

/* Longley (1967) as published by NIST StRD (Longley.dat): y, then x1..x6. */
static const double longley[16][7] = {
    {60323, 83.0, 234289, 2356, 1590, 107608, 1947},  {61122, 88.5, 259426, 2325, 1456, 108632, 1948},
    {60171, 88.2, 258054, 3682, 1616, 109773, 1949},  {61187, 89.5, 284599, 3351, 1650, 110929, 1950},
    {63221, 96.2, 328975, 2099, 3099, 112075, 1951},  {63639, 98.1, 346999, 1932, 3594, 113270, 1952},
    {64989, 99.0, 365385, 1870, 3547, 115094, 1953},  {63761, 100.0, 363112, 3578, 3350, 116219, 1954},
    {66019, 101.2, 397469, 2904, 3048, 117388, 1955}, {67857, 104.6, 419180, 2822, 2857, 118734, 1956},
    {68169, 108.4, 442769, 2936, 2798, 120445, 1957}, {66513, 110.8, 444546, 4681, 2637, 121950, 1958},
    {68655, 112.6, 482704, 3813, 2552, 123366, 1959}, {69564, 114.2, 502601, 3931, 2514, 125368, 1960},
    {69331, 115.7, 518173, 4806, 2572, 127852, 1961}, {70551, 116.9, 554894, 4007, 2827, 130081, 1962},
};
static const double longley_b[7] = {-3482258.63459582, 15.0618722713733, -0.358191792925910E-01,
                                    -2.02022980381683, -1.03322686717359, -0.511041056535807E-01,
                                    1829.15146461355};
static const double longley_se[7] = {890420.383607373, 84.9149257747669, 0.334910077722432E-01,
                                     0.488399681651699, 0.214274163161675, 0.226073200069370,
                                     455.478499142212};
#define LONGLEY_SIGMA 304.854073561965
#define LONGLEY_R2 0.995479004577296

TEST(longley_repeated_keeps_every_certified_digit)
{
    size_t n = LARGE, p = 7; /* 16384 copies of the 16 rows */
    double *data = malloc(7 * n * sizeof *data);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 7; j++)
            data[j * n + i] = longley[i % 16][j];
    const double *cols[7] = {NULL, data + n, data + 2 * n, data + 3 * n, data + 4 * n, data + 5 * n,
                             data + 6 * n};
    bn_lm_input in = {n, p, cols, data, NULL};
    double buf[2 * 7 * 7 + 14];
    unsigned char al[7];
    bn_lm_result r = result(p, buf, al);
    bn_error err;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_OK);
    CHECK(r.rank == 7 && r.n_used == n);
    /* the same accuracy as the 16-row fit (tests/lua/fit_accuracy_test.lua): 10 digits */
    double worst = 17;
    double copies = (double)n / 16, df = (double)n - 7;
    for (size_t j = 0; j < p; j++) {
        /* the same residuals repeated: RSS and X'X scale by the copies, so the
         * standard error is the certified one times sqrt(9 / df) */
        double se = sqrt(r.rss / df * r.cov[j * p + j]);
        worst = fmin(worst, fmin(lre(r.coef[j], longley_b[j]), lre(se, longley_se[j] * sqrt(9 / df))));
    }
    worst = fmin(worst, lre(r.rss / copies, LONGLEY_SIGMA * LONGLEY_SIGMA * 9));
    worst = fmin(worst, lre(1 - r.rss / r.tss, LONGLEY_R2));
    fprintf(stderr, "  Longley x %.0f rows: worst log relative error %.1f digits\n", copies, worst);
    CHECK(worst >= 10);
    free(data);
}

/* Wampler1 and Wampler2 (NIST StRD): y a fifth-degree polynomial of x = 0..20, fitted
 * on the raw powers; the certified coefficients are those of the polynomial. */
static double wampler(const double *coefs, double *digits_out)
{
    size_t n = 21 * 12500, p = 6;
    double *data = malloc(6 * n * sizeof *data);
    for (size_t i = 0; i < n; i++) {
        double x = (double)(i % 21), v = 0;
        for (int k = 5; k >= 0; k--)
            v = v * x + coefs[k];
        data[i] = v;
        for (int k = 1; k < 6; k++)
            data[k * n + i] = pow(x, k);
    }
    const double *cols[6] = {NULL, data + n, data + 2 * n, data + 3 * n, data + 4 * n, data + 5 * n};
    bn_lm_input in = {n, p, cols, data, NULL};
    double buf[2 * 6 * 6 + 12];
    unsigned char al[6];
    bn_lm_result r = result(p, buf, al);
    bn_error err;
    double worst = -1;
    if (bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_OK && r.rank == 6) {
        worst = 17;
        for (size_t j = 0; j < p; j++)
            worst = fmin(worst, lre(r.coef[j], coefs[j]));
    }
    free(data);
    *digits_out = worst;
    return worst;
}

TEST(wampler_repeated_keeps_eight_digits)
{
    static const double w1[6] = {1, 1, 1, 1, 1, 1};
    static const double w2[6] = {1, 0.1, 0.01, 0.001, 0.0001, 0.00001};
    double d1, d2;
    wampler(w1, &d1);
    wampler(w2, &d2);
    fprintf(stderr, "  Wampler1, Wampler2 x 12500 rows: %.1f and %.1f digits\n", d1, d2);
    /* the 21-row fits are held to 8 digits (tests/lua/fit_accuracy_test.lua) */
    CHECK(d1 >= 8);
    CHECK(d2 >= 8);
}

TEST(integer_weights_equal_repeated_rows)
{
    /* weight k on a row = the row k times: the same coefficients, RSS and sums */
    size_t n = LARGE + 1000, m = 0;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++) {
        x[i] = cos(0.37 * (double)i);
        y[i] = 0.5 + 2.0 * x[i] + 0.3 * sin(1.3 * (double)i);
        w[i] = (double)(1 + i % 3);
        m += 1 + i % 3;
    }
    double *xr = malloc(m * sizeof *xr), *yr = malloc(m * sizeof *yr);
    for (size_t i = 0, k = 0; i < n; i++)
        for (size_t c = 0; c < 1 + i % 3; c++, k++) {
            xr[k] = x[i];
            yr[k] = y[i];
        }
    const double *cols[2] = {NULL, x}, *colsr[2] = {NULL, xr};
    bn_lm_input in = {n, 2, cols, y, w}, rep = {m, 2, colsr, yr, NULL};
    double buf[32], bufr[32];
    unsigned char al[2], alr[2];
    bn_lm_result a = result(2, buf, al), b = result(2, bufr, alr);
    bn_error err;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &a, &err) == BN_OK);
    CHECK(bn_lm_fit(&rep, BN_LM_QR, 1, &b, &err) == BN_OK);
    CHECK_NEAR(a.coef[0], b.coef[0], 1e-12);
    CHECK_NEAR(a.coef[1], b.coef[1], 1e-12);
    CHECK_NEAR(a.rss, b.rss, 1e-10);
    CHECK_NEAR(a.tss, b.tss, 1e-10);
    CHECK_NEAR(a.sum_w, (double)m, 1e-15);
    CHECK(a.n_used == n && b.n_used == m);
    /* sum of log weights, by hand */
    double slw = 0;
    for (size_t i = 0; i < n; i++)
        slw += log(w[i]);
    CHECK_NEAR(a.sum_log_w, slw, 1e-10); /* two naive sums of 262k terms */
    free(x);
    free(y);
    free(w);
    free(xr);
    free(yr);
}

TEST(names_the_first_bad_row_of_a_large_design)
{
    size_t n = LARGE + 7;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++) {
        x[i] = (double)(i % 100);
        y[i] = 1 + x[i];
        w[i] = 1;
    }
    const double *cols[2] = {NULL, x};
    bn_lm_input in = {n, 2, cols, y, NULL};
    double buf[32];
    unsigned char al[2];
    bn_lm_result r = result(2, buf, al);
    bn_error err;
    /* one bad value in each half: the earlier row is named */
    x[n - 3] = INFINITY;
    y[200000] = NAN;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "non-finite value (nan) in column 0 at row 200001");
    y[200000] = 1;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "non-finite value (inf) in column 2 at row 262149");
    x[n - 3] = 1;
    /* within a row, the weight is checked first */
    in.w = w;
    w[5] = -2;
    y[5] = NAN;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "negative weight (-2) at row 6");
    w[5] = 1;
    y[5] = 6;
    /* zero weights leave too few usable rows */
    for (size_t i = 0; i < n; i++)
        w[i] = i == 17 ? 1 : 0;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "1 usable rows for 2 coefficients");
    free(x);
    free(y);
    free(w);
}

TEST(an_aliased_column_in_a_large_design)
{
    size_t n = LARGE;
    double *x = malloc(n * sizeof *x), *x2 = malloc(n * sizeof *x2), *y = malloc(n * sizeof *y);
    double *zero = calloc(n, sizeof *zero);
    for (size_t i = 0; i < n; i++) {
        x[i] = sin((double)i);
        x2[i] = -4 * x[i];
        y[i] = 2 + 3 * x[i] + 0.01 * cos((double)i);
    }
    const double *cols[4] = {NULL, x, x2, zero};
    bn_lm_input in = {n, 4, cols, y, NULL};
    double buf[64];
    unsigned char al[4];
    bn_lm_result r = result(4, buf, al);
    bn_error err;
    CHECK(bn_lm_fit(&in, BN_LM_QR, 1, &r, &err) == BN_OK);
    CHECK(r.rank == 2 && al[0] == 0 && al[1] == 0 && al[2] == 1 && al[3] == 1);
    CHECK(isnan(r.coef[2]) && isnan(r.coef[3]));
    CHECK(r.scale[3] == 1.0);
    CHECK_NEAR(r.coef[1], 3.0, 1e-4);
    free(x);
    free(x2);
    free(y);
    free(zero);
}

int main(void)
{
    RUN(longley_repeated_keeps_every_certified_digit);
    RUN(wampler_repeated_keeps_eight_digits);
    RUN(integer_weights_equal_repeated_rows);
    RUN(names_the_first_bad_row_of_a_large_design);
    RUN(an_aliased_column_in_a_large_design);
    return DONE();
}
