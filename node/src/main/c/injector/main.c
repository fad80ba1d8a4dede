/*
 * airlock-injector: the seed registry of a disconnected cluster.
 *
 * The installer runs it as the command of a container whose image the node already has, with
 * this binary and the payload mounted from ConfigMaps. It checks every payload chunk against the
 * SHA-256 list the installer recorded, then serves the OCI image layout inside the payload
 * read-only over the distribution pull API, until the real registry runs and the installer
 * removes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "server.h"

#ifndef AIRLOCK_VERSION
#define AIRLOCK_VERSION "dev"
#endif

#define MAX_LISTENERS 16

static const char USAGE[] =
    "usage: airlock-injector --payload DIR --sums FILE --listen ADDRESS [--listen ADDRESS]...\n"
    "                        [--allow-non-loopback] [--max-connections N] [--idle-timeout SECONDS]\n"
    "                        [--check]\n"
    "\n"
    "  --payload DIR          where the payload chunks are mounted\n"
    "  --sums FILE            the chunks in order with their SHA-256, as sha256sum writes them\n"
    "  --listen ADDRESS       127.0.0.1:PORT or [::1]:PORT; may be repeated\n"
    "  --allow-non-loopback   also accept other addresses (inside a pod network, behind a NodePort)\n"
    "  --max-connections N    connections served at once (default 64)\n"
    "  --idle-timeout SECONDS close a silent connection after this long (default 30)\n"
    "  --check                check the payload, print what it holds, and exit\n"
    "\n"
    "Exit status: 1 when a chunk or the layout fails its check, 2 for bad usage or configuration.\n";

static int usage_error(const char *message, const char *arg) {
  fprintf(stderr, "injector: %s%s\n\n%s", message, arg ? arg : "", USAGE);
  return EXIT_BAD_INPUT;
}

static int positive(const char *text, int max, int *out) {
  char *end;
  long v = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || v < 1 || v > max) return 0;
  *out = (int)v;
  return 1;
}

int main(int argc, char **argv) {
  const char *dir = NULL, *sums = NULL;
  const char *addresses[MAX_LISTENERS];
  size_t address_count = 0;
  int allow_non_loopback = 0, check_only = 0;
  server_options options = {.max_connections = 64, .idle_seconds = 30};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(USAGE, stdout);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("airlock-injector %s\n", AIRLOCK_VERSION);
      return 0;
    } else if (strcmp(a, "--allow-non-loopback") == 0) {
      allow_non_loopback = 1;
    } else if (strcmp(a, "--check") == 0) {
      check_only = 1;
    } else if (value == NULL) {
      return usage_error("missing value for ", a);
    } else if (strcmp(a, "--payload") == 0) {
      dir = argv[++i];
    } else if (strcmp(a, "--sums") == 0) {
      sums = argv[++i];
    } else if (strcmp(a, "--listen") == 0) {
      if (address_count == MAX_LISTENERS) return usage_error("too many --listen addresses", NULL);
      addresses[address_count++] = argv[++i];
    } else if (strcmp(a, "--max-connections") == 0) {
      if (!positive(argv[++i], 4096, &options.max_connections)) {
        return usage_error("--max-connections must be from 1 to 4096, not ", argv[i]);
      }
    } else if (strcmp(a, "--idle-timeout") == 0) {
      if (!positive(argv[++i], 3600, &options.idle_seconds)) {
        return usage_error("--idle-timeout must be from 1 to 3600 seconds, not ", argv[i]);
      }
    } else {
      return usage_error("unknown option ", a);
    }
  }
  if (dir == NULL) return usage_error("--payload DIR is required", NULL);
  if (sums == NULL) return usage_error("--sums FILE is required", NULL);
  if (address_count == 0 && !check_only) return usage_error("--listen ADDRESS is required", NULL);

  /* Bind first: a wrong address is reported before minutes of hashing. */
  listener listeners[MAX_LISTENERS];
  for (size_t i = 0; i < address_count && !check_only; i++) {
    int rc = server_listen(addresses[i], allow_non_loopback, &listeners[i]);
    if (rc) return rc;
  }
  payload p;
  int rc = payload_load(&p, dir, sums);
  if (rc) return rc;
  char where[1024] = "";
  for (size_t i = 0; i < address_count && !check_only; i++) {
    size_t used = strlen(where);
    snprintf(where + used, sizeof where - used, "%s%s", i ? ", " : "", listeners[i].text);
  }
  fprintf(stderr, "injector: payload checked: %zu chunks, %llu bytes, %zu blobs, %zu tags\n",
          p.chunk_count, (unsigned long long)p.total, p.blob_count, p.tag_count);
  if (check_only) {
    for (size_t i = 0; i < p.tag_count; i++) printf("%s sha256:%s\n", p.tags[i].ref, p.tags[i].hex);
    return 0;
  }
  fprintf(stderr, "injector: serving read-only on %s\n", where);
  server_run(&p, listeners, address_count, &options);
  return 0;
}
