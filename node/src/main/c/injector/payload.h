/*
 * The payload: an OCI image layout packed as a tar and split by the installer into chunks (one
 * ConfigMap each). The chunks are never joined on disk: they are checked against the SHA-256 list
 * the installer recorded, kept open, and read in place as one virtual tar.
 */
#ifndef AIRLOCK_PAYLOAD_H
#define AIRLOCK_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes, as Airlock's command line uses them. */
#define EXIT_CHECK_FAILED 1
#define EXIT_BAD_INPUT 2

typedef struct {
  char *name; /* as listed in the SHA-256 file */
  int fd;
  uint64_t start; /* offset of its first byte in the joined payload */
  uint64_t size;
} chunk;

typedef struct {
  char hex[65]; /* sha256 */
  uint64_t offset; /* of its content in the joined payload */
  uint64_t size;
  const char *media_type; /* set for manifests and indexes: what Content-Type to answer */
} blob;

typedef struct {
  char *ref; /* org.opencontainers.image.ref.name of an index.json entry */
  char hex[65];
} tag;

typedef struct {
  chunk *chunks;
  size_t chunk_count;
  uint64_t total;
  blob *blobs; /* sorted by hex */
  size_t blob_count;
  tag *tags;
  size_t tag_count;
} payload;

/*
 * Opens and checks every chunk named in sums_file (sha256sum format, in payload order, names
 * relative to dir), then indexes the tar and its OCI layout. Prints one message per problem.
 * Returns 0, EXIT_CHECK_FAILED or EXIT_BAD_INPUT.
 */
int payload_load(payload *p, const char *dir, const char *sums_file);

/* Reads exactly n bytes at offset of the joined payload; 0 on success. */
int payload_read(const payload *p, uint64_t offset, void *buf, size_t n);

/* Writes n bytes at offset of the joined payload to a socket; 0 on success. */
int payload_send(const payload *p, int out, uint64_t offset, uint64_t n);

const blob *payload_blob(const payload *p, const char *hex);

/* The manifest that a tag names: index.json entries named tag, NAME:tag or .../NAME:tag. */
const blob *payload_tagged(const payload *p, const char *name, const char *tag);

#endif
