#include "numparse.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * The "C" locale as an object, made once and never changed: numbers are read
 * and written with a decimal point whatever locale a script sets.
 */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t bn_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

double bn_strtod(const char *s, char **end)
{
    locale_t c = bn_c_locale();
    return c ? strtod_l(s, end, c) : strtod(s, end);
}

long double bn_strtold(const char *s, char **end)
{
    locale_t c = bn_c_locale();
    return c ? strtold_l(s, end, c) : strtold(s, end);
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

/* 5^0 .. 5^27, every one below 2^63: exact */
static const uint64_t pow5_u64[28] = {
    1u, 5u, 25u, 125u, 625u, 3125u, 15625u, 78125u, 390625u, 1953125u, 9765625u,
    48828125u, 244140625u, 1220703125u, 6103515625u, 30517578125u, 152587890625u,
    762939453125u, 3814697265625u, 19073486328125u, 95367431640625u, 476837158203125u,
    2384185791015625u, 11920928955078125u, 59604644775390625u, 298023223876953125u,
    1490116119384765625u, 7450580596923828125u};

/*
 * (q + f) * 2^exp2 rounded to the nearest double, ties to even, where 0 <= f < 1 and
 * sticky says whether f > 0; q has more than 53 bits whenever sticky is set. The result
 * must be a normal double (the callers' ranges keep it between 1e-28 and 1e47).
 */
static double round_u128(u128 q, int sticky, int exp2)
{
    uint64_t hi = (uint64_t)(q >> 64);
    int bits = hi ? 128 - __builtin_clzll(hi) : 64 - __builtin_clzll((uint64_t)q);
    if (bits <= 53)
        return ldexp((double)(uint64_t)q, exp2); /* exact */
    int drop = bits - 53;
    uint64_t m = (uint64_t)(q >> drop);
    u128 rest = q & (((u128)1 << drop) - 1), half = (u128)1 << (drop - 1);
    if (rest > half || (rest == half && (sticky || (m & 1))))
        m++; /* 2^53 at most: still exact */
    return ldexp((double)m, exp2 + drop);
}

/*
 * mant * 10^exp10 correctly rounded, for 0 < mant < 2^64 and |exp10| <= 27, by exact
 * integer arithmetic: 10^e = 5^e * 2^e and 5^27 < 2^63. A positive exponent is a
 * 128-bit product; a negative one a 128-by-64-bit division of mant (its top bit moved to
 * bit 127) by 5^-exp10, which leaves at least 64 quotient bits and a remainder for the
 * rounding.
 */
static double exact_value(uint64_t mant, int exp10)
{
    if (exp10 >= 0)
        return round_u128((u128)mant * pow5_u64[exp10], 0, exp10);
    int lz = __builtin_clzll(mant);
    u128 n = (u128)(mant << lz) << 64, d = pow5_u64[-exp10];
    return round_u128(n / d, n % d != 0, -64 - lz + exp10);
}
#endif

/*
 * The value of the decimal text s[0..len) whose significant digits are mant (at most 19,
 * `inexact` when nonzero digits were dropped) times 10^exp10: correctly rounded either way.
 */
static double decimal_value(const char *s, size_t len, uint64_t mant, int exp10, int inexact,
                            int neg, char thousands, int *ok)
{
    *ok = 1;
    if (!inexact && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Clinger's fast path: both operands exact, one correctly rounded operation. */
        double x = (double)mant;
        x = exp10 < 0 ? x / pow10_exact[-exp10] : x * pow10_exact[exp10];
        return neg ? -x : x;
    }
#ifdef __SIZEOF_INT128__
    if (mant && exp10 >= -27 && exp10 <= 27) {
        /* 17 to 19 significant digits (%.17g, numpy's %.18e) without strtod. With more
         * digits, the value lies strictly between mant and mant + 1 (at most 10^19) times
         * 10^exp10: when both round to the same double, so does the value (rounding is
         * monotonic); otherwise strtod decides. */
        double x = exact_value(mant, exp10);
        if (!inexact || exact_value(mant + 1, exp10) == x)
            return neg ? -x : x;
    }
#endif
    /* the C library's correctly rounded strtod on the text without separators */
    char buf[512];
    size_t k = 0;
    for (size_t j = 0; j < len; j++) {
        if (thousands && s[j] == thousands)
            continue;
        if (k + 1 >= sizeof buf) {
            *ok = 0;
            return 0;
        }
        buf[k++] = s[j];
    }
    buf[k] = '\0';
    return bn_strtod(buf, NULL);
}

#ifdef BN_SWAR
#define SWAR_DIGITS 1
#define ONES BN_ONES
#define load8 bn_load8
#define eight_digits bn_eight_digits
#endif

static const uint64_t pow10_u64[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/*
 * The number of digits at the start of p[0..end). Eight bytes at a time where they are
 * there: a byte b is a digit when x = b ^ '0' is below 10, i.e. when neither x nor
 * x + 0x76 has its top bit set (a carry out of a non-digit byte only reaches later ones).
 */
static inline size_t digit_run(const char *p, const char *end)
{
    const char *q = p;
#ifdef SWAR_DIGITS
    while (end - q >= 8) {
        uint64_t x = load8(q) ^ ONES(0x30);
        uint64_t stop = (x | (x + ONES(0x76))) & ONES(0x80);
        if (stop)
            return (size_t)(q - p) + (size_t)(__builtin_ctzll(stop) >> 3);
        q += 8;
    }
#endif
    while (q < end && is_digit(*q))
        q++;
    return (size_t)(q - p);
}

/* acc * 10^k + the k digits at p (k known, and the result known to fit). */
static inline uint64_t add_digits(uint64_t acc, const char *p, size_t k, const char *end)
{
#ifdef SWAR_DIGITS
    for (; k >= 8; p += 8, k -= 8)
        acc = acc * 100000000 + eight_digits(load8(p) ^ ONES(0x30));
    if (k && end - p >= 8) /* the k digits moved to the top bytes: zeros lead */
        return acc * pow10_u64[k] + eight_digits((load8(p) ^ ONES(0x30)) << (8 * (8 - k)));
#else
    (void)end;
#endif
    for (size_t j = 0; j < k; j++)
        acc = acc * 10 + (uint64_t)(p[j] - '0');
    return acc;
}

/* More than 19 significant digits: the first 19, the exponent they leave, and whether a
 * nonzero digit was dropped (then the fast path is inexact). */
static uint64_t long_mantissa(const char *ip, size_t ni, const char *fp, size_t nf, int *exp10,
                              int *inexact)
{
    uint64_t mant = 0;
    int ndig = 0;
    for (size_t k = 0; k < ni; k++) {
        if (ndig < 19) {
            mant = mant * 10 + (uint64_t)(ip[k] - '0');
            ndig += mant != 0;
        } else {
            ++*exp10;
            *inexact |= ip[k] != '0';
        }
    }
    for (size_t k = 0; k < nf; k++) {
        if (ndig < 19) {
            mant = mant * 10 + (uint64_t)(fp[k] - '0');
            ndig += mant != 0;
            --*exp10;
        } else {
            *inexact |= fp[k] != '0';
        }
    }
    return mant;
}

const char *bn_scan_number(const char *s, const char *end, double *out, int *is_int)
{
    const char *p = s;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    const char *ip = p, *fp = p;
    size_t ni = digit_run(p, end), nf = 0;
    p += ni;
    int frac = 0, has_exp = 0;
    if (p < end && *p == '.') {
        frac = 1;
        fp = ++p;
        nf = digit_run(p, end);
        p += nf;
    }
    if (ni + nf == 0)
        return NULL;
    uint64_t mant = 0;
    int exp10 = 0, inexact = 0;
    if (ni + nf <= 19) {
        /* every digit fits: no leading-zero bookkeeping needed */
        mant = add_digits(add_digits(0, ip, ni, end), fp, nf, end);
        exp10 = -(int)nf;
    } else {
        mant = long_mantissa(ip, ni, fp, nf, &exp10, &inexact);
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        int eneg = 0, e = 0;
        if (q < end && (*q == '+' || *q == '-')) {
            eneg = *q == '-';
            q++;
        }
        if (q == end || !is_digit(*q))
            return NULL;
        for (; q < end && is_digit(*q); q++)
            if (e < 100000)
                e = e * 10 + (*q - '0');
        exp10 += eneg ? -e : e;
        has_exp = 1;
        p = q;
    }
    *is_int = !frac && !has_exp && !inexact && exp10 == 0 && mant <= (UINT64_C(1) << 53);
    if (!inexact && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Clinger's fast path (as in decimal_value), inline for the common case */
        double x = (double)mant;
        x = exp10 < 0 ? x / pow10_exact[-exp10] : x * pow10_exact[exp10];
        *out = neg ? -x : x;
        return p;
    }
    int ok;
    *out = decimal_value(s, (size_t)(p - s), mant, exp10, inexact, neg, 0, &ok);
    return ok ? p : NULL;
}

enum bn_num bn_parse_number(const char *s, size_t n, char thousands, double *out, int *is_int)
{
    size_t i = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n)
        return BN_NUM_NO;
    size_t start = i;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    if (i == n)
        return BN_NUM_NO;
    if (!is_digit(s[i]) && s[i] != '.') {
        size_t m = n - i;
        if ((m == 3 && strncasecmp(s + i, "inf", 3) == 0) ||
            (m == 8 && strncasecmp(s + i, "infinity", 8) == 0)) {
            *out = neg ? -INFINITY : INFINITY;
            *is_int = 0;
            return BN_NUM_OK;
        }
        if (m == 3 && strncasecmp(s + i, "nan", 3) == 0) {
            *out = NAN;
            *is_int = 0;
            return BN_NUM_OK;
        }
        return BN_NUM_NO;
    }
    if (!thousands) {
        double x;
        int flag;
        if (bn_scan_number(s + start, s + n, &x, &flag) != s + n)
            return BN_NUM_NO;
        *out = x;
        *is_int = flag;
        /* finite digits that do not fit a double: an error, not a silent infinity */
        return isinf(x) ? BN_NUM_OVERFLOW : BN_NUM_OK;
    }
    /* with a thousands separator: the same grammar, and groups of three between separators */
    uint64_t mant = 0;
    int ndig = 0, exp10 = 0, any = 0, frac = 0, has_exp = 0, inexact = 0, seps = 0;
    /* thousands groups: 1 to 3 digits first, then exactly 3 ("1,2,3" is not 123) */
    int group = 0, bad_grouping = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (is_digit(c)) {
            any = 1;
            group++;
            if (ndig < 19) {
                mant = mant * 10 + (uint64_t)(c - '0');
                if (mant)
                    ndig++;
            } else {
                exp10++;
                inexact |= c != '0';
            }
        } else if (c == thousands && i > start && is_digit(s[i - 1]) && i + 1 < n &&
                   is_digit(s[i + 1])) {
            if (seps ? group != 3 : group > 3)
                bad_grouping = 1;
            seps = 1;
            group = 0;
        } else {
            break;
        }
    }
    if (seps && group != 3)
        bad_grouping = 1;
    if (i < n && s[i] == '.') {
        frac = 1;
        for (i++; i < n && is_digit(s[i]); i++) {
            any = 1;
            if (ndig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                if (mant)
                    ndig++;
                exp10--;
            } else {
                inexact |= s[i] != '0';
            }
        }
    }
    if (!any)
        return BN_NUM_NO;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        has_exp = 1;
        i++;
        int eneg = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i == n || !is_digit(s[i]))
            return BN_NUM_NO;
        int e = 0;
        for (; i < n && is_digit(s[i]); i++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        exp10 += eneg ? -e : e;
    }
    if (i != n)
        return BN_NUM_NO;
    if (bad_grouping)
        return BN_NUM_BAD_GROUPING;
    int ok;
    double x = decimal_value(s + start, n - start, mant, exp10, inexact, neg, seps ? thousands : 0, &ok);
    if (!ok)
        return BN_NUM_NO;
    *out = x;
    *is_int = !frac && !has_exp && !inexact && exp10 == 0 && mant <= (UINT64_C(1) << 53);
    /* finite digits that do not fit a double: an error, not a silent infinity */
    return isinf(x) ? BN_NUM_OVERFLOW : BN_NUM_OK;
}

int bn_parse_boolean(const char *s, size_t n, int *out)
{
    if ((n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "TRUE", 4) || !memcmp(s, "True", 4)))) {
        *out = 1;
        return 1;
    }
    if ((n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "FALSE", 5) || !memcmp(s, "False", 5)))) {
        *out = 0;
        return 1;
    }
    return 0;
}
