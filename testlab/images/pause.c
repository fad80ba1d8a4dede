/*
 * The pod sandbox of the test lab's node (containerd's sandbox_image): holds the pod's namespaces
 * open, reaps the orphans the pod's other processes leave (it is their PID 1 when the pod shares
 * its PID namespace) and ends on SIGTERM or SIGINT. Static, no shell, no libraries.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_stop(int sig) {
  (void)sig;
  stop = 1;
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, 0, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction s = {0};
  s.sa_handler = on_stop;
  sigaction(SIGTERM, &s, 0);
  sigaction(SIGINT, &s, 0);
  s.sa_handler = on_child;
  s.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &s, 0);
  while (!stop) {
    pause();
  }
  return 0;
}
