#pragma once
/// \file io/browser.h
/// Finding, launching and always cleaning up real browsers: a throwaway profile in a temporary
/// directory, the browser in its own process group (spawned by io/process.h), everything
/// removed on success, failure, timeout, crash and Ctrl-C.

#include <badport/engine.h>
#include <badport/io/process.h>
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
