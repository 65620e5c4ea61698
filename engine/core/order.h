/*
 * order: the stable sort permutation of rows by one or more key columns.
 *
 * Missing values (and NaN) sort last whatever the direction; strings compare
 * byte by byte; ties keep their original order. The caller owns all arrays.
 */
#ifndef BURDEN_CORE_ORDER_H
#define BURDEN_CORE_ORDER_H

#include <stddef.h>

#include "csvread.h"
#include "error.h"

typedef struct bn_sort_key {
    enum bn_coltype type;         /* numbers, integers, booleans (num) or strings */
    const double *num;
    const unsigned char *missing; /* n flags */
    const char *pool;
    const size_t *offset;         /* strings: n + 1 offsets */
    int desc;                     /* descending */
} bn_sort_key;

/* Fills perm[0..n) with 0-based row indices in sorted order. */
enum bn_status bn_order(const bn_sort_key *keys, size_t nkeys, size_t n, size_t *perm,
                        bn_error *err);

#endif
