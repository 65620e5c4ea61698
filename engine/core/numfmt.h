/*
 * numfmt: the one text form of a double in burden (CSV and JSON files, report
 * cells, figure labels, vector printing, error messages), and locale-free printf.
 *
 * bn_format_number writes the shortest decimal that reads back as the same
 * double. Output never depends on the locale's decimal point.
 */
#ifndef BURDEN_CORE_NUMFMT_H
#define BURDEN_CORE_NUMFMT_H

#include <stddef.h>

#define BN_NUMFMT_MAX 32

/*
 * Writes x into buf (at least BN_NUMFMT_MAX bytes) and returns the length:
 * - an integral value with |x| <= 2^53 as an integer: "250", "-3", "-0";
 * - any other finite value with the fewest significant digits (at most 17)
 *   that read back as x, laid out as printf's %g: "0.1", "6.5e-05", "1e+28";
 * - "NaN", "Inf" and "-Inf".
 * as_float adds ".0" to an integral value written as an integer ("3.0"), so
 * that a reader typing columns sees a float rather than an integer.
 */
size_t bn_format_number(double x, int as_float, char *buf);

/* snprintf in the "C" locale: a decimal point whatever locale the process has set. */
int bn_snprintf_c(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
