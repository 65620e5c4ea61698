/*
 * Unit tests for reading and writing files: the locale, max_line on files,
 * wide headers, directories and FIFOs, strict numbers, and atomic writes.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check.h"
#include "csvread.h"
#include "csvwrite.h"
#include "numfmt.h"
#include "units.h"

static char dir[] = "/tmp/burden-csvfile-XXXXXX";

static void put_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
}

static char *get_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static enum bn_status read_str(const char *text, const char *name, const bn_csv_options *opt,
                               bn_csv_table **t, bn_error *err)
{
    bn_error_clear(err);
    *t = NULL;
    return bn_csv_read_text(text, strlen(text), name, opt, t, err);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Sets a locale whose decimal point is a comma, generating one under dir when none is installed. */
static int comma_locale(void)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                        "fr_FR.utf8",  "nl_NL.UTF-8", "de_DE"};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (setlocale(LC_ALL, names[i]) && strcmp(localeconv()->decimal_point, ",") == 0)
                return 1;
        if (pass == 0) {
            char cmd[256];
            snprintf(cmd, sizeof cmd,
                     "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
            if (system(cmd) != 0)
                return 0;
            setenv("LOCPATH", dir, 1);
        }
    }
    return 0;
}

TEST(numbers_ignore_a_decimal_comma_locale)
{
    if (!comma_locale()) {
        printf("SKIP numbers_ignore_a_decimal_comma_locale: no locale with a decimal comma "
               "(install locales or de_DE)\n");
        return;
    }
    double x;
    int is_int;
    /* more than 19 digits and big exponents take the strtod path */
    CHECK(bn_parse_number("12345678901234567890.5", 22, 0, &x, &is_int) == BN_NUM_OK &&
          x == 12345678901234567890.5);
    CHECK(bn_parse_number("1.5e300", 7, 0, &x, &is_int) == BN_NUM_OK && x == 1.5e300);
    bn_quantity q;
    bn_error err;
    bn_error_clear(&err);
    CHECK(bn_units_parse("3.5 days", 8, &q, &err) == BN_OK && q.value == 302400);
    CHECK(bn_units_parse("1.5e3 s", 7, &q, &err) == BN_OK && q.value == 1500);
    char buf[BN_NUMFMT_MAX];
    bn_format_number(0.1, 1, buf);
    CHECK_STR(buf, "0.1");
    bn_format_number(1.0 / 3.0, 1, buf);
    CHECK_STR(buf, "0.3333333333333333");
    char sh[BN_NUMFMT_MAX];
    bn_format_number(2.5, 0, sh);
    CHECK_STR(sh, "2.5");
    bn_error_clear(&err);
    bn_csv_table *t = NULL;
    CHECK(read_str("x\n1.25\n1e-310\n", "t.csv", NULL, &t, &err) == BN_OK);
    CHECK(t && t->cols[0].num[0] == 1.25 && t->cols[0].num[1] == 1e-310);
    bn_csv_table_free(t);
    setlocale(LC_ALL, "C");
}

TEST(max_line_holds_for_files_as_for_text)
{
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    opt.max_line = 100;
    char text[300];
    memset(text, 'x', sizeof text);
    memcpy(text, "a\n", 2);
    memcpy(text + 200, "\nshort\n", 7); /* line 2 is 198 bytes, then short lines */
    size_t n = 207;
    char path[256];
    snprintf(path, sizeof path, "%s/long.csv", dir);
    put_file(path, text, n);
    bn_error err;
    bn_csv_table *t = NULL;
    bn_error_clear(&err);
    CHECK(bn_csv_read_text(text, n, path, &opt, &t, &err) == BN_EINVAL);
    char want[300];
    snprintf(want, sizeof want, "%s:2: line longer than 100 bytes (max_line)", path);
    CHECK_STR(err.msg, want);
    bn_error_clear(&err);
    CHECK(bn_csv_read_file(path, &opt, &t, &err) == BN_EINVAL);
    CHECK_STR(err.msg, want);
    /* exactly max_line bytes before the newline is allowed on both paths */
    opt.max_line = 198;
    CHECK(bn_csv_read_text(text, n, path, &opt, &t, &err) == BN_OK);
    bn_csv_table_free(t);
    t = NULL;
    CHECK(bn_csv_read_file(path, &opt, &t, &err) == BN_OK);
    bn_csv_table_free(t);
    remove(path);
}

TEST(a_hundred_thousand_columns_in_linear_work)
{
    enum { NC = 100000 };
    size_t cap = (size_t)NC * 16 + 64;
    char *text = malloc(cap);
    CHECK(text != NULL);
    if (!text)
        return;
    size_t k = 0;
    for (int c = 0; c < NC; c++)
        k += (size_t)snprintf(text + k, cap - k, "%sc%d", c ? "," : "", c);
    text[k++] = '\n';
    for (int c = 0; c < NC; c++)
        k += (size_t)snprintf(text + k, cap - k, "%s%d", c ? "," : "", c % 7);
    text[k++] = '\n';
    bn_error err;
    bn_error_clear(&err);
    bn_csv_table *t = NULL;
    CHECK(bn_csv_read_text(text, k, "wide.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK(t->ncol == NC && t->nrow == 1);
        CHECK(strcmp(t->cols[NC - 1].name, "c99999") == 0 && t->cols[NC - 1].num[0] == 99999 % 7);
        /* a hash: a few comparisons per name, where pairwise checks make 5e9 */
        CHECK(t->name_compares < (size_t)4 * NC);
        /* rows are allocated a few at a time, not a kilobyte per column */
        CHECK(t->cap <= 16);
        bn_csv_table_free(t);
    }
    /* the last name repeats the sixth: found, and reported with both positions */
    size_t hdr_end = (size_t)(strchr(text, '\n') - text);
    char *dup = malloc(hdr_end + 8);
    if (dup) {
        memcpy(dup, text, hdr_end);
        memcpy(dup + hdr_end, ",c5\n", 4);
        CHECK(bn_csv_read_text(dup, hdr_end + 4, "wide.csv", NULL, &t, &err) == BN_EINVAL);
        CHECK_STR(err.msg, "wide.csv:1: duplicate column name 'c5' (columns 6 and 100001; "
                           "dedupe = true renames)");
        free(dup);
    }
    free(text);
    /* a wide string column keeps a small text pool per column */
    bn_error_clear(&err);
    CHECK(read_str("a,b\nx,y\n", "t.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK(t->cols[0].type == BN_COL_STRING && t->cols[0].pool_cap <= 64);
        bn_csv_table_free(t);
    }
}

TEST(empty_names_do_not_take_written_ones)
{
    bn_error err;
    bn_error_clear(&err);
    bn_csv_table *t = NULL;
    CHECK(read_str(",V1\n1,2\n", "t.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK_STR(t->cols[0].name, "V1_2");
        CHECK_STR(t->cols[1].name, "V1");
        CHECK(t->cols[1].num[0] == 2);
        bn_csv_table_free(t);
    }
    CHECK(read_str("x,,V2,\n1,2,3,4\n", "t.csv", NULL, &t, &err) == BN_OK);
    if (t) {
        CHECK_STR(t->cols[1].name, "V2_2");
        CHECK_STR(t->cols[3].name, "V4");
        bn_csv_table_free(t);
    }
}

TEST(directories_and_fifos)
{
    bn_error err;
    bn_error_clear(&err);
    bn_csv_table *t = NULL;
    CHECK(bn_csv_read_file(dir, NULL, &t, &err) == BN_EIO);
    char want[300];
    snprintf(want, sizeof want, "cannot read %s: it is a directory", dir);
    CHECK_STR(err.msg, want);

    /* a FIFO: read once, so a column demoted to text in the middle keeps every value */
    char path[256];
    snprintf(path, sizeof path, "%s/fifo", dir);
    CHECK(mkfifo(path, 0600) == 0);
    pid_t child = fork();
    if (child == 0) {
        FILE *f = fopen(path, "wb");
        if (f) {
            fputs("x,y\n1,a\n2,b\nthree,c\n4,d\n", f);
            fclose(f);
        }
        _exit(0);
    }
    CHECK(bn_csv_read_file(path, NULL, &t, &err) == BN_OK);
    waitpid(child, NULL, 0);
    if (t) {
        CHECK(t->nrow == 4 && t->cols[0].type == BN_COL_STRING);
        CHECK(t->cols[0].offset[4] - t->cols[0].offset[3] == 1 &&
              t->cols[0].pool[t->cols[0].offset[3]] == '4');
        CHECK(memcmp(t->cols[0].pool, "12three4", 8) == 0);
        bn_csv_table_free(t);
    } else {
        printf("  %s\n", err.msg);
    }
    remove(path);
}

TEST(numbers_are_strict)
{
    double x;
    int is_int;
    CHECK(bn_parse_number("1,2,3", 5, ',', &x, &is_int) == BN_NUM_BAD_GROUPING);
    CHECK(bn_parse_number("12,34", 5, ',', &x, &is_int) == BN_NUM_BAD_GROUPING);
    CHECK(bn_parse_number("1234,567", 8, ',', &x, &is_int) == BN_NUM_BAD_GROUPING);
    CHECK(bn_parse_number("1,234,567.25", 12, ',', &x, &is_int) == BN_NUM_OK && x == 1234567.25);
    CHECK(bn_parse_number("-999,000", 8, ',', &x, &is_int) == BN_NUM_OK && x == -999000);
    CHECK(bn_parse_number("1e999", 5, 0, &x, &is_int) == BN_NUM_OVERFLOW);
    CHECK(bn_parse_number("-2e400", 6, 0, &x, &is_int) == BN_NUM_OVERFLOW);
    CHECK(bn_parse_number("Inf", 3, 0, &x, &is_int) == BN_NUM_OK && isinf(x));
    bn_csv_options opt;
    bn_csv_options_init(&opt);
    opt.thousands = ',';
    opt.sep = ';';
    bn_error err;
    bn_error_clear(&err);
    bn_csv_table *t = NULL;
    CHECK(read_str("a;n\nx;1,234\ny;1,2,3\n", "t.csv", &opt, &t, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "t.csv:3:2: column 'n': '1,2,3' does not group digits by three with "
                       "thousands = ',' (types = {n = \"string\"} keeps it as text)");
    CHECK(read_str("a,x\n1,2\n2,1e999\n", "t.csv", NULL, &t, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "t.csv:3:2: column 'x': '1e999' is too large for a number (beyond "
                       "1.8e308; write Inf for an infinite value)");
}

TEST(errors_name_the_column)
{
    bn_error err;
    bn_csv_table *t = NULL;
    bn_error_clear(&err);
    CHECK(read_str("a,b,c\n1,\"x\"y,3\n", "t.csv", NULL, &t, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "t.csv:2:2: malformed quoted field (a quote inside an unquoted field, or "
                       "text after a closing quote)");
    CHECK(read_str("a,b,c\n1,\"q,r\",\xFF\n", "t.csv", NULL, &t, &err) == BN_EINVAL);
    CHECK_STR(err.msg,
              "t.csv:2:3: invalid UTF-8 at byte offset 14 (utf8 = \"replace\" substitutes U+FFFD)");
    /* a record continued over lines: the field counts from the record's start */
    CHECK(read_str("a,b,c\n1,\"two\nlines\",\xFF\n", "t.csv", NULL, &t, &err) ==
          BN_EINVAL);
    CHECK_STR(err.msg,
              "t.csv:3:3: invalid UTF-8 at byte offset 20 (utf8 = \"replace\" substitutes U+FFFD)");
}

/* A process id that has just exited. */
static pid_t dead_pid(void)
{
    pid_t p = fork();
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    return p;
}

TEST(atomic_writes)
{
    char path[256], stale[300], live[300], other[300], want[300];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    pid_t gone = dead_pid();
    snprintf(stale, sizeof stale, "%s.tmp-%ld-0", path, (long)gone);
    snprintf(live, sizeof live, "%s.tmp-%ld-0", path, (long)getpid());
    snprintf(other, sizeof other, "%s/in.csv.tmp-%ld-0", dir, (long)gone);
    put_file(stale, "half", 4);
    put_file(live, "mine", 4);
    put_file(other, "other", 5);
    bn_error err;
    bn_error_clear(&err);
    bn_atomic a, b;
    CHECK(bn_atomic_open(&a, path, &err) == BN_OK);
    CHECK(a.stale_removed == 1 && !exists(stale) && exists(live) && exists(other));
    /* a second writer of the same target gets its own temporary */
    CHECK(bn_atomic_open(&b, path, &err) == BN_OK);
    CHECK(strcmp(a.tmp, b.tmp) != 0 && strcmp(a.tmp, live) != 0);
    snprintf(want, sizeof want, "%s.tmp-%ld-", path, (long)getpid());
    CHECK(strncmp(a.tmp, want, strlen(want)) == 0);
    fputs("first\n", a.fp);
    fputs("second\n", b.fp);
    CHECK(bn_atomic_commit(&a, &err) == BN_OK);
    CHECK_STR(get_file(path), "first\n");
    CHECK(bn_atomic_commit(&b, &err) == BN_OK);
    CHECK_STR(get_file(path), "second\n");
    /* abort leaves the target and no temporary */
    CHECK(bn_atomic_open(&a, path, &err) == BN_OK);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s", a.tmp);
    fputs("never", a.fp);
    bn_atomic_abort(&a);
    CHECK(!exists(tmp));
    CHECK_STR(get_file(path), "second\n");
    /* the mode follows the umask, as for fopen */
    struct stat st;
    mode_t mask = umask(022);
    CHECK(bn_atomic_open(&a, path, &err) == BN_OK && bn_atomic_commit(&a, &err) == BN_OK);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    umask(mask);
    /* errors name the target, never the temporary */
    CHECK(bn_atomic_open(&a, dir, &err) == BN_EIO);
    snprintf(want, sizeof want, "cannot write %s: it is a directory", dir);
    CHECK_STR(err.msg, want);
    CHECK(bn_atomic_open(&a, "/no/such/dir/x.csv", &err) == BN_EIO);
    CHECK_STR(err.msg, "cannot write /no/such/dir/x.csv: No such file or directory");
    remove(live);
    remove(other);
    remove(path);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(numbers_ignore_a_decimal_comma_locale);
    RUN(max_line_holds_for_files_as_for_text);
    RUN(a_hundred_thousand_columns_in_linear_work);
    RUN(empty_names_do_not_take_written_ones);
    RUN(directories_and_fifos);
    RUN(numbers_are_strict);
    RUN(errors_name_the_column);
    RUN(atomic_writes);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return DONE();
}
