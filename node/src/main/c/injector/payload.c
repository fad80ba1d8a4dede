#include "payload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "sha256.h"

#define MAX_SUMS_FILE (4u << 20)
#define MAX_DOCUMENT (4u << 20) /* a manifest or index.json, as in core's Documents */
#define MAX_PAX (1u << 20)
#define MAX_NAME 4096
#define MAX_NESTING 8

static const char OCI_INDEX[] = "application/vnd.oci.image.index.v1+json";
static const char OCI_MANIFEST[] = "application/vnd.oci.image.manifest.v1+json";
static const char REF_NAME[] = "org.opencontainers.image.ref.name";

static void *grow(void *array, size_t count, size_t *cap, size_t item) {
  if (count < *cap) return array;
  size_t next = *cap ? *cap * 2 : 16;
  void *bigger = realloc(array, next * item);
  if (bigger == NULL) {
    fprintf(stderr, "injector: out of memory\n");
    exit(EXIT_BAD_INPUT);
  }
  *cap = next;
  return bigger;
}

static int is_lower_hex64(const char *s, size_t len) {
  if (len != 64) return 0;
  for (size_t i = 0; i < 64; i++) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  }
  return 1;
}

/* ------------------------------------------------------------------------- the SHA-256 list */

typedef struct {
  char hex[65];
  char *name;
} listed_chunk;

/* Chunk names are relative paths inside the payload directory, never outside it. */
static int safe_name(const char *name) {
  if (name[0] == '\0' || name[0] == '/' || strlen(name) > MAX_NAME) return 0;
  const char *seg = name;
  for (;;) {
    const char *slash = strchr(seg, '/');
    size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
    if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.')) {
      return 0;
    }
    if (!slash) return 1;
    seg = slash + 1;
  }
}

static int read_small_file(const char *path, char **out, size_t *len, size_t max) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  int rc = fstat(fd, &st);
  if (rc == 0 && !S_ISREG(st.st_mode)) {
    errno = EINVAL;
    rc = -1;
  } else if (rc == 0 && (uint64_t)st.st_size > max) {
    errno = EFBIG;
    rc = -1;
  }
  char *buf = rc == 0 ? malloc((size_t)st.st_size + 1) : NULL;
  size_t have = 0;
  while (buf != NULL && have < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + have, (size_t)st.st_size - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      free(buf);
      buf = NULL;
    } else {
      have += (size_t)n;
    }
  }
  int saved = errno;
  close(fd);
  errno = saved;
  if (buf == NULL) return -1;
  buf[have] = '\0';
  *out = buf;
  *len = have;
  return 0;
}

static int read_sums(const char *path, listed_chunk **out, size_t *count) {
  char *text;
  size_t len;
  if (read_small_file(path, &text, &len, MAX_SUMS_FILE) != 0) {
    fprintf(stderr, "injector: cannot read the chunk SHA-256 list %s: %s\n", path, strerror(errno));
    return EXIT_BAD_INPUT;
  }
  listed_chunk *list = NULL;
  size_t n = 0, cap = 0;
  int line_no = 0;
  for (char *line = text; line < text + len;) {
    char *nl = memchr(line, '\n', (size_t)(text + len - line));
    char *next = nl ? nl + 1 : text + len;
    if (nl) *nl = '\0';
    line_no++;
    size_t l = strlen(line);
    if (l > 0 && line[l - 1] == '\r') line[--l] = '\0';
    if (l > 0) {
      /* sha256sum's format: 64 hex digits, a space, a space or '*', the name. */
      if (l < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
        fprintf(stderr,
                "injector: %s line %d is not '<sha256>  <chunk name>' as sha256sum writes it\n",
                path, line_no);
        free(text);
        return EXIT_BAD_INPUT;
      }
      for (int i = 0; i < 64; i++) {
        if (line[i] >= 'A' && line[i] <= 'F') line[i] = (char)(line[i] - 'A' + 'a');
      }
      if (!is_lower_hex64(line, 64) || !safe_name(line + 66)) {
        fprintf(stderr,
                "injector: %s line %d has a malformed SHA-256 or a chunk name that leaves the "
                "payload directory\n",
                path, line_no);
        free(text);
        return EXIT_BAD_INPUT;
      }
      list = grow(list, n, &cap, sizeof *list);
      memcpy(list[n].hex, line, 64);
      list[n].hex[64] = '\0';
      list[n].name = strdup(line + 66);
      n++;
    }
    line = next;
  }
  free(text);
  if (n == 0) {
    fprintf(stderr, "injector: %s lists no chunks\n", path);
    return EXIT_BAD_INPUT;
  }
  *out = list;
  *count = n;
  return 0;
}

/* ------------------------------------------------------------------------- the chunks */

/* Opens and hashes one chunk; prints why when it fails the check. */
static int check_chunk(const char *dir, const listed_chunk *want, chunk *c) {
  char path[MAX_NAME + 1024];
  snprintf(path, sizeof path, "%s/%s", dir, want->name);
  c->name = want->name;
  c->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (c->fd < 0) {
    fprintf(stderr,
            "injector: chunk %s is missing: cannot open %s (%s); mount every payload "
            "ConfigMap the SHA-256 list names\n",
            want->name, path, strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    fprintf(stderr, "injector: chunk %s is not a regular file (%s)\n", want->name, path);
    return -1;
  }
  static uint8_t buf[1 << 16];
  sha256_ctx ctx;
  sha256_init(&ctx);
  uint64_t size = 0;
  for (;;) {
    ssize_t n = pread(c->fd, buf, sizeof buf, (off_t)size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "injector: chunk %s cannot be read: %s (%s)\n", want->name, strerror(errno),
              path);
      return -1;
    }
    if (n == 0) break;
    sha256_update(&ctx, buf, (size_t)n);
    size += (uint64_t)n;
  }
  uint8_t digest[32];
  char hex[65];
  sha256_final(&ctx, digest);
  sha256_hex(digest, hex);
  if (strcmp(hex, want->hex) != 0) {
    fprintf(stderr,
            "injector: chunk %s is corrupt: its SHA-256 is %s but the installer recorded %s (%s)\n",
            want->name, hex, want->hex, path);
    return -1;
  }
  c->size = size;
  return 0;
}

static const chunk *chunk_at(const payload *p, uint64_t offset) {
  size_t lo = 0, hi = p->chunk_count;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (p->chunks[mid].start <= offset) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return &p->chunks[lo];
}

int payload_read(const payload *p, uint64_t offset, void *buf, size_t n) {
  uint8_t *out = buf;
  if (offset > p->total || n > p->total - offset) return -1;
  while (n > 0) {
    const chunk *c = chunk_at(p, offset);
    uint64_t in_chunk = offset - c->start;
    size_t take = c->size - in_chunk < n ? (size_t)(c->size - in_chunk) : n;
    if (take == 0) return -1; /* an empty chunk at the end: nothing left */
    ssize_t got = pread(c->fd, out, take, (off_t)in_chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    out += got;
    offset += (uint64_t)got;
    n -= (size_t)got;
  }
  return 0;
}

static int write_all(int fd, const uint8_t *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}

int payload_send(const payload *p, int out, uint64_t offset, uint64_t n) {
  static int no_sendfile;
  if (offset > p->total || n > p->total - offset) return -1;
  while (n > 0) {
    const chunk *c = chunk_at(p, offset);
    uint64_t in_chunk = offset - c->start;
    uint64_t take = c->size - in_chunk < n ? c->size - in_chunk : n;
    if (take == 0) return -1;
    ssize_t sent = -1;
    if (!no_sendfile) {
      off_t pos = (off_t)in_chunk;
      sent = sendfile(out, c->fd, &pos, (size_t)take);
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EINVAL || errno == ENOSYS)) no_sendfile = 1;
    }
    if (no_sendfile) {
      uint8_t buf[1 << 16];
      size_t part = take < sizeof buf ? (size_t)take : sizeof buf;
      sent = pread(c->fd, buf, part, (off_t)in_chunk);
      if (sent < 0 && errno == EINTR) continue;
      if (sent > 0 && write_all(out, buf, (size_t)sent) != 0) return -1;
    }
    if (sent <= 0) return -1;
    offset += (uint64_t)sent;
    n -= (uint64_t)sent;
  }
  return 0;
}

/* ------------------------------------------------------------------------- the tar */

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
  } else if (strncmp(name, "blobs/sha256/", 13) == 0 && is_lower_hex64(name + 13, strlen(name + 13))) {
    p->blobs = grow(p->blobs, p->blob_count, blob_cap, sizeof *p->blobs);
    blob *b = &p->blobs[p->blob_count++];
    memcpy(b->hex, name + 13, 65);
    b->offset = offset;
    b->size = size;
    b->media_type = NULL;
  }
}

static int cmp_blob(const void *a, const void *b) {
  return strcmp(((const blob *)a)->hex, ((const blob *)b)->hex);
}

static int index_tar(payload *p, uint64_t *index_offset, uint64_t *index_size) {
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
  if (p->blob_count > 0) qsort(p->blobs, p->blob_count, sizeof *p->blobs, cmp_blob);
  return 0;
}

const blob *payload_blob(const payload *p, const char *hex) {
  blob key;
  if (p->blob_count == 0 || strlen(hex) != 64) return NULL;
  memcpy(key.hex, hex, 65);
  return bsearch(&key, p->blobs, p->blob_count, sizeof *p->blobs, cmp_blob);
}

/* ------------------------------------------------------------------------- the OCI layout */

typedef struct {
  char media_type[256];
  char hex[65];
  uint64_t size;
  char ref[512];
  int is_child; /* from a "manifests" list: itself a manifest or an index */
} descriptor;

static int read_descriptor(json_reader *j, descriptor *d, const char *where) {
  int started = 0;
  char key[64];
  char digest[128] = "";
  int has_size = 0;
  memset(d, 0, sizeof *d);
  while (json_next_key(j, &started, key, sizeof key)) {
    if (strcmp(key, "mediaType") == 0) {
      json_string(j, d->media_type, sizeof d->media_type);
    } else if (strcmp(key, "digest") == 0) {
      json_string(j, digest, sizeof digest);
    } else if (strcmp(key, "size") == 0) {
      has_size = json_uint(j, &d->size);
    } else if (strcmp(key, "annotations") == 0 && json_peek_object(j)) {
      int a_started = 0;
      char a_key[128];
      while (json_next_key(j, &a_started, a_key, sizeof a_key)) {
        if (strcmp(a_key, REF_NAME) == 0) {
          json_string(j, d->ref, sizeof d->ref);
        } else {
          json_skip(j);
        }
      }
    } else {
      json_skip(j);
    }
  }
  if (j->failed) return -1;
  if (strncmp(digest, "sha256:", 7) != 0 || !is_lower_hex64(digest + 7, strlen(digest + 7))) {
    fprintf(stderr,
            "injector: %s has a descriptor whose digest '%s' is not sha256:<64 hex digits>; the "
            "injector serves sha256 content only\n",
            where, digest);
    return 1;
  }
  if (!has_size) {
    fprintf(stderr, "injector: %s has a descriptor for %s without a size\n", where, digest);
    return 1;
  }
  memcpy(d->hex, digest + 7, 65);
  return 0;
}

/* Reads the descriptors of a manifest or index (config, layers, manifests) and its own type. */
static int read_document(const char *text, size_t len, const char *where, char *own_type,
                         size_t type_cap, descriptor **out, size_t *count) {
  json_reader j;
  json_open(&j, text, len);
  descriptor *list = NULL;
  size_t n = 0, cap = 0;
  int started = 0;
  char key[64];
  own_type[0] = '\0';
  if (!json_peek_object(&j)) goto malformed;
  while (json_next_key(&j, &started, key, sizeof key)) {
    if (strcmp(key, "mediaType") == 0) {
      json_string(&j, own_type, type_cap);
    } else if (strcmp(key, "config") == 0) {
      list = grow(list, n, &cap, sizeof *list);
      int r = read_descriptor(&j, &list[n], where);
      if (r < 0) goto malformed;
      if (r > 0) goto bad;
      n++;
    } else if (strcmp(key, "layers") == 0 || strcmp(key, "manifests") == 0) {
      int child = key[0] == 'm';
      int a_started = 0;
      while (json_next_element(&j, &a_started)) {
        list = grow(list, n, &cap, sizeof *list);
        int r = read_descriptor(&j, &list[n], where);
        if (r < 0) goto malformed;
        if (r > 0) goto bad;
        list[n++].is_child = child;
      }
    } else {
      json_skip(&j);
    }
  }
  if (!json_done(&j)) goto malformed;
  *out = list;
  *count = n;
  return 0;
malformed:
  fprintf(stderr, "injector: %s is not a valid JSON manifest or index\n", where);
bad:
  free(list);
  return EXIT_CHECK_FAILED;
}

static int read_blob_text(const payload *p, const blob *b, const char *where, char **text) {
  if (b->size > MAX_DOCUMENT) {
    fprintf(stderr, "injector: %s is %llu bytes, more than a manifest may be\n", where,
            (unsigned long long)b->size);
    return EXIT_CHECK_FAILED;
  }
  *text = malloc((size_t)b->size + 1);
  if (*text == NULL || payload_read(p, b->offset, *text, (size_t)b->size) != 0) {
    fprintf(stderr, "injector: cannot read %s from the payload\n", where);
    free(*text);
    return EXIT_CHECK_FAILED;
  }
  (*text)[b->size] = '\0';
  return 0;
}

static int is_foreign(const char *media_type) {
  return strstr(media_type, "nondistributable") != NULL || strstr(media_type, "foreign") != NULL;
}

/* Checks that everything a manifest names is in the payload, recording each manifest's type. */
static int walk(payload *p, blob *b, const char *declared, int depth) {
  if (b->media_type != NULL) return 0;
  char where[128];
  snprintf(where, sizeof where, "manifest sha256:%s", b->hex);
  if (depth > MAX_NESTING) {
    fprintf(stderr, "injector: %s is nested more than %d indexes deep\n", where, MAX_NESTING);
    return EXIT_CHECK_FAILED;
  }
  char *text;
  int rc = read_blob_text(p, b, where, &text);
  if (rc) return rc;
  /* Manifests are read anyway: check them, as clients will (layers they check themselves). */
  uint8_t digest[32];
  char hex[65];
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, text, (size_t)b->size);
  sha256_final(&ctx, digest);
  sha256_hex(digest, hex);
  if (strcmp(hex, b->hex) != 0) {
    fprintf(stderr, "injector: %s does not match its digest: its content hashes to sha256:%s\n",
            where, hex);
    free(text);
    return EXIT_CHECK_FAILED;
  }
  char own[256];
  descriptor *refs = NULL;
  size_t n = 0;
  rc = read_document(text, (size_t)b->size, where, own, sizeof own, &refs, &n);
  int has_children = 0;
  for (size_t i = 0; i < n; i++) has_children |= refs[i].is_child;
  free(text);
  if (rc) return rc;
  const char *type = own[0] ? own : (declared && declared[0]) ? declared
                                    : has_children ? OCI_INDEX : OCI_MANIFEST;
  b->media_type = strdup(type);
  for (size_t i = 0; i < n && rc == 0; i++) {
    blob *child = (blob *)payload_blob(p, refs[i].hex);
    if (child == NULL) {
      if (is_foreign(refs[i].media_type)) continue;
      fprintf(stderr, "injector: %s names sha256:%s, which the payload does not hold\n", where,
              refs[i].hex);
      rc = EXIT_CHECK_FAILED;
    } else if (child->size != refs[i].size) {
      fprintf(stderr, "injector: %s says sha256:%s is %llu bytes, the payload holds %llu\n",
              where, refs[i].hex, (unsigned long long)refs[i].size,
              (unsigned long long)child->size);
      rc = EXIT_CHECK_FAILED;
    } else if (refs[i].is_child) {
      rc = walk(p, child, refs[i].media_type, depth + 1);
    }
  }
  free(refs);
  return rc;
}

static int read_layout(payload *p, uint64_t index_offset, uint64_t index_size) {
  blob index = {.offset = index_offset, .size = index_size};
  char *text;
  int rc = read_blob_text(p, &index, "index.json", &text);
  if (rc) return rc;
  char own[256];
  descriptor *entries = NULL;
  size_t n = 0;
  rc = read_document(text, (size_t)index_size, "index.json", own, sizeof own, &entries, &n);
  free(text);
  if (rc) return rc;
  size_t tag_cap = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    blob *b = (blob *)payload_blob(p, entries[i].hex);
    if (b == NULL) {
      fprintf(stderr, "injector: index.json names sha256:%s, which the payload does not hold\n",
              entries[i].hex);
      rc = EXIT_CHECK_FAILED;
      break;
    }
    rc = walk(p, b, entries[i].media_type, 0);
    if (entries[i].ref[0]) {
      p->tags = grow(p->tags, p->tag_count, &tag_cap, sizeof *p->tags);
      p->tags[p->tag_count].ref = strdup(entries[i].ref);
      memcpy(p->tags[p->tag_count].hex, entries[i].hex, 65);
      p->tag_count++;
    }
  }
  free(entries);
  return rc;
}

/* A tag matches "TAG", "NAME:TAG" or "ANY/NAME:TAG", so layouts written by skopeo (a bare tag)
 * and by Airlock (full references such as docker.io/library/registry:2) both work. */
const blob *payload_tagged(const payload *p, const char *name, const char *tag_name) {
  size_t name_len = strlen(name), tag_len = strlen(tag_name);
  for (size_t i = 0; i < p->tag_count; i++) {
    const char *ref = p->tags[i].ref;
    size_t len = strlen(ref);
    int match = strcmp(ref, tag_name) == 0;
    if (!match && len >= name_len + 1 + tag_len &&
        strcmp(ref + len - tag_len, tag_name) == 0 && ref[len - tag_len - 1] == ':') {
      const char *repo = ref + len - tag_len - 1 - name_len;
      match = strncmp(repo, name, name_len) == 0 && (repo == ref || repo[-1] == '/');
    }
    if (match) return payload_blob(p, p->tags[i].hex);
  }
  return NULL;
}

/* ------------------------------------------------------------------------- loading */

int payload_load(payload *p, const char *dir, const char *sums_file) {
  memset(p, 0, sizeof *p);
  listed_chunk *listed;
  size_t count;
  int rc = read_sums(sums_file, &listed, &count);
  if (rc) return rc;
  p->chunks = calloc(count, sizeof *p->chunks);
  if (p->chunks == NULL) return EXIT_BAD_INPUT;
  p->chunk_count = count;
  size_t failed = 0;
  for (size_t i = 0; i < count; i++) {
    chunk *c = &p->chunks[i];
    if (check_chunk(dir, &listed[i], c) != 0) {
      failed++;
      continue;
    }
    c->start = p->total;
    p->total += c->size;
  }
  if (failed) {
    fprintf(stderr, "injector: refusing to serve: %zu of %zu payload chunks failed the check\n",
            failed, count);
    return EXIT_CHECK_FAILED;
  }
  uint64_t index_offset = 0, index_size = 0;
  rc = index_tar(p, &index_offset, &index_size);
  if (rc) return rc;
  return read_layout(p, index_offset, index_size);
}
