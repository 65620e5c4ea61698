/*
 * pool: an allocator with the lua_Alloc contract, for the Lua state.
 *
 * Why: on this kind of machine (a virtual machine) the first write to a fresh page
 * costs a page fault of about 20 us, while asking the kernel to make a range of
 * pages resident at once (madvise MADV_POPULATE_WRITE) costs about 1 us a page.
 * Loading the stdlib makes tens of thousands of blocks and touched some 300 fresh
 * pages one fault at a time: most of the start-up time. The pool takes every block
 * of up to BN_POOL_MAX_BLOCK bytes from one reserved region whose pages it makes
 * resident a chunk at a time, ahead of use; a new larger block comes from malloc and
 * its pages are made resident the same way (not the added part when one grows: a
 * growing buffer may never use it). Small blocks also skip malloc's bins.
 *
 * A block belongs to a size class (16-byte steps to 512 bytes, then four steps per
 * doubling) and comes from that class's free list or from a bump pointer; a freed
 * block goes back to its class's list. Blocks have no header: the caller gives the
 * block's size when it frees or resizes it (osize, as Lua does). Blocks outside the
 * region (larger ones, or every block once the region is full) are libc's: malloc,
 * realloc, free.
 *
 * One pool serves one thread at a time (as a Lua state does). No Lua here.
 */
#ifndef BURDEN_CORE_POOL_H
#define BURDEN_CORE_POOL_H

#include <stddef.h>

#define BN_POOL_MAX_BLOCK (64 * 1024)

struct bn_pool;

/* A pool reserving `reserve` bytes of address space (only the pages it hands out
 * become resident). NULL when the reservation fails: use libc then. */
struct bn_pool *bn_pool_new(size_t reserve);

/*
 * lua_Alloc semantics, with ud the pool: ptr NULL allocates nsize bytes (osize is
 * then not a size); nsize 0 frees ptr (osize bytes) and returns NULL; otherwise
 * resizes ptr from osize to nsize bytes, keeping min(osize, nsize) of its contents.
 * Returns NULL only when memory runs out, and never when nsize <= osize. Blocks are
 * 16-byte aligned. When the block named by bn_pool_delete_after is freed, the pool
 * is deleted too.
 */
void *bn_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* The pool deletes itself once `block` (a block it does not own, e.g. the Lua
 * state's main block, which lua_close frees last) is freed through it. */
void bn_pool_delete_after(struct bn_pool *pool, const void *block);

/* 1 when ptr is a block of the pool's region (a libc block otherwise). */
int bn_pool_owns(const struct bn_pool *pool, const void *ptr);

/* The size class's capacity for a block of n bytes (n <= BN_POOL_MAX_BLOCK): at
 * least n, at most a quarter more (16 bytes more below 512). */
size_t bn_pool_class_size(size_t n);

/* Releases the region and the pool. Blocks of the region become invalid; libc
 * blocks handed out stay the caller's to free. */
void bn_pool_delete(struct bn_pool *pool);

#endif
