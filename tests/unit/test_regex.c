/* Unit tests for the PCRE2 wrapper. */
#include <string.h>

#include "check.h"
#include "regex.h"

TEST(compiles_and_matches_groups)
{
    bn_regex *re = NULL;
    bn_error err;
    const char *pat = "(?<n>\\d+)\\s*x\\s*(?<chip>\\w+)(z)?";
    CHECK(bn_regex_compile(pat, strlen(pat), 0, &re, &err) == BN_OK);
    if (!re)
        return;
    CHECK(bn_regex_ncaptures(re) == 3);
    CHECK(bn_regex_name_count(re) == 2);
    size_t g;
    CHECK_STR(bn_regex_name(re, 0, &g), "chip");
    CHECK(g == 2);
    size_t ov[8];
    const char *s = "use 8 x V100 now";
    CHECK(bn_regex_exec(re, s, strlen(s), 0, 0, ov, &err) == 1);
    CHECK(ov[0] == 4 && ov[1] == 12 && ov[2] == 4 && ov[3] == 5 && ov[4] == 8);
    CHECK(ov[6] == BN_RE_UNSET);
    CHECK(bn_regex_exec(re, s, strlen(s), 5, 0, ov, &err) == 0);
    bn_regex_free(re);
}

TEST(reports_syntax_errors_with_offset)
{
    bn_regex *re = NULL;
    bn_error err;
    CHECK(bn_regex_compile("a(b", 3, 0, &re, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "missing closing parenthesis at offset 3 in pattern 'a(b'");
    CHECK(bn_regex_flags("imsxU") == 31);
    CHECK(bn_regex_flags("q") == -1);
}

TEST(caseless_utf8_and_invalid_subjects)
{
    bn_regex *re = NULL;
    bn_error err;
    CHECK(bn_regex_compile("\xC3\xA9t\xC3\xA9", 6, BN_RE_CASELESS, &re, &err) == BN_OK);
    size_t ov[2];
    CHECK(bn_regex_exec(re, "\xC3\x89T\xC3\x89", 6, 0, 0, ov, &err) == 1);
    CHECK(bn_regex_exec(re, "\xFF\xC3\xA9t\xC3\xA9", 7, 0, 0, ov, &err) == 1 && ov[0] == 1);
    bn_regex_free(re);
}

int main(void)
{
    RUN(compiles_and_matches_groups);
    RUN(reports_syntax_errors_with_offset);
    RUN(caseless_utf8_and_invalid_subjects);
    return DONE();
}
