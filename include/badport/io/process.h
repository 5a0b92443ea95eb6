#pragma once
/// \file io/process.h
/// Processes: the one spawner (used by `run` and by the browser launchers), temporary
/// directories, the process tree read from /proc, and ending a whole tree.

#include <badport/result.h>

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::io {

/// A temporary directory, removed with everything in it when destroyed.
class temp_dir {
 public:
  /// Creates a fresh directory under $TMPDIR (or /tmp) named `prefix` + random suffix.
  [[nodiscard]] static result<temp_dir> create(std::string_view prefix);
  temp_dir(temp_dir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  temp_dir& operator=(temp_dir&&) = delete;
  temp_dir(const temp_dir&) = delete;
  ~temp_dir();
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Removes the directory now.
  void remove() noexcept;

 private:
  explicit temp_dir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

/// How to start a process.
struct spawn_options {
  std::vector<std::string> argv;  ///< the program and its arguments
  std::vector<std::string> env;   ///< NAME=VALUE pairs set on top of this process's environment
  /// Look argv[0] up in PATH (as a shell does); otherwise argv[0] is a path.
  bool search_path = false;
  /// Start in a process group of its own (a helper: terminal signals do not reach it, and
  /// SIGINT/SIGTERM get their default actions back). Otherwise it stays in this process's
  /// group, as a command typed in a shell does.
  bool own_group = true;
  /// Keep this process's stdin, stdout and stderr; otherwise stdin is /dev/null and stdout and
  /// stderr are appended to `log_path` (/dev/null when empty).
  bool inherit_stdio = false;
  std::string log_path;
  int pass_fd = -1;               ///< when not -1, given to the child as file descriptor 3
  bool die_with_parent = false;   ///< SIGKILL the child when this process dies (PR_SET_PDEATHSIG)
  /// The child's signal mask; nullptr: nothing blocked.
  const sigset_t* signal_mask = nullptr;
};

/// A started process. Destroying it (or kill()) ends its process group and every process that
/// descended from it, and reaps them, unless release() handed it over.
class child_process {
 public:
  /// Starts a process (fork, then execve or execvp). Fails with errc::io_error when it cannot
  /// be started; when exec itself failed, `*exec_errno` (if given) holds its errno.
  [[nodiscard]] static result<child_process> spawn(const spawn_options& options, int* exec_errno = nullptr);
  /// The same as spawn() with argv, env, a log path and an optional fd 3, in its own group.
  [[nodiscard]] static result<child_process> spawn(const std::vector<std::string>& argv,
                                                   const std::vector<std::string>& env,
                                                   const std::string& log_path, int pass_fd = -1);
  child_process(child_process&& other) noexcept
      : pid_(other.pid_), status_(other.status_), exited_(other.exited_) {
    other.pid_ = -1;
  }
  child_process& operator=(child_process&&) = delete;
  child_process(const child_process&) = delete;
  ~child_process() { kill(); }

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  /// Whether the process has exited, reaping it if so; its wait status then in wait_status().
  [[nodiscard]] bool has_exited();
  [[nodiscard]] int wait_status() const noexcept { return status_; }
  /// "exited with status 1", "killed by signal 9 (Killed)".
  [[nodiscard]] std::string describe_exit() const;
  /// Ends the process group (SIGTERM, then SIGKILL after a grace period) and every descendant.
  void kill() noexcept;
  /// Gives up ownership: the caller waits for the process and ends its tree. Returns the pid.
  [[nodiscard]] pid_t release() noexcept {
    const pid_t p = pid_;
    pid_ = -1;
    return p;
  }

 private:
  explicit child_process(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

/// Runs a program to completion and returns its standard output (for `--version`), killing it
/// after `timeout`. Fails when it cannot be started or exits non-zero.
[[nodiscard]] result<std::string> capture_output(const std::vector<std::string>& argv,
                                                 const std::vector<std::string>& env,
                                                 std::chrono::milliseconds timeout);

/// The last `max_lines` lines of a text file, for error messages (empty when unreadable).
[[nodiscard]] std::string tail_of_file(const std::string& path, std::size_t max_lines = 3);

/// The first executable named `program` in the directories of $PATH, or nullopt.
[[nodiscard]] std::optional<std::string> find_in_path(std::string_view program);

/// Every live descendant of `root` (children, grandchildren, ..., not root itself), found
/// through the parent pid in /proc/PID/stat; sorted.
[[nodiscard]] std::vector<pid_t> descendants(pid_t root);

/// The live children of `parent` (one level), from /proc; sorted.
[[nodiscard]] std::vector<pid_t> children(pid_t parent);

}  // namespace badport::io
