/* lminfer: inference after a fit of lm.c: the clustered covariance and the t, F and
 * normal distribution functions the bindings report with. See lm.h. */
#include "lm.h"

#include "checked.h"
#include "lmrows.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/*
 * Clustered covariance, in the scaled coordinates of the fit (z = x / scale, kept
 * columns only), where X'WX = R'R: with u_g = R^-T s_g, V = R^-1 (sum_g u_g u_g') R^-T.
 * Solving with the triangle instead of multiplying by (X'WX)^-1 keeps the digits
 * that the normal equations would lose on an ill-conditioned design.
 */
enum bn_status bn_lm_cluster_cov(const bn_lm_input *in, const bn_lm_result *fit,
                                 const size_t *group, size_t n_groups, double *cov,
                                 size_t *g_used, bn_error *err)
{
    size_t n = in->n, p = in->p, k = fit->rank;
    for (size_t i = 0; i < n; i++)
        if (group[i] >= n_groups)
            return bn_fail(err, BN_EINVAL, "cluster id %zu out of range at row %zu", group[i] + 1, i + 1);
    /* score sums s_g (G x k), a flag per cluster, then k x k work; the size is
     * checked: n_groups comes from the caller */
    size_t cells, bytes;
    if (!bn_size_mul(n_groups, k, &cells) || !bn_size_add(cells, 3 * k * k + k + 1, &cells) ||
        !bn_size_mul(cells, sizeof(double), &bytes))
        return bn_fail(err, BN_ERANGE, "%zu clusters are too many", n_groups);
    double *S = calloc(cells, sizeof *S);
    unsigned char *seen = calloc(n_groups + 1, 1);
    if (!S || !seen) {
        free(S);
        free(seen);
        return bn_fail(err, BN_ENOMEM, "out of memory");
    }
    double *meat = S + n_groups * k, *A = meat + k * k, *Vs = A + k * k, *u = Vs + k * k;
    size_t G = 0;
    for (size_t i = 0; i < n; i++) {
        double w = wval(in, i);
        if (w == 0)
            continue;
        double f = 0;
        for (size_t j = 0; j < p; j++)
            if (!fit->aliased[j])
                f += xval(in, j, i) * fit->coef[j];
        double we = w * (in->y[i] - f);
        double *s = S + group[i] * k;
        for (size_t j = 0, c = 0; j < p; j++)
            if (!fit->aliased[j])
                s[c++] += we * xval(in, j, i) / fit->scale[j];
        if (!seen[group[i]]) {
            seen[group[i]] = 1;
            G++;
        }
    }
    *g_used = G;
    if (G < 2) {
        free(S);
        free(seen);
        return bn_fail(err, BN_EINVAL, "%zu cluster%s among the used rows; at least 2 needed", G,
                       G == 1 ? "" : "s");
    }
    const double *R = fit->rfac; /* k x k upper triangular, row-major */
    for (size_t g = 0; g < n_groups; g++) {
        if (!seen[g])
            continue;
        const double *s = S + g * k;
        for (size_t a = 0; a < k; a++) { /* u = R^-T s: forward substitution */
            double t = s[a];
            for (size_t b = 0; b < a; b++)
                t -= R[b * k + a] * u[b];
            u[a] = t / R[a * k + a];
        }
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++)
                meat[a * k + b] += u[a] * u[b];
    }
    /* A = R^-1 meat, then Vs = R^-1 A' (= R^-1 meat R^-T, meat symmetric) */
    for (int pass = 0; pass < 2; pass++) {
        const double *B = pass == 0 ? meat : A;
        double *X = pass == 0 ? A : Vs;
        for (size_t c = 0; c < k; c++)
            for (size_t a = k; a-- > 0;) {
                double t = pass == 0 ? B[a * k + c] : B[c * k + a];
                for (size_t b = a + 1; b < k; b++)
                    t -= R[a * k + b] * X[b * k + c];
                X[a * k + c] = t / R[a * k + a];
            }
    }
    double N = (double)fit->n_used, K = (double)k;
    double corr = N > K ? (double)G / (double)(G - 1) * (N - 1) / (N - K) : NAN;
    for (size_t j = 0; j < p * p; j++)
        cov[j] = NAN;
    for (size_t a = 0, ja = 0; ja < p; ja++) {
        if (fit->aliased[ja])
            continue;
        for (size_t b = 0, jb = 0; jb < p; jb++) {
            if (fit->aliased[jb])
                continue;
            /* symmetrised: the two triangular solves round differently */
            double v = 0.5 * (Vs[a * k + b] + Vs[b * k + a]);
            cov[ja * p + jb] = corr * v / (fit->scale[ja] * fit->scale[jb]);
            b++;
        }
        a++;
    }
    free(S);
    free(seen);
    return BN_OK;
}

/* Through the regularized incomplete beta function: gsl_cdf_tdist_Q and
 * gsl_cdf_fdist_Q lose digits far in the tail (1e-9 relative near 1e-17). */
double bn_lm_pt_upper(double t, double df)
{
    if (isnan(t) || isnan(df))
        return NAN;
    if (isinf(t))
        return t > 0 ? 0.0 : 1.0;
    double half = 0.5 * gsl_sf_beta_inc(0.5 * df, 0.5, df / (df + t * t));
    return t >= 0 ? half : 1.0 - half;
}

/* GSL's quantile, polished by Newton steps on the accurate upper tail. */
double bn_lm_qt(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0))
        return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
    double t = gsl_cdf_tdist_Pinv(p, df);
    double q = 1.0 - p; /* target upper tail (exact for the usual 0.9, 0.95, 0.975...) */
    for (int it = 0; it < 4 && isfinite(t); it++) {
        double d = gsl_ran_tdist_pdf(t, df);
        if (!(d > 0))
            break;
        double step = (bn_lm_pt_upper(t, df) - q) / d;
        t += step;
        if (fabs(step) <= 1e-16 * fabs(t))
            break;
    }
    return t;
}

double bn_lm_pf_upper(double f, double d1, double d2)
{
    if (isnan(f) || isnan(d1) || isnan(d2))
        return NAN;
    if (f <= 0)
        return 1.0;
    if (isinf(f))
        return 0.0;
    return gsl_sf_beta_inc(0.5 * d2, 0.5 * d1, d2 / (d2 + d1 * f));
}

double bn_lm_qnorm(double p)
{
    return gsl_cdf_ugaussian_Pinv(p);
}

double bn_lm_pnorm(double x)
{
    return gsl_cdf_ugaussian_P(x);
}

enum bn_fieller bn_lm_fieller(double a, double b, double y0, double vaa, double vab, double vbb,
                              double t2, double *lo, double *hi, int *clamped)
{
    /* written as burden.fit.lm wrote it in Lua, to the last rounding (pow for ^ 2) */
    double A = b * b - t2 * vbb;
    double B = (a - y0) * b - t2 * vab;
    double C = pow(a - y0, 2) - t2 * vaa;
    double disc = B * B - A * C;
    *clamped = 0;
    if (A > 0) {
        *clamped = !(disc >= 0);
        double r = sqrt(disc < 0 ? 0.0 : disc); /* NaN stays NaN */
        *lo = (-B - r) / A;
        *hi = (-B + r) / A;
        return BN_FIELLER_INTERVAL;
    }
    if (disc > 0) {
        double r = sqrt(disc);
        double r1 = (-B + r) / A, r2 = (-B - r) / A;
        *lo = r1 > r2 ? r2 : r1;
        *hi = r1 > r2 ? r1 : r2;
        return BN_FIELLER_COMPLEMENT;
    }
    *lo = *hi = NAN;
    return BN_FIELLER_ALL;
}
