/*
 * airlock-sample-hello: the runnable image of `airlock sample-bundle`, so a test or a demo can
 * run what it installed. A static HTTP server that answers every GET with one line (HEAD too),
 * /healthz for probes; one connection at a time, a short read timeout, exits on SIGTERM.
 *
 *   hello [--port N]        (default 8080; IPv6 and IPv4, or IPv4 alone where IPv6 is off)
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef AIRLOCK_VERSION
#define AIRLOCK_VERSION "dev"
#endif

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

static int listen_on(int port) {
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  int one = 1;
  if (s >= 0) {
    struct sockaddr_in6 a6;
    int off = 0;
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((unsigned short)port);
    a6.sin6_addr = in6addr_any;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    if (bind(s, (struct sockaddr *)&a6, sizeof a6) == 0 && listen(s, 16) == 0) {
      return s;
    }
    close(s);
  }
  s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    return -1;
  }
  struct sockaddr_in a4;
  memset(&a4, 0, sizeof a4);
  a4.sin_family = AF_INET;
  a4.sin_port = htons((unsigned short)port);
  a4.sin_addr.s_addr = htonl(INADDR_ANY);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s, (struct sockaddr *)&a4, sizeof a4) != 0 || listen(s, 16) != 0) {
    close(s);
    return -1;
  }
  return s;
}

static void answer(int c) {
  char request[4096];
  struct timeval timeout = {5, 0};
  setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ssize_t n = read(c, request, sizeof request - 1);
  if (n <= 0) {
    return;
  }
  request[n] = '\0';
  int head = strncmp(request, "HEAD ", 5) == 0;
  int get = strncmp(request, "GET ", 4) == 0;
  const char *status = "200 OK";
  const char *body = "hello from airlock-samples/hello " AIRLOCK_VERSION "\n";
  if (!get && !head) {
    status = "405 Method Not Allowed";
    body = "only GET and HEAD\n";
  } else if (strncmp(request + (head ? 5 : 4), "/healthz ", 9) == 0) {
    body = "ok\n";
  }
  char response[512];
  int len = snprintf(response, sizeof response,
                     "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     status, strlen(body), head ? "" : body);
  if (len > 0) {
    ssize_t ignored = write(c, response, (size_t)len);
    (void)ignored;
  }
}

int main(int argc, char **argv) {
  int port = 8080;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--version") == 0) {
      printf("airlock-sample-hello %s\n", AIRLOCK_VERSION);
      return 0;
    } else {
      fprintf(stderr, "hello: unknown argument %s (use --port N)\n", argv[i]);
      return 2;
    }
  }
  if (port < 1 || port > 65535) {
    fprintf(stderr, "hello: invalid port %d\n", port);
    return 2;
  }
  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  signal(SIGPIPE, SIG_IGN);
  int s = listen_on(port);
  if (s < 0) {
    fprintf(stderr, "hello: cannot listen on port %d: %s\n", port, strerror(errno));
    return 2;
  }
  fprintf(stderr, "hello: serving on port %d\n", port);
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) {
      continue;
    }
    answer(c);
    close(c);
  }
}
