/*
 * check.h: the C unit-test harness for engine/core (one header, no library).
 *
 * A test file defines functions with TEST(name), lists them in main through
 * RUN(name), and ends with DONE(), which prints "N passed, N failed" and
 * returns the exit status. CHECK* macros record a failure with file and line
 * and let the test go on.
 */
#ifndef BURDEN_CHECK_H
#define BURDEN_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures_in_test;
static int check_passed, check_failed;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);        \
            check_failures_in_test++;                                                         \
        }                                                                                     \
    } while (0)

#define CHECK_STR(a, b)                                                                       \
    do {                                                                                      \
        const char *check_a = (a), *check_b = (b);                                            \
        if (strcmp(check_a, check_b) != 0) {                                                  \
            fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, check_a,       \
                    check_b);                                                                 \
            check_failures_in_test++;                                                         \
        }                                                                                     \
    } while (0)

/* Relative tolerance; exact for zero. */
#define CHECK_NEAR(a, b, rtol)                                                                \
    do {                                                                                      \
        double check_x = (a), check_y = (b);                                                  \
        double check_scale = fabs(check_y) > 0 ? fabs(check_y) : 1.0;                         \
        if (!(fabs(check_x - check_y) <= (rtol) * check_scale)) {                             \
            fprintf(stderr, "  %s:%d: %.17g not near %.17g (rtol %g)\n", __FILE__, __LINE__,  \
                    check_x, check_y, (double)(rtol));                                        \
            check_failures_in_test++;                                                         \
        }                                                                                     \
    } while (0)

#define RUN(name)                                                                             \
    do {                                                                                      \
        check_failures_in_test = 0;                                                           \
        name();                                                                               \
        if (check_failures_in_test) {                                                         \
            fprintf(stderr, "FAIL %s (%s)\n", #name, __FILE__);                               \
            check_failed++;                                                                   \
        } else {                                                                              \
            check_passed++;                                                                   \
        }                                                                                     \
    } while (0)

#define DONE()                                                                                \
    (printf("%s: %d passed, %d failed\n", __FILE__, check_passed, check_failed),              \
     check_failed ? 1 : 0)

#endif
