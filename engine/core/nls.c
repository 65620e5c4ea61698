#include "nls.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#define NONFINITE_RESIDUAL 1e150

/* How one parameter is mapped from the unconstrained variable u the solver sees. */
enum bound_kind { FREE, LOWER, UPPER, BOTH };

typedef struct fit_ctx {
    const bn_nls_model *m;
    const double *y;
    const double *lo, *hi;
    enum bound_kind *kind; /* np */
    double *p;             /* np: parameters for the current u */
    double *buf;           /* n * np: model values or Jacobian from the callbacks */
    bn_error *err;
    enum bn_status cb_status; /* first callback failure, BN_OK otherwise */
    const bn_stop_flag *stop;
} fit_ctx;

static double to_p(const fit_ctx *c, size_t j, double u)
{
    switch (c->kind[j]) {
    case LOWER: return c->lo[j] - 1.0 + sqrt(u * u + 1.0);
    case UPPER: return c->hi[j] + 1.0 - sqrt(u * u + 1.0);
    case BOTH: return c->lo[j] + (c->hi[j] - c->lo[j]) * (1.0 + sin(u)) / 2.0;
    default: return u;
    }
}

static double dp_du(const fit_ctx *c, size_t j, double u)
{
    switch (c->kind[j]) {
    case LOWER: return u / sqrt(u * u + 1.0);
    case UPPER: return -u / sqrt(u * u + 1.0);
    case BOTH: return (c->hi[j] - c->lo[j]) * cos(u) / 2.0;
    default: return 1.0;
    }
}

static double to_u(const fit_ctx *c, size_t j, double p)
{
    double d;
    switch (c->kind[j]) {
    case LOWER: d = p - c->lo[j] + 1.0; return sqrt(d * d - 1.0);
    case UPPER: d = c->hi[j] - p + 1.0; return sqrt(d * d - 1.0);
    case BOTH: return asin(2.0 * (p - c->lo[j]) / (c->hi[j] - c->lo[j]) - 1.0);
    default: return p;
    }
}

static void set_params(fit_ctx *c, const gsl_vector *u)
{
    for (size_t j = 0; j < c->m->np; j++)
        c->p[j] = to_p(c, j, gsl_vector_get(u, j));
}

/* A long solve (a large maxiter, an expensive model) ends at the next model
 * evaluation once the interrupt flag is set, through the callback-error path. */
static int stopped(fit_ctx *c)
{
    if (!bn_stopped(c->stop))
        return 0;
    c->cb_status = bn_fail(c->err, BN_EINTR, "interrupted");
    return 1;
}

static int cb_f(const gsl_vector *u, void *vctx, gsl_vector *f)
{
    fit_ctx *c = vctx;
    if (stopped(c))
        return GSL_EBADFUNC;
    set_params(c, u);
    enum bn_status st = c->m->eval(c->m->ctx, c->p, c->buf, c->err);
    if (st != BN_OK) {
        c->cb_status = st;
        return GSL_EBADFUNC;
    }
    /*
     * A trial point where the model overflows (or is undefined) must be rejected, but
     * GSL's norm of a vector with several infinities is NaN, and a NaN ratio of actual
     * to predicted reduction can let the step through. A huge finite residual (whose
     * square still fits in a double) makes the trust region shrink instead.
     */
    for (size_t i = 0; i < c->m->n; i++) {
        double r = c->buf[i] - c->y[i];
        gsl_vector_set(f, i, isfinite(r) ? r : NONFINITE_RESIDUAL);
    }
    return GSL_SUCCESS;
}

static int cb_df(const gsl_vector *u, void *vctx, gsl_matrix *J)
{
    fit_ctx *c = vctx;
    size_t np = c->m->np;
    if (stopped(c))
        return GSL_EBADFUNC;
    set_params(c, u);
    enum bn_status st = c->m->jac(c->m->ctx, c->p, c->buf, c->err);
    if (st != BN_OK) {
        c->cb_status = st;
        return GSL_EBADFUNC;
    }
    for (size_t j = 0; j < np; j++) {
        double s = dp_du(c, j, gsl_vector_get(u, j));
        for (size_t i = 0; i < c->m->n; i++)
            gsl_matrix_set(J, i, j, c->buf[i * np + j] * s);
    }
    return GSL_SUCCESS;
}

static const char *stop_reason(int status, int info)
{
    switch (status) {
    case GSL_SUCCESS:
        return info == 1 ? "small step size (xtol)"
             : info == 2 ? "small gradient (gtol)"
                         : "small change in residuals (ftol)";
    case GSL_EMAXITER: return "iteration limit reached";
    case GSL_ENOPROG: return "no further progress possible";
    default: return "numerical failure in the solver";
    }
}

/*
 * Jacobian of the weighted model in the original parameters at p, into J:
 * from the model's jac, or by central differences.
 */
static enum bn_status jacobian_at(fit_ctx *c, const double *p, const double *sw, gsl_matrix *J,
                                  double *tmp, bn_error *err)
{
    const bn_nls_model *m = c->m;
    size_t n = m->n, np = m->np;
    enum bn_status st;
    if (m->jac) {
        if ((st = m->jac(m->ctx, p, c->buf, err)) != BN_OK)
            return st;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < np; j++)
                gsl_matrix_set(J, i, j, c->buf[i * np + j] * sw[i]);
        return BN_OK;
    }
    double *q = c->p;
    for (size_t j = 0; j < np; j++) {
        memcpy(q, p, np * sizeof *q);
        double h = 6.0554544523933395e-06 * (fabs(p[j]) > 1e-3 ? fabs(p[j]) : 1e-3);
        q[j] = p[j] + h;
        if ((st = m->eval(m->ctx, q, tmp, err)) != BN_OK)
            return st;
        q[j] = p[j] - h;
        if ((st = m->eval(m->ctx, q, c->buf, err)) != BN_OK)
            return st;
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(J, i, j, (tmp[i] - c->buf[i]) / (2.0 * h) * sw[i]);
    }
    return BN_OK;
}

/* Weighted rss from extended-precision residuals at p; r receives the weighted residuals. */
static enum bn_status ext_rss(fit_ctx *c, const double *p, const double *sw, gsl_vector *r,
                              long double *rss, bn_error *err)
{
    enum bn_status st = c->m->resid_ext(c->m->ctx, p, r->data, err);
    if (st != BN_OK)
        return st;
    long double s = 0.0L;
    for (size_t i = 0; i < c->m->n; i++) {
        r->data[i] *= sw[i];
        s += (long double)r->data[i] * r->data[i];
    }
    *rss = s;
    return BN_OK;
}

/*
 * Gauss-Newton refinement of a converged fit with residuals computed in extended
 * precision: the step solves J dp = -r by QR; it is kept only when the rss falls
 * and the parameters stay within their bounds. Updates coef and res->rss.
 */
static enum bn_status polish(fit_ctx *c, bn_nls_result *res, const double *sw,
                             const bn_nls_options *opt, gsl_matrix *J, double *tmp, bn_error *err)
{
    size_t n = c->m->n, np = c->m->np;
    enum bn_status st = BN_OK;
    gsl_vector *r = gsl_vector_alloc(n), *tau = gsl_vector_alloc(np);
    gsl_vector *dp = gsl_vector_alloc(np), *resid = gsl_vector_alloc(n);
    double *trial = malloc(np * sizeof *trial);
    if (!r || !tau || !dp || !resid || !trial) {
        st = bn_fail(err, BN_ENOMEM, "out of memory while polishing the fit");
        goto done;
    }
    long double rss;
    if ((st = ext_rss(c, res->coef, sw, r, &rss, err)) != BN_OK)
        goto done;
    for (int step = 0; step < 4 && rss > 0; step++) {
        if ((st = jacobian_at(c, res->coef, sw, J, tmp, err)) != BN_OK)
            goto done;
        if (gsl_linalg_QR_decomp(J, tau) != GSL_SUCCESS ||
            gsl_linalg_QR_lssolve(J, tau, r, dp, resid) != GSL_SUCCESS)
            break;
        int inside = 1;
        for (size_t j = 0; j < np; j++) {
            trial[j] = res->coef[j] - gsl_vector_get(dp, j);
            if ((opt->lower && trial[j] < opt->lower[j]) || (opt->upper && trial[j] > opt->upper[j]) ||
                !isfinite(trial[j]))
                inside = 0;
        }
        if (!inside)
            break;
        long double rss_new;
        if ((st = ext_rss(c, trial, sw, r, &rss_new, err)) != BN_OK)
            goto done;
        if (!(rss_new < rss))
            break;
        memcpy(res->coef, trial, np * sizeof *trial);
        rss = rss_new;
        res->polish_steps++;
    }
    res->rss = (double)rss;
done:
    gsl_vector_free(r);
    gsl_vector_free(tau);
    gsl_vector_free(dp);
    gsl_vector_free(resid);
    free(trial);
    return st;
}

enum bn_status bn_nls_fit(const bn_nls_model *m, const double *start, const bn_nls_options *opt,
                          bn_nls_result *res, bn_error *err)
{
    size_t n = m->n, np = m->np;
    if (np == 0)
        return bn_fail(err, BN_EINVAL, "no parameters to fit");
    if (n < np)
        return bn_fail(err, BN_EINVAL, "%zu observations for %zu parameters (need at least %zu)",
                       n, np, np);
    for (size_t j = 0; j < np; j++) {
        double lo = opt->lower ? opt->lower[j] : -INFINITY;
        double hi = opt->upper ? opt->upper[j] : INFINITY;
        if (!isfinite(start[j]))
            return bn_fail(err, BN_EINVAL, "start value %zu is not finite", j + 1);
        if (!(lo < hi) || isnan(lo) || isnan(hi))
            return bn_fail(err, BN_EINVAL, "bounds of parameter %zu are empty (lower %g, upper %g)",
                           j + 1, lo, hi);
        if (start[j] < lo || start[j] > hi)
            return bn_fail(err, BN_EINVAL, "start value %zu (%g) is outside its bounds [%g, %g]",
                           j + 1, start[j], lo, hi);
    }
    for (size_t i = 0; opt->weights && i < n; i++)
        if (!(opt->weights[i] > 0) || !isfinite(opt->weights[i]))
            return bn_fail(err, BN_EINVAL, "weight %zu is not a positive finite number", i + 1);

    enum bn_status st = BN_OK;
    fit_ctx c = { .m = m, .y = opt->y, .lo = opt->lower, .hi = opt->upper, .err = err,
                  .stop = opt->stop };
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_vector *u = gsl_vector_alloc(np);
    gsl_vector *wts = opt->weights ? gsl_vector_alloc(n) : NULL;
    gsl_matrix *J = gsl_matrix_alloc(n, np);
    gsl_matrix *cov = gsl_matrix_alloc(np, np);
    double *sw = malloc(n * sizeof *sw);
    double *tmp = malloc(n * sizeof *tmp);
    c.kind = malloc(np * sizeof *c.kind);
    c.p = malloc(np * sizeof *c.p);
    c.buf = malloc(n * np * sizeof *c.buf);
    if (!u || (opt->weights && !wts) || !J || !cov || !sw || !tmp || !c.kind || !c.p || !c.buf) {
        st = bn_fail(err, BN_ENOMEM, "out of memory for %zu x %zu fit", n, np);
        goto done;
    }
    for (size_t j = 0; j < np; j++) {
        int has_lo = opt->lower && isfinite(opt->lower[j]);
        int has_hi = opt->upper && isfinite(opt->upper[j]);
        c.kind[j] = has_lo && has_hi ? BOTH : has_lo ? LOWER : has_hi ? UPPER : FREE;
        /*
         * On a bound the mapping is flat (dp/du = 0) and the parameter could never
         * move: such a start is moved just inside.
         */
        double uj = to_u(&c, j, start[j]);
        const double nudge = 1e-2;
        if (c.kind[j] == LOWER || c.kind[j] == UPPER)
            uj = uj < nudge ? nudge : uj;
        else if (c.kind[j] == BOTH)
            uj = uj < -M_PI_2 + nudge ? -M_PI_2 + nudge : uj > M_PI_2 - nudge ? M_PI_2 - nudge : uj;
        gsl_vector_set(u, j, uj);
    }
    for (size_t i = 0; i < n; i++) {
        sw[i] = opt->weights ? sqrt(opt->weights[i]) : 1.0;
        if (wts)
            gsl_vector_set(wts, i, opt->weights[i]);
    }

    /* The model must be finite at the start: the solver cannot recover from that. */
    if ((st = m->eval(m->ctx, start, tmp, err)) != BN_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(tmp[i])) {
            st = bn_fail(err, BN_EINVAL, "model value at observation %zu is %g at the start values",
                         i + 1, tmp[i]);
            goto done;
        }

    gsl_multifit_nlinear_fdf fdf = { .f = cb_f, .df = m->jac ? cb_df : NULL, .fvv = NULL,
                                     .n = n, .p = np, .params = &c };
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.trs = opt->accel ? gsl_multifit_nlinear_trs_lmaccel : gsl_multifit_nlinear_trs_lm;
    params.solver = gsl_multifit_nlinear_solver_qr;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, np);
    if (!w) {
        st = bn_fail(err, BN_ENOMEM, "out of memory for the solver workspace");
        goto done;
    }
    int gs = wts ? gsl_multifit_nlinear_winit(u, wts, &fdf, w) : gsl_multifit_nlinear_init(u, &fdf, w);
    if (c.cb_status != BN_OK) {
        st = c.cb_status;
        goto done;
    }
    if (gs != GSL_SUCCESS) {
        st = bn_fail(err, BN_ENUMERIC, "solver initialisation failed: %s", gsl_strerror(gs));
        goto done;
    }
    int info = 0;
    size_t maxiter = opt->maxiter ? opt->maxiter : 500;
    double xtol = opt->xtol > 0 ? opt->xtol : 1e-12;
    double gtol = opt->gtol > 0 ? opt->gtol : 1e-12;
    double ftol = opt->ftol > 0 ? opt->ftol : 0.0;
    gs = gsl_multifit_nlinear_driver(maxiter, xtol, gtol, ftol, NULL, NULL, &info, w);
    if (c.cb_status != BN_OK) {
        st = c.cb_status;
        goto done;
    }
    res->gsl_status = gs;
    res->converged = gs == GSL_SUCCESS;
    res->reason = stop_reason(gs, info);
    res->iterations = gsl_multifit_nlinear_niter(w);
    res->nevalf = fdf.nevalf;
    res->nevaldf = fdf.nevaldf;
    if (gsl_multifit_nlinear_rcond(&res->rcond, w) != GSL_SUCCESS)
        res->rcond = NAN;

    /* Estimates, fitted values and rss in the original parameters. */
    const gsl_vector *uhat = gsl_multifit_nlinear_position(w);
    for (size_t j = 0; j < np; j++)
        res->coef[j] = to_p(&c, j, gsl_vector_get(uhat, j));
    if ((st = m->eval(m->ctx, res->coef, res->fitted, err)) != BN_OK)
        goto done;
    double rss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = (res->fitted[i] - opt->y[i]) * sw[i];
        rss += r * r;
    }
    res->rss = rss;
    res->polish_steps = 0;
    if (m->resid_ext && res->converged) {
        if ((st = polish(&c, res, sw, opt, J, tmp, err)) != BN_OK)
            goto done;
        if (res->polish_steps > 0 && (st = m->eval(m->ctx, res->coef, res->fitted, err)) != BN_OK)
            goto done;
    }
    rss = res->rss;
    res->df = n - np;
    res->sigma = res->df > 0 ? sqrt(rss / (double)res->df) : NAN;

    if ((st = jacobian_at(&c, res->coef, sw, J, tmp, err)) != BN_OK)
        goto done;
    gs = gsl_multifit_nlinear_covar(J, 0.0, cov);
    for (size_t j = 0; j < np; j++) {
        for (size_t k = 0; k < np; k++) {
            double v = gs == GSL_SUCCESS ? gsl_matrix_get(cov, j, k) * res->sigma * res->sigma : NAN;
            res->vcov[j * np + k] = v;
        }
        double d = res->vcov[j * np + j];
        res->se[j] = d >= 0 ? sqrt(d) : NAN;
    }

done:
    if (w)
        gsl_multifit_nlinear_free(w);
    gsl_vector_free(u);
    if (wts)
        gsl_vector_free(wts);
    gsl_matrix_free(J);
    gsl_matrix_free(cov);
    free(sw);
    free(tmp);
    free(c.kind);
    free(c.p);
    free(c.buf);
    return st;
}
