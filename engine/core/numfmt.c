#include "numfmt.h"

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

size_t bn_format_shortest(double x, char *buf)
{
    if (isnan(x))
        return (size_t)snprintf(buf, BN_NUMFMT_MAX, "NaN");
    if (isinf(x))
        return (size_t)snprintf(buf, BN_NUMFMT_MAX, "%s", x < 0 ? "-Inf" : "Inf");
    if (x == 0)
        return (size_t)snprintf(buf, BN_NUMFMT_MAX, "%s", signbit(x) ? "-0" : "0");
    /* 17 significant digits always round-trip; try fewer first for readable output. */
    for (int prec = 1; prec <= 17; prec++) {
        bn_snprintf_c(buf, BN_NUMFMT_MAX, "%.*g", prec, x);
        if (bn_strtod(buf, NULL) == x)
            break;
    }
    return strlen(buf);
}
