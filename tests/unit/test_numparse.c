/*
 * engine/core/numparse: bn_parse_number, bn_scan_number and bn_scan_number_fast give
 * exactly the double the C library's strtod gives (correctly rounded, bit for bit, the
 * sign of zero included) on hard cases, on random bit patterns printed every usual way, on random decimal strings,
 * and on every number in the project's CSV files and in ../shared/data (SKIP when absent).
 */
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "numparse.h"

static unsigned long long compared;

static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

/* xorshift64*: a fixed sequence, so a failure reproduces */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/*
 * Checks the text s[0..n) (a whole number) against strtod, through bn_parse_number and
 * through bn_scan_number with `tail` after the number (the scanner reads eight bytes at a
 * time where it can, so the bytes after a number must not change it). Returns 0 on a
 * mismatch, after printing it.
 */
static int agrees(const char *s, size_t n, const char *tail)
{
    char text[600], *end;
    if (n >= 500)
        return 1;
    memcpy(text, s, n);
    text[n] = '\0';
    double want = bn_strtod(text, &end);
    if (end != text + n)
        return 1; /* not a whole number to strtod: nothing to compare */
    double got = 0;
    int is_int = -1;
    enum bn_num st = bn_parse_number(text, n, 0, &got, &is_int);
    int ok = isinf(want) ? st == BN_NUM_OVERFLOW : (st == BN_NUM_OK && bits(got) == bits(want));
    /* the scanner, with other text after the number */
    size_t tl = strlen(tail);
    memcpy(text + n, tail, tl + 1);
    double got2 = 0;
    int is_int2 = -1;
    const char *e = bn_scan_number(text, text + n + tl, &got2, &is_int2);
    ok = ok && e == text + n && bits(got2) == bits(want) && (isinf(want) || is_int2 == is_int);
    /* the inline scanner, with readable bytes after the tail for its 16-byte window */
    static const char pad[] = "\n98765432109876543210";
    memcpy(text + n + tl, pad, sizeof pad);
    double got3 = 0;
    int is_int3 = -1;
    const char *e3 = bn_scan_number_fast(text, text + n + tl + sizeof pad - 1, &got3, &is_int3);
    ok = ok && e3 == text + n && bits(got3) == bits(want) && (isinf(want) || is_int3 == is_int);
    compared++;
    if (!ok) {
        text[n] = '\0';
        fprintf(stderr, "  '%s': strtod %.17g, bn_parse_number %.17g (status %d), "
                "bn_scan_number %.17g (end %+ld)\n", text, want, got, (int)st, got2,
                e ? (long)(e - (text + n)) : -999L);
    }
    return ok;
}

static int agrees_str(const char *s)
{
    return agrees(s, strlen(s), ",12345678,x\n") && agrees(s, strlen(s), "");
}

TEST(hard_cases_round_like_strtod)
{
    static const char *cases[] = {
        "0", "-0", "+0", "0.0", "-0.0", "00000000000000000000000000001", ".5", "5.", "-.5e-3",
        "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
        "18446744073709551615", "18446744073709551616", "1e22", "1e23", "9999999999999999999",
        "99999999999999999999", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072012e-308",
        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "1e-400", "-1e-400", "1e400", "0.1", "0.2", "0.3", "123456789012345678901234567890",
        "0.000000000000000000000000000000000000000001", "7.038531e-26", "8.98846567431158e307",
        "1448997445238699", "3.0e-5", "12345678.12345678", "1234567812345678.5",
        "2.00000000000000011102230246251565404236316680908203125",
        "2.00000000000000011102230246251565404236316680908203124",
        "2.00000000000000011102230246251565404236316680908203126", "1E+2", "1e-0", "1e0000000000",
        "-1303.157232", "581.118104", "12345678", "123456789", "1234567890123456789",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CHECK(agrees_str(cases[i]));
    /* not numbers at all */
    double x;
    int is_int;
    CHECK(bn_scan_number("", (const char *)"" + 0, &x, &is_int) == NULL);
    const char *bad[] = {"-", ".", "e5", "-.e1", "1e", "1e+", "+-1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(bn_parse_number(bad[i], strlen(bad[i]), 0, &x, &is_int) == BN_NUM_NO);
    /* the scanner stops at the first byte that is not part of the number */
    const char *s = "12345678901,5";
    CHECK(bn_scan_number(s, s + strlen(s), &x, &is_int) == s + 11 && x == 12345678901.0 && is_int);
    s = "-0.25e1x";
    CHECK(bn_scan_number(s, s + strlen(s), &x, &is_int) == s + 7 && x == -2.5 && !is_int);
}

TEST(random_bit_patterns_printed_every_way_round_trip)
{
    static const char *formats[] = {"%.17g", "%.16g", "%.15g", "%.6g", "%.3e", "%.20e", "%.10f", "%g"};
    int bad = 0;
    for (int i = 0; i < 200000 && bad < 10; i++) {
        double x;
        uint64_t b = next64();
        memcpy(&x, &b, sizeof x);
        if (!isfinite(x))
            continue;
        for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
            char buf[400];
            int n = snprintf(buf, sizeof buf, formats[f], x);
            if (n > 0 && n < (int)sizeof buf && !agrees(buf, (size_t)n, ";99999999"))
                bad++;
        }
    }
    CHECK(bad == 0);
}

TEST(random_decimal_strings_round_like_strtod)
{
    int bad = 0;
    for (int i = 0; i < 300000 && bad < 10; i++) {
        char buf[128];
        size_t k = 0;
        uint64_t r = next64();
        if (r & 1)
            buf[k++] = '-';
        /* 1 to 30 digits, mostly short, a point anywhere or nowhere, an exponent or not */
        size_t nd = 1 + (r >> 8) % ((r >> 40) & 1 ? 30 : 12);
        size_t point = (r >> 16) % (nd + 2);
        for (size_t d = 0; d < nd; d++) {
            if (d == point)
                buf[k++] = '.';
            uint64_t q = next64();
            /* runs of nines and zeros find the carries and the halfway cases */
            buf[k++] = (char)('0' + ((q & 3) == 0 ? 9 : (q & 3) == 1 ? 0 : (int)((q >> 8) % 10)));
        }
        if ((r >> 24) & 1) {
            int e = (int)((r >> 32) % 700) - 350;
            k += (size_t)snprintf(buf + k, sizeof buf - k, "e%d", e);
        }
        buf[k] = '\0';
        if (!agrees(buf, k, ",1.5,2.5\n"))
            bad++;
    }
    CHECK(bad == 0);
}

/* Removes trailing zeros after a decimal point (and the point when nothing follows). */
static size_t trim_zeros(char *buf, size_t n)
{
    if (!memchr(buf, '.', n))
        return n;
    while (n > 0 && buf[n - 1] == '0')
        n--;
    if (n > 0 && buf[n - 1] == '.')
        n--;
    buf[n] = '\0';
    return n;
}

/*
 * 17 to 20 significant digits and more, where the exact 128-bit path (or its bracket of
 * mant and mant + 1) decides instead of strtod: doubles of moderate size printed with
 * %.17g and numpy's %.18e, and the exact midpoints between neighbouring doubles (ties to
 * even), just above and just below them, printed in full.
 */
TEST(seventeen_to_twenty_digits_and_halfway_cases_round_like_strtod)
{
    static const char *formats[] = {"%.17g", "%.18e", "%.19g", "%.20g", "%.16g", "%.15g"};
    int bad = 0;
    for (int i = 0; i < 100000 && bad < 10; i++) {
        uint64_t r = next64();
        double x = ldexp((double)(r >> 11), (int)(next64() % 150) - 30 - 53);
        if (r & 1)
            x = -x;
        char buf[400];
        for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
            int n = snprintf(buf, sizeof buf, formats[f], x);
            if (!agrees(buf, (size_t)n, ",1\n"))
                bad++;
        }
        /* the midpoint between x and the next double up: 54 bits, exact in a long double */
        double ax = fabs(x);
        long double mid = ((long double)ax + (long double)nextafter(ax, INFINITY)) / 2;
        int n = snprintf(buf, sizeof buf, "%.100Lf", mid);
        size_t k = trim_zeros(buf, (size_t)n);
        if (!agrees(buf, k, ",1\n"))
            bad++;
        buf[k] = '1'; /* just above */
        buf[k + 1] = '\0';
        if (memchr(buf, '.', k) && !agrees(buf, k + 1, ",1\n"))
            bad++;
        if (memchr(buf, '.', k) && buf[k - 1] > '0') { /* just below */
            buf[k - 1]--;
            memcpy(buf + k, "9999", 5);
            if (!agrees(buf, k + 4, ",1\n"))
                bad++;
        }
        /* integers of 17 to 20 digits that are exact midpoints, with exponents */
        uint64_t a = (next64() >> 11) | (UINT64_C(1) << 52);
        unsigned sh = 1 + (unsigned)(r >> 1) % 11;
        unsigned long long m = (unsigned long long)((a << sh) | (UINT64_C(1) << (sh - 1)));
        n = snprintf(buf, sizeof buf, "%llu", m);
        if (!agrees(buf, (size_t)n, ",1\n"))
            bad++;
        n = snprintf(buf, sizeof buf, "%llue%d", m, (int)((r >> 8) % 55) - 27);
        if (!agrees(buf, (size_t)n, ",1\n"))
            bad++;
    }
    CHECK(bad == 0);
}

/*
 * bn_scan_number_fast against bn_scan_number on the same bytes: short forms and near
 * misses (signs, no digits, a second point, an exponent, 8 and 9 digits on either side,
 * every byte that can end a number), the same end, bits and integer flag; and the value
 * against strtod when it is a number.
 */
TEST(inline_scanner_reads_what_the_general_one_reads)
{
    static const char stops[] = ",\n\r.eE+-x 0";
    int bad = 0;
    for (int i = 0; i < 400000 && bad < 10; i++) {
        char buf[64];
        size_t k = 0;
        uint64_t r = next64();
        if (r % 3)
            buf[k++] = "+-"[(r >> 2) & 1];
        size_t ni = (r >> 3) % 11, nf = (r >> 8) % 11;
        for (size_t d = 0; d < ni; d++)
            buf[k++] = (char)('0' + next64() % 10);
        if ((r >> 13) % 4)
            buf[k++] = '.';
        for (size_t d = 0; d < nf; d++)
            buf[k++] = (char)('0' + next64() % 10);
        buf[k++] = stops[(r >> 16) % (sizeof stops - 1)];
        if ((r >> 20) & 1)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%d", (int)((r >> 24) % 40) - 20);
        /* what follows: readable, but no part of a number that ended before it */
        while (k < 40)
            buf[k++] = (char)('0' + next64() % 10);
        size_t len = (r >> 30) % 41; /* the end handed to both: short ones test the fallback */
        double x1 = 0, x2 = 0;
        int i1 = -1, i2 = -1;
        const char *e1 = bn_scan_number(buf, buf + len, &x1, &i1);
        const char *e2 = bn_scan_number_fast(buf, buf + len, &x2, &i2);
        int ok = e1 == e2 && (!e1 || (bits(x1) == bits(x2) && i1 == i2));
        if (ok && e1 && e1 < buf + len && !strchr("0123456789.eE", *e1))
            ok = agrees(buf, (size_t)(e1 - buf), "");
        if (!ok) {
            bad++;
            fprintf(stderr, "  '%.*s' (end %zu): general end %ld %.17g, inline end %ld %.17g\n",
                    (int)len, buf, len, e1 ? (long)(e1 - buf) : -1L, x1,
                    e2 ? (long)(e2 - buf) : -1L, x2);
        }
    }
    CHECK(bad == 0);
}

/* Every token of a CSV file that strtod reads whole as a decimal number. */
static int file_bad;
static unsigned long long file_values;

static void check_text(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && strchr(",;\t\n\r \"'()[]{}|:=", t[i]))
            i++;
        size_t a = i;
        while (i < n && !strchr(",;\t\n\r \"'()[]{}|:=", t[i]))
            i++;
        if (i == a || !strchr("0123456789+-.", t[a]))
            continue;
        int decimal = 1;
        for (size_t j = a; j < i; j++)
            if (!strchr("0123456789+-.eE", t[j]))
                decimal = 0;
        if (!decimal)
            continue;
        unsigned long long before = compared;
        /* in place, with the rest of the file after it */
        char tail[16];
        size_t tl = n - i < sizeof tail - 1 ? n - i : sizeof tail - 1;
        memcpy(tail, t + i, tl);
        tail[tl] = '\0';
        if (!agrees(t + a, i - a, tail))
            file_bad++;
        file_values += compared - before;
    }
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t len = strlen(path);
    if (type != FTW_F || len < 4 || strcmp(path + len - 4, ".csv") != 0 || sb->st_size > (64 << 20))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *buf = malloc((size_t)sb->st_size + 1);
    size_t got = buf ? fread(buf, 1, (size_t)sb->st_size, f) : 0;
    fclose(f);
    if (buf)
        check_text(buf, got);
    free(buf);
    return 0;
}

TEST(every_number_in_the_project_csv_files)
{
    file_bad = 0;
    file_values = 0;
    CHECK(nftw("data", visit, 16, FTW_PHYS) == 0);
    CHECK(nftw("tests", visit, 16, FTW_PHYS) == 0);
    fprintf(stderr, "  data/ and tests/: %llu numbers compared with strtod\n", file_values);
    CHECK(file_values > 1000);
    CHECK(file_bad == 0);
}

TEST(every_number_in_the_shared_data_csv_files)
{
    if (access("../shared/data", R_OK) != 0) {
        printf("SKIP every_number_in_the_shared_data_csv_files: ../shared/data is absent\n");
        return;
    }
    file_bad = 0;
    file_values = 0;
    CHECK(nftw("../shared/data", visit, 16, FTW_PHYS) == 0);
    fprintf(stderr, "  ../shared/data: %llu numbers compared with strtod\n", file_values);
    CHECK(file_values > 1000);
    CHECK(file_bad == 0);
}

int main(void)
{
    RUN(hard_cases_round_like_strtod);
    RUN(random_bit_patterns_printed_every_way_round_trip);
    RUN(random_decimal_strings_round_like_strtod);
    RUN(inline_scanner_reads_what_the_general_one_reads);
    RUN(seventeen_to_twenty_digits_and_halfway_cases_round_like_strtod);
    RUN(every_number_in_the_project_csv_files);
    RUN(every_number_in_the_shared_data_csv_files);
    fprintf(stderr, "  %llu texts compared with strtod in all\n", compared);
    return DONE();
}
