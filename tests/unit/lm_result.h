/* A bn_lm_result over one caller buffer of p + 3 p^2 doubles (coef, cov, rfac,
 * scale) and p aliased flags: the tests of lm.c fit into stack arrays. */
#ifndef BURDEN_TESTS_LM_RESULT_H
#define BURDEN_TESTS_LM_RESULT_H

#include "lm.h"

static bn_lm_result result(size_t p, double *buf, unsigned char *al)
{
    bn_lm_result r = {0};
    r.coef = buf;
    r.cov = buf + p;
    r.rfac = r.cov + p * p;
    r.scale = r.rfac + p * p;
    r.aliased = al;
    return r;
}

#endif
