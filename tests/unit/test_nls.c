/* Unit tests for the formula bytecode, the LM kernel and the multistart objective. */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "error.h"
#include "multistart.h"
#include "nlexpr.h"
#include "nls.h"

TEST(bytecode_evaluates_and_checks)
{
    /* b0 * (1 - exp(-b1 * x)) */
    int code[] = { BN_OP_PARAM, 0, BN_OP_CONST, 0, BN_OP_PARAM, 1, BN_OP_VAR, 0, BN_OP_MUL,
                   BN_OP_NEG, BN_OP_EXP, BN_OP_SUB, BN_OP_MUL };
    double consts[] = { 1.0 }, x[] = { 2.0, 3.0 }, p[] = { 5.0, 0.5 };
    const double *cols[] = { x };
    bn_expr e = { code, sizeof code / sizeof code[0], consts, 1 };
    bn_error err;
    CHECK(bn_expr_check(&e, 1, 2, &err) == BN_OK);
    CHECK_NEAR(bn_expr_eval(&e, cols, 1, p), 5.0 * (1 - exp(-1.5)), 1e-15);
    CHECK_NEAR((double)bn_expr_eval_ld(&e, cols, 0, p), 5.0 * (1 - exp(-1.0)), 1e-15);
    CHECK(bn_expr_check(&e, 1, 1, &err) == BN_EINVAL); /* parameter 1 out of range */
    int bad[] = { BN_OP_PARAM, 0, BN_OP_ADD };
    bn_expr eb = { bad, 3, consts, 1 };
    CHECK(bn_expr_check(&eb, 1, 1, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "bytecode: stack underflow at 2");
}

static enum bn_status line_eval(void *ctx, const double *p, double *out, bn_error *err)
{
    const double *x = ctx;
    for (int i = 0; i < 4; i++)
        out[i] = p[0] + p[1] * x[i];
    return BN_OK;
}

TEST(lm_fits_a_line_and_reports_bad_input)
{
    double x[] = { 0, 1, 2, 3 }, y[] = { 1, 3, 5.5, 6.5 }, start[] = { 0, 0 };
    double coef[2], se[2], vcov[4], fitted[4];
    bn_nls_model m = { .n = 4, .np = 2, .eval = line_eval, .ctx = x };
    bn_nls_options o = { .y = y };
    bn_nls_result r = { .coef = coef, .se = se, .vcov = vcov, .fitted = fitted };
    bn_error err;
    CHECK(bn_nls_fit(&m, start, &o, &r, &err) == BN_OK);
    CHECK(r.converged);
    /* least squares line: slope 9.5 / 5 = 1.9, intercept 4 - 1.9 * 1.5 = 1.15 */
    CHECK_NEAR(coef[1], 1.9, 1e-8);
    CHECK_NEAR(coef[0], 1.15, 1e-8);
    CHECK(r.df == 2);
    m.n = 1;
    CHECK(bn_nls_fit(&m, start, &o, &r, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "1 observations for 2 parameters (need at least 2)");
}

/* A set flag (Ctrl-C, or the fuzz watchdog) ends a fit at its next model evaluation,
 * whatever maxiter says; a clear flag changes nothing. */
TEST(lm_stops_on_the_flag)
{
    double x[] = { 0, 1, 2, 3 }, y[] = { 1, 3, 5.5, 6.5 }, start[] = { 0, 0 };
    double coef[2], se[2], vcov[4], fitted[4];
    bn_nls_model m = { .n = 4, .np = 2, .eval = line_eval, .ctx = x };
    bn_stop_flag flag = 1;
    bn_nls_options o = { .y = y, .maxiter = 1000000000, .stop = &flag };
    bn_nls_result r = { .coef = coef, .se = se, .vcov = vcov, .fitted = fitted };
    bn_error err;
    CHECK(bn_nls_fit(&m, start, &o, &r, &err) == BN_EINTR);
    CHECK_STR(err.msg, "interrupted");
    flag = 0;
    CHECK(bn_nls_fit(&m, start, &o, &r, &err) == BN_OK);
    CHECK_NEAR(coef[1], 1.9, 1e-8);
}

TEST(huber_objective_matches_by_hand)
{
    /* one predictor, two points: log L_hat = LSE(a - alpha log x, e) */
    double logx[] = { 0.0, 1.0 }, logy[] = { log(2.0), log(1.0) };
    bn_ms_problem pb = { .n = 2, .k = 1, .logx = logx, .logy = logy, .delta = 0.1 };
    double p[] = { 0.0, 0.0, 1.0 }; /* A = 1, E = 1, alpha = 1 */
    double r1 = log(1.0 + 1.0) - log(2.0);      /* 0: inside */
    double r2 = log(exp(-1.0) + 1.0) - log(1.0); /* 0.313: linear part */
    double want = 0.5 * r1 * r1 + 0.1 * (fabs(r2) - 0.05);
    CHECK_NEAR(bn_ms_objective(&pb, p, NULL), want, 1e-14);
}

TEST(multistart_stops_on_the_flag)
{
    double logx[] = { 0.0, 1.0, 2.0, 3.0 }, logy[] = { log(3.0), log(2.0), log(1.6), log(1.4) };
    bn_ms_problem pb = { .n = 4, .k = 1, .logx = logx, .logy = logy, .delta = 0.1 };
    double starts[] = { 0.0, 0.0, 1.0, 1.0, -1.0, 0.5 }, params[6], obj[2];
    int stop[2];
    size_t iters[2];
    bn_stop_flag flag = 1; /* Ctrl-C already pressed */
    bn_ms_options o = { .maxiter = 100, .threads = 2, .stop = &flag };
    bn_error err;
    CHECK(bn_ms_run(&pb, starts, 2, &o, params, obj, stop, iters, &err) == BN_EINTR);
    CHECK_STR(err.msg, "interrupted");
    flag = 0;
    CHECK(bn_ms_run(&pb, starts, 2, &o, params, obj, stop, iters, &err) == BN_OK);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(bytecode_evaluates_and_checks);
    RUN(lm_fits_a_line_and_reports_bad_input);
    RUN(huber_objective_matches_by_hand);
    RUN(multistart_stops_on_the_flag);
    RUN(lm_stops_on_the_flag);
    return DONE();
}
