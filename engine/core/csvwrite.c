#include "csvwrite.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "numfmt.h"

static int needs_quotes(const char *s, size_t n, char sep)
{
    if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == sep || c == '"' || c == '\n' || c == '\r')
            return 1;
    }
    return 0;
}

size_t bn_csv_field(const char *s, size_t n, char sep, char *out)
{
    if (!needs_quotes(s, n, sep)) {
        if (out && n)
            memcpy(out, s, n);
        return n;
    }
    size_t k = 0;
    if (out)
        out[k] = '"';
    k++;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            if (out)
                out[k] = '"';
            k++;
        }
        if (out)
            out[k] = s[i];
        k++;
    }
    if (out)
        out[k] = '"';
    return k + 1;
}

/* A field to f through a scratch buffer that grows as needed; -1 when memory runs out. */
static int put_text(FILE *f, const char *s, size_t n, char sep, char **scratch, size_t *cap)
{
    size_t need = bn_csv_field(s, n, sep, NULL);
    if (need == n) { /* written as it is */
        fwrite(s, 1, n, f);
        return 0;
    }
    if (need > *cap) {
        char *p = realloc(*scratch, need);
        if (!p)
            return -1;
        *scratch = p;
        *cap = need;
    }
    fwrite(*scratch, 1, bn_csv_field(s, n, sep, *scratch), f);
    return 0;
}

enum bn_status bn_csv_write(const char *path, const char *const *names,
                            const bn_csv_outcol *cols, size_t ncol, size_t nrow, char sep,
                            bn_error *err)
{
    bn_atomic out;
    enum bn_status st = bn_atomic_open(&out, path, err);
    if (st != BN_OK)
        return st;
    FILE *f = out.fp;
    setvbuf(f, NULL, _IOFBF, (size_t)1 << 16);
    char *scratch = NULL;
    size_t cap = 0;
    int bad = 0;
    for (size_t c = 0; c < ncol; c++) {
        if (c)
            putc(sep, f);
        bad |= put_text(f, names[c], strlen(names[c]), sep, &scratch, &cap);
    }
    fputs(BN_CSV_EOL, f);
    char num[BN_NUMFMT_MAX];
    for (size_t r = 0; r < nrow && !bad; r++) {
        for (size_t c = 0; c < ncol; c++) {
            const bn_csv_outcol *col = &cols[c];
            if (c)
                putc(sep, f);
            if (col->missing[r])
                continue;
            switch (col->type) {
            case BN_COL_STRING:
                bad |= put_text(f, col->pool + col->offset[r],
                                col->offset[r + 1] - col->offset[r], sep, &scratch, &cap);
                break;
            case BN_COL_BOOLEAN:
                fputs(col->num[r] != 0 ? "true" : "false", f);
                break;
            default:
                fwrite(num, 1, bn_format_number(col->num[r], col->type == BN_COL_NUMBER, num),
                       f);
                break;
            }
        }
        fputs(BN_CSV_EOL, f);
    }
    free(scratch);
    if (bad) {
        bn_atomic_abort(&out);
        return bn_fail(err, BN_ENOMEM, "cannot write %s: out of memory", path);
    }
    return bn_atomic_commit(&out, err);
}
