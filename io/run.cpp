// Running a command and watching the listening sockets of its process tree.

#include <badport/io/process.h>
#include <badport/io/run.h>
#include <badport/ports.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

namespace badport::io {

namespace {

error os_error(std::string_view what, int err) { return fail(errc::io_error, what, std::strerror(err)); }

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

/// Restores the signal mask and closes the signalfd when run_watched returns.
class signal_scope {
 public:
  signal_scope(const sigset_t& old, int fd) noexcept : old_(old), fd_(fd) {}
  signal_scope(const signal_scope&) = delete;
  signal_scope& operator=(const signal_scope&) = delete;
  ~signal_scope() {
    if (fd_ >= 0) ::close(fd_);
    ::sigprocmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t old_;
  int fd_;
};

/// Reaps every exited child without waiting; records the command's status when it is among them.
void reap(pid_t child, bool& child_done, int& child_status) {
  for (;;) {
    int status = 0;
    const pid_t p = ::waitpid(-1, &status, WNOHANG);
    if (p <= 0) return;
    if (p == child) {
      child_done = true;
      child_status = status;
    }
  }
}

/// Watches the socket table for listeners of the process tree on blocked ports.
class socket_watch {
 public:
  explicit socket_watch(const run_options& o) : options_(o) {}

  void tick() {
    auto table = read_tcp_sockets_netlink(false);
    if (!table) table = read_tcp_sockets_proc(false);
    if (!table) return;
    std::vector<std::uint64_t> wanted;
    std::vector<const socket_entry*> candidates;
    for (const auto& s : *table) {
      if (reported_ports_.count(s.port) != 0 || foreign_.count(s.inode) != 0) continue;
      if (!is_blocked(s.port, options_.engines)) continue;
      wanted.push_back(s.inode);
      candidates.push_back(&s);
    }
    if (wanted.empty()) return;
    const auto tree = descendants(::getpid());
    const auto owners = find_socket_owners(tree, wanted);
    for (const socket_entry* s : candidates) {
      const auto it = owners.by_inode.find(s->inode);
      if (it == owners.by_inode.end() || it->second.empty()) {
        foreign_.insert(s->inode);  // another program's listener: not this tree's business
        continue;
      }
      if (!reported_ports_.insert(s->port).second) continue;
      if (options_.on_blocked) options_.on_blocked(tree_listener{*s, read_process(it->second.front())});
    }
  }

 private:
  const run_options& options_;
  std::unordered_set<std::uint16_t> reported_ports_;
  std::unordered_set<std::uint64_t> foreign_;
};

/// Ends every process left in this process's tree: SIGTERM, then SIGKILL after the grace time.
void end_tree(int sfd, std::chrono::milliseconds grace, pid_t child, bool& child_done, int& child_status) {
  auto left = descendants(::getpid());
  if (left.empty()) return;
  for (const pid_t p : left) ::kill(p, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!left.empty()) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (wait.count() <= 0) break;
    pollfd pfd{sfd, POLLIN, 0};
    ::poll(&pfd, 1, static_cast<int>(std::min<long long>(wait.count(), 100)));
    signalfd_siginfo si{};
    while (::read(sfd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
    }
    reap(child, child_done, child_status);
    left = descendants(::getpid());
  }
  // Repeat until nothing is left: a process may fork while being killed.
  for (int round = 0; round < 100 && !left.empty(); ++round) {
    for (const pid_t p : left) ::kill(p, SIGKILL);
    for (const pid_t p : left) {
      int status = 0;
      if (::waitpid(p, &status, 0) == child) {
        child_done = true;
        child_status = status;
      }
    }
    reap(child, child_done, child_status);
    left = descendants(::getpid());
  }
}

}  // namespace

result<run_outcome> run_watched(const run_options& options) {
  if (options.argv.empty()) return fail(errc::invalid_argument, "", "no command to run");

  // Orphaned grandchildren become our children, so that they are found and reaped.
  int was_subreaper = 0;
  ::prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper, 0, 0, 0);
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  struct subreaper_reset {
    int was;
    ~subreaper_reset() { ::prctl(PR_SET_CHILD_SUBREAPER, was, 0, 0, 0); }
  } reset{was_subreaper};

  // Every signal whose default action would end this process, and that can be caught, is
  // read here and passed on, so that this process lives to end the command's whole tree:
  // killed by SIGQUIT or SIGUSR1, it used to leave the grandchildren running (the child itself
  // got SIGKILL through PR_SET_PDEATHSIG). Faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL) and
  // SIGABRT stay this process's own.
  sigset_t watched, old;
  sigemptyset(&watched);
  for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
                      SIGXCPU, SIGXFSZ, SIGIO, SIGPWR, SIGSYS, SIGTRAP, SIGSTKFLT})
    sigaddset(&watched, s);
  for (int s = SIGRTMIN; s <= SIGRTMAX; ++s) sigaddset(&watched, s);
  if (::sigprocmask(SIG_BLOCK, &watched, &old) != 0) return os_error("sigprocmask", errno);
  const int sfd = ::signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
  signal_scope scope(old, sfd);
  if (sfd < 0) return os_error("signalfd", errno);

  // The command as a shell would start it: in this process group (the terminal's signals
  // reach it), with this process's stdio, the caller's signal mask, and killed if this
  // process dies. This process reaps it and ends its tree, so the spawner hands it over.
  spawn_options spawn;
  spawn.argv = options.argv;
  spawn.search_path = true;
  spawn.own_group = false;
  spawn.inherit_stdio = true;
  spawn.die_with_parent = true;
  spawn.signal_mask = &old;
  int exec_errno = 0;
  auto started = child_process::spawn(spawn, &exec_errno);
  if (!started) {
    if (exec_errno != 0) return run_outcome{exec_errno == ENOENT ? 127 : 126, exec_errno};
    return std::move(started).error();
  }
  const pid_t child = started->release();

  socket_watch watch(options);
  bool child_done = false;
  int child_status = 0;
  auto next_tick = std::chrono::steady_clock::now() + options.interval;
  while (!child_done) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - std::chrono::steady_clock::now());
    pollfd pfd{sfd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::max<long long>(wait.count(), 0)));
    if (ready > 0) {
      signalfd_siginfo si{};
      while (::read(sfd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
        const int sig = static_cast<int>(si.ssi_signo);
        if (sig == SIGCHLD) continue;
        // The terminal signals the whole foreground process group, the command included: only
        // a signal sent to this process alone (kill, a supervisor) is passed on. SIGXCPU and
        // SIGXFSZ are this process's own limits; the command has its own.
        if (sig == SIGXCPU || sig == SIGXFSZ) continue;
        const bool from_terminal = si.ssi_code == SI_KERNEL && ::getpgid(child) == ::getpgrp();
        if (!from_terminal) ::kill(child, sig);
      }
      reap(child, child_done, child_status);
      if (child_done) break;
    }
    if (std::chrono::steady_clock::now() >= next_tick) {
      watch.tick();
      next_tick = std::chrono::steady_clock::now() + options.interval;
    }
  }
  end_tree(sfd, options.grace, child, child_done, child_status);
  return run_outcome{status_code(child_status), 0};
}

}  // namespace badport::io
