/* Unit tests for the stable multi-key sort permutation. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "order.h"

TEST(numbers_missing_last_and_stable)
{
    double x[] = {3, NAN, 1, 3, 2};
    unsigned char m[] = {0, 0, 0, 0, 1};
    bn_sort_key k = {BN_COL_NUMBER, x, m, NULL, NULL, 0};
    size_t perm[5];
    bn_error err;
    CHECK(bn_order(&k, 1, 5, perm, &err) == BN_OK);
    size_t want[] = {2, 0, 3, 1, 4}; /* 1, 3, 3 (stable), then NaN and missing */
    CHECK(memcmp(perm, want, sizeof want) == 0);
    k.desc = 1;
    bn_order(&k, 1, 5, perm, &err);
    size_t want_desc[] = {0, 3, 2, 1, 4};
    CHECK(memcmp(perm, want_desc, sizeof want_desc) == 0);
}

TEST(strings_then_numbers)
{
    const char pool[] = "bab" "a";
    size_t offset[] = {0, 1, 2, 3, 4}; /* "b", "a", "b", "a" */
    unsigned char none[] = {0, 0, 0, 0};
    double y[] = {1, 2, 0, 1};
    bn_sort_key keys[2] = {{BN_COL_STRING, NULL, none, pool, offset, 0},
                           {BN_COL_NUMBER, y, none, NULL, NULL, 1}};
    size_t perm[4];
    bn_error err;
    bn_order(keys, 2, 4, perm, &err);
    size_t want[] = {1, 3, 0, 2}; /* a/2, a/1, b/1, b/0 */
    CHECK(memcmp(perm, want, sizeof want) == 0);
}

int main(void)
{
    RUN(numbers_missing_last_and_stable);
    RUN(strings_then_numbers);
    return DONE();
}
