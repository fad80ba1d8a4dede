/* SHA-256 (FIPS 180-4), small and portable: the injector checks every payload chunk with it. */
#ifndef AIRLOCK_SHA256_H
#define AIRLOCK_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t state[8];
  uint64_t length; /* bytes hashed so far */
  uint8_t block[64];
  size_t used; /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(sha256_ctx *ctx, uint8_t out[32]);

/* Writes the 64 lower-case hex digits of a digest and a terminating NUL. */
void sha256_hex(const uint8_t digest[32], char out[65]);

#endif
