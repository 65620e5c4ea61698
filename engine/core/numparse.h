/*
 * numparse: reading numbers and booleans from fields exactly (no allocation).
 */
#ifndef BURDEN_CORE_NUMPARSE_H
#define BURDEN_CORE_NUMPARSE_H

#include <locale.h>
#include <stddef.h>

enum bn_num {
    BN_NUM_NO = 0,            /* not a number */
    BN_NUM_OK = 1,            /* a number, in *out */
    BN_NUM_BAD_GROUPING = -1, /* digits and thousands separators, but not in groups of 3 */
    BN_NUM_OVERFLOW = -2,     /* finite text beyond the largest double (*out is +-inf) */
};

/*
 * Parses a whole field as a number: optional surrounding spaces, sign, digits
 * (with the thousands separator between them when thousands != 0), fraction,
 * exponent, or inf/infinity/nan. Returns BN_NUM_OK and sets *out (and *is_int
 * when there is neither fraction nor exponent and |x| <= 2^53), BN_NUM_NO, or
 * one of the errors above. Never depends on the locale.
 */
enum bn_num bn_parse_number(const char *s, size_t n, char thousands, double *out, int *is_int);

/*
 * Scans a number at the start of s[0..end): sign, digits, fraction, exponent (no spaces,
 * separators, inf or nan), with the value and *is_int exactly as bn_parse_number gives
 * them. Returns the end of the number, or NULL when s does not start with one. A value
 * beyond the largest double comes back as +-inf: the caller decides what that means.
 */
const char *bn_scan_number(const char *s, const char *end, double *out, int *is_int);

/* strtod and strtold in the "C" locale (a decimal point whatever the process locale). */
double bn_strtod(const char *s, char **end);
long double bn_strtold(const char *s, char **end);
/* The "C" locale object behind them (for uselocale around formatting). */
locale_t bn_c_locale(void);

/* "true"/"false" in lower, upper or title case: returns 1 and sets *out, or 0. */
int bn_parse_boolean(const char *s, size_t n, int *out);

#endif
