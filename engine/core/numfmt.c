#include "numfmt.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"

int bn_snprintf_c(char *buf, size_t cap, const char *fmt, ...)
{
    /* uselocale changes this thread only, and only for the call */
    locale_t c = bn_c_locale();
    locale_t old = c ? uselocale(c) : (locale_t)0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (c)
        uselocale(old);
    return n;
}

size_t bn_format_number(double x, int as_float, char *buf)
{
    if (isnan(x))
        return (size_t)snprintf(buf, BN_NUMFMT_MAX, "NaN");
    if (isinf(x))
        return (size_t)snprintf(buf, BN_NUMFMT_MAX, "%s", x < 0 ? "-Inf" : "Inf");
    int n = 0;
    if (x == floor(x) && fabs(x) <= 9007199254740992.0) { /* 2^53: every such integer is exact */
        n = signbit(x) && x == 0 ? snprintf(buf, BN_NUMFMT_MAX, "-0")
                                 : bn_snprintf_c(buf, BN_NUMFMT_MAX, "%.0f", x);
    } else {
        /*
         * Any decimal of at most 15 significant digits survives the trip through a
         * normal double (DBL_DIG), so when one reads back as x, %.15g prints exactly
         * it (%g drops the trailing zeros); else 16 digits, else 17, which always
         * read back. For these values (not integral, or beyond 2^53) %.15g lays the
         * digits out as %.Ng with the fewest digits N would: a fraction has fewer
         * integer digits than significant ones. A subnormal double holds fewer
         * digits (5e-324 is one), so its search starts at one digit.
         */
        int first = fabs(x) < DBL_MIN ? 1 : 15;
        for (int prec = first; prec <= 17; prec++) {
            n = bn_snprintf_c(buf, BN_NUMFMT_MAX, "%.*g", prec, x);
            if (bn_strtod(buf, NULL) == x)
                break;
        }
    }
    if (as_float && !strpbrk(buf, ".eEnI")) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    return (size_t)n;
}
