/*
 * The test lab's one test program (image airlock-testlab.local/labtool): static, no shell.
 *   labtool serve [ADDR:]PORT BODY  answer every HTTP request with 200 and BODY; a BODY that starts
 *                                   with '/' names a file, read again for each request
 *   labtool cat FILE...             write the files to stdout, then sleep (so the pod stays Running)
 *   labtool sleep                   sleep until SIGTERM
 * ADDR is an IPv4 address or an IPv6 one in brackets ([::1]:8080); without it labtool listens on
 * every address of both families. Each command prints one line saying what it does (for logs).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static _Noreturn void die(const char *what) {
  fprintf(stderr, "labtool: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

static _Noreturn void sleep_forever(void) {
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  for (;;) {
    pause();
  }
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* The body for one request: BODY itself, or the content of the file it names (up to 64 KiB). */
static size_t body(const char *spec, char *out, size_t cap) {
  if (spec[0] != '/') {
    size_t n = strlen(spec);
    n = n < cap ? n : cap;
    memcpy(out, spec, n);
    return n;
  }
  int fd = open(spec, O_RDONLY);
  if (fd < 0) return (size_t)snprintf(out, cap, "labtool: cannot open %s\n", spec);
  size_t n = 0;
  ssize_t r;
  while (n < cap && (r = read(fd, out + n, cap - n)) != 0) {
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    n += (size_t)r;
  }
  close(fd);
  return n;
}

/* A listening socket for [ADDR:]PORT: both families on "::" when no address is given. */
static int listen_on(const char *where) {
  char addr[64] = "";
  const char *port = strrchr(where, ':');
  if (port) {
    size_t n = (size_t)(port - where);
    if (n >= sizeof addr) n = sizeof addr - 1;
    memcpy(addr, where, n);
    port++;
  } else {
    port = where;
  }
  int one = 1, zero = 0, fd;
  if (addr[0] == '[' || addr[0] == 0) {
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons((unsigned short)atoi(port))};
    if (addr[0]) {
      addr[strlen(addr) - 1] = 0;
      if (inet_pton(AF_INET6, addr + 1, &a.sin6_addr) != 1) die("not an IPv6 address");
    }
    fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!addr[0]) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  } else {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(port))};
    if (inet_pton(AF_INET, addr, &a.sin_addr) != 1) die("not an IPv4 address");
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  }
  if (listen(fd, 16) < 0) die("listen");
  return fd;
}

static _Noreturn void serve(const char *where, const char *spec) {
  static char buf[65536], head[128];
  signal(SIGTERM, on_term);
  signal(SIGPIPE, SIG_IGN);
  int fd = listen_on(where);
  printf("labtool: serving %s on %s\n", spec, where);
  fflush(stdout);
  for (;;) {
    int c = accept(fd, 0, 0);
    if (c < 0) {
      if (errno == EINTR) continue;
      die("accept");
    }
    /* The request itself does not matter: read what came, answer, close. */
    char req[4096];
    ssize_t r;
    do {
      r = read(c, req, sizeof req);
    } while (r < 0 && errno == EINTR);
    size_t n = body(spec, buf, sizeof buf);
    int h = snprintf(head, sizeof head,
                     "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n", n);
    if (write_all(c, head, (size_t)h) == 0) write_all(c, buf, n);
    close(c);
  }
}

static _Noreturn void cat(int argc, char **argv) {
  static char buf[65536];
  for (int i = 0; i < argc; i++) {
    size_t n = body(argv[i], buf, sizeof buf);
    printf("labtool: %s:\n", argv[i]);
    fflush(stdout);
    write_all(1, buf, n);
  }
  sleep_forever();
}

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IOLBF, 0);
  if (argc == 4 && strcmp(argv[1], "serve") == 0) serve(argv[2], argv[3]);
  if (argc >= 3 && strcmp(argv[1], "cat") == 0) cat(argc - 2, argv + 2);
  if (argc == 2 && strcmp(argv[1], "sleep") == 0) {
    puts("labtool: sleeping");
    sleep_forever();
  }
  fputs("usage: labtool serve [ADDR:]PORT BODY | cat FILE... | sleep\n", stderr);
  return 2;
}
