/* lmrows: how the lm kernels read one cell of a design (lm.c, lminfer.c). */
#ifndef BURDEN_CORE_LMROWS_H
#define BURDEN_CORE_LMROWS_H

#include "lm.h"

/* x[i, j]; a NULL column is the intercept's ones */
static inline double xval(const bn_lm_input *in, size_t j, size_t i)
{
    return in->cols[j] ? in->cols[j][i] : 1.0;
}

/* w[i]; no weights is weight one */
static inline double wval(const bn_lm_input *in, size_t i)
{
    return in->w ? in->w[i] : 1.0;
}

#endif
