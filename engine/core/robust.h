/*
 * robust: M-estimation of a linear model by iteratively reweighted least
 * squares, through GSL's gsl_multifit_robust (Huber, bisquare, Cauchy, fair,
 * Welsch, or plain OLS).
 *
 * Memory: the caller owns the output buffers of bn_robust_result; the kernel
 * builds the n x p design matrix and GSL's workspace, and frees them.
 */
#ifndef BURDEN_CORE_ROBUST_H
#define BURDEN_CORE_ROBUST_H

#include <stddef.h>

#include "error.h"
#include "lm.h"

typedef struct bn_robust_result {
    double *coef;     /* p */
    double *cov;      /* p*p, row-major */
    double *weights;  /* n final robust weights */
    double *resid;    /* n residuals */
    double sigma;     /* robust residual scale */
    double sigma_mad; /* MAD estimate of the scale */
    double r2, adj_r2, rmse, sse, dof;
    size_t iterations;
    int converged;    /* 0 when the iteration limit was reached */
} bn_robust_result;

/* method: "default" (bisquare), "bisquare", "huber", "cauchy", "fair", "welsch", "ols".
 * tune <= 0 uses GSL's default tuning constant for the method. in->w must be NULL. */
enum bn_status bn_robust_fit(const bn_lm_input *in, const char *method, double tune,
                             size_t maxiter, bn_robust_result *out, bn_error *err);

#endif
