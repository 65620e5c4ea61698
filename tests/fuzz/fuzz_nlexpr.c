/* libFuzzer harness: the nonlinear-expression bytecode (engine/core/nlexpr) that
 * burden.fit.nls compiles model formulas into. The input is read as a program
 * (one opcode or operand per byte, signed), 4 constants and 3 rows of 2 data
 * columns; bn_expr_check must reject every program the evaluators cannot run
 * safely, and both evaluators run each program it accepts. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nlexpr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { NCONST = 4, NVAR = 2, NPARAM = 3, NROW = 3, MAXCODE = 512 };
    double consts[NCONST] = {0.5, -2.0, 3.0, 1e300};
    double x0[NROW] = {0.0, 1.0, -1.0}, x1[NROW] = {2.0, 1e-300, 7.5};
    const double *cols[NVAR] = {x0, x1};
    double params[NPARAM] = {1.0, -0.5, 2.0};
    if (size >= 8) { /* the first 8 bytes perturb the constants */
        double c;
        memcpy(&c, data, sizeof c);
        consts[0] = c;
        data += 8;
        size -= 8;
    }
    int code[MAXCODE];
    size_t n = size < MAXCODE ? size : MAXCODE;
    for (size_t i = 0; i < n; i++)
        code[i] = (int)(int8_t)data[i];
    bn_expr e = {code, n, consts, NCONST};
    bn_error err;
    bn_error_clear(&err);
    if (bn_expr_check(&e, NVAR, NPARAM, &err) != BN_OK)
        return 0;
    volatile double sink = 0;
    for (size_t i = 0; i < NROW; i++) {
        sink += bn_expr_eval(&e, cols, i, params);
        sink += (double)bn_expr_eval_ld(&e, cols, i, params);
    }
    (void)sink;
    return 0;
}
