/* Unit tests for the error convention and deterministic number formatting. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "error.h"
#include "numfmt.h"

TEST(fail_sets_status_and_message)
{
    bn_error err;
    bn_error_clear(&err);
    CHECK(err.status == BN_OK);
    CHECK(bn_fail(&err, BN_EINVAL, "column '%s' at line %d", "year", 7) == BN_EINVAL);
    CHECK(err.status == BN_EINVAL);
    CHECK_STR(err.msg, "column 'year' at line 7");
    CHECK(bn_fail(NULL, BN_ERANGE, "ignored") == BN_ERANGE);
}

TEST(fail_truncates_long_messages)
{
    bn_error err;
    char long_text[2 * BN_ERROR_MAX];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    bn_fail(&err, BN_EINVAL, "%s", long_text);
    CHECK(strlen(err.msg) == BN_ERROR_MAX - 1);
}

TEST(shortest_round_trips)
{
    char buf[BN_NUMFMT_MAX];
    const double values[] = {0.1, 1.0 / 3.0, 1e28, 6.874e16, 5e-324, 1.7976931348623157e308,
                             -2.5, 123456789.0};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        bn_format_number(values[i], 0, buf);
        CHECK(strtod(buf, NULL) == values[i]);
    }
}

TEST(shortest_is_short)
{
    char buf[BN_NUMFMT_MAX];
    bn_format_number(0.1, 0, buf);
    CHECK_STR(buf, "0.1");
    bn_format_number(1e28, 0, buf);
    CHECK_STR(buf, "1e+28");
    bn_format_number(42, 0, buf);
    CHECK_STR(buf, "42");
    bn_format_number(-0.0, 0, buf);
    CHECK_STR(buf, "-0");
}

TEST(shortest_non_finite)
{
    char buf[BN_NUMFMT_MAX];
    bn_format_number(NAN, 0, buf);
    CHECK_STR(buf, "NaN");
    bn_format_number(INFINITY, 0, buf);
    CHECK_STR(buf, "Inf");
    bn_format_number(-INFINITY, 0, buf);
    CHECK_STR(buf, "-Inf");
}

int main(void)
{
    RUN(fail_sets_status_and_message);
    RUN(fail_truncates_long_messages);
    RUN(shortest_round_trips);
    RUN(shortest_is_short);
    RUN(shortest_non_finite);
    return DONE();
}
