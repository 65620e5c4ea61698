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
    /* Up to 19 significant digits fit a uint64; more make the fast path inexact. */
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
        } else if (thousands && c == thousands && i > start && is_digit(s[i - 1]) && i + 1 < n &&
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
    double x;
    if (!inexact && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Clinger's fast path: both operands exact, one correctly rounded operation. */
        x = (double)mant;
        x = exp10 < 0 ? x / pow10_exact[-exp10] : x * pow10_exact[exp10];
        if (neg)
            x = -x;
    } else {
        char buf[512];
        size_t k = 0;
        for (size_t j = start; j < n; j++) {
            if (seps && s[j] == thousands)
                continue;
            if (k + 1 >= sizeof buf)
                return BN_NUM_NO;
            buf[k++] = s[j];
        }
        buf[k] = '\0';
        x = bn_strtod(buf, NULL);
    }
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
