/* pool: see pool.h. */
#include "pool.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GRAIN 16
#define SMALL_MAX 512                    /* 16-byte steps up to here: classes 1..32 */
#define NCLASS (32 + (16 - 9) * 4 + 1)   /* then 4 per doubling up to 64 KiB: 33..60 */
#define POPULATE_MIN (128 * 1024)        /* the region is made resident in steps of this */
#define POPULATE_MAX (2 * 1024 * 1024)   /* ... growing with use, up to this */

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels answer EINVAL: faults then */
#endif

struct free_block {
    struct free_block *next;
};

struct bn_pool {
    char *base, *end;  /* the reserved region */
    char *top;         /* first byte never handed out */
    char *resident;    /* pages below this were made resident */
    int populate;      /* 0 once the kernel refused MADV_POPULATE_WRITE */
    size_t page;
    const void *last;  /* bn_pool_delete_after's block */
    struct free_block *free[NCLASS];
};

static unsigned class_of(size_t n)
{
    if (n <= SMALL_MAX)
        return (unsigned)((n + GRAIN - 1) / GRAIN);
    unsigned k = 63u - (unsigned)__builtin_clzll((unsigned long long)(n - 1)); /* 2^k < n <= 2^(k+1) */
    size_t base = (size_t)1 << k, quarter = base / 4;
    return 32u + (k - 9u) * 4u + (unsigned)((n - base + quarter - 1) / quarter);
}

static size_t class_bytes(unsigned c)
{
    if (c <= SMALL_MAX / GRAIN)
        return (size_t)c * GRAIN;
    unsigned k = 9u + (c - 33u) / 4u, j = (c - 33u) % 4u + 1u;
    return ((size_t)1 << k) + (size_t)j * ((size_t)1 << k) / 4;
}

size_t bn_pool_class_size(size_t n)
{
    return n == 0 ? 0 : class_bytes(class_of(n));
}

struct bn_pool *bn_pool_new(size_t reserve)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    reserve = (reserve + page - 1) / page * page;
    if (reserve == 0)
        return NULL;
    struct bn_pool *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    void *base = mmap(NULL, reserve, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        free(pool);
        return NULL;
    }
    pool->base = pool->top = pool->resident = base;
    pool->end = pool->base + reserve;
    pool->populate = 1;
    pool->page = page;
    return pool;
}

void bn_pool_delete(struct bn_pool *pool)
{
    if (!pool)
        return;
    munmap(pool->base, (size_t)(pool->end - pool->base));
    free(pool);
}

void bn_pool_delete_after(struct bn_pool *pool, const void *block)
{
    pool->last = block;
}

int bn_pool_owns(const struct bn_pool *pool, const void *ptr)
{
    return (uintptr_t)ptr - (uintptr_t)pool->base < (uintptr_t)(pool->end - pool->base);
}

/* Makes the whole pages inside [from, to) resident with one call. */
static void populate(struct bn_pool *pool, char *from, char *to)
{
    uintptr_t a = ((uintptr_t)from + pool->page - 1) & ~(uintptr_t)(pool->page - 1);
    uintptr_t b = (uintptr_t)to & ~(uintptr_t)(pool->page - 1);
    if (!pool->populate || b <= a)
        return;
    if (madvise((void *)a, b - a, MADV_POPULATE_WRITE) != 0 && (errno == EINVAL || errno == ENOSYS))
        pool->populate = 0;
}

/* A block of class c from its free list or the bump pointer; NULL when the region is full. */
static void *pool_get(struct bn_pool *pool, unsigned c)
{
    struct free_block *b = pool->free[c];
    if (b) {
        pool->free[c] = b->next;
        return b;
    }
    size_t n = class_bytes(c);
    if ((size_t)(pool->end - pool->top) < n)
        return NULL;
    char *p = pool->top;
    pool->top += n;
    while (pool->top > pool->resident) {
        /* the next chunk, a quarter of what is resident (at least POPULATE_MIN) */
        size_t step = (size_t)(pool->resident - pool->base) / 4;
        step = step < POPULATE_MIN ? POPULATE_MIN : step > POPULATE_MAX ? POPULATE_MAX : step;
        if (step > (size_t)(pool->end - pool->resident))
            step = (size_t)(pool->end - pool->resident);
        populate(pool, pool->resident, pool->resident + step);
        pool->resident += step;
    }
    return p;
}

static void pool_put(struct bn_pool *pool, void *ptr, unsigned c)
{
    struct free_block *b = ptr;
    b->next = pool->free[c];
    pool->free[c] = b;
}

/* A large block from malloc, its pages made resident. */
static void *large_get(struct bn_pool *pool, size_t n)
{
    char *p = malloc(n);
    if (p)
        populate(pool, p, p + n);
    return p;
}

void *bn_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct bn_pool *pool = ud;
    if (ptr == NULL) {
        if (nsize == 0)
            return NULL;
        if (nsize <= BN_POOL_MAX_BLOCK) {
            void *p = pool_get(pool, class_of(nsize));
            if (p)
                return p;
            return malloc(nsize);
        }
        return large_get(pool, nsize);
    }
    if (!bn_pool_owns(pool, ptr)) {
        if (nsize == 0) {
            free(ptr);
            if (ptr == pool->last)
                bn_pool_delete(pool);
            return NULL;
        }
        /* no populate here: a growing buffer (luaL_Buffer doubles its box) may never
         * touch its new half */
        return realloc(ptr, nsize);
    }
    unsigned oc = class_of(osize);
    if (nsize == 0) {
        pool_put(pool, ptr, oc);
        return NULL;
    }
    unsigned nc = nsize <= BN_POOL_MAX_BLOCK ? class_of(nsize) : 0;
    if (nc == oc)
        return ptr;
    void *p = nc ? pool_get(pool, nc) : NULL;
    if (!p)
        p = nc ? malloc(nsize) : large_get(pool, nsize);
    if (!p) /* shrinking must not fail: the block stays, freed later under its new size */
        return nsize <= osize ? ptr : NULL;
    memcpy(p, ptr, osize < nsize ? osize : nsize);
    pool_put(pool, ptr, oc);
    return p;
}
