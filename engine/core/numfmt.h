/*
 * numfmt: deterministic text for doubles.
 *
 * bn_format_shortest writes the shortest decimal that reads back as the same
 * double (so CSV and JSON round-trip exactly); non-finite values become
 * "NaN", "Inf" and "-Inf". Output never depends on the locale's decimal point.
 */
#ifndef BURDEN_CORE_NUMFMT_H
#define BURDEN_CORE_NUMFMT_H

#include <stddef.h>

#define BN_NUMFMT_MAX 32

/* Writes x into buf (at least BN_NUMFMT_MAX bytes); returns the length. */
size_t bn_format_shortest(double x, char *buf);

/* snprintf in the "C" locale: a decimal point whatever locale the process has set. */
int bn_snprintf_c(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
