/*
 * checked: size arithmetic that reports overflow instead of wrapping.
 *
 * Every allocation whose size comes from a user's number (resample counts, row
 * counts, index lists) computes it through these, so a huge count becomes a
 * clear "too large" error rather than a small buffer and a heap overflow.
 * Each returns 1 when the result fits in *out, 0 when it would overflow.
 */
#ifndef BURDEN_CORE_CHECKED_H
#define BURDEN_CORE_CHECKED_H

#include <stddef.h>

static inline int bn_size_mul(size_t a, size_t b, size_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

static inline int bn_size_add(size_t a, size_t b, size_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

/* Bytes for n elements of elem bytes plus extra bytes (e.g. n * 8 + 1). */
static inline int bn_size_array(size_t n, size_t elem, size_t extra, size_t *out)
{
    size_t bytes;
    return bn_size_mul(n, elem, &bytes) && bn_size_add(bytes, extra, out);
}

#endif
