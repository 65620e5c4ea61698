#include "csvwrite.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "numfmt.h"
#include "numparse.h"

size_t bn_format_number(double x, int as_float, char *buf)
{
    if (isnan(x))
        return (size_t)snprintf(buf, BN_NUMBER_TEXT_MAX, "NaN");
    if (isinf(x))
        return (size_t)snprintf(buf, BN_NUMBER_TEXT_MAX, "%s", x < 0 ? "-Inf" : "Inf");
    int n = 0;
    if (x == floor(x) && fabs(x) <= 9007199254740992.0) { /* 2^53 */
        /* integral: exact as an integer */
        n = bn_snprintf_c(buf, BN_NUMBER_TEXT_MAX, "%.0f", x);
        if (x == 0 && signbit(x))
            n = snprintf(buf, BN_NUMBER_TEXT_MAX, "-0");
    } else {
        /*
         * 15 significant digits give the shortest text whenever one of at most 15
         * digits exists (%g drops trailing zeros); else 16, else 17 always read back.
         */
        for (int prec = 15; prec <= 17; prec++) {
            n = bn_snprintf_c(buf, BN_NUMBER_TEXT_MAX, "%.*g", prec, x);
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

static void put_text(FILE *f, const char *s, size_t n, char sep)
{
    if (!needs_quotes(s, n, sep)) {
        fwrite(s, 1, n, f);
        return;
    }
    putc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', f);
        putc(s[i], f);
    }
    putc('"', f);
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
    for (size_t c = 0; c < ncol; c++) {
        if (c)
            putc(sep, f);
        put_text(f, names[c], strlen(names[c]), sep);
    }
    putc('\n', f);
    char num[BN_NUMBER_TEXT_MAX];
    for (size_t r = 0; r < nrow; r++) {
        for (size_t c = 0; c < ncol; c++) {
            const bn_csv_outcol *col = &cols[c];
            if (c)
                putc(sep, f);
            if (col->missing[r])
                continue;
            switch (col->type) {
            case BN_COL_STRING:
                put_text(f, col->pool + col->offset[r], col->offset[r + 1] - col->offset[r], sep);
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
        putc('\n', f);
    }
    return bn_atomic_commit(&out, err);
}
