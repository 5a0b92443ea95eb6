#include "run.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace badport::test {

run_result run_program(const std::vector<std::string>& argv, const run_options& opt) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    if (opt.close_stdout) ::close(1);
    else ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    for (const auto& kv : opt.env) ::putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::signal(SIGPIPE, SIG_IGN);
  run_result r;
  // What is left to write of the current piece of stdin; the next piece comes from the source.
  std::string_view pending = opt.stdin_data;
  const auto next_piece = [&] {
    if (pending.empty() && opt.stdin_source) pending = opt.stdin_source();
    return !pending.empty();
  };
  int in_fd = in[1];
  ::fcntl(in_fd, F_SETFL, O_NONBLOCK);
  if (!next_piece()) {
    ::close(in_fd);
    in_fd = -1;
  }
  const auto deadline = std::chrono::steady_clock::now() + opt.timeout;
  bool out_open = true, err_open = true;
  bool killed = false;
  while (out_open || err_open) {
    pollfd fds[3];
    nfds_t n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (::poll(fds, n, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_fd) {
        const ssize_t w = ::write(in_fd, pending.data(), pending.size());
        if (w > 0) pending.remove_prefix(static_cast<std::size_t>(w));
        if ((w < 0 && errno != EAGAIN) || !next_piece()) {  // the reader is gone, or all is sent
          ::close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buf[65536];
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        if (fds[i].fd == out[0]) out_open = false;
        else err_open = false;
        continue;
      }
      (fds[i].fd == out[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  r.max_rss_kib = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (killed) r.exit_code = 128 + SIGKILL;
  return r;
}

run_result run_badport(const std::vector<std::string>& args, const run_options& opt) {
  std::vector<std::string> argv{BADPORT_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, opt);
}

bool updating_goldens() {
  const char* update = std::getenv("BADPORT_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

std::string golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(BADPORT_GOLDEN_DIR) + "/" + name;
  if (updating_goldens()) {
    // Written, never trusted in the same run: the comparison fails until a run without the
    // variable agrees with the reviewed file.
    std::ofstream(path, std::ios::binary) << actual;
    return "<golden file " + path + " was rewritten (BADPORT_UPDATE_GOLDEN=1): review the diff, then rerun without it>";
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return "<missing golden file " + path + ">";
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace badport::test
