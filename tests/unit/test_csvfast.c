/*
 * engine/core/csvread: the in-place number path of plain lines (fast_plain_line) reads
 * exactly what the general path reads, with the same errors at the same line and column,
 * and a file's columns are sized once from its size.
 *
 * The general path is forced by a thousands separator no cell contains ('_'): with it,
 * every cell goes through bn_parse_number as before the fast path existed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"

static bn_csv_table *read_text(const char *text, int general, const char *const *na, size_t nna,
                               bn_error *err)
{
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    if (general)
        opt.thousands = '_';
    opt.na = na;
    opt.nna = nna;
    bn_csv_table *t = NULL;
    bn_error_clear(err);
    if (bn_csv_read_text(text, strlen(text), "t.csv", &opt, &t, err) != BN_OK)
        return NULL;
    return t;
}

/* The same columns, bit for bit. */
static int same_tables(const bn_csv_table *a, const bn_csv_table *b)
{
    int ok = 1;
    if (a->nrow != b->nrow || a->ncol != b->ncol) {
        ok = 0;
    } else {
        for (size_t c = 0; c < a->ncol && ok; c++) {
            bn_csv_column *x = &a->cols[c], *y = &b->cols[c];
            ok = x->type == y->type && strcmp(x->name, y->name) == 0;
            for (size_t i = 0; i < a->nrow && ok; i++) {
                ok = x->missing[i] == y->missing[i];
                if (ok && x->num)
                    ok = memcmp(&x->num[i], &y->num[i], sizeof(double)) == 0;
                if (ok && x->offset)
                    ok = x->offset[i + 1] - x->offset[i] == y->offset[i + 1] - y->offset[i] &&
                         memcmp(x->pool + x->offset[i], y->pool + y->offset[i],
                                x->offset[i + 1] - x->offset[i]) == 0;
            }
            if (!ok)
                fprintf(stderr, "  column %zu differs\n", c + 1);
        }
    }
    return ok;
}

/* Both paths: the same table (bit for bit) or the same message. */
static int same_both_ways(const char *text, const char *const *na, size_t nna)
{
    bn_error e1, e2;
    bn_csv_table *a = read_text(text, 0, na, nna, &e1), *b = read_text(text, 1, na, nna, &e2);
    int ok = 1;
    if (!a || !b) {
        ok = !a && !b && strcmp(e1.msg, e2.msg) == 0;
        if (!ok)
            fprintf(stderr, "  fast: %s\n  general: %s\n", a ? "ok" : e1.msg, b ? "ok" : e2.msg);
    } else {
        ok = same_tables(a, b);
    }
    bn_csv_table_free(a);
    bn_csv_table_free(b);
    return ok;
}

TEST(plain_numbers_read_the_same_both_ways)
{
    CHECK(same_both_ways("a,b,c\n1,2.5,-3\n4,5e3,+6\n-0,.5,7.\n", NULL, 0));
    /* CRLF, and CRs at the edges of fields */
    CHECK(same_both_ways("a,b\r\n1,2\r\n3.25,4\r\n5,6\r\r\n\r\n7,8\n", NULL, 0));
    /* integers that turn into numbers, numbers that meet text (a second pass) */
    CHECK(same_both_ways("a,b\n1,1\n2,2\n3.5,x\n4,4\n", NULL, 0));
    /* spaces around a number, missing values, inf and nan, empty cells */
    CHECK(same_both_ways("a,b,c\n1, 2,3 \n4,NA,\n5,Inf,nan\n6,-inf,NaN\n", NULL, 0));
    /* a number then text in the same cell; digits followed by a letter */
    CHECK(same_both_ways("a,b\n1,2\n3,4abc\n5,1e\n6,1e+\n", NULL, 0));
    /* long numbers, more than 19 digits, underflow, the largest double */
    CHECK(same_both_ways("a,b\n1,2\n12345678901234567890123,1e-400\n1.7976931348623157e308,"
                         "0.000000000000000000000012345678901234567890\n",
                         NULL, 0));
    /* too few and too many fields, a blank line, a quoted record among plain ones */
    CHECK(same_both_ways("a,b\n1,2\n3\n", NULL, 0));
    CHECK(same_both_ways("a,b\n1,2\n3,4,5\n", NULL, 0));
    CHECK(same_both_ways("a,b\n1,2\n\n\"3\",4\n5,6\n", NULL, 0));
    /* a number-like missing-value token turns the fast path off, and is still missing */
    static const char *const na[] = {"-999", "NA"};
    CHECK(same_both_ways("a,b\n1,2\n-999,4\n5,-999\n", na, 2));
    /* booleans first, then numbers: text */
    CHECK(same_both_ways("a,b\ntrue,1\n1,2\n0.5,3\n", NULL, 0));
}

TEST(errors_name_the_same_line_and_column_both_ways)
{
    bn_error e1, e2;
    const char *text = "a,b,c\n1,2,3\n4,5,1e999\n";
    CHECK(read_text(text, 0, NULL, 0, &e1) == NULL);
    CHECK(read_text(text, 1, NULL, 0, &e2) == NULL);
    CHECK_STR(e1.msg, "t.csv:3:3: column 'c': '1e999' is too large for a number (beyond 1.8e308; "
                      "write Inf for an infinite value)");
    CHECK_STR(e1.msg, e2.msg);
    text = "a,b\n1,2\n3,4,5\n";
    CHECK(read_text(text, 0, NULL, 0, &e1) == NULL);
    CHECK_STR(e1.msg, "t.csv:3: expected 2 fields, got 3");
    /* a forced integer column meets a fraction */
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    const char *names[] = {"b"};
    enum bn_coltype types[] = {BN_COL_INTEGER};
    opt.type_names = names;
    opt.type_values = types;
    opt.ntypes = 1;
    bn_csv_table *t = NULL;
    text = "a,b\n1,2\n3,4.5\n";
    CHECK(bn_csv_read_text(text, strlen(text), "t.csv", &opt, &t, &e1) != BN_OK);
    CHECK_STR(e1.msg, "t.csv:3:2: column 'b': cannot read '4.5' as an integer");
    CHECK(same_both_ways("a,b,c\n1,2,3\n4,5,6\n7,8,9e400\n", NULL, 0));
}

TEST(random_numeric_files_read_the_same_both_ways)
{
    unsigned seed = 7;
    size_t cap = 1 << 16;
    char *text = malloc(cap);
    for (int file = 0; file < 50; file++) {
        size_t k = (size_t)snprintf(text, cap, "x,y,z\n");
        for (int row = 0; row < 200 && k + 200 < cap; row++) {
            for (int c = 0; c < 3; c++) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = seed >> 8;
                double v = ((double)(r % 2000001) - 1000000.0) / pow(10, (double)(r % 9));
                const char *fmt = (r >> 20) % 4 == 0 ? "%.17g" : (r >> 20) % 4 == 1 ? "%.6f"
                                                        : (r >> 20) % 4 == 2 ? "%.3e" : "%g";
                k += (size_t)snprintf(text + k, cap - k, fmt, v);
                text[k++] = c < 2 ? ',' : '\n';
            }
        }
        text[k] = '\0';
        CHECK(same_both_ways(text, NULL, 0));
    }
    free(text);
}

/* Appends one random data line of three fields (x, y numbers, z mostly numbers) to text. */
static size_t random_line(char *text, size_t k, size_t cap, unsigned *seed, int odd_lines)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned r = *seed >> 8;
    if (odd_lines && r % 97 == 0) /* a quoted field, a quoted newline, non-ASCII text */
        return k + (size_t)snprintf(text + k, cap - k, "%s",
                                    (r >> 7) % 3 == 0   ? "\"1.5\",2,3\n"
                                    : (r >> 7) % 3 == 1 ? "4,\"5\n\",6\n"
                                                        : "7,8,caf\xC3\xA9\n");
    if (odd_lines && r % 89 == 0) /* a blank line, CRs only, a line starting with a CR */
        return k + (size_t)snprintf(text + k, cap - k, "%s",
                                    (r >> 7) % 3 == 0   ? "\n"
                                    : (r >> 7) % 3 == 1 ? "\r\r\n"
                                                        : "\r9,10,11\n");
    for (int c = 0; c < 3; c++) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned q = *seed >> 8;
        double v = ((double)(q % 2000001) - 1000000.0) / pow(10, (double)(q % 9));
        const char *fmt = (q >> 20) % 5 == 0   ? "%.17g"
                          : (q >> 20) % 5 == 1 ? "%.6f"
                          : (q >> 20) % 5 == 2 ? "%.3e"
                          : (q >> 20) % 5 == 3 ? "%+.2f"
                                               : "%g";
        k += (size_t)snprintf(text + k, cap - k, fmt, v);
        if (c == 2 && (q >> 12) % 50 == 0)
            text[k++] = '\r'; /* CRLF */
        text[k++] = c < 2 ? ',' : '\n';
    }
    return k;
}

TEST(blocks_of_lines_read_the_same_both_ways)
{
    /* several 16 KiB blocks, with the lines the block path must leave to the general one */
    unsigned seed = 11;
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    for (int file = 0; file < 12; file++) {
        size_t k = (size_t)snprintf(text, cap, "x,y,z\n");
        for (int row = 0; row < 3000; row++)
            k = random_line(text, k, cap, &seed, file % 3 != 0);
        if (file % 2)
            k--; /* no LF after the last line */
        text[k] = '\0';
        CHECK(same_both_ways(text, NULL, 0));
    }
    free(text);
}

TEST(blocks_take_every_plain_line_and_no_other)
{
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    size_t k = (size_t)snprintf(text, cap, "x,y\n");
    for (int i = 0; i < 4000; i++) /* about 15 bytes a line: four blocks */
        k += (size_t)snprintf(text + k, cap - k, i == 1500   ? "\"%d\",%.3f\n"
                                                 : i == 2500 ? "%d,%.3f\xC2\xB5\n"
                                                             : "%d,%.3f\n",
                              i, i * 0.125);
    bn_csv_table *t = NULL;
    bn_error err;
    CHECK(bn_csv_read_text(text, k, "t.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK(t->nrow == 4000);
        CHECK(t->block_lines == 3998); /* not the quoted line, not the one with a micro sign */
        CHECK(t->cols[0].type == BN_COL_INTEGER && t->cols[0].num[3999] == 3999);
        CHECK(t->cols[1].type == BN_COL_STRING);
    }
    bn_csv_table_free(t);
    free(text);
}

TEST(errors_deep_in_a_block_name_the_same_line_and_column)
{
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    static const char *const bad[] = {"1e999", "-1e400,2", "", "1,,2\n3"};
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        size_t k = (size_t)snprintf(text, cap, "x,y\n");
        for (int i = 1; i < 3000; i++)
            k += (size_t)snprintf(text + k, cap - k, "%d,%s\n", i,
                                  i == 2345 ? bad[b] : "0.5");
        text[k] = '\0';
        CHECK(same_both_ways(text, NULL, 0));
    }
    bn_error err;
    size_t k = (size_t)snprintf(text, cap, "x,y\n");
    for (int i = 1; i < 3000; i++)
        k += (size_t)snprintf(text + k, cap - k, "%d,%s\n", i, i == 2345 ? "1e999" : "0.5");
    CHECK(read_text(text, 0, NULL, 0, &err) == NULL);
    CHECK_STR(err.msg, "t.csv:2346:2: column 'y': '1e999' is too large for a number (beyond "
                       "1.8e308; write Inf for an infinite value)");
    free(text);
}

/* A file read through its 1 MiB buffer, both ways: lines that straddle the refills. */
TEST(a_file_larger_than_the_read_buffer_reads_the_same_both_ways)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/burden-csvblock-%ld.csv", dir, (long)getpid());
    size_t cap = 4 << 20;
    char *text = malloc(cap);
    unsigned seed = 5;
    size_t k = (size_t)snprintf(text, cap, "x,y,z\n");
    while (k < (3 << 20))
        k = random_line(text, k, cap, &seed, 1);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) {
        free(text);
        return;
    }
    fwrite(text, 1, k, f);
    fclose(f);
    bn_csv_table *a = NULL, *b = NULL;
    bn_error e1, e2;
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    CHECK(bn_csv_read_file(path, &opt, &a, &e1) == BN_OK);
    opt.thousands = '_';
    CHECK(bn_csv_read_file(path, &opt, &b, &e2) == BN_OK);
    if (a && b) {
        CHECK(a->nrow == b->nrow && a->nrow > 40000);
        CHECK(a->block_lines > a->nrow * 9 / 10 && b->block_lines == 0);
        CHECK(same_tables(a, b));
        CHECK(a->cols[0].type == BN_COL_NUMBER && a->cols[2].type == BN_COL_STRING);
    }
    bn_csv_table_free(a);
    bn_csv_table_free(b);
    free(text);
    remove(path);
}

TEST(large_columns_start_on_a_huge_page)
{
    /* 200,000 rows of 8 bytes: past a mebibyte, so a 2 MiB boundary (see resize_column) */
    size_t cap = 2 << 20;
    char *text = malloc(cap);
    size_t k = (size_t)snprintf(text, cap, "x\n");
    for (int i = 0; i < 200000; i++)
        k += (size_t)snprintf(text + k, cap - k, "%d.5\n", i % 1000);
    bn_csv_table *t = NULL;
    bn_error err;
    CHECK(bn_csv_read_text(text, k, "t.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK(t->nrow == 200000 && t->cols[0].num[199999] == 999.5);
        CHECK(((uintptr_t)t->cols[0].num & ((2u << 20) - 1)) == 0);
    }
    bn_csv_table_free(t);
    free(text);
}

TEST(a_file_is_sized_once_from_its_size)
{
    /* 1,100 rows: doubling from 16 would end at 2,048 rows of room; the estimate from the
     * first rows and the file size gives about an eighth more than needed */
    /* one file per process: make test and make asan may run at once */
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/burden-csvfast-%ld.csv", dir, (long)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "a,b\n");
    for (int i = 0; i < 1100; i++)
        fprintf(f, "%04d,%010.4f\n", i, i * 0.25); /* rows of one length */
    fclose(f);
    bn_csv_table *t = NULL;
    bn_error err;
    CHECK(bn_csv_read_file(path, NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK(t->nrow == 1100);
        CHECK(t->cap >= 1100 && t->cap <= 1100 * 5 / 4 + 64);
        CHECK(t->cols[1].num[1099] == 1099 * 0.25);
    }
    bn_csv_table_free(t);
    remove(path);
}

int main(void)
{
    RUN(plain_numbers_read_the_same_both_ways);
    RUN(errors_name_the_same_line_and_column_both_ways);
    RUN(random_numeric_files_read_the_same_both_ways);
    RUN(blocks_of_lines_read_the_same_both_ways);
    RUN(blocks_take_every_plain_line_and_no_other);
    RUN(errors_deep_in_a_block_name_the_same_line_and_column);
    RUN(a_file_larger_than_the_read_buffer_reads_the_same_both_ways);
    RUN(large_columns_start_on_a_huge_page);
    RUN(a_file_is_sized_once_from_its_size);
    return DONE();
}
