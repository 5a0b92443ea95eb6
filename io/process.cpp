// Processes: the one spawner, temporary directories, the process tree from /proc.

#include <badport/io/process.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fstream>
#include <set>
#include <thread>
#include <unordered_map>

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace badport::io {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

}  // namespace

std::optional<std::string> find_in_path(std::string_view program) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + std::string(program);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

namespace {

// Each live process's parent, from /proc/PID/stat ("PID (comm) S PPID ...": comm may hold
// spaces and parentheses, so the parent is read after the last ')').
std::vector<std::pair<pid_t, pid_t>> parents() {
  std::vector<std::pair<pid_t, pid_t>> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (const dirent* e = ::readdir(d)) {
    pid_t pid = 0;
    const std::size_t len = std::strlen(e->d_name);
    if (len == 0 || e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    if (auto [end, ec] = std::from_chars(e->d_name, e->d_name + len, pid); ec != std::errc{} || end != e->d_name + len)
      continue;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char buf[1024];
    ssize_t n;
    do n = ::read(fd, buf, sizeof buf);
    while (n < 0 && errno == EINTR);
    ::close(fd);
    if (n <= 0) continue;
    const std::string_view stat(buf, static_cast<std::size_t>(n));
    const std::size_t close = stat.rfind(')');
    if (close == std::string_view::npos || close + 4 >= stat.size()) continue;
    pid_t ppid = 0;
    if (std::from_chars(stat.data() + close + 4, stat.data() + stat.size(), ppid).ec != std::errc{}) continue;
    out.emplace_back(pid, ppid);
  }
  ::closedir(d);
  return out;
}

std::vector<char*> make_envp(const std::vector<std::string>& extra, std::vector<std::string>& storage) {
  std::set<std::string> overridden;
  for (const auto& e : extra) overridden.insert(e.substr(0, e.find('=')));
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    if (!overridden.contains(entry.substr(0, entry.find('=')))) storage.push_back(entry);
  }
  storage.insert(storage.end(), extra.begin(), extra.end());
  std::vector<char*> envp;
  for (auto& s : storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  return envp;
}

}  // namespace

result<temp_dir> temp_dir::create(std::string_view prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + std::string(prefix) + "XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return fail(errc::io_error, pattern, std::strerror(errno));
  return temp_dir(pattern);
}

void temp_dir::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ec;
  // A browser that is still dying may write one more file: try again briefly.
  for (int attempt = 0; attempt < 5; ++attempt) {
    fs::remove_all(path_, ec);
    if (!fs::exists(path_, ec)) break;
    std::this_thread::sleep_for(50ms);
  }
  path_.clear();
}

temp_dir::~temp_dir() { remove(); }

result<child_process> child_process::spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                           const std::string& log_path, int pass_fd) {
  spawn_options o;
  o.argv = argv;
  o.env = env;
  o.log_path = log_path;
  o.pass_fd = pass_fd;
  return spawn(o);
}

result<child_process> child_process::spawn(const spawn_options& o, int* exec_errno) {
  if (o.argv.empty()) return fail(errc::invalid_argument, "", "empty command");
  std::vector<std::string> args_storage(o.argv);
  std::vector<char*> args;
  for (auto& a : args_storage) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  std::vector<char*> envp = make_envp(o.env, env_storage);
  // The program is looked up before fork: the child only calls async-signal-safe functions.
  std::string program = o.argv[0];
  if (o.search_path && program.find('/') == std::string::npos) {
    auto found = find_in_path(program);
    if (!found) {
      // As execvp: a bare name is never run from the current directory.
      if (exec_errno != nullptr) *exec_errno = ENOENT;
      return fail(errc::io_error, o.argv[0], std::strerror(ENOENT));
    }
    program = *found;
  }
  int log_fd = -1, null_fd = -1;
  if (!o.inherit_stdio) {
    log_fd = ::open(o.log_path.empty() ? "/dev/null" : o.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) return fail(errc::io_error, o.log_path, std::strerror(errno));
    null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  int report[2];  // exec failure is reported through a close-on-exec pipe
  if ((!o.inherit_stdio && null_fd < 0) || ::pipe2(report, O_CLOEXEC) != 0) {
    const int err = errno;
    if (log_fd >= 0) ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return fail(errc::io_error, o.argv[0], std::strerror(err));
  }
  sigset_t none;
  sigemptyset(&none);
  const sigset_t& mask = o.signal_mask ? *o.signal_mask : none;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    if (log_fd >= 0) ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    ::close(report[0]);
    ::close(report[1]);
    return fail(errc::io_error, o.argv[0], std::strerror(err));
  }
  if (pid == 0) {
    if (o.die_with_parent) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      if (::getppid() != parent) ::_exit(128 + SIGKILL);
    }
    if (o.own_group) {
      ::setpgid(0, 0);
      ::signal(SIGINT, SIG_DFL);
      ::signal(SIGTERM, SIG_DFL);
    }
    ::signal(SIGPIPE, SIG_DFL);
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);
    if (!o.inherit_stdio) {
      ::dup2(null_fd, 0);
      ::dup2(log_fd, 1);
      ::dup2(log_fd, 2);
    }
    if (o.pass_fd >= 0) ::dup2(o.pass_fd, 3);  // dup2 clears close-on-exec
    ::execve(program.c_str(), args.data(), envp.data());
    const int err = errno;
    [[maybe_unused]] auto n = ::write(report[1], &err, sizeof err);
    ::_exit(err == ENOENT ? 127 : 126);
  }
  if (o.own_group) ::setpgid(pid, pid);  // also in the parent, so the group exists before anything signals it
  if (log_fd >= 0) ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  ::close(report[1]);
  int err = 0;
  ssize_t n;
  do n = ::read(report[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  ::close(report[0]);
  if (n == static_cast<ssize_t>(sizeof err)) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (exec_errno != nullptr) *exec_errno = err;
    return fail(errc::io_error, o.argv[0], std::strerror(err));
  }
  return child_process(pid);
}

bool child_process::has_exited() {
  if (exited_ || pid_ <= 0) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    exited_ = true;
    status_ = status;
  }
  return exited_;
}

std::string child_process::describe_exit() const {
  if (WIFSIGNALED(status_))
    return fmt::format("killed by signal {} ({})", WTERMSIG(status_), strsignal(WTERMSIG(status_)));
  if (WIFEXITED(status_)) return fmt::format("exited with status {}", WEXITSTATUS(status_));
  return "ended";
}

void child_process::kill() noexcept {
  if (pid_ <= 0) return;
  const pid_t pid = pid_;
  pid_ = -1;
  try {
    std::vector<pid_t> family = descendants(pid);
    ::kill(-pid, SIGTERM);
    for (pid_t p : family) ::kill(p, SIGTERM);
    // A grace period for a clean exit (Xvfb removes its lock file, browsers their locks).
    for (int i = 0; i < 40; ++i) {
      if (!exited_) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) {
          exited_ = true;
          status_ = status;
        }
      }
      if (exited_ && ::kill(-pid, 0) != 0) break;
      std::this_thread::sleep_for(50ms);
    }
    // Whatever is left, including processes that left the group, dies now.
    for (pid_t p : descendants(pid)) family.push_back(p);
    ::kill(-pid, SIGKILL);
    for (pid_t p : family) ::kill(p, SIGKILL);
    if (!exited_) {
      ::waitpid(pid, &status_, 0);
      exited_ = true;
    }
    // Orphans that were re-parented to us (we are their subreaper) are reaped here.
    for (pid_t p : family)
      if (p != pid) ::waitpid(p, nullptr, WNOHANG);
  } catch (...) {
    ::kill(-pid, SIGKILL);
  }
}

result<std::string> capture_output(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                   std::chrono::milliseconds timeout) {
  auto dir = temp_dir::create("badport-run-");
  if (!dir) return std::move(dir).error();
  const std::string out_path = dir->path() + "/out";
  auto child = child_process::spawn(argv, env, out_path);
  if (!child) return std::move(child).error();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!child->has_exited()) {
    if (std::chrono::steady_clock::now() > deadline) {
      child->kill();
      return fail(errc::io_error, argv[0], "did not finish in time");
    }
    std::this_thread::sleep_for(20ms);
  }
  std::ifstream in(out_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!WIFEXITED(child->wait_status()) || WEXITSTATUS(child->wait_status()) != 0)
    return fail(errc::io_error, argv[0], child->describe_exit());
  return text;
}

std::string tail_of_file(const std::string& path, std::size_t max_lines) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    lines.push_back(line);
    if (lines.size() > max_lines) lines.erase(lines.begin());
  }
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : " | ") + l.substr(0, 200);
  return out;
}

std::vector<pid_t> descendants(pid_t root) {
  std::unordered_map<pid_t, std::vector<pid_t>> kids;
  for (const auto& [pid, ppid] : parents()) kids[ppid].push_back(pid);
  std::vector<pid_t> out;
  std::vector<pid_t> todo{root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    const auto it = kids.find(p);
    if (it == kids.end()) continue;
    for (const pid_t c : it->second) {
      out.push_back(c);
      todo.push_back(c);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<pid_t> children(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& [pid, ppid] : parents())
    if (ppid == parent) out.push_back(pid);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace badport::io
