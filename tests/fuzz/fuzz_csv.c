/* libFuzzer harness: the CSV reader (engine/core/csvread) on arbitrary text.
 * The first byte picks the options (separator, header, thousands separator,
 * ragged rows, dedupe, UTF-8 replacement, forced types), the rest is the text.
 * Every resulting column is walked so a wrong length or offset is a read ASan
 * can see, and the table (or the message) must equal the general path's. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/*
 * The fast paths (plain lines, blocks of lines, numbers scanned in place) against the
 * general one, which a thousands separator no cell holds ('_') forces: the same table
 * bit for bit, or the same message. Aborts on a difference.
 */
static void same_as_general(const char *text, size_t len, const bn_csv_options *opt,
                            const bn_csv_table *a, const bn_error *ea)
{
    if (opt->thousands || memchr(text, '_', len))
        return;
    bn_csv_options g = *opt;
    g.thousands = '_';
    bn_csv_table *b = NULL;
    bn_error eb;
    bn_error_clear(&eb);
    int ok = bn_csv_read_text(text, len, "(fuzz)", &g, &b, &eb) == BN_OK;
    if (!a || !ok) {
        if (a || ok || strcmp(ea->msg, eb.msg) != 0)
            abort();
    } else {
        if (a->nrow != b->nrow || a->ncol != b->ncol)
            abort();
        for (size_t c = 0; c < a->ncol; c++) {
            const bn_csv_column *x = &a->cols[c], *y = &b->cols[c];
            if (x->type != y->type || strcmp(x->name, y->name) != 0 ||
                (a->nrow && memcmp(x->missing, y->missing, a->nrow) != 0))
                abort();
            if (x->type == BN_COL_STRING) {
                if (memcmp(x->offset, y->offset, (a->nrow + 1) * sizeof *x->offset) != 0 ||
                    (x->offset[a->nrow] && memcmp(x->pool, y->pool, x->offset[a->nrow]) != 0))
                    abort();
            } else if (a->nrow && memcmp(x->num, y->num, a->nrow * sizeof *x->num) != 0) {
                abort();
            }
        }
    }
    bn_csv_table_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t o = data[0];
    static const char seps[4] = {',', ';', '\t', '|'};
    static const char *const type_names[2] = {"a", "b"};
    static const enum bn_coltype types[2] = {BN_COL_NUMBER, BN_COL_STRING};
    static const char *const na[2] = {"", "NA"};
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    opt.sep = seps[o & 3];
    opt.header = !(o & 4);
    opt.thousands = (o & 8) ? ',' : 0;
    opt.ragged_pad = (o & 16) != 0;
    opt.dedupe = (o & 32) != 0;
    opt.utf8_replace = (o & 64) != 0;
    if (o & 128) {
        opt.type_names = type_names;
        opt.type_values = types;
        opt.ntypes = 2;
        opt.na = na;
        opt.nna = 2;
        opt.comment = "#";
        opt.max_line = 64;
    }
    bn_csv_table *t = NULL;
    bn_error err;
    bn_error_clear(&err);
    int ok = bn_csv_read_text((const char *)data + 1, size - 1, "(fuzz)", &opt, &t, &err) == BN_OK;
    same_as_general((const char *)data + 1, size - 1, &opt, ok ? t : NULL, &err);
    if (ok) {
        volatile size_t sink = 0;
        for (size_t c = 0; c < t->ncol; c++) {
            const bn_csv_column *col = &t->cols[c];
            for (const char *p = col->name; p && *p; p++)
                sink += (unsigned char)*p;
            for (size_t i = 0; i < t->nrow; i++) {
                sink += col->missing[i];
                if (col->type == BN_COL_STRING)
                    for (size_t k = col->offset[i]; k < col->offset[i + 1]; k++)
                        sink += (unsigned char)col->pool[k];
                else
                    sink += col->num[i] > 0;
            }
        }
        (void)sink;
    }
    bn_csv_table_free(t);
    return 0;
}
