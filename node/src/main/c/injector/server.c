#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_HEAD 8192
#define MAX_REQUESTS_PER_CONNECTION 10000
#define SEND_TIMEOUT_SECONDS 60

/* ------------------------------------------------------------------------- listening */

int server_listen(const char *address, int allow_non_loopback, listener *out) {
  char host[64];
  const char *port_text;
  struct sockaddr_storage ss;
  socklen_t ss_len;
  memset(&ss, 0, sizeof ss);
  snprintf(out->text, sizeof out->text, "%s", address);
  if (address[0] == '[') {
    const char *close = strchr(address, ']');
    if (close == NULL || close[1] != ':' || (size_t)(close - address - 1) >= sizeof host) {
      goto malformed;
    }
    memcpy(host, address + 1, (size_t)(close - address - 1));
    host[close - address - 1] = '\0';
    port_text = close + 2;
  } else {
    const char *colon = strrchr(address, ':');
    if (colon == NULL || (size_t)(colon - address) >= sizeof host) goto malformed;
    memcpy(host, address, (size_t)(colon - address));
    host[colon - address] = '\0';
    port_text = colon + 1;
  }
  char *end;
  long port = strtol(port_text, &end, 10);
  if (*port_text == '\0' || *end != '\0' || port < 1 || port > 65535) goto malformed;
  int loopback;
  if (address[0] == '[') {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1) goto malformed;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
    ss_len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1) goto malformed;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    ss_len = sizeof *a;
  }
  if (!loopback && !allow_non_loopback) {
    fprintf(stderr,
            "injector: --listen %s is not a loopback address; the seed registry has no "
            "authentication, so it listens on 127.0.0.1 or [::1] unless --allow-non-loopback is "
            "given (only inside a pod network behind a NodePort)\n",
            address);
    return EXIT_BAD_INPUT;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd < 0) goto failed;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (ss.ss_family == AF_INET6) {
    /* [::]:PORT must not also take 0.0.0.0:PORT: each family is asked for explicitly. */
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (bind(fd, (struct sockaddr *)&ss, ss_len) != 0 || listen(fd, 128) != 0) {
    close(fd);
    goto failed;
  }
  out->fd = fd;
  return 0;
failed:
  fprintf(stderr, "injector: cannot listen on %s: %s\n", address, strerror(errno));
  return EXIT_BAD_INPUT;
malformed:
  fprintf(stderr,
          "injector: --listen %s is not an address such as 127.0.0.1:5000 or [::1]:5000 (an IP "
          "literal and a port from 1 to 65535)\n",
          address);
  return EXIT_BAD_INPUT;
}

/* ------------------------------------------------------------------------- one request */

typedef struct {
  int fd;
  char peer[64];
  int keep_alive;
} connection;

static void log_line(const char *format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(line, sizeof line - 1, format, args);
  va_end(args);
  if (n < 0) return;
  if ((size_t)n > sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  /* One write per line, so lines from concurrent connections never interleave. */
  ssize_t ignored = write(STDERR_FILENO, line, (size_t)n);
  (void)ignored;
}

static int send_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}

static const char *reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
  }
}

static int send_head(connection *c, int status, const char *content_type, unsigned long long length,
                     const char *digest_hex) {
  char head[1024];
  int n = snprintf(head, sizeof head,
                   "HTTP/1.1 %d %s\r\n"
                   "Content-Type: %s\r\n"
                   "Content-Length: %llu\r\n"
                   "Docker-Distribution-API-Version: registry/2.0\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "%s%s%s%s%s%s"
                   "%s"
                   "Connection: %s\r\n\r\n",
                   status, reason(status), content_type, length,
                   digest_hex ? "Docker-Content-Digest: sha256:" : "", digest_hex ? digest_hex : "",
                   digest_hex ? "\r\n" : "", digest_hex ? "ETag: \"sha256:" : "",
                   digest_hex ? digest_hex : "", digest_hex ? "\"\r\n" : "",
                   status == 405 ? "Allow: GET, HEAD\r\n" : "", c->keep_alive ? "keep-alive" : "close");
  return send_all(c->fd, head, (size_t)n);
}

static int send_error(connection *c, int head_only, int status, const char *code,
                      const char *message) {
  char body[256];
  int n = snprintf(body, sizeof body, "{\"errors\":[{\"code\":\"%s\",\"message\":\"%s\"}]}\n", code,
                   message);
  if (send_head(c, status, "application/json", (unsigned long long)n, NULL) != 0) return -1;
  return head_only ? 0 : send_all(c->fd, body, (size_t)n);
}

static int valid_name(const char *s) {
  size_t len = strlen(s);
  if (len == 0 || len > 255 || s[0] == '/' || s[len - 1] == '/' || strstr(s, "..") || strstr(s, "//")) {
    return 0;
  }
  for (; *s; s++) {
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._-/", *s))) return 0;
  }
  return 1;
}

static int valid_tag(const char *s) {
  size_t len = strlen(s);
  if (len == 0 || len > 128 || *s == '.' || *s == '-') return 0;
  for (; *s; s++) {
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          strchr("._-", *s))) {
      return 0;
    }
  }
  return 1;
}

/* The hex of "sha256:<64 lower hex>", or NULL. */
static const char *sha256_hex_of(const char *reference) {
  if (strncmp(reference, "sha256:", 7) != 0 || strlen(reference) != 71) return NULL;
  for (const char *h = reference + 7; *h; h++) {
    if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f'))) return NULL;
  }
  return reference + 7;
}

/* Answers one request; returns the status sent, or -1 when the connection broke. */
static int answer(const payload *p, connection *c, int head_only, char *path) {
  char *query = strchr(path, '?');
  if (query) *query = '\0';
  if (strcmp(path, "/v2/") == 0 || strcmp(path, "/v2") == 0) {
    if (send_head(c, 200, "application/json", 2, NULL) != 0) return -1;
    return (head_only || send_all(c->fd, "{}", 2) == 0) ? 200 : -1;
  }
  if (strncmp(path, "/v2/", 4) != 0) {
    return send_error(c, head_only, 404, "NOT_FOUND", "not a registry API path") ? -1 : 404;
  }
  /* /v2/<name>/manifests/<reference> or /v2/<name>/blobs/<digest> */
  char *last = strrchr(path, '/');
  char *reference = last + 1;
  *last = '\0';
  char *kind = strrchr(path, '/');
  if (kind == NULL || kind < path + 4) {
    return send_error(c, head_only, 404, "NOT_FOUND", "not a registry API path") ? -1 : 404;
  }
  *kind++ = '\0';
  const char *name = path + 4;
  int manifests = strcmp(kind, "manifests") == 0;
  if ((!manifests && strcmp(kind, "blobs") != 0) || !valid_name(name)) {
    return send_error(c, head_only, 404, "NAME_UNKNOWN", "unknown repository or API path") ? -1 : 404;
  }
  const char *hex = sha256_hex_of(reference);
  const blob *b;
  if (manifests) {
    if (hex) {
      b = payload_blob(p, hex);
      if (b && b->media_type == NULL) b = NULL; /* a layer or config is not a manifest */
    } else if (valid_tag(reference)) {
      b = payload_tagged(p, name, reference);
    } else {
      return send_error(c, head_only, 400, "MANIFEST_INVALID", "invalid tag or digest") ? -1 : 400;
    }
    if (b == NULL) {
      return send_error(c, head_only, 404, "MANIFEST_UNKNOWN", "manifest unknown") ? -1 : 404;
    }
  } else {
    if (hex == NULL) {
      return send_error(c, head_only, 400, "DIGEST_INVALID", "this registry serves sha256 digests")
                 ? -1 : 400;
    }
    b = payload_blob(p, hex);
    if (b == NULL) {
      return send_error(c, head_only, 404, "BLOB_UNKNOWN", "blob unknown") ? -1 : 404;
    }
  }
  const char *type = manifests ? b->media_type : "application/octet-stream";
  if (send_head(c, 200, type, (unsigned long long)b->size, b->hex) != 0) return -1;
  if (!head_only && payload_send(p, c->fd, b->offset, b->size) != 0) return -1;
  return 200;
}

static int header_is(const char *line, const char *name) {
  return strncasecmp(line, name, strlen(name)) == 0 && line[strlen(name)] == ':';
}

static const char *header_value(const char *line) {
  const char *v = strchr(line, ':') + 1;
  while (*v == ' ' || *v == '\t') v++;
  return v;
}

static void printable(char *out, size_t cap, const char *in) {
  size_t n = 0;
  for (; *in && n + 1 < cap; in++) {
    out[n++] = (*in >= 0x20 && *in < 0x7f) ? *in : '?';
  }
  out[n] = '\0';
}

static char *find_end_of_head(char *buf, size_t have) {
  for (size_t i = 3; i < have; i++) {
    if (buf[i - 3] == '\r' && buf[i - 2] == '\n' && buf[i - 1] == '\r' && buf[i] == '\n') {
      return buf + i + 1;
    }
  }
  return NULL;
}

static void serve_connection(const payload *p, connection *c, int idle_seconds) {
  struct timeval idle = {.tv_sec = idle_seconds}, send_limit = {.tv_sec = SEND_TIMEOUT_SECONDS};
  setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
  setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit);
  static char buf[MAX_HEAD + 1];
  size_t have = 0;
  for (int served = 0; served < MAX_REQUESTS_PER_CONNECTION; served++) {
    char *body;
    while ((body = find_end_of_head(buf, have)) == NULL) {
      if (have == MAX_HEAD) {
        c->keep_alive = 0;
        send_error(c, 0, 431, "UNSUPPORTED", "request head too large");
        log_line("injector: %s request head over %d bytes, closed", c->peer, MAX_HEAD);
        return;
      }
      ssize_t n = recv(c->fd, buf + have, MAX_HEAD - have, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return; /* closed, or idle too long */
      have += (size_t)n;
      if (buf[0] < 'A' || buf[0] > 'Z') {
        /* Not a request line: most likely a TLS handshake from a client trying https first.
         * Closing at once lets it fall back to plain HTTP instead of waiting for a timeout. */
        log_line("injector: %s sent no HTTP request (a TLS client?), closed", c->peer);
        return;
      }
    }
    size_t head_len = (size_t)(body - buf);
    if (memchr(buf, '\0', head_len) != NULL) {
      c->keep_alive = 0;
      send_error(c, 0, 400, "UNSUPPORTED", "malformed request");
      log_line("injector: %s sent a NUL byte in its request head, closed", c->peer);
      return;
    }
    body[-2] = '\0';
    /* The request line: METHOD SP TARGET SP HTTP/1.x */
    char *line_end = strstr(buf, "\r\n");
    *line_end = '\0';
    char *method = buf, *target = strchr(buf, ' '), *version = NULL;
    if (target) {
      *target++ = '\0';
      version = strchr(target, ' ');
      if (version) *version++ = '\0';
    }
    c->keep_alive = version && strcmp(version, "HTTP/1.1") == 0;
    int has_body = 0;
    for (char *h = line_end + 2; h < body - 2 && *h;) {
      char *e = strstr(h, "\r\n");
      if (e) *e = '\0';
      if (header_is(h, "Connection") && strstr(header_value(h), "close")) c->keep_alive = 0;
      if (header_is(h, "Transfer-Encoding")) has_body = 1;
      if (header_is(h, "Content-Length") && strcmp(header_value(h), "0") != 0) has_body = 1;
      if (!e) break;
      h = e + 2;
    }
    /* What the log shows of the request: printable ASCII only, so a client cannot forge lines. */
    char shown_method[16], shown_target[512];
    printable(shown_method, sizeof shown_method, method);
    printable(shown_target, sizeof shown_target, target ? target : "(malformed)");
    int status;
    if (target == NULL || version == NULL || strncmp(version, "HTTP/1.", 7) != 0 ||
        target[0] != '/') {
      c->keep_alive = 0;
      status = send_error(c, 0, 400, "UNSUPPORTED", "malformed request") ? -1 : 400;
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
      /* Read-only: pushes and deletes go to the real registry once it runs. */
      c->keep_alive = 0;
      status = send_error(c, 0, 405, "UNSUPPORTED", "this seed registry is read-only") ? -1 : 405;
    } else if (has_body) {
      c->keep_alive = 0;
      status = send_error(c, 0, 400, "UNSUPPORTED", "GET and HEAD take no body") ? -1 : 400;
    } else {
      status = answer(p, c, strcmp(method, "HEAD") == 0, target);
    }
    log_line("injector: %s %s %s %d", c->peer, shown_method, shown_target, status);
    if (status < 0 || !c->keep_alive) return;
    memmove(buf, buf + head_len, have - head_len);
    have -= head_len;
  }
}

/* ------------------------------------------------------------------------- the accept loop */

static void peer_text(const struct sockaddr_storage *ss, char *out, size_t cap) {
  char ip[INET6_ADDRSTRLEN] = "?";
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
    snprintf(out, cap, "[%s]:%u", ip, ntohs(a->sin6_port));
  } else {
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    snprintf(out, cap, "%s:%u", ip, ntohs(a->sin_port));
  }
}

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

void server_run(const payload *p, const listener *listeners, size_t count,
                const server_options *options) {
  signal(SIGPIPE, SIG_IGN);
  /* In its pod the injector is the container's first process, for which the kernel has no default
     action on SIGTERM: without a handler the kubelet waits out the grace period before the seed is
     gone. It only reads, so there is nothing to finish. */
  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  struct pollfd fds[16];
  for (size_t i = 0; i < count; i++) {
    fds[i].fd = listeners[i].fd;
    fds[i].events = POLLIN;
  }
  int children = 0;
  for (;;) {
    while (waitpid(-1, NULL, WNOHANG) > 0) children--;
    if (children >= options->max_connections) {
      /* At the limit: stop accepting until a connection ends; new clients wait in the backlog. */
      if (waitpid(-1, NULL, 0) > 0) children--;
      continue;
    }
    int ready = poll(fds, (nfds_t)count, 1000);
    if (ready <= 0) continue;
    for (size_t i = 0; i < count; i++) {
      if (!(fds[i].revents & POLLIN)) continue;
      struct sockaddr_storage ss;
      socklen_t len = sizeof ss;
      int fd = accept4(fds[i].fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
          log_line("injector: accept on %s failed: %s", listeners[i].text, strerror(errno));
        }
        continue;
      }
      pid_t pid = fork();
      if (pid == 0) {
        for (size_t k = 0; k < count; k++) close(fds[k].fd);
        connection c = {.fd = fd, .keep_alive = 1};
        peer_text(&ss, c.peer, sizeof c.peer);
        serve_connection(p, &c, options->idle_seconds);
        close(fd);
        _exit(0);
      }
      if (pid < 0) {
        log_line("injector: cannot start a process for a connection: %s", strerror(errno));
      } else {
        children++;
      }
      close(fd);
    }
  }
}
