#include "json.h"

#include <string.h>

#define MAX_DEPTH 64

void json_open(json_reader *j, const char *text, size_t len) {
  j->p = text;
  j->end = text + len;
  j->failed = 0;
  j->depth = 0;
}

static void ws(json_reader *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) {
    j->p++;
  }
}

static int fail(json_reader *j) {
  j->failed = 1;
  return 0;
}

static int expect(json_reader *j, char c) {
  ws(j);
  if (j->p < j->end && *j->p == c) {
    j->p++;
    return 1;
  }
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads a string; out may be NULL to skip it. */
static int read_string(json_reader *j, char *out, size_t cap) {
  size_t n = 0;
  if (j->failed || !expect(j, '"')) {
    return fail(j);
  }
  while (j->p < j->end && *j->p != '"') {
    unsigned char c = (unsigned char)*j->p++;
    uint32_t cp = c;
    if (c < 0x20) {
      return fail(j);
    }
    if (c == '\\') {
      if (j->p >= j->end) return fail(j);
      char e = *j->p++;
      switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
          if (j->end - j->p < 4) return fail(j);
          cp = 0;
          for (int i = 0; i < 4; i++) {
            int h = hexval(j->p[i]);
            if (h < 0) return fail(j);
            cp = cp << 4 | (uint32_t)h;
          }
          j->p += 4;
          /* A surrogate pair stands for one code point above U+FFFF. */
          if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
              j->p[1] == 'u') {
            uint32_t lo = 0;
            for (int i = 2; i < 6; i++) {
              int h = hexval(j->p[i]);
              if (h < 0) return fail(j);
              lo = lo << 4 | (uint32_t)h;
            }
            if (lo >= 0xdc00 && lo < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              j->p += 6;
            }
          }
          break;
        default:
          return fail(j);
      }
    }
    if (out == NULL) {
      continue;
    }
    char enc[4];
    size_t len;
    if (c != '\\' || cp < 0x80) {
      enc[0] = (char)cp;
      len = 1;
    } else if (cp < 0x800) {
      enc[0] = (char)(0xc0 | cp >> 6);
      enc[1] = (char)(0x80 | (cp & 0x3f));
      len = 2;
    } else if (cp < 0x10000) {
      enc[0] = (char)(0xe0 | cp >> 12);
      enc[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
      enc[2] = (char)(0x80 | (cp & 0x3f));
      len = 3;
    } else {
      enc[0] = (char)(0xf0 | cp >> 18);
      enc[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
      enc[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
      enc[3] = (char)(0x80 | (cp & 0x3f));
      len = 4;
    }
    if (n + len >= cap) {
      return fail(j);
    }
    memcpy(out + n, enc, len);
    n += len;
  }
  if (j->p >= j->end) {
    return fail(j);
  }
  j->p++;
  if (out != NULL) {
    out[n] = '\0';
  }
  return 1;
}

int json_string(json_reader *j, char *out, size_t cap) {
  ws(j);
  if (j->p >= j->end || *j->p != '"') {
    json_skip(j);
    return 0;
  }
  return read_string(j, out, cap);
}

int json_uint(json_reader *j, uint64_t *out) {
  ws(j);
  if (j->p >= j->end || *j->p < '0' || *j->p > '9') {
    json_skip(j);
    return 0;
  }
  uint64_t v = 0;
  while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
    uint64_t d = (uint64_t)(*j->p++ - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return fail(j);
    }
    v = v * 10 + d;
  }
  if (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E')) {
    json_skip(j); /* a fraction or exponent: not a size */
    return 0;
  }
  *out = v;
  return 1;
}

int json_next_key(json_reader *j, int *started, char *key, size_t cap) {
  if (j->failed) return 0;
  if (!*started) {
    if (!expect(j, '{')) return fail(j);
    *started = 1;
    if (expect(j, '}')) return 0;
  } else {
    if (expect(j, '}')) return 0;
    if (!expect(j, ',')) return fail(j);
  }
  char scratch[256];
  if (key == NULL) {
    key = scratch;
    cap = sizeof scratch;
  }
  ws(j);
  /* A key longer than the buffer is a key we do not care about: read it whole, report it empty. */
  const char *mark = j->p;
  if (!read_string(j, key, cap)) {
    j->p = mark;
    j->failed = 0;
    if (!read_string(j, NULL, 0)) return 0;
    key[0] = '\0';
  }
  if (!expect(j, ':')) return fail(j);
  return 1;
}

int json_next_element(json_reader *j, int *started) {
  if (j->failed) return 0;
  if (!*started) {
    if (!expect(j, '[')) return fail(j);
    *started = 1;
    if (expect(j, ']')) return 0;
    return 1;
  }
  if (expect(j, ']')) return 0;
  if (!expect(j, ',')) return fail(j);
  return 1;
}

static int literal(json_reader *j, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0) return fail(j);
  j->p += n;
  return 1;
}

void json_skip(json_reader *j) {
  if (j->failed) return;
  ws(j);
  if (j->p >= j->end) {
    fail(j);
    return;
  }
  char c = *j->p;
  if (c == '{' || c == '[') {
    if (++j->depth > MAX_DEPTH) {
      fail(j);
      return;
    }
    int started = 0;
    if (c == '{') {
      while (json_next_key(j, &started, NULL, 0)) json_skip(j);
    } else {
      while (json_next_element(j, &started)) json_skip(j);
    }
    j->depth--;
  } else if (c == '"') {
    read_string(j, NULL, 0);
  } else if (c == 't') {
    literal(j, "true");
  } else if (c == 'f') {
    literal(j, "false");
  } else if (c == 'n') {
    literal(j, "null");
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    j->p++;
    while (j->p < j->end && strchr("0123456789+-.eE", *j->p) != NULL) j->p++;
  } else {
    fail(j);
  }
}

int json_peek_object(json_reader *j) {
  ws(j);
  return j->p < j->end && *j->p == '{';
}

int json_done(json_reader *j) {
  ws(j);
  return !j->failed && j->p == j->end;
}
