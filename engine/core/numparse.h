/*
 * numparse: reading numbers and booleans from fields exactly (no allocation),
 * and the edit distance behind "closest names" messages.
 */
#ifndef BURDEN_CORE_NUMPARSE_H
#define BURDEN_CORE_NUMPARSE_H

#include <stddef.h>

/*
 * Parses a whole field as a number: optional surrounding spaces, sign, digits
 * (with the thousands separator between them when thousands != 0), fraction,
 * exponent, or inf/infinity/nan. Returns 1 and sets *out (and *is_int when
 * there is neither fraction nor exponent and |x| <= 2^53), or 0.
 */
int bn_parse_number(const char *s, size_t n, char thousands, double *out, int *is_int);

/* "true"/"false" in lower, upper or title case: returns 1 and sets *out, or 0. */
int bn_parse_boolean(const char *s, size_t n, int *out);

/* Levenshtein distance between a and b (for "did you mean" messages). */
size_t bn_edit_distance(const char *a, const char *b);

#endif
