/* The OCI image layout inside the payload: index.json, its manifests, and the tags it names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "payload_parts.h"
#include "sha256.h"

#define MAX_DOCUMENT (4u << 20) /* a manifest or index.json, as in core's Documents */
#define MAX_NESTING 8

static const char OCI_INDEX[] = "application/vnd.oci.image.index.v1+json";
static const char OCI_MANIFEST[] = "application/vnd.oci.image.manifest.v1+json";
static const char REF_NAME[] = "org.opencontainers.image.ref.name";

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
  if (strncmp(digest, "sha256:", 7) != 0 || !payload_is_hex64(digest + 7, strlen(digest + 7))) {
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
      list = payload_grow(list, n, &cap, sizeof *list);
      int r = read_descriptor(&j, &list[n], where);
      if (r < 0) goto malformed;
      if (r > 0) goto bad;
      n++;
    } else if (strcmp(key, "layers") == 0 || strcmp(key, "manifests") == 0) {
      int child = key[0] == 'm';
      int a_started = 0;
      while (json_next_element(&j, &a_started)) {
        list = payload_grow(list, n, &cap, sizeof *list);
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

int payload_read_layout(payload *p, uint64_t index_offset, uint64_t index_size) {
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
      p->tags = payload_grow(p->tags, p->tag_count, &tag_cap, sizeof *p->tags);
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

