#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "payload.h"
#include "payload_parts.h"
#include "sha256.h"

#define MAX_SUMS_FILE (4u << 20)

void *payload_grow(void *array, size_t count, size_t *cap, size_t item) {
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

int payload_is_hex64(const char *s, size_t len) {
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
      if (!payload_is_hex64(line, 64) || !safe_name(line + 66)) {
        fprintf(stderr,
                "injector: %s line %d has a malformed SHA-256 or a chunk name that leaves the "
                "payload directory\n",
                path, line_no);
        free(text);
        return EXIT_BAD_INPUT;
      }
      list = payload_grow(list, n, &cap, sizeof *list);
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
  static uint8_t buf[1 << 18];
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

const blob *payload_blob(const payload *p, const char *hex) {
  blob key;
  if (p->blob_count == 0 || strlen(hex) != 64) return NULL;
  memcpy(key.hex, hex, 65);
  return bsearch(&key, p->blobs, p->blob_count, sizeof *p->blobs, payload_cmp_blob);
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
  rc = payload_index_tar(p, &index_offset, &index_size);
  if (rc) return rc;
  return payload_read_layout(p, index_offset, index_size);
}

