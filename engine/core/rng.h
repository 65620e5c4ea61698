/*
 * rng: burden's one random generator, used by the bootstrap (lmboot), the Monte Carlo
 * of the cost chain (cost) and, through burden.core.lm, by Lua.
 *
 * xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
 * 2021), its state seeded by splitmix64 from a (seed, stream) pair. Every piece of work
 * that may run on any thread (a bootstrap resample, a block of Monte Carlo draws) takes
 * its own stream number, so results depend on the seed alone, never on the number of
 * threads or on which thread ran what.
 *
 * Integers in [0, n) use Lemire's multiply-and-shift with rejection ("Fast random
 * integer generation in an interval", 2019): exactly uniform. For n < 2^32 one 64-bit
 * output gives two indices (its low half, then its high half), which halves the
 * generator's share of a bootstrap. Normal deviates use the ziggurat of Marsaglia and
 * Tsang (2000) with 256 layers; uniform doubles lie in the open interval (0, 1).
 *
 * The hot functions are inline (a call per drawn row was most of a bootstrap's time).
 * No allocation; a bn_rng is plain data, one per thread.
 */
#ifndef BURDEN_CORE_RNG_H
#define BURDEN_CORE_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct bn_rng {
    uint64_t s[4];
} bn_rng;

/* The state of stream `stream` of `seed`. */
void bn_rng_seed(bn_rng *r, uint64_t seed, uint64_t stream);

static inline uint64_t bn_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
static inline uint64_t bn_rng_next(bn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = bn_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = bn_rng_rotl(s[3], 45);
    return result;
}

/* Uniform on the open interval (0, 1): 53 random bits, centred in their cell. */
static inline double bn_rng_uniform(bn_rng *r)
{
    return ((double)(bn_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* The rare rejection step of bn_rng_below, out of line so that the common path inlines. */
uint64_t bn_rng_below_reject(bn_rng *r, uint64_t n, uint64_t low, uint64_t high);

/* A replacement for a rejected half of bn_rng_pair: the high halves of fresh outputs.
 * Inline, not a call: a call inside a bootstrap's loop made the compiler keep the sums
 * and the generator's state in memory (every register is caller-saved). */
static inline uint32_t bn_rng_half_reject(bn_rng *r, uint32_t n)
{
    uint32_t t = (0u - n) % n;
    for (;;) {
        uint64_t m = (bn_rng_next(r) >> 32) * (uint64_t)n;
        if ((uint32_t)m >= t)
            return (uint32_t)(m >> 32);
    }
}

/* Uniform integer in [0, n), n >= 1, from one 64-bit output (more on a rejection). */
static inline uint64_t bn_rng_below(bn_rng *r, uint64_t n)
{
    __uint128_t m = (__uint128_t)bn_rng_next(r) * n;
    if ((uint64_t)m < n)
        return bn_rng_below_reject(r, n, (uint64_t)m, (uint64_t)(m >> 64));
    return (uint64_t)(m >> 64);
}

/* Two uniform integers in [0, n), 1 <= n < 2^32: the first from the low 32 bits of one
 * output, the second from its high 32 bits. A half that must be rejected (probability
 * below n / 2^32 each) is replaced by the high halves of fresh outputs. */
static inline void bn_rng_pair(bn_rng *r, uint32_t n, uint32_t *a, uint32_t *b)
{
    uint64_t x = bn_rng_next(r);
    uint64_t m1 = (x & 0xffffffffu) * (uint64_t)n, m2 = (x >> 32) * (uint64_t)n;
    *a = (uint32_t)(m1 >> 32);
    *b = (uint32_t)(m2 >> 32);
    if ((uint32_t)m1 < n || (uint32_t)m2 < n) {
        uint32_t t = (0u - n) % n; /* 2^32 mod n: the low values that must be rejected */
        if ((uint32_t)m1 < t)
            *a = bn_rng_half_reject(r, n);
        if ((uint32_t)m2 < t)
            *b = bn_rng_half_reject(r, n);
    }
}

/*
 * count integers in [0, n) into out, n >= 1: in pairs (bn_rng_pair) when n < 2^32, the
 * last of an odd count from the low half of one more output; else one bn_rng_below each.
 * The bootstrap's C kernels draw the same sequence inline.
 */
void bn_rng_indices(bn_rng *r, size_t n, size_t count, size_t *out);

/* A standard normal deviate (ziggurat). */
double bn_rng_normal(bn_rng *r);

#endif
