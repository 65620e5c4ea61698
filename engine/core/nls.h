/*
 * nls: nonlinear least squares over GSL's multifit_nlinear (Levenberg-Marquardt
 * trust region, optionally with geodesic acceleration).
 *
 * The model is a pair of callbacks: eval fills the n model values for a
 * parameter vector, jac (optional) the n x np Jacobian of the model, row-major.
 * Without jac GSL differentiates by forward differences. Residuals are
 * model - y, weighted by sqrt(w). Box bounds are handled by a smooth change of
 * variables (p = lo + (hi - lo)(1 + sin u)/2, or lo - 1 + sqrt(u^2 + 1) for one
 * bound), so the trust region never leaves the box; the covariance is computed
 * in the original parameters.
 *
 * The caller owns every array passed in and every output array of
 * bn_nls_result (sizes documented there); bn_nls_fit frees all it allocates.
 * A callback reports failure by returning non-BN_OK and filling err; the fit
 * then stops and returns that error (the callback's message untouched).
 */
#ifndef BURDEN_CORE_NLS_H
#define BURDEN_CORE_NLS_H

#include <stddef.h>

#include "error.h"
#include "interrupt.h"

typedef enum bn_status (*bn_nls_fn)(void *ctx, const double *p, double *out, bn_error *err);

typedef struct bn_nls_model {
    size_t n;      /* observations */
    size_t np;     /* parameters */
    bn_nls_fn eval; /* out: n model values */
    bn_nls_fn jac;  /* out: n * np, out[i * np + j] = d model_i / d p_j; NULL: differences */
    /* optional, out: n residuals model_i - y_i computed in extended precision. When given,
     * a converged fit is polished by Gauss-Newton steps on these residuals and the rss
     * is summed from them (problems with tiny residuals, such as NIST's Lanczos1). */
    bn_nls_fn resid_ext;
    void *ctx;
} bn_nls_model;

typedef struct bn_nls_options {
    const double *y;       /* n responses */
    const double *weights; /* n weights > 0, or NULL */
    const double *lower;   /* np lower bounds (-INFINITY for none), or NULL */
    const double *upper;   /* np upper bounds (+INFINITY for none), or NULL */
    int accel;             /* geodesic acceleration */
    size_t maxiter;        /* 0: 500 */
    double xtol, gtol, ftol; /* 0: 1e-12, 1e-12, 0 */
    const bn_stop_flag *stop; /* polled at every model evaluation (NULL: never) */
} bn_nls_options;

typedef struct bn_nls_result {
    double *coef;   /* np estimates (caller's array) */
    double *se;     /* np standard errors */
    double *vcov;   /* np * np covariance, row-major */
    double *fitted; /* n model values at the estimates */
    double rss;     /* weighted residual sum of squares */
    double sigma;   /* sqrt(rss / df) */
    size_t df;      /* n - np */
    size_t iterations, nevalf, nevaldf;
    int converged;  /* 1 when GSL's step or gradient test passed */
    int gsl_status; /* the driver's GSL status */
    const char *reason; /* static text: why the iterations stopped */
    double rcond;   /* reciprocal condition number of J at the end (NaN if unknown) */
    size_t polish_steps; /* accepted extended-precision Gauss-Newton steps */
} bn_nls_result;

/*
 * Fits from start (np values). Returns BN_OK when the fit ran (converged or
 * not: see result->converged and result->reason), BN_EINVAL for bad input
 * (start outside the bounds, non-finite model at the start, n < np) or a
 * callback's error, BN_ENOMEM, BN_EINTR when opt->stop was set. On error the result holds nothing useful.
 */
enum bn_status bn_nls_fit(const bn_nls_model *model, const double *start,
                          const bn_nls_options *opt, bn_nls_result *res, bn_error *err);

#endif
