/* Unit tests for the Lua state's allocator (engine/core/pool.c), against a model:
 * every live block holds a pattern of its own, so two blocks sharing memory, a lost
 * byte on resize or a block handed out twice shows as a wrong byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pool.h"

#define NBLOCK 512

struct live {
    unsigned char *p;
    size_t n;    /* the size the caller believes (osize from now on) */
    unsigned id; /* the pattern's seed */
};

static unsigned char pattern(unsigned id, size_t i)
{
    return (unsigned char)(id * 131u + (unsigned)i * 7u + (unsigned)(i >> 8));
}

static void fill(struct live *b, size_t from)
{
    for (size_t i = from; i < b->n; i++)
        b->p[i] = pattern(b->id, i);
}

static int intact(const struct live *b, size_t upto)
{
    for (size_t i = 0; i < upto && i < b->n; i++)
        if (b->p[i] != pattern(b->id, i))
            return 0;
    return 1;
}

static uint64_t rng_state = 88172645463325252ull;
static uint64_t next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Mostly small sizes, as Lua's; some up to 64 KiB and past it. */
static size_t random_size(void)
{
    uint64_t r = next() % 100;
    if (r < 70)
        return 1 + next() % 200;
    if (r < 90)
        return 1 + next() % 4096;
    if (r < 98)
        return 1 + next() % BN_POOL_MAX_BLOCK;
    return BN_POOL_MAX_BLOCK + 1 + next() % 300000;
}

static void exercise(struct bn_pool *pool, int steps, int *bad_align, int *bad_data)
{
    struct live live[NBLOCK] = {{0}};
    unsigned id = 1;
    for (int s = 0; s < steps; s++) {
        struct live *b = &live[next() % NBLOCK];
        if (b->p == NULL) {
            size_t n = random_size();
            b->p = bn_pool_alloc(pool, NULL, 5 /* a Lua type tag, not a size */, n);
            b->n = n;
            b->id = id++;
            if (((uintptr_t)b->p & 15) != 0)
                (*bad_align)++;
            fill(b, 0);
        } else if (next() % 3 == 0) {
            if (!intact(b, b->n))
                (*bad_data)++;
            CHECK(bn_pool_alloc(pool, b->p, b->n, 0) == NULL);
            b->p = NULL;
        } else {
            size_t n = random_size();
            unsigned char *p = bn_pool_alloc(pool, b->p, b->n, n);
            CHECK(p != NULL);
            size_t kept = b->n < n ? b->n : n;
            b->p = p;
            if (!intact(b, kept))
                (*bad_data)++;
            size_t old = b->n;
            b->n = n;
            if (n > old)
                fill(b, old);
            if (((uintptr_t)p & 15) != 0)
                (*bad_align)++;
        }
    }
    for (int i = 0; i < NBLOCK; i++) {
        if (live[i].p) {
            if (!intact(&live[i], live[i].n))
                (*bad_data)++;
            bn_pool_alloc(pool, live[i].p, live[i].n, 0);
        }
    }
}

TEST(class_sizes_cover_and_waste_little)
{
    size_t prev = 0;
    int bad = 0;
    for (size_t n = 1; n <= BN_POOL_MAX_BLOCK; n++) {
        size_t c = bn_pool_class_size(n);
        /* at least n, 16-byte multiple, at most 15 bytes more below 512, a quarter more above */
        if (c < n || c % 16 != 0 || c < prev || (n <= 512 ? c - n >= 16 : c - n >= n / 4 + 1))
            bad++;
        prev = c;
    }
    CHECK(bad == 0);
    CHECK(bn_pool_class_size(1) == 16);
    CHECK(bn_pool_class_size(512) == 512);
    CHECK(bn_pool_class_size(513) == 640);
    CHECK(bn_pool_class_size(1025) == 1280);
    CHECK(bn_pool_class_size(BN_POOL_MAX_BLOCK) == BN_POOL_MAX_BLOCK);
}

TEST(random_blocks_keep_their_contents)
{
    struct bn_pool *pool = bn_pool_new((size_t)1 << 30);
    CHECK(pool != NULL);
    if (!pool)
        return;
    int bad_align = 0, bad_data = 0;
    exercise(pool, 200000, &bad_align, &bad_data);
    CHECK(bad_align == 0);
    CHECK(bad_data == 0);
    bn_pool_delete(pool);
}

TEST(small_blocks_come_from_the_region_large_from_libc)
{
    struct bn_pool *pool = bn_pool_new((size_t)1 << 24);
    void *a = bn_pool_alloc(pool, NULL, 0, 24);
    void *b = bn_pool_alloc(pool, NULL, 0, BN_POOL_MAX_BLOCK);
    void *c = bn_pool_alloc(pool, NULL, 0, BN_POOL_MAX_BLOCK + 1);
    CHECK(bn_pool_owns(pool, a) && bn_pool_owns(pool, b) && !bn_pool_owns(pool, c));
    /* a freed block is handed out again for its class */
    bn_pool_alloc(pool, a, 24, 0);
    CHECK(bn_pool_alloc(pool, NULL, 0, 20) == a);
    /* a resize within the class keeps the block */
    CHECK(bn_pool_alloc(pool, a, 20, 32) == a);
    /* growing past the pool's largest block moves it to libc, contents kept */
    memset(b, 0x5a, BN_POOL_MAX_BLOCK);
    unsigned char *d = bn_pool_alloc(pool, b, BN_POOL_MAX_BLOCK, 2 * BN_POOL_MAX_BLOCK);
    CHECK(d != NULL && !bn_pool_owns(pool, d) && d[0] == 0x5a && d[BN_POOL_MAX_BLOCK - 1] == 0x5a);
    bn_pool_alloc(pool, a, 32, 0);
    bn_pool_alloc(pool, c, BN_POOL_MAX_BLOCK + 1, 0);
    bn_pool_alloc(pool, d, 2 * BN_POOL_MAX_BLOCK, 0);
    bn_pool_delete(pool);
}

TEST(a_full_region_falls_back_to_libc)
{
    /* 64 KiB of region: the rest comes from malloc, and the model still holds */
    struct bn_pool *pool = bn_pool_new(64 * 1024);
    CHECK(pool != NULL);
    if (!pool)
        return;
    int bad_align = 0, bad_data = 0;
    exercise(pool, 50000, &bad_align, &bad_data);
    CHECK(bad_align == 0);
    CHECK(bad_data == 0);
    bn_pool_delete(pool);

    /* a page of region filled with 16-byte blocks: a block shrunk to that class moves
     * to libc with its contents */
    pool = bn_pool_new(4096);
    unsigned char *a = bn_pool_alloc(pool, NULL, 0, 32);
    memset(a, 7, 32);
    void *blocks[300];
    size_t k = 0;
    while (k < 300 && bn_pool_owns(pool, blocks[k] = bn_pool_alloc(pool, NULL, 0, 16)))
        k++;
    CHECK(k == 4096 / 16 - 2); /* the region's blocks, less a's two grains */
    unsigned char *s = bn_pool_alloc(pool, a, 32, 8);
    CHECK(s != NULL && s[0] == 7 && s[7] == 7);
    bn_pool_alloc(pool, s, 8, 0);
    for (size_t i = 0; i <= k && i < 300; i++)
        bn_pool_alloc(pool, blocks[i], 16, 0);
    bn_pool_delete(pool);
}

TEST(the_pool_goes_with_its_last_block)
{
    /* as the Lua state's main block: a libc block whose free deletes the pool (a leak
     * of the pool shows under make asan) */
    struct bn_pool *pool = bn_pool_new((size_t)1 << 20);
    void *main_block = malloc(200);
    void *x = bn_pool_alloc(pool, NULL, 0, 100);
    CHECK(x != NULL);
    bn_pool_delete_after(pool, main_block);
    bn_pool_alloc(pool, x, 100, 0);
    CHECK(bn_pool_alloc(pool, main_block, 200, 0) == NULL);
}

int main(void)
{
    RUN(class_sizes_cover_and_waste_little);
    RUN(random_blocks_keep_their_contents);
    RUN(small_blocks_come_from_the_region_large_from_libc);
    RUN(a_full_region_falls_back_to_libc);
    RUN(the_pool_goes_with_its_last_block);
    return DONE();
}
