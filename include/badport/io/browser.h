#pragma once
/// \file io/browser.h
/// Finding, launching and always cleaning up real browsers: a throwaway profile in a temporary
/// directory, the browser in its own process group, everything removed on success, failure,
/// timeout, crash and Ctrl-C.

#include <badport/engine.h>
#include <badport/result.h>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::io {

/// The browsers `badport probe` can drive.
enum class browser_kind : std::uint8_t {
  chromium,  ///< through command-line flags (--proxy-server)
  firefox,   ///< Firefox / Firefox ESR through prefs in a temporary profile
  webkit,    ///< WebKitGTK through WebKitWebDriver and its MiniBrowser, on a private Xvfb display
};

/// "chromium", "firefox", "webkit".
[[nodiscard]] std::string_view name(browser_kind k) noexcept;
/// The engine whose database list a browser is compared with.
[[nodiscard]] engine engine_of(browser_kind k) noexcept;

/// A browser to launch: its kind and its executable (for WebKit, the WebKitWebDriver).
struct browser_spec {
  browser_kind kind = browser_kind::chromium;
  std::string path;
};

/// Resolves `chromium`, `firefox`, `webkit` (searched in PATH) or a path to an executable whose
/// name tells its kind (chrom*, *firefox*, WebKitWebDriver). Fails with a clear message when
/// the browser is not installed.
[[nodiscard]] result<browser_spec> find_browser(std::string_view name_or_path);

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

/// A process started in its own process group. Destroying it kills the whole group and every
/// process that descended from it, and reaps them.
class child_process {
 public:
  /// Starts `argv` with `env` (NAME=VALUE) set in the environment, stdin from /dev/null and
  /// stdout and stderr appended to `log_path` (or /dev/null when empty). When `pass_fd` is not
  /// -1, the child gets it as file descriptor 3.
  [[nodiscard]] static result<child_process> spawn(const std::vector<std::string>& argv,
                                                   const std::vector<std::string>& env,
                                                   const std::string& log_path, int pass_fd = -1);
  child_process(child_process&& other) noexcept : pid_(other.pid_), status_(other.status_) { other.pid_ = -1; }
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

/// A browser running headless, loading one URL through an HTTP proxy on loopback, with a
/// throwaway profile. Destroying it ends every process and removes every file it made.
class browser_session {
 public:
  /// Launches `spec` on `url` with every HTTP request going through 127.0.0.1:`proxy_port`.
  [[nodiscard]] static result<browser_session> launch(const browser_spec& spec, std::uint16_t proxy_port,
                                                      const std::string& url);
  browser_session(browser_session&&) noexcept = default;
  browser_session& operator=(browser_session&&) = delete;
  ~browser_session();

  /// The browser's name and exact version ("Chromium 156.0.8078.108").
  [[nodiscard]] const std::string& version() const noexcept { return version_; }
  /// Non-empty when the browser (or its driver) has died: what happened and its last output.
  [[nodiscard]] std::string crashed();
  /// The pid of the main browser (or driver) process.
  [[nodiscard]] pid_t pid() const noexcept;
  /// Ends everything now (also done by the destructor).
  void close() noexcept;

 private:
  browser_session(temp_dir dir) : dir_(std::move(dir)) {}
  std::vector<pid_t> children_before_;  // badport's children before the launch: never touched
  temp_dir dir_;
  std::optional<child_process> display_;  // Xvfb for WebKitGTK
  std::optional<child_process> process_;  // the browser, or WebKitWebDriver
  std::string version_;
  std::string log_path_;
  std::string webdriver_session_;
  std::uint16_t webdriver_port_ = 0;
  pid_t browser_pid_ = -1;  // MiniBrowser, started by WebKitWebDriver
};

}  // namespace badport::io
