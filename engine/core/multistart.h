/*
 * multistart: robust multi-start fitting of scaling laws in log space
 * ("approach 3" of Hoffmann et al. 2022, arXiv:2203.15556).
 *
 * With k predictors X_1..X_k (for Chinchilla N and D) the model is
 *   log L_hat = LSE(a_1 - alpha_1 log X_1, ..., a_k - alpha_k log X_k, e)
 * i.e. L_hat = E + sum_j A_j / X_j^alpha_j with A_j = exp(a_j), E = exp(e).
 * The objective is sum_i Huber_delta(log L_hat_i - log L_i), minimised with
 * GSL's vector_bfgs2 (analytic gradient) from every start, internally on centred
 * and scaled log predictors (results are reported in the original parameters).
 * Parameters are
 * ordered a_1..a_k, e, alpha_1..alpha_k (for k = 2: a, b, e, alpha, beta).
 *
 * Starts run on several threads; each start's result depends on that start
 * only, so the results are identical whatever the thread count. The caller
 * owns all arrays; nothing is kept.
 */
#ifndef BURDEN_CORE_MULTISTART_H
#define BURDEN_CORE_MULTISTART_H

#include <stddef.h>

#include "error.h"
#include "interrupt.h"

typedef struct bn_ms_problem {
    size_t n;            /* observations */
    size_t k;            /* predictors; parameters np = 2k + 1 */
    const double *logx;  /* k columns of n values of log X_j, column after column */
    const double *logy;  /* n values of log L */
    double delta;        /* Huber threshold (> 0) */
} bn_ms_problem;

typedef struct bn_ms_options {
    size_t maxiter;  /* per start; 0: 1000 */
    double gtol;     /* stop when |gradient| <= gtol; 0: 1e-10 */
    double ftol;     /* stop when an iteration lowers the objective by <= ftol * |f|; 0: 1e-7 */
    double step;     /* first trial step of the line search; 0: 0.1 */
    double linetol;  /* line-search accuracy (GSL's tol); 0: 0.9 */
    unsigned threads; /* 0: 2 */
    const bn_stop_flag *stop; /* polled every iteration (NULL: never); BN_EINTR when set */
} bn_ms_options;

enum bn_ms_stop { BN_MS_GRADIENT = 0, BN_MS_NOPROGRESS, BN_MS_MAXITER, BN_MS_FAILED, BN_MS_FTOL };

/* The objective and (when grad is not NULL) its gradient at p (np values). */
double bn_ms_objective(const bn_ms_problem *pb, const double *p, double *grad);

/*
 * Minimises from each of nstart starts (row-major, nstart x np). Fills, per
 * start s: params[s*np ..] the end point, obj[s] the objective there, stop[s]
 * why it stopped, iters[s] the iterations. Returns BN_EINVAL for bad input,
 * BN_ENOMEM when a thread or workspace cannot be created, BN_EINTR when stopped.
 */
enum bn_status bn_ms_run(const bn_ms_problem *pb, const double *starts, size_t nstart,
                         const bn_ms_options *opt, double *params, double *obj,
                         int *stop, size_t *iters, bn_error *err);

#endif
