/*
 * sha256: the FIPS 180-4 hash, for the provenance of reports (which data files,
 * byte for byte, a figure was made from). Incremental: init, update..., final.
 */
#ifndef BURDEN_CORE_SHA256_H
#define BURDEN_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct bn_sha256 {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
} bn_sha256;

void bn_sha256_init(bn_sha256 *h);
void bn_sha256_update(bn_sha256 *h, const void *data, size_t n);
/* Writes the digest as 64 lower-case hex digits and a NUL into hex[65]. */
void bn_sha256_final_hex(bn_sha256 *h, char hex[65]);

#endif
