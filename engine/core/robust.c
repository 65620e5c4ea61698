/* robust: M-estimation over gsl_multifit_robust. See robust.h. */
#include "robust.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

/* "nan", "inf" or "-inf", whatever the C library prints */
static const char *shown(double x)
{
    return isnan(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

static const gsl_multifit_robust_type *method_type(const char *method)
{
    if (!strcmp(method, "default") || !strcmp(method, "bisquare"))
        return gsl_multifit_robust_bisquare;
    if (!strcmp(method, "huber"))
        return gsl_multifit_robust_huber;
    if (!strcmp(method, "cauchy"))
        return gsl_multifit_robust_cauchy;
    if (!strcmp(method, "fair"))
        return gsl_multifit_robust_fair;
    if (!strcmp(method, "welsch"))
        return gsl_multifit_robust_welsch;
    if (!strcmp(method, "ols"))
        return gsl_multifit_robust_ols;
    return NULL;
}

enum bn_status bn_robust_fit(const bn_lm_input *in, const char *method, double tune,
                             size_t maxiter, bn_robust_result *out, bn_error *err)
{
    size_t n = in->n, p = in->p;
    const gsl_multifit_robust_type *T = method_type(method);
    if (!T)
        return bn_fail(err, BN_EINVAL,
                       "unknown method '%s' (bisquare, huber, cauchy, fair, welsch, ols)", method);
    if (in->w)
        return bn_fail(err, BN_EINVAL, "weights are not supported by robust regression");
    if (n <= p)
        return bn_fail(err, BN_EINVAL, "%zu rows for %zu coefficients", n, p);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(in->y[i]))
            return bn_fail(err, BN_EINVAL, "non-finite value (%s) in column 0 at row %zu", shown(in->y[i]), i + 1);
        for (size_t j = 0; j < p; j++)
            if (in->cols[j] && !isfinite(in->cols[j][i]))
                return bn_fail(err, BN_EINVAL, "non-finite value (%s) in column %zu at row %zu",
                               shown(in->cols[j][i]), j + 1, i + 1);
    }
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *y = gsl_vector_alloc(n);
    gsl_vector *c = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    gsl_multifit_robust_workspace *w = gsl_multifit_robust_alloc(T, n, p);
    enum bn_status st = BN_OK;
    if (!X || !y || !c || !cov || !w) {
        st = bn_fail(err, BN_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(X, i, j, in->cols[j] ? in->cols[j][i] : 1.0);
        gsl_vector_set(y, i, in->y[i]);
    }
    if (tune > 0)
        gsl_multifit_robust_tune(tune, w);
    if (maxiter > 0)
        gsl_multifit_robust_maxiter(maxiter, w);
    int s = gsl_multifit_robust(X, y, c, cov, w);
    if (s && s != GSL_EMAXITER) {
        st = bn_fail(err, BN_ENUMERIC, "robust fit failed: %s", gsl_strerror(s));
        goto done;
    }
    gsl_multifit_robust_stats stats = gsl_multifit_robust_statistics(w);
    out->converged = s == GSL_SUCCESS;
    out->iterations = stats.numit;
    out->sigma = stats.sigma;
    out->sigma_mad = stats.sigma_mad;
    out->r2 = stats.Rsq;
    out->adj_r2 = stats.adj_Rsq;
    out->rmse = stats.rmse;
    out->sse = stats.sse;
    out->dof = stats.dof;
    for (size_t j = 0; j < p; j++) {
        out->coef[j] = gsl_vector_get(c, j);
        for (size_t k = 0; k < p; k++)
            out->cov[j * p + k] = gsl_matrix_get(cov, j, k);
    }
    for (size_t i = 0; i < n; i++) {
        out->weights[i] = gsl_vector_get(stats.weights, i);
        out->resid[i] = gsl_vector_get(stats.r, i);
    }
done:
    gsl_matrix_free(X);
    gsl_vector_free(y);
    gsl_vector_free(c);
    gsl_matrix_free(cov);
    if (w)
        gsl_multifit_robust_free(w);
    return st;
}
