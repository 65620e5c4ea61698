/* rng: burden's one random generator (see rng.h). */
#include "rng.h"

#include <math.h>
#include <pthread.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The seed is mixed once, then the stream number is folded in with an odd multiplier,
 * and splitmix64 fills the four words (Vigna's recommended seeding for xoshiro). */
void bn_rng_seed(bn_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ 0x6A09E667F3BCC909ull;
    uint64_t mix = splitmix64(&x);
    uint64_t y = mix ^ (stream * 0xD1B54A32D192ED03ull + 0x243F6A8885A308D3ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&y);
}

uint64_t bn_rng_below_reject(bn_rng *r, uint64_t n, uint64_t low, uint64_t high)
{
    uint64_t t = (0 - n) % n; /* 2^64 mod n */
    while (low < t) {
        __uint128_t m = (__uint128_t)bn_rng_next(r) * n;
        low = (uint64_t)m;
        high = (uint64_t)(m >> 64);
    }
    return high;
}

void bn_rng_indices(bn_rng *r, size_t n, size_t count, size_t *out)
{
    if (n > UINT32_MAX) {
        for (size_t k = 0; k < count; k++)
            out[k] = (size_t)bn_rng_below(r, n);
        return;
    }
    size_t k = 0;
    for (; k + 1 < count; k += 2) {
        uint32_t a, b;
        bn_rng_pair(r, (uint32_t)n, &a, &b);
        out[k] = a;
        out[k + 1] = b;
    }
    if (k < count) {
        uint32_t a, b;
        bn_rng_pair(r, (uint32_t)n, &a, &b);
        out[k] = a;
    }
}

/* ---- normal deviates: the ziggurat ----------------------------------------------------
 *
 * The standard normal density's right half, f(x) = exp(-x^2 / 2), is covered by 256
 * layers of equal area V: layer 0 is the rectangle [0, r] x [0, f(r)] plus the tail
 * beyond r; layer i >= 1 the box [0, x_i] x [f(x_i), f(x_{i+1})]. A draw picks a layer
 * and a point x uniform in [0, x_i]; below x_{i+1} the point is under the curve (most
 * draws: one multiply), else it is accepted with the right probability, or it falls in
 * the tail, sampled by Marsaglia's exponential method. r for 256 layers is from Marsaglia
 * and Tsang, "The ziggurat method for generating random variables", J. Statistical
 * Software 5(8), 2000; V = r f(r) + the integral of f beyond r (= sqrt(pi / 2)
 * erfc(r / sqrt 2)), to double precision, so that the top layer closes at x = 0. */
#define ZIG_LAYERS 256
#define ZIG_R 3.6541528853610088
#define ZIG_V 4.928673233974658e-3

static double zig_x[ZIG_LAYERS + 1], zig_ratio[ZIG_LAYERS], zig_f[ZIG_LAYERS + 1];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void)
{
    double f = exp(-0.5 * ZIG_R * ZIG_R);
    zig_x[0] = ZIG_V / f; /* layer 0 as wide as a rectangle of area V and height f(r) */
    zig_x[1] = ZIG_R;
    for (int i = 1; i < ZIG_LAYERS - 1; i++) {
        /* x_{i+1}: the box of width x_i between f(x_i) and f(x_{i+1}) has area V */
        double y = ZIG_V / zig_x[i] + exp(-0.5 * zig_x[i] * zig_x[i]);
        zig_x[i + 1] = y < 1 ? sqrt(-2 * log(y)) : 0;
    }
    zig_x[ZIG_LAYERS] = 0;
    for (int i = 0; i <= ZIG_LAYERS; i++)
        zig_f[i] = exp(-0.5 * zig_x[i] * zig_x[i]);
    for (int i = 0; i < ZIG_LAYERS; i++)
        zig_ratio[i] = zig_x[i + 1] / zig_x[i];
}

double bn_rng_normal(bn_rng *r)
{
    pthread_once(&zig_once, zig_init);
    for (;;) {
        uint64_t bits = bn_rng_next(r);
        int i = (int)(bits & 0xff);                                /* the layer: 8 bits */
        double u = (double)(bits >> 11) * 0x1.0p-52 - 1.0;         /* [-1, 1): 53 others */
        if (fabs(u) < zig_ratio[i])
            return u * zig_x[i];
        if (i == 0) {
            /* the tail beyond r: x = r + a, a exponential with rate r, accepted with
             * probability exp(-a^2 / 2) (Marsaglia 1964) */
            double a, b;
            do {
                a = -log(bn_rng_uniform(r)) / ZIG_R;
                b = -log(bn_rng_uniform(r));
            } while (b + b < a * a);
            return u < 0 ? -(ZIG_R + a) : ZIG_R + a;
        }
        /* the part of box i right of x_{i+1}: under the curve with its own probability */
        double x = u * zig_x[i];
        if (zig_f[i] + bn_rng_uniform(r) * (zig_f[i + 1] - zig_f[i]) < exp(-0.5 * x * x))
            return x;
    }
}
