/* The read-only OCI distribution pull API over plain HTTP/1.1, one process per connection. */
#ifndef AIRLOCK_SERVER_H
#define AIRLOCK_SERVER_H

#include <stddef.h>

#include "payload.h"

typedef struct {
  int fd;
  char text[64]; /* the address as given, for messages */
} listener;

typedef struct {
  int max_connections; /* at once; further clients wait in the listen backlog */
  int idle_seconds;    /* a connection silent this long is closed */
} server_options;

/*
 * Binds "127.0.0.1:PORT", "[::1]:PORT" (or, only when allowed, any other IP literal).
 * Returns 0, or EXIT_BAD_INPUT after printing why.
 */
int server_listen(const char *address, int allow_non_loopback, listener *out);

/* Serves until killed. */
void server_run(const payload *p, const listener *listeners, size_t count,
                const server_options *options);

#endif
