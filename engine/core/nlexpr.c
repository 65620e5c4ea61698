#include "nlexpr.h"

#include <math.h>

static int has_operand(int op)
{
    return op == BN_OP_CONST || op == BN_OP_VAR || op == BN_OP_PARAM;
}

/* Net number of values an opcode pops (its arity). */
static int arity(int op)
{
    switch (op) {
    case BN_OP_CONST:
    case BN_OP_VAR:
    case BN_OP_PARAM:
        return 0;
    case BN_OP_ADD:
    case BN_OP_SUB:
    case BN_OP_MUL:
    case BN_OP_DIV:
    case BN_OP_POW:
    case BN_OP_MIN:
    case BN_OP_MAX:
        return 2;
    case BN_OP_SELLE:
        return 4;
    default:
        return 1;
    }
}

enum bn_status bn_expr_check(const bn_expr *e, size_t nvars, size_t nparams, bn_error *err)
{
    int depth = 0;
    for (size_t pc = 0; pc < e->ncode; pc++) {
        int op = e->code[pc];
        if (op < BN_OP_CONST || op >= BN_OP_COUNT_)
            return bn_fail(err, BN_EINVAL, "bytecode: unknown opcode %d at %zu", op, pc);
        if (has_operand(op)) {
            if (pc + 1 >= e->ncode)
                return bn_fail(err, BN_EINVAL, "bytecode: missing operand at %zu", pc);
            int k = e->code[++pc];
            size_t limit = op == BN_OP_CONST ? e->nconsts : op == BN_OP_VAR ? nvars : nparams;
            if (k < 0 || (size_t)k >= limit)
                return bn_fail(err, BN_EINVAL, "bytecode: operand %d out of range at %zu", k, pc);
            depth++;
        } else {
            int a = arity(op);
            if (depth < a)
                return bn_fail(err, BN_EINVAL, "bytecode: stack underflow at %zu", pc);
            depth = depth - a + 1;
        }
        if (depth > BN_EXPR_STACK)
            return bn_fail(err, BN_EINVAL, "bytecode: expression too deep (over %d values)",
                           BN_EXPR_STACK);
    }
    if (depth != 1)
        return bn_fail(err, BN_EINVAL, "bytecode: %d values left on the stack", depth);
    return BN_OK;
}

double bn_expr_eval(const bn_expr *e, const double *const *cols, size_t i, const double *p)
{
    double s[BN_EXPR_STACK];
    int top = -1;
    const int *code = e->code;
    for (size_t pc = 0; pc < e->ncode; pc++) {
        switch (code[pc]) {
        case BN_OP_CONST: s[++top] = e->consts[code[++pc]]; break;
        case BN_OP_VAR: s[++top] = cols[code[++pc]][i]; break;
        case BN_OP_PARAM: s[++top] = p[code[++pc]]; break;
        case BN_OP_ADD: top--; s[top] += s[top + 1]; break;
        case BN_OP_SUB: top--; s[top] -= s[top + 1]; break;
        case BN_OP_MUL: top--; s[top] *= s[top + 1]; break;
        case BN_OP_DIV: top--; s[top] /= s[top + 1]; break;
        case BN_OP_POW: {
            double b = s[top--];
            /* small integer powers exactly, as a product: x^2 for negative x too */
            if (b == 2.0) s[top] = s[top] * s[top];
            else if (b == 1.0) { /* unchanged */ }
            else s[top] = pow(s[top], b);
            break;
        }
        case BN_OP_NEG: s[top] = -s[top]; break;
        case BN_OP_EXP: s[top] = exp(s[top]); break;
        case BN_OP_LOG: s[top] = log(s[top]); break;
        case BN_OP_LOG10: s[top] = log10(s[top]); break;
        case BN_OP_LOG2: s[top] = log2(s[top]); break;
        case BN_OP_SQRT: s[top] = sqrt(s[top]); break;
        case BN_OP_SIN: s[top] = sin(s[top]); break;
        case BN_OP_COS: s[top] = cos(s[top]); break;
        case BN_OP_TAN: s[top] = tan(s[top]); break;
        case BN_OP_ATAN: s[top] = atan(s[top]); break;
        case BN_OP_ABS: s[top] = fabs(s[top]); break;
        case BN_OP_SIGN: s[top] = s[top] > 0 ? 1.0 : s[top] < 0 ? -1.0 : 0.0; break;
        case BN_OP_MIN: top--; s[top] = s[top + 1] < s[top] ? s[top + 1] : s[top]; break;
        case BN_OP_MAX: top--; s[top] = s[top + 1] > s[top] ? s[top + 1] : s[top]; break;
        case BN_OP_SELLE:
            top -= 3;
            s[top] = s[top] <= s[top + 1] ? s[top + 2] : s[top + 3];
            break;
        default: return NAN; /* unreachable for a checked program */
        }
    }
    return s[0];
}

/* The same program in long double (used to polish fits: residuals without cancellation). */
long double bn_expr_eval_ld(const bn_expr *e, const double *const *cols, size_t i, const double *p)
{
    long double s[BN_EXPR_STACK];
    int top = -1;
    const int *code = e->code;
    for (size_t pc = 0; pc < e->ncode; pc++) {
        switch (code[pc]) {
        case BN_OP_CONST: s[++top] = e->consts[code[++pc]]; break;
        case BN_OP_VAR: s[++top] = cols[code[++pc]][i]; break;
        case BN_OP_PARAM: s[++top] = p[code[++pc]]; break;
        case BN_OP_ADD: top--; s[top] += s[top + 1]; break;
        case BN_OP_SUB: top--; s[top] -= s[top + 1]; break;
        case BN_OP_MUL: top--; s[top] *= s[top + 1]; break;
        case BN_OP_DIV: top--; s[top] /= s[top + 1]; break;
        case BN_OP_POW: {
            long double b = s[top--];
            /* small integer powers exactly, as a product: x^2 for negative x too */
            if (b == 2.0) s[top] = s[top] * s[top];
            else if (b == 1.0) { /* unchanged */ }
            else s[top] = powl(s[top], b);
            break;
        }
        case BN_OP_NEG: s[top] = -s[top]; break;
        case BN_OP_EXP: s[top] = expl(s[top]); break;
        case BN_OP_LOG: s[top] = logl(s[top]); break;
        case BN_OP_LOG10: s[top] = log10l(s[top]); break;
        case BN_OP_LOG2: s[top] = log2l(s[top]); break;
        case BN_OP_SQRT: s[top] = sqrtl(s[top]); break;
        case BN_OP_SIN: s[top] = sinl(s[top]); break;
        case BN_OP_COS: s[top] = cosl(s[top]); break;
        case BN_OP_TAN: s[top] = tanl(s[top]); break;
        case BN_OP_ATAN: s[top] = atanl(s[top]); break;
        case BN_OP_ABS: s[top] = fabsl(s[top]); break;
        case BN_OP_SIGN: s[top] = s[top] > 0 ? 1.0 : s[top] < 0 ? -1.0 : 0.0; break;
        case BN_OP_MIN: top--; s[top] = s[top + 1] < s[top] ? s[top + 1] : s[top]; break;
        case BN_OP_MAX: top--; s[top] = s[top + 1] > s[top] ? s[top + 1] : s[top]; break;
        case BN_OP_SELLE:
            top -= 3;
            s[top] = s[top] <= s[top + 1] ? s[top + 2] : s[top + 3];
            break;
        default: return NAN; /* unreachable for a checked program */
        }
    }
    return s[0];
}
