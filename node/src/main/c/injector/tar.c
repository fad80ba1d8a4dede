/* Indexes the payload tar in place: POSIX ustar, PAX and GNU long names, read through the chunks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload_parts.h"

#define MAX_PAX (1u << 20)

static uint64_t octal(const char *field, size_t len, int *ok) {
  /* GNU base-256: the high bit of the first byte set, big-endian bytes follow. */
  if ((unsigned char)field[0] & 0x80) {
    uint64_t v = (unsigned char)field[0] & 0x7f;
    for (size_t i = 1; i < len; i++) {
      if (v >> 56) {
        *ok = 0;
        return 0;
      }
      v = v << 8 | (unsigned char)field[i];
    }
    return v;
  }
  uint64_t v = 0;
  size_t i = 0;
  while (i < len && field[i] == ' ') i++;
  int digits = 0;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; i++, digits++) v = v << 3 | (uint64_t)(field[i] - '0');
  for (; i < len; i++) {
    if (field[i] != ' ' && field[i] != '\0') *ok = 0;
  }
  if (digits == 0) *ok = 0;
  return v;
}

static int header_checksum_ok(const uint8_t h[512]) {
  int ok = 1;
  uint64_t recorded = octal((const char *)h + 148, 8, &ok);
  uint64_t sum = 0;
  for (int i = 0; i < 512; i++) sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return ok && sum == recorded;
}

static int all_zero(const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (b[i]) return 0;
  }
  return 1;
}

/* Applies the path and size records of a PAX extended header. */
static int pax_records(char *data, size_t len, char *name, uint64_t *size, int *has_size) {
  size_t at = 0;
  while (at < len) {
    char *end;
    unsigned long rec = strtoul(data + at, &end, 10);
    if (end == data + at || *end != ' ' || rec == 0 || rec > len - at) return -1;
    char *kv = end + 1;
    char *rec_end = data + at + rec - 1; /* the record's closing newline */
    if (*rec_end != '\n') return -1;
    *rec_end = '\0';
    char *eq = strchr(kv, '=');
    if (eq == NULL) return -1;
    *eq = '\0';
    if (strcmp(kv, "path") == 0) {
      if (strlen(eq + 1) >= MAX_NAME) return -1;
      strcpy(name, eq + 1);
    } else if (strcmp(kv, "size") == 0) {
      char *e2;
      *size = strtoull(eq + 1, &e2, 10);
      if (e2 == eq + 1 || *e2 != '\0') return -1;
      *has_size = 1;
    }
    at += rec;
  }
  return 0;
}

static int tar_fail(uint64_t at, const char *why) {
  fprintf(stderr,
          "injector: the payload is not a valid tar (at byte %llu: %s); the installer must "
          "pack an OCI image layout as a tar\n",
          (unsigned long long)at, why);
  return EXIT_CHECK_FAILED;
}

static void remember(payload *p, size_t *blob_cap, const char *name, uint64_t offset,
                     uint64_t size, uint64_t *index_offset, uint64_t *index_size,
                     int *has_index) {
  while (strncmp(name, "./", 2) == 0) name += 2;
  if (strcmp(name, "index.json") == 0) {
    *index_offset = offset;
    *index_size = size;
    *has_index = 1;
  } else if (strncmp(name, "blobs/sha256/", 13) == 0 && payload_is_hex64(name + 13, strlen(name + 13))) {
    p->blobs = payload_grow(p->blobs, p->blob_count, blob_cap, sizeof *p->blobs);
    blob *b = &p->blobs[p->blob_count++];
    memcpy(b->hex, name + 13, 65);
    b->offset = offset;
    b->size = size;
    b->media_type = NULL;
  }
}

int payload_cmp_blob(const void *a, const void *b) {
  return strcmp(((const blob *)a)->hex, ((const blob *)b)->hex);
}

int payload_index_tar(payload *p, uint64_t *index_offset, uint64_t *index_size) {
  size_t blob_cap = 0;
  int has_index = 0;
  char name[MAX_NAME];
  char next_name[MAX_NAME] = "";
  uint64_t next_size = 0;
  int has_next_size = 0;
  uint64_t at = 0;
  while (at + 512 <= p->total) {
    uint8_t h[512];
    if (payload_read(p, at, h, 512) != 0) return tar_fail(at, "cannot read a header");
    if (all_zero(h, 512)) break; /* the end-of-archive marker */
    if (!header_checksum_ok(h)) return tar_fail(at, "header checksum mismatch");
    int ok = 1;
    uint64_t size = octal((const char *)h + 124, 12, &ok);
    if (!ok) return tar_fail(at, "malformed size");
    if (has_next_size) size = next_size;
    char type = (char)h[156];
    uint64_t data = at + 512;
    if (size > p->total - data) return tar_fail(at, "a member runs past the end; is a chunk missing from the list?");
    if (next_name[0]) {
      strcpy(name, next_name);
    } else {
      char base[101], prefix[156];
      memcpy(base, h, 100);
      base[100] = '\0';
      memcpy(prefix, h + 345, 155);
      prefix[155] = '\0';
      /* Only POSIX ustar ("ustar\0") has a prefix field; GNU tar uses those bytes otherwise. */
      if (memcmp(h + 257, "ustar\0", 6) == 0 && prefix[0]) {
        snprintf(name, sizeof name, "%s/%s", prefix, base);
      } else {
        strcpy(name, base);
      }
    }
    if (type == 'x' || type == 'L') {
      if (size > MAX_PAX) return tar_fail(at, "extended header too large");
      char *ext = malloc((size_t)size + 1);
      if (ext == NULL || payload_read(p, data, ext, (size_t)size) != 0) {
        free(ext);
        return tar_fail(at, "cannot read an extended header");
      }
      ext[size] = '\0';
      if (type == 'L') {
        if (strlen(ext) >= MAX_NAME) {
          free(ext);
          return tar_fail(at, "long name too long");
        }
        strcpy(next_name, ext);
      } else if (pax_records(ext, (size_t)size, next_name, &next_size, &has_next_size) != 0) {
        free(ext);
        return tar_fail(at, "malformed PAX header");
      }
      free(ext);
    } else {
      if (type == '0' || type == '\0' || type == '7') {
        remember(p, &blob_cap, name, data, size, index_offset, index_size, &has_index);
      }
      if (type != 'g') {
        next_name[0] = '\0';
        has_next_size = 0;
      }
    }
    at = data + (size + 511) / 512 * 512;
  }
  if (!has_index) {
    fprintf(stderr,
            "injector: the payload holds no index.json; it must be an OCI image layout packed as "
            "a tar\n");
    return EXIT_CHECK_FAILED;
  }
  if (p->blob_count > 0) qsort(p->blobs, p->blob_count, sizeof *p->blobs, payload_cmp_blob);
  return 0;
}

