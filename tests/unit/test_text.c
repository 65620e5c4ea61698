/*
 * Unit tests for the text primitives every writer shares: the number formatter
 * (numfmt), the CSV field writer (csvwrite) and the edit distance (editdist).
 * The formatter is checked against glibc's strtod and printf on random bit
 * patterns: each text must read back as the same double, and no text with one
 * significant digit fewer may.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvwrite.h"
#include "editdist.h"
#include "numfmt.h"

/* Significant digits in a number's text: "0.00120" -> 2, "1.5e+28" -> 2, "250" -> 2. */
static int significant_digits(const char *s)
{
    char digits[64];
    int n = 0;
    for (const char *p = s; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && (n > 0 || *p != '0'))
            digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    return n > 0 ? n : 1; /* zero */
}

static uint64_t next_random(uint64_t *state)
{
    /* splitmix64: every bit pattern reachable, no dependence on rand() */
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

TEST(number_is_shortest_round_trip_on_random_bits)
{
    uint64_t state = 20260501;
    char buf[BN_NUMFMT_MAX], fewer[400];
    int checked = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = next_random(&state);
        if (i % 4 == 1) /* also whole numbers and short decimals, which random bits miss */
            bits = 0;
        double x;
        if (bits == 0)
            x = (double)(int64_t)(next_random(&state) >> (11 + i % 50)) / (i % 8 == 1 ? 1 : 100);
        else
            memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        size_t n = bn_format_number(x, 0, buf);
        CHECK(n == strlen(buf) && n < BN_NUMFMT_MAX);
        CHECK(strtod(buf, NULL) == x || (x == 0 && strtod(buf, NULL) == 0));
        int k = significant_digits(buf);
        CHECK(k >= 1 && k <= 17);
        if (k > 1) {
            snprintf(fewer, sizeof fewer, "%.*g", k - 1, x);
            CHECK(strtod(fewer, NULL) != x);
        }
        checked++;
    }
    CHECK(checked > 190000);
}

TEST(number_layout)
{
    char buf[BN_NUMFMT_MAX];
    const struct {
        double x;
        int as_float;
        const char *want;
    } cases[] = {
        {0.1, 0, "0.1"},
        {1.0 / 3.0, 0, "0.3333333333333333"},
        {250, 0, "250"}, /* whole numbers as integers, never "2.5e+02" */
        {1000, 0, "1000"},
        {3, 1, "3.0"},
        {3, 0, "3"},
        {-0.0, 0, "-0"},
        {-0.0, 1, "-0.0"},
        {9007199254740992.0, 0, "9007199254740992"}, /* 2^53 */
        {1e16, 0, "1e+16"},
        {1e16, 1, "1e+16"},
        {3.14e23, 1, "3.14e+23"},
        {1e28, 0, "1e+28"},
        {6.5e-05, 0, "6.5e-05"},
        {0.0001, 0, "0.0001"},
        {1e300, 0, "1e+300"},
        {5e-324, 0, "5e-324"}, /* subnormal: fewer digits than DBL_DIG */
        {2.2250738585072009e-308, 0, "2.225073858507201e-308"},
        {1.7976931348623157e308, 0, "1.7976931348623157e+308"},
        {1000000000000000.5, 0, "1000000000000000.5"},
        {NAN, 1, "NaN"},
        {INFINITY, 0, "Inf"},
        {-INFINITY, 1, "-Inf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bn_format_number(cases[i].x, cases[i].as_float, buf);
        CHECK_STR(buf, cases[i].want);
    }
}

static const char *field(const char *s, char sep, char *out)
{
    size_t need = bn_csv_field(s, strlen(s), sep, NULL);
    size_t n = bn_csv_field(s, strlen(s), sep, out);
    CHECK(n == need && n <= 2 * strlen(s) + 2);
    out[n] = '\0';
    return out;
}

TEST(csv_field_quotes_only_when_needed)
{
    char out[64];
    CHECK_STR(field("plain", ',', out), "plain");
    CHECK_STR(field("", ',', out), "");
    CHECK_STR(field("a,b", ',', out), "\"a,b\"");
    CHECK_STR(field("a,b", ';', out), "a,b");
    CHECK_STR(field("a;b", ';', out), "\"a;b\"");
    CHECK_STR(field("say \"hi\"", ',', out), "\"say \"\"hi\"\"\"");
    CHECK_STR(field("two\nlines", ',', out), "\"two\nlines\"");
    CHECK_STR(field("cr\r", ',', out), "\"cr\r\"");
    CHECK_STR(field(" padded", ',', out), "\" padded\"");
    CHECK_STR(field("tab\t", ',', out), "\"tab\t\"");
    CHECK_STR(field("in side", ',', out), "in side");
    CHECK_STR(field("\"", ',', out), "\"\"\"\"");
    CHECK_STR(BN_CSV_EOL, "\r\n");
}

TEST(edit_distance)
{
    CHECK(bn_edit_distance("kitten", 6, "sitting", 7) == 3);
    CHECK(bn_edit_distance("sitting", 7, "kitten", 6) == 3);
    CHECK(bn_edit_distance("", 0, "abc", 3) == 3);
    CHECK(bn_edit_distance("abc", 3, "", 0) == 3);
    CHECK(bn_edit_distance("flaw", 4, "lawn", 4) == 2);
    CHECK(bn_edit_distance("year", 4, "year", 4) == 0);
    CHECK(bn_edit_distance("a\0b", 3, "a\0c", 3) == 1); /* bytes, NUL included */
    /* longer than the stack row: the exact distance, no cap at 255 bytes */
    size_t n = 1000;
    char *a = malloc(n), *b = malloc(n);
    memset(a, 'x', n);
    memset(b, 'x', n);
    for (size_t i = 0; i < n; i += 10)
        b[i] = 'y';
    CHECK(bn_edit_distance(a, n, b, n) == 100);
    CHECK(bn_edit_distance(a, n, b, 300) == 700 + 30);
    free(a);
    free(b);
}

int main(void)
{
    RUN(number_is_shortest_round_trip_on_random_bits);
    RUN(number_layout);
    RUN(csv_field_quotes_only_when_needed);
    RUN(edit_distance);
    return DONE();
}
