/* What the parts of the payload reader (payload.c, tar.c, layout.c) share; not for the server. */
#ifndef AIRLOCK_PAYLOAD_PARTS_H
#define AIRLOCK_PAYLOAD_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "payload.h"

#define MAX_NAME 4096

/* Grows a dynamic array to hold one more item; exits on out of memory. */
void *payload_grow(void *array, size_t count, size_t *cap, size_t item);

/* True for exactly 64 lower-case hex digits. */
int payload_is_hex64(const char *s, size_t len);

int payload_cmp_blob(const void *a, const void *b);

/* Indexes the joined tar: its blobs/sha256/ members and where index.json is. */
int payload_index_tar(payload *p, uint64_t *index_offset, uint64_t *index_size);

/* Reads index.json, checks every manifest it reaches, and records the tags. */
int payload_read_layout(payload *p, uint64_t index_offset, uint64_t index_size);

#endif
