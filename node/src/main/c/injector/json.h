/*
 * A small pull reader for the JSON the injector needs: index.json and manifests. It never
 * allocates; strings are copied into caller buffers and anything too long is an error.
 */
#ifndef AIRLOCK_JSON_H
#define AIRLOCK_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *p;
  const char *end;
  int failed;
  int depth;
} json_reader;

void json_open(json_reader *j, const char *text, size_t len);

/* Steps into an object or over ',' to its next key; 1 with the key copied, 0 at its end. */
int json_next_key(json_reader *j, int *started, char *key, size_t cap);

/* Steps into an array or over ',' to its next element; 1 at an element, 0 at its end. */
int json_next_element(json_reader *j, int *started);

/* Reads a string value into out (UTF-8, NUL-terminated). 1 when it was a string. */
int json_string(json_reader *j, char *out, size_t cap);

/* Reads a non-negative integer. 1 when it was one. */
int json_uint(json_reader *j, uint64_t *out);

/* Skips whatever value comes next. */
void json_skip(json_reader *j);

/* True when the next value is an object ('{'), without consuming it. */
int json_peek_object(json_reader *j);

/* 1 after the last value only whitespace is left and nothing failed. */
int json_done(json_reader *j);

#endif
