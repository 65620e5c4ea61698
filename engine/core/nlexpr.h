/*
 * nlexpr: a small stack bytecode for model formulas (burden.fit.nls).
 *
 * The Lua side parses a formula such as `b1 * (1 - exp(-b2 * x))` once,
 * differentiates it symbolically and compiles each expression into this
 * bytecode; the fitting kernels evaluate it row by row in C. A program is an
 * int array of opcodes, each of BN_OP_CONST, BN_OP_VAR and BN_OP_PARAM followed
 * by one operand (an index into consts, the data columns or the parameters).
 * The caller owns every array; nothing here allocates.
 */
#ifndef BURDEN_CORE_NLEXPR_H
#define BURDEN_CORE_NLEXPR_H

#include <stddef.h>

#include "error.h"

enum bn_op {
    BN_OP_CONST = 1, /* operand: index into consts */
    BN_OP_VAR,       /* operand: index of a data column */
    BN_OP_PARAM,     /* operand: index of a parameter */
    BN_OP_ADD,
    BN_OP_SUB,
    BN_OP_MUL,
    BN_OP_DIV,
    BN_OP_POW,
    BN_OP_NEG,
    BN_OP_EXP,
    BN_OP_LOG,
    BN_OP_LOG10,
    BN_OP_LOG2,
    BN_OP_SQRT,
    BN_OP_SIN,
    BN_OP_COS,
    BN_OP_TAN,
    BN_OP_ATAN,
    BN_OP_ABS,
    BN_OP_SIGN,
    BN_OP_MIN,
    BN_OP_MAX,
    BN_OP_SELLE, /* pops a, b, c, d (pushed in that order): a <= b ? c : d */
    BN_OP_COUNT_
};

#define BN_EXPR_STACK 64

typedef struct bn_expr {
    const int *code;
    size_t ncode;
    const double *consts;
    size_t nconsts;
} bn_expr;

/*
 * Checks that a program is well formed for nvars data columns and nparams
 * parameters: known opcodes, operands in range, no stack underflow, a stack
 * depth within BN_EXPR_STACK and exactly one value left at the end.
 */
enum bn_status bn_expr_check(const bn_expr *e, size_t nvars, size_t nparams, bn_error *err);

/* Value of a checked program at row i of the columns cols[v][i], parameters p. */
double bn_expr_eval(const bn_expr *e, const double *const *cols, size_t i, const double *p);

/* The same in long double arithmetic (x86: 64-bit mantissa), for accurate residuals. */
long double bn_expr_eval_ld(const bn_expr *e, const double *const *cols, size_t i,
                            const double *p);

#endif
