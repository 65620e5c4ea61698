/* engine/core/rng: the published xoshiro256** vector, exact uniformity of bounded
 * integers, and the normal distribution of the ziggurat against its known moments. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "rng.h"

/* Blackman and Vigna's reference implementation from the state {1, 2, 3, 4}, as pinned
 * by rand_xoshiro's Xoshiro256StarStar test. */
TEST(xoshiro256starstar_matches_the_reference_vector)
{
    static const uint64_t want[10] = {
        11520u, 0u, 1509978240u, 1215971899390074240u, 1216172134540287360u,
        607988272756665600u, 16172922978634559625u, 8476171486693032832u,
        10595114339597558777u, 2904607092377533576u};
    bn_rng r = {{1, 2, 3, 4}};
    for (int i = 0; i < 10; i++)
        CHECK(bn_rng_next(&r) == want[i]);
}

TEST(streams_depend_on_seed_and_stream_only)
{
    bn_rng a, b, c, d;
    bn_rng_seed(&a, 7, 3);
    bn_rng_seed(&b, 7, 3);
    bn_rng_seed(&c, 7, 4);
    bn_rng_seed(&d, 8, 3);
    uint64_t xa = bn_rng_next(&a), xb = bn_rng_next(&b), xc = bn_rng_next(&c), xd = bn_rng_next(&d);
    CHECK(xa == xb && xa != xc && xa != xd && xc != xd);
    for (int i = 0; i < 1000; i++) {
        double u = bn_rng_uniform(&a);
        CHECK(u > 0 && u < 1);
    }
}

/* Pearson's chi-square of counts against equal expectations. */
static double chi_square(const long *count, int k, long total)
{
    double e = (double)total / k, x2 = 0;
    for (int i = 0; i < k; i++)
        x2 += (count[i] - e) * (count[i] - e) / e;
    return x2;
}

TEST(pairs_are_uniform_and_match_indices)
{
    /* 7 values, 700,000 draws: chi-square with 6 degrees of freedom stays below 22.458,
     * its 0.999 quantile (NIST/SEMATECH e-Handbook, table 1.3.6.7.4) */
    bn_rng r;
    bn_rng_seed(&r, 1, 0);
    long count[7] = {0};
    for (int k = 0; k < 350000; k++) {
        uint32_t a, b;
        bn_rng_pair(&r, 7, &a, &b);
        CHECK(a < 7 && b < 7);
        count[a]++;
        count[b]++;
    }
    CHECK(chi_square(count, 7, 700000) < 22.458);

    /* bn_rng_indices draws the same pairs, the last of an odd count from one more pair */
    bn_rng p, q;
    bn_rng_seed(&p, 5, 2);
    bn_rng_seed(&q, 5, 2);
    size_t idx[5];
    bn_rng_indices(&p, 1000, 5, idx);
    uint32_t w[6];
    for (int k = 0; k < 6; k += 2)
        bn_rng_pair(&q, 1000, &w[k], &w[k + 1]);
    for (int k = 0; k < 5; k++)
        CHECK(idx[k] == w[k]);
    CHECK(bn_rng_next(&p) == bn_rng_next(&q));
}

TEST(rejection_keeps_large_ranges_uniform)
{
    /* n = 3 * 2^30: a quarter of all 32-bit halves are rejected and redrawn. Without the
     * rejection, floor(u n / 2^32) = floor(3u / 4) gives every multiple of 3 two of the
     * four u in each run and the others one: half the draws, not a third, would be
     * multiples of 3 (+- 0.003 is 4.5 standard deviations on 500,000 draws). */
    const uint32_t n = 3221225472u;
    bn_rng r;
    bn_rng_seed(&r, 3, 0);
    long thirds = 0;
    for (int k = 0; k < 250000; k++) {
        uint32_t a, b;
        bn_rng_pair(&r, n, &a, &b);
        CHECK(a < n && b < n);
        thirds += (a % 3 == 0) + (b % 3 == 0);
    }
    CHECK(fabs(thirds / 500000.0 - 1.0 / 3) < 0.003);
    /* beyond 32 bits: one 64-bit draw each, also in range */
    if (SIZE_MAX > UINT32_MAX) {
        size_t big[64];
        bn_rng_indices(&r, (size_t)1 << 40, 64, big);
        for (int k = 0; k < 64; k++)
            CHECK(big[k] < (size_t)1 << 40);
    }
}

TEST(ziggurat_normals_have_the_normal_moments_and_tails)
{
    /* 10^6 draws: mean 0, variance 1, excess kurtosis 0, P(|z| > 1) and P(|z| > r) (r the
     * ziggurat's tail start 3.654...) as erfc gives them, each within 4.5 standard errors */
    enum { N = 1000000 };
    bn_rng r;
    bn_rng_seed(&r, 1, 0);
    double s1 = 0, s2 = 0, s4 = 0;
    long over1 = 0, over_r = 0, over4 = 0;
    for (int i = 0; i < N; i++) {
        double z = bn_rng_normal(&r);
        s1 += z;
        s2 += z * z;
        s4 += z * z * z * z;
        over1 += fabs(z) > 1;
        over_r += fabs(z) > 3.6541528853610088;
        over4 += fabs(z) > 4;
    }
    double mean = s1 / N, var = s2 / N - mean * mean, kurt = s4 / N / (var * var) - 3;
    CHECK(fabs(mean) < 4.5e-3);
    CHECK(fabs(var - 1) < 4.5 * sqrt(2.0 / N));
    CHECK(fabs(kurt) < 4.5 * sqrt(24.0 / N));
    double p1 = erfc(1 / sqrt(2.0)), pr = erfc(3.6541528853610088 / sqrt(2.0)),
           p4 = erfc(4 / sqrt(2.0));
    CHECK(fabs(over1 - N * p1) < 4.5 * sqrt(N * p1 * (1 - p1)));
    CHECK(fabs(over_r - N * pr) < 4.5 * sqrt(N * pr));
    CHECK(fabs(over4 - N * p4) < 4.5 * sqrt(N * p4) + 1);
    /* symmetric: as many draws below -1 as above 1 */
    bn_rng_seed(&r, 2, 0);
    long below = 0, above = 0;
    for (int i = 0; i < N; i++) {
        double z = bn_rng_normal(&r);
        below += z < -1;
        above += z > 1;
    }
    CHECK(labs(below - above) < 4.5 * sqrt((double)(below + above)));
}

int main(void)
{
    RUN(xoshiro256starstar_matches_the_reference_vector);
    RUN(streams_depend_on_seed_and_stream_only);
    RUN(pairs_are_uniform_and_match_indices);
    RUN(rejection_keeps_large_ranges_uniform);
    RUN(ziggurat_normals_have_the_normal_moments_and_tails);
    return DONE();
}
