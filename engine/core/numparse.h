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

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
#include <stdint.h>
#include <string.h>
#define BN_SWAR 1
#define BN_ONES(b) (UINT64_C(0x0101010101010101) * (b))

static inline uint64_t bn_load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* The value of eight digit values held in a word, the first in the lowest byte: pairs,
 * then pairs of pairs, by multiplications that cannot carry between the lanes. */
static inline uint64_t bn_eight_digits(uint64_t x)
{
    x = x * 10 + (x >> 8);
    x = ((x & UINT64_C(0x000000FF000000FF)) * (100 + (UINT64_C(1000000) << 32)) +
         ((x >> 16) & UINT64_C(0x000000FF000000FF)) * (1 + (UINT64_C(10000) << 32))) >> 32;
    return x & 0xFFFFFFFF;
}

#ifdef __SSE2__
#include <emmintrin.h>
#define BN_SCAN_SHORT 1

/* Bit i set when p[i] is a digit, for the 16 bytes at p (exact for every byte). */
static inline unsigned bn_digit_mask16(const char *p)
{
    __m128i v = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)p), _mm_set1_epi8('0'));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(9)), v));
}

/* The value of the k digits (0 to 8) at p, reading 8 bytes. */
static inline uint64_t bn_short_digits(const char *p, unsigned k)
{
    return k ? bn_eight_digits((bn_load8(p) ^ BN_ONES(0x30)) << (8 * (8 - k))) : 0;
}
#endif
#endif

/*
 * bn_scan_number, inline for the common short form: a sign, at most 8 digits, and an
 * optional '.' with at most 8 more, read from one 16-byte window (both digit runs from one
 * mask, both values at once, no loop), with the same result. Anything else (an exponent,
 * more digits, fewer than 18 readable bytes at s) goes to bn_scan_number. The value is
 * exact: at most 16 digits (below 2^53) over an exact power of ten, one rounding.
 */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline const char *bn_scan_number_fast(const char *s, const char *end, double *out, int *is_int)
{
#ifdef BN_SCAN_SHORT
    static const uint64_t pow10_u[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                        100000000};
    static const double pow10_d[9] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    if (end - s >= 18) {
        int neg = *s == '-';
        const char *p = s + (neg | (*s == '+'));
        unsigned m = bn_digit_mask16(p);
        unsigned ni = (unsigned)__builtin_ctz(~m);
        if (ni <= 8) {
            unsigned dot = p[ni] == '.', nf = 0;
            if (dot)
                nf = (unsigned)__builtin_ctz(~(m >> (ni + 1)));
            const char *q = p + ni + dot + nf; /* the first byte after the number */
            if (nf <= 8 && q - p < 16 && ni + nf > 0 && (*q | 0x20) != 'e') {
                uint64_t mant = bn_short_digits(p, ni) * pow10_u[nf] +
                                bn_short_digits(p + ni + 1, nf);
                /* mant < 10^16: a signed conversion, and the sign set without a branch
                 * (half the fields are negative: a branch would be mispredicted often) */
                double x = (double)(int64_t)mant / pow10_d[nf];
                uint64_t bits;
                memcpy(&bits, &x, 8);
                bits |= (uint64_t)neg << 63;
                memcpy(out, &bits, 8);
                *is_int = !dot;
                return q;
            }
        }
    }
#endif
    return bn_scan_number(s, end, out, is_int);
}

/* strtod and strtold in the "C" locale (a decimal point whatever the process locale). */
double bn_strtod(const char *s, char **end);
long double bn_strtold(const char *s, char **end);
/* The "C" locale object behind them (for uselocale around formatting). */
locale_t bn_c_locale(void);

/* "true"/"false" in lower, upper or title case: returns 1 and sets *out, or 0. */
int bn_parse_boolean(const char *s, size_t n, int *out);

#endif
