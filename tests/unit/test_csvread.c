/* Unit tests for the CSV reader, number parsing and UTF-8 validation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"
#include "csvwrite.h"
#include "numfmt.h"
#include "utf8.h"

static bn_csv_table *read_text(const char *text, const bn_csv_options *opt, bn_error *err)
{
    bn_csv_table *t = NULL;
    bn_error_clear(err);
    if (bn_csv_read_text(text, strlen(text), "t.csv", opt, &t, err) != BN_OK)
        return NULL;
    return t;
}

static int str_is(const bn_csv_column *c, size_t i, const char *want)
{
    size_t len = c->offset[i + 1] - c->offset[i];
    return !c->missing[i] && len == strlen(want) && memcmp(c->pool + c->offset[i], want, len) == 0;
}

TEST(parse_numbers)
{
    double x;
    int is_int;
    CHECK(bn_parse_number("42", 2, 0, &x, &is_int) && x == 42 && is_int);
    CHECK(bn_parse_number(" -1.5e3 ", 8, 0, &x, &is_int) && x == -1500 && !is_int);
    CHECK(bn_parse_number("3.14e+23", 8, 0, &x, &is_int) && x == 3.14e23);
    CHECK(bn_parse_number("0.1", 3, 0, &x, &is_int) && x == 0.1);
    CHECK(bn_parse_number(".5", 2, 0, &x, &is_int) && x == 0.5);
    CHECK(bn_parse_number("1.920000000001e+21", 18, 0, &x, &is_int) &&
          x == strtod("1.920000000001e+21", NULL));
    CHECK(bn_parse_number("12345678901234567890123", 23, 0, &x, &is_int) &&
          x == 12345678901234567890123.0 && !is_int);
    CHECK(bn_parse_number("1e300", 5, 0, &x, &is_int) && x == 1e300);
    CHECK(bn_parse_number("4.9e-324", 8, 0, &x, &is_int) && x == 4.9e-324);
    CHECK(bn_parse_number("-Inf", 4, 0, &x, &is_int) && isinf(x) && x < 0);
    CHECK(bn_parse_number("1,200,000", 9, ',', &x, &is_int) && x == 1200000 && is_int);
    CHECK(!bn_parse_number("1,200", 5, 0, &x, &is_int));
    CHECK(!bn_parse_number("1,,2", 4, ',', &x, &is_int));
    CHECK(!bn_parse_number("", 0, 0, &x, &is_int));
    CHECK(!bn_parse_number("-", 1, 0, &x, &is_int));
    CHECK(!bn_parse_number(".", 1, 0, &x, &is_int));
    CHECK(!bn_parse_number("1e", 2, 0, &x, &is_int));
    CHECK(!bn_parse_number("0x10", 4, 0, &x, &is_int));
    CHECK(!bn_parse_number("12abc", 5, 0, &x, &is_int));
    CHECK(!bn_parse_number("$4", 2, 0, &x, &is_int));
}

TEST(parse_numbers_match_strtod)
{
    /* the fast path must agree with a correctly rounded conversion */
    char buf[64];
    unsigned seed = 12345;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned a = seed % 100000000u;
        seed = seed * 1103515245u + 12345u;
        int e = (int)(seed % 40) - 20;
        snprintf(buf, sizeof buf, "%u.%03ue%d", a, seed % 1000, e);
        double x;
        int is_int;
        CHECK(bn_parse_number(buf, strlen(buf), 0, &x, &is_int));
        CHECK(x == strtod(buf, NULL));
    }
}

TEST(utf8_validation)
{
    CHECK(bn_utf8_valid_prefix("plain ascii text, long enough", 29) == 29);
    CHECK(bn_utf8_valid_prefix("caf\xC3\xA9", 5) == 5);
    CHECK(bn_utf8_valid_prefix("ab\xC3", 3) == 2);         /* truncated */
    CHECK(bn_utf8_valid_prefix("ab\xC0\xAF", 4) == 2);     /* overlong */
    CHECK(bn_utf8_valid_prefix("\xED\xA0\x80", 3) == 0);   /* surrogate */
    CHECK(bn_utf8_valid_prefix("\xF4\x90\x80\x80", 4) == 0); /* above U+10FFFF */
    CHECK(bn_utf8_valid_prefix("\xF0\x9F\x98\x80!", 5) == 5);
    char out[16];
    size_t n = bn_utf8_repair("a\xFF" "b", 3, out);
    CHECK(n == 5 && memcmp(out, "a\xEF\xBF\xBD" "b", 5) == 0);
}

TEST(infers_types)
{
    bn_error err;
    bn_csv_table *t = read_text("i,x,s,b,e\n1,1.5,a,true,\n2,NA,\"b,\"\"c\"\"\",FALSE,NA\n", NULL,
                                &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrow == 2 && t->ncol == 5);
    CHECK(t->cols[0].type == BN_COL_INTEGER && t->cols[0].num[1] == 2);
    CHECK(t->cols[1].type == BN_COL_NUMBER && t->cols[1].missing[1] && !t->cols[1].missing[0]);
    CHECK(t->cols[2].type == BN_COL_STRING && str_is(&t->cols[2], 1, "b,\"c\""));
    CHECK(t->cols[3].type == BN_COL_BOOLEAN && t->cols[3].num[0] == 1 && t->cols[3].num[1] == 0);
    CHECK(t->cols[4].type == BN_COL_NUMBER && t->cols[4].missing[0] && t->cols[4].missing[1]);
    bn_csv_table_free(t);
}

TEST(demoted_column_keeps_original_text)
{
    bn_error err;
    /* numbers first, then text: a second pass recovers "1.50" exactly */
    bn_csv_table *t = read_text("v\n1.50\n2e3\nabc\n", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->cols[0].type == BN_COL_STRING);
    CHECK(str_is(&t->cols[0], 0, "1.50") && str_is(&t->cols[0], 1, "2e3") &&
          str_is(&t->cols[0], 2, "abc"));
    bn_csv_table_free(t);
}

TEST(quoted_newlines_crlf_bom)
{
    bn_error err;
    bn_csv_table *t = read_text("\xEF\xBB\xBFname,n\r\n\"two\r\nlines\",3\r\n\r\n\r\n", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(strcmp(t->cols[0].name, "name") == 0);
    CHECK(t->nrow == 1 && str_is(&t->cols[0], 0, "two\r\nlines") && t->cols[1].num[0] == 3);
    bn_csv_table_free(t);
}

TEST(errors_name_the_line)
{
    bn_error err;
    CHECK(read_text("a,b\n1,2\n3\n", NULL, &err) == NULL);
    CHECK_STR(err.msg, "t.csv:3: expected 2 fields, got 1 (ragged = \"pad\" fills short rows)");
    CHECK(read_text("a,b\n1,2\n3,\"open\nstill\n", NULL, &err) == NULL);
    CHECK_STR(err.msg, "t.csv:3: unterminated quoted field (the input ends at line 4)");
    CHECK(read_text("", NULL, &err) == NULL);
    CHECK_STR(err.msg, "t.csv: empty file: expected a header line");
    CHECK(read_text("a,b,a\n", NULL, &err) == NULL);
    CHECK_STR(err.msg,
              "t.csv:1: duplicate column name 'a' (columns 1 and 3; dedupe = true renames)");
    CHECK(read_text("a\nok\n\xFF\n", NULL, &err) == NULL);
    CHECK_STR(err.msg,
              "t.csv:3:1: invalid UTF-8 at byte offset 5 (utf8 = \"replace\" substitutes U+FFFD)");
}

TEST(options)
{
    bn_error err;
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    const char *sel[] = {"c", "a"};
    const char *tn[] = {"a"};
    enum bn_coltype tv[] = {BN_COL_STRING};
    opt.select = sel;
    opt.nselect = 2;
    opt.type_names = tn;
    opt.type_values = tv;
    opt.ntypes = 1;
    opt.sep = ';';
    opt.comment = "#";
    opt.skip = 1;
    bn_csv_table *t = read_text("junk line\na;b;c\n# a comment\n007;x;1\n", &opt, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->ncol == 2 && strcmp(t->cols[0].name, "c") == 0 && strcmp(t->cols[1].name, "a") == 0);
    CHECK(t->cols[1].type == BN_COL_STRING && str_is(&t->cols[1], 0, "007"));
    CHECK(t->cols[0].type == BN_COL_INTEGER && t->cols[0].num[0] == 1);
    bn_csv_table_free(t);

    bn_csv_options_init(&opt);
    opt.max_line = 100;
    char big[400];
    memset(big, 'x', sizeof big);
    memcpy(big, "a\n", 2);
    big[sizeof big - 1] = '\0';
    CHECK(read_text(big, &opt, &err) == NULL);
    CHECK_STR(err.msg, "t.csv:2: line longer than 100 bytes (max_line)");
}

TEST(formats_numbers_shortest)
{
    char buf[BN_NUMFMT_MAX];
    bn_format_number(0.1, 1, buf);
    CHECK_STR(buf, "0.1");
    bn_format_number(3, 1, buf);
    CHECK_STR(buf, "3.0");
    bn_format_number(3, 0, buf);
    CHECK_STR(buf, "3");
    bn_format_number(1.0 / 3.0, 1, buf);
    CHECK_STR(buf, "0.3333333333333333");
    bn_format_number(3.14e23, 1, buf);
    CHECK_STR(buf, "3.14e+23");
    bn_format_number(1e300, 0, buf);
    CHECK_STR(buf, "1e+300");
    bn_format_number(-0.0, 1, buf);
    CHECK_STR(buf, "-0.0");
    bn_format_number(NAN, 1, buf);
    CHECK_STR(buf, "NaN");
    unsigned seed = 7;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (double)seed / 3.0 * pow(10.0, (int)(seed % 61) - 30);
        bn_format_number(x, 1, buf);
        CHECK(strtod(buf, NULL) == x);
    }
}

TEST(writes_and_reads_back)
{
    const char *names[] = {"s", "n"};
    double num[] = {1.5, 0};
    unsigned char miss_s[] = {0, 1}, miss_n[] = {0, 1};
    const char pool[] = "a,\"b\"";
    size_t offset[] = {0, 5, 5};
    bn_csv_outcol cols[2] = {
        {BN_COL_STRING, NULL, miss_s, pool, offset},
        {BN_COL_NUMBER, num, miss_n, NULL, NULL},
    };
    bn_error err;
    char path[] = "/tmp/burden-csvwrite-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK(bn_csv_write(path, names, cols, 2, 2, ',', &err) == BN_OK);
    FILE *f = fopen(path, "rb");
    char text[64] = "";
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    remove(path);
    CHECK_STR(text, "s,n\r\n\"a,\"\"b\"\"\",1.5\r\n,\r\n"); /* CRLF, as RFC 4180 says */
    CHECK(bn_csv_write("/no/such/dir/x.csv", names, cols, 2, 2, ',', &err) == BN_EIO);
    CHECK_STR(err.msg, "cannot write /no/such/dir/x.csv: No such file or directory");
}

int main(void)
{
    RUN(parse_numbers);
    RUN(parse_numbers_match_strtod);
    RUN(utf8_validation);
    RUN(infers_types);
    RUN(demoted_column_keeps_original_text);
    RUN(quoted_newlines_crlf_bom);
    RUN(errors_name_the_line);
    RUN(options);
    RUN(formats_numbers_shortest);
    RUN(writes_and_reads_back);
    return DONE();
}
