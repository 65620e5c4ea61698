#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces a locale decimal comma with a point, should a locale ever be set. */
static void fix_decimal_point(char *s)
{
    for (; *s; s++)
        if (*s == ',')
            *s = '.';
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
        snprintf(buf, BN_NUMFMT_MAX, "%.*g", prec, x);
        fix_decimal_point(buf);
        if (strtod(buf, NULL) == x)
            break;
    }
    return strlen(buf);
}
