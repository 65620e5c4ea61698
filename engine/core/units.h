/*
 * units: quantities written by people ("~2e18 FLOPs", "$4.6M", "5-6 days",
 * "1.5 PF-days", "1.2 x 10^18") parsed into values in base units, and
 * conversions between units of one kind.
 *
 * Kinds and their base units: compute "FLOP" (a count of operations), rate
 * "FLOP/s", mac "MAC" (multiply-accumulates; 1 MAC = 2 FLOP), time "s",
 * energy "J", mass "kg", money "USD", power "W", data "B", count "".
 * Values keep decimal exactness where possible: "1.2 x 10^18" and "$4.6M"
 * read exactly as the literals 1.2e18 and 4.6e6. No allocation.
 */
#ifndef BURDEN_CORE_UNITS_H
#define BURDEN_CORE_UNITS_H

#include <stddef.h>

#include "error.h"

enum bn_unit_kind {
    BN_KIND_COUNT,
    BN_KIND_COMPUTE,
    BN_KIND_RATE,
    BN_KIND_MAC,
    BN_KIND_TIME,
    BN_KIND_ENERGY,
    BN_KIND_MASS,
    BN_KIND_MONEY,
    BN_KIND_POWER,
    BN_KIND_DATA,
};

/* "count", "compute", "rate", "mac", "time", "energy", "mass", "money", "power", "data". */
const char *bn_unit_kind_name(enum bn_unit_kind k);
/* The base unit of a kind: "", "FLOP", "FLOP/s", "MAC", "s", "J", "kg", "USD", "W", "B". */
const char *bn_unit_base(enum bn_unit_kind k);

typedef struct bn_quantity {
    double value;          /* in base units; the midpoint for a range */
    double low, high;      /* equal to value unless is_range */
    int is_range;
    int approximate;       /* "~", "about", "approx.", "≈", ... */
    enum bn_unit_kind kind;
} bn_quantity;

/*
 * Parses text (see the README for the grammar). Unknown units and text
 * without a number give BN_EINVAL with a message quoting the text.
 */
enum bn_status bn_units_parse(const char *text, size_t len, bn_quantity *q, bn_error *err);

/*
 * The kind of a unit written as text, and the factor to the base unit
 * (value_in_base = value * factor).
 */
enum bn_status bn_units_lookup(const char *unit, enum bn_unit_kind *kind, double *factor,
                               bn_error *err);

/*
 * Converts value from one unit to another of the same kind (MAC and FLOP
 * convert at 2 FLOP per MAC); incompatible kinds give BN_EINVAL.
 */
enum bn_status bn_units_convert(double value, const char *from, const char *to, double *out,
                                bn_error *err);

#endif
