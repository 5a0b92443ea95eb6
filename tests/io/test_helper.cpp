// A small program the io and CLI tests run under `badport run` / io::run_watched:
//   listen HOST PORT          bind and listen, print "ready PORT", wait for a signal
//   fork-listen HOST PORT     fork; the grandchild listens as above; exit as it exits
//   orphan PIDFILE            fork; the grandchild writes its pid to PIDFILE and waits; exit 0 at once
//   trap-term CODE            print "ready", exit CODE on SIGTERM
//   kill-self SIGNAL          die of the signal

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

int listen_on(const char* host, int port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v6;
  } else {
    return 2;
  }
  const int fd = ::socket(family, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 16) != 0) {
    std::perror("bind");
    return 3;
  }
  std::printf("ready %d\n", port);
  std::fflush(stdout);
  for (;;) ::pause();
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

volatile std::sig_atomic_t exit_code = 0;
void on_term(int) { _exit(exit_code); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string mode = argv[1];
  if (mode == "listen" && argc == 4) return listen_on(argv[2], std::atoi(argv[3]));
  if (mode == "fork-listen" && argc == 4) {
    const pid_t pid = ::fork();
    if (pid == 0) return listen_on(argv[2], std::atoi(argv[3]));
    return wait_exit(pid);
  }
  if (mode == "orphan") {
    int sync[2];
    if (::pipe(sync) != 0) return 2;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(sync[0]);
      if (FILE* f = std::fopen(argv[2], "w")) {
        std::fprintf(f, "%d\n", static_cast<int>(::getpid()));
        std::fclose(f);
      }
      ::close(sync[1]);
      for (;;) ::pause();
    }
    ::close(sync[1]);
    char c;
    while (::read(sync[0], &c, 1) > 0) {
    }
    return 0;
  }
  if (mode == "trap-term") {
    exit_code = std::atoi(argv[2]);
    std::signal(SIGTERM, on_term);
    std::printf("ready\n");
    std::fflush(stdout);
    for (;;) ::pause();
  }
  if (mode == "kill-self") {
    const int sig = std::atoi(argv[2]);
    std::signal(sig, SIG_DFL);
    ::raise(sig);
    return 1;
  }
  return 2;
}
