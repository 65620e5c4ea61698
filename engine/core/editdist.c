#include "editdist.h"

#include <stdlib.h>

size_t bn_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (nb > na) { /* the distance is symmetric: keep the row for the shorter string */
        const char *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    size_t stack[256];
    size_t *row = nb < 256 ? stack : malloc((nb + 1) * sizeof *row);
    if (!row)
        return (size_t)-1;
    /* one row of the dynamic programme: row[j] = distance(a[0..i), b[0..j)) */
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[nb];
    if (row != stack)
        free(row);
    return d;
}
