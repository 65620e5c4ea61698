#include "order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct order_ctx {
    const bn_sort_key *keys;
    size_t nkeys;
} order_ctx;

static int is_missing(const bn_sort_key *k, size_t i)
{
    return k->missing[i] || (k->type != BN_COL_STRING && isnan(k->num[i]));
}

static int compare_key(const bn_sort_key *k, size_t a, size_t b)
{
    int ma = is_missing(k, a), mb = is_missing(k, b);
    if (ma || mb)
        return ma - mb; /* missing last, in either direction */
    int c;
    if (k->type == BN_COL_STRING) {
        size_t la = k->offset[a + 1] - k->offset[a], lb = k->offset[b + 1] - k->offset[b];
        c = memcmp(k->pool + k->offset[a], k->pool + k->offset[b], la < lb ? la : lb);
        if (c == 0)
            c = (la > lb) - (la < lb);
        else
            c = c < 0 ? -1 : 1;
    } else {
        double x = k->num[a], y = k->num[b];
        c = (x > y) - (x < y);
    }
    return k->desc ? -c : c;
}

static int compare_rows(const void *pa, const void *pb, void *arg)
{
    const order_ctx *ctx = arg;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    for (size_t k = 0; k < ctx->nkeys; k++) {
        int c = compare_key(&ctx->keys[k], a, b);
        if (c)
            return c;
    }
    return (a > b) - (a < b); /* stable */
}

enum bn_status bn_order(const bn_sort_key *keys, size_t nkeys, size_t n, size_t *perm,
                        bn_error *err)
{
    (void)err;
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    order_ctx ctx = {keys, nkeys};
    if (n > 1)
        qsort_r(perm, n, sizeof *perm, compare_rows, &ctx);
    return BN_OK;
}
