#include <badport/io/browser.h>

#include "webdriver.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace badport::io {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string_view name(browser_kind k) noexcept {
  switch (k) {
    case browser_kind::chromium: return "chromium";
    case browser_kind::firefox: return "firefox";
    case browser_kind::webkit: return "webkit";
  }
  return "?";
}

engine engine_of(browser_kind k) noexcept {
  switch (k) {
    case browser_kind::chromium: return engine::chromium;
    case browser_kind::firefox: return engine::firefox;
    case browser_kind::webkit: return engine::webkit;
  }
  return engine::fetch;
}

namespace {

std::optional<browser_kind> kind_from_name(std::string_view base) {
  std::string lower(base);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("webkitwebdriver") != std::string::npos) return browser_kind::webkit;
  if (lower.find("chrom") != std::string::npos) return browser_kind::chromium;
  if (lower.find("firefox") != std::string::npos || lower.find("librewolf") != std::string::npos)
    return browser_kind::firefox;
  return std::nullopt;
}

}  // namespace

result<browser_spec> find_browser(std::string_view name_or_path) {
  static const std::map<std::string_view, std::pair<browser_kind, std::vector<std::string_view>>> known{
      {"chromium", {browser_kind::chromium, {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}}},
      {"chrome", {browser_kind::chromium, {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}}},
      {"firefox", {browser_kind::firefox, {"firefox-esr", "firefox"}}},
      {"firefox-esr", {browser_kind::firefox, {"firefox-esr", "firefox"}}},
      {"webkit", {browser_kind::webkit, {"WebKitWebDriver"}}},
      {"webkitgtk", {browser_kind::webkit, {"WebKitWebDriver"}}},
  };
  if (name_or_path.find('/') == std::string_view::npos) {
    const auto it = known.find(name_or_path);
    if (it == known.end())
      return fail(errc::invalid_argument, name_or_path, "unknown browser; use chromium, firefox, webkit or a path");
    for (auto program : it->second.second)
      if (auto found = find_in_path(program)) return browser_spec{it->second.first, *found};
    std::string tried;
    for (auto program : it->second.second) tried += (tried.empty() ? "" : ", ") + std::string(program);
    return fail(errc::invalid_argument, name_or_path, "not installed (looked for " + tried + " in PATH)");
  }
  const std::string path(name_or_path);
  if (::access(path.c_str(), X_OK) != 0) return fail(errc::invalid_argument, path, "not an executable file");
  const auto kind = kind_from_name(fs::path(path).filename().string());
  if (!kind)
    return fail(errc::invalid_argument, path,
                "cannot tell which browser this is; its name must contain chrom, firefox or WebKitWebDriver");
  return browser_spec{*kind, path};
}

// ---- browser_session

namespace {

std::string first_line(std::string text) {
  // The Debian chromium wrapper may print shell noise; keep the line naming the browser.
  std::string best;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (best.empty() && (line.find("Chromium") != std::string::npos || line.find("Chrome") != std::string::npos ||
                         line.find("Firefox") != std::string::npos))
      best = line;
    start = end + 1;
  }
  return best;
}

std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::optional<std::string> find_minibrowser() {
  std::error_code ec;
  for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/libexec"}) {
    for (const char* api : {"webkit2gtk-4.1", "webkit2gtk-4.0", "webkitgtk-6.0"}) {
      const std::string p = std::string(dir) + "/" + api + "/MiniBrowser";
      if (::access(p.c_str(), X_OK) == 0) return p;
    }
  }
  return std::nullopt;
}

bool write_text(const std::string& path, std::string_view text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

// Firefox prefs for a quiet, throwaway profile whose every request goes through the proxy.
std::string firefox_user_js(std::uint16_t proxy_port) {
  std::string s;
  const auto pref = [&](std::string_view name, std::string_view value) {
    s += fmt::format("user_pref(\"{}\", {});\n", name, value);
  };
  const std::string port = std::to_string(proxy_port);
  pref("network.proxy.type", "1");
  pref("network.proxy.http", "\"127.0.0.1\"");
  pref("network.proxy.http_port", port);
  pref("network.proxy.ssl", "\"127.0.0.1\"");
  pref("network.proxy.ssl_port", port);
  pref("network.proxy.share_proxy_settings", "false");
  pref("network.proxy.no_proxies_on", "\"\"");
  pref("network.proxy.allow_hijacking_localhost", "true");
  pref("network.proxy.failover_direct", "false");
  pref("network.http.max-persistent-connections-per-proxy", "256");
  pref("network.http.max-connections", "900");
  pref("network.http.speculative-parallel-limit", "0");
  pref("network.dns.disablePrefetch", "true");
  pref("network.prefetch-next", "false");
  pref("network.captive-portal-service.enabled", "false");
  pref("network.connectivity-service.enabled", "false");
  pref("network.trr.mode", "5");
  pref("dom.security.https_only_mode", "false");
  pref("dom.security.https_first", "false");
  pref("app.update.enabled", "false");
  pref("app.update.auto", "false");
  pref("app.normandy.enabled", "false");
  pref("datareporting.healthreport.uploadEnabled", "false");
  pref("datareporting.policy.dataSubmissionEnabled", "false");
  pref("toolkit.telemetry.enabled", "false");
  pref("toolkit.telemetry.unified", "false");
  pref("toolkit.telemetry.server", "\"\"");
  pref("browser.shell.checkDefaultBrowser", "false");
  pref("browser.startup.homepage_override.mstone", "\"ignore\"");
  pref("browser.startup.page", "0");
  pref("browser.aboutwelcome.enabled", "false");
  pref("browser.safebrowsing.malware.enabled", "false");
  pref("browser.safebrowsing.phishing.enabled", "false");
  pref("browser.safebrowsing.downloads.enabled", "false");
  pref("browser.safebrowsing.update.enabled", "false");
  pref("browser.newtabpage.enabled", "false");
  pref("browser.search.update", "false");
  pref("extensions.update.enabled", "false");
  pref("extensions.getAddons.cache.enabled", "false");
  pref("extensions.blocklist.enabled", "false");
  pref("services.settings.server", "\"http://remote-settings.invalid/\"");
  pref("security.OCSP.enabled", "0");
  pref("media.gmp-manager.updateEnabled", "false");
  pref("browser.tabs.remote.autostart", "true");
  pref("dom.max_script_run_time", "0");
  return s;
}

}  // namespace

result<browser_session> browser_session::launch(const browser_spec& spec, std::uint16_t proxy_port,
                                                const std::string& url) {
  auto dir = temp_dir::create("badport-probe-");
  if (!dir) return std::move(dir).error();
  browser_session s(std::move(*dir));
  const std::string root = s.dir_.path();
  const std::string home = root + "/home", profile = root + "/profile", runtime = root + "/run",
                    tmp = root + "/tmp";
  for (const auto& d : {home, profile, runtime, tmp})
    if (::mkdir(d.c_str(), 0700) != 0) return fail(errc::io_error, d, std::strerror(errno));
  s.log_path_ = root + "/browser.log";
  if (const char* keep = std::getenv("BADPORT_BROWSER_LOG"); keep != nullptr && *keep != '\0') s.log_path_ = keep;
  // The browser's home, caches and runtime files all live in the temporary directory.
  std::vector<std::string> env{"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config",
                               "XDG_CACHE_HOME=" + home + "/.cache", "XDG_DATA_HOME=" + home + "/.local/share",
                               "XDG_RUNTIME_DIR=" + runtime, "TMPDIR=" + tmp, "NO_AT_BRIDGE=1", "GTK_A11Y=none"};
  s.children_before_ = children(::getpid());
  const std::string proxy = "127.0.0.1:" + std::to_string(proxy_port);

  switch (spec.kind) {
    case browser_kind::chromium: {
      auto v = capture_output({spec.path, "--version"}, env, 20s);
      if (!v) return std::move(v).error();
      s.version_ = first_line(*v);
      if (const auto at = s.version_.find(" built on"); at != std::string::npos) s.version_.resize(at);
      std::vector<std::string> argv{spec.path,
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-quic",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--no-default-browser-check",
                                    "--disable-extensions",
                                    "--disable-dev-shm-usage",
                                    "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,MediaRouter",
                                    "--user-data-dir=" + profile,
                                    "--proxy-server=http://" + proxy,
                                    "--proxy-bypass-list=<-loopback>"};
      if (std::getenv("BADPORT_BROWSER_LOG") != nullptr) argv.push_back("--enable-logging=stderr");
      // Safe Browsing checks every subresource URL against its (here never downloaded) lists:
      // work for each of the 65535 probe requests, and nothing to do with port blocking.
      if (::mkdir((profile + "/Default").c_str(), 0700) != 0 ||
          !write_text(profile + "/Default/Preferences", R"({"safebrowsing":{"enabled":false}})"))
        return fail(errc::io_error, profile + "/Default/Preferences", "cannot write");
      argv.push_back(url);
      auto child = child_process::spawn(argv, env, s.log_path_);
      if (!child) return std::move(child).error();
      s.process_.emplace(std::move(*child));
      break;
    }
    case browser_kind::firefox: {
      env.push_back("MOZ_CRASHREPORTER_DISABLE=1");
      env.push_back("MOZ_NO_REMOTE=1");
      auto v = capture_output({spec.path, "--version"}, env, 20s);
      if (!v) return std::move(v).error();
      s.version_ = first_line(*v);
      if (s.version_.rfind("Mozilla ", 0) == 0) s.version_.erase(0, 8);
      if (!write_text(profile + "/user.js", firefox_user_js(proxy_port)))
        return fail(errc::io_error, profile + "/user.js", "cannot write");
      auto child = child_process::spawn({spec.path, "--headless", "--no-remote", "--profile", profile, url}, env,
                                        s.log_path_);
      if (!child) return std::move(child).error();
      s.process_.emplace(std::move(*child));
      break;
    }
    case browser_kind::webkit: {
      const auto minibrowser = find_minibrowser();
      if (!minibrowser) return fail(errc::invalid_argument, "webkit", "MiniBrowser of WebKitGTK not found");
      std::string display;
      if (const char* d = std::getenv("BADPORT_DISPLAY"); d != nullptr && *d != '\0') {
        display = d;
      } else {
        const auto xvfb = find_in_path("Xvfb");
        if (!xvfb) return fail(errc::invalid_argument, "webkit", "Xvfb not installed (package xvfb)");
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) return fail(errc::io_error, "pipe", std::strerror(errno));
        auto x = child_process::spawn({*xvfb, "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1024x768x24"},
                                      env, root + "/xvfb.log", fds[1]);
        ::close(fds[1]);
        if (!x) {
          ::close(fds[0]);
          return std::move(x).error();
        }
        s.display_.emplace(std::move(*x));
        std::string number;
        char c;
        while (::read(fds[0], &c, 1) == 1 && c != '\n') number += c;
        ::close(fds[0]);
        if (number.empty())
          return fail(errc::io_error, "Xvfb", "did not start: " + tail_of_file(root + "/xvfb.log"));
        display = ":" + number;
      }
      env.push_back("DISPLAY=" + display);
      env.push_back("WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1");
      env.push_back("WEBKIT_DISABLE_COMPOSITING_MODE=1");
      env.push_back("LIBGL_ALWAYS_SOFTWARE=1");
      s.webdriver_port_ = free_loopback_port();
      auto child = child_process::spawn({spec.path, "--port=" + std::to_string(s.webdriver_port_)}, env, s.log_path_);
      if (!child) return std::move(child).error();
      s.process_.emplace(std::move(*child));
      nlohmann::json caps;
      caps["capabilities"]["alwaysMatch"]["webkitgtk:browserOptions"] = {{"binary", *minibrowser},
                                                                        {"args", nlohmann::json::array({"--automation"})}};
      caps["capabilities"]["alwaysMatch"]["proxy"] = {
          {"proxyType", "manual"}, {"httpProxy", proxy}, {"sslProxy", proxy}, {"noProxy", nlohmann::json::array()}};
      // The driver needs a moment to listen; retry the first command until it answers.
      result<nlohmann::json> session = fail(errc::io_error, "WebKitWebDriver", "did not start");
      for (int attempt = 0; attempt < 100; ++attempt) {
        if (s.process_->has_exited())
          return fail(errc::io_error, "WebKitWebDriver", s.process_->describe_exit() + ": " + tail_of_file(s.log_path_));
        session = detail::webdriver_call(s.webdriver_port_, "POST", "/session", caps, 60s);
        if (session || session.error().reason.find("refused") == std::string::npos) break;
        std::this_thread::sleep_for(100ms);
      }
      if (!session) return std::move(session).error();
      s.webdriver_session_ = session->value("sessionId", std::string());
      const auto& c = (*session)["capabilities"];
      s.version_ = "WebKitGTK " + (c.is_object() ? c.value("browserVersion", std::string("?")) : std::string("?"));
      // The browser the driver started: watched so that its death ends the probe at once.
      for (pid_t p : descendants(s.process_->pid())) {
        std::ifstream comm("/proc/" + std::to_string(p) + "/comm");
        std::string name;
        if (std::getline(comm, name) && name == "MiniBrowser") s.browser_pid_ = p;
      }
      auto nav = detail::webdriver_call(s.webdriver_port_, "POST", "/session/" + s.webdriver_session_ + "/url",
                                        {{"url", url}}, 60s);
      if (!nav) {
        // The driver answers the navigation once the page has loaded, while the probe may
        // already be running: a browser that died meanwhile is reported as such.
        if (std::string why = s.crashed(); !why.empty())
          return fail(errc::io_error, name(spec.kind), "the browser died before the probe finished (" + why + ")");
        return std::move(nav).error();
      }
      break;
    }
  }
  return s;
}

std::string browser_session::crashed() {
  if (display_ && display_->has_exited()) return "Xvfb " + display_->describe_exit();
  if (browser_pid_ > 0) {
    std::ifstream stat("/proc/" + std::to_string(browser_pid_) + "/stat");
    std::string line;
    const auto paren = std::getline(stat, line) ? line.rfind(')') : std::string::npos;
    if (paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] == 'Z' || line[paren + 2] == 'X')
      return "MiniBrowser ended; last output: " + tail_of_file(log_path_);
  }
  if (!process_ || !process_->has_exited()) return {};
  std::string what = std::string(process_->describe_exit());
  const std::string tail = tail_of_file(log_path_);
  return tail.empty() ? what : what + "; last output: " + tail;
}

pid_t browser_session::pid() const noexcept { return process_ ? process_->pid() : -1; }

void browser_session::close() noexcept {
  if (process_ && process_->pid() > 0 && !webdriver_session_.empty() && !process_->has_exited()) {
    try {
      (void)detail::webdriver_call(webdriver_port_, "DELETE", "/session/" + webdriver_session_, nullptr, 5s);
    } catch (...) {
    }
  }
  webdriver_session_.clear();
  // Only the session that owns running processes sweeps (never a moved-from shell).
  const bool owner = (process_ && process_->pid() > 0) || (display_ && display_->pid() > 0);
  if (process_) process_->kill();
  if (display_) display_->kill();
  // Helpers that left the browser's process group and outlived their parent (Chromium's
  // crashpad handler, Firefox's crash helper) were re-parented to badport, the subreaper:
  // every child that appeared since the launch is ended and reaped.
  if (owner) {
    for (int pass = 0; pass < 2; ++pass) {
      for (pid_t p : children(::getpid())) {
        if (std::find(children_before_.begin(), children_before_.end(), p) != children_before_.end()) continue;
        ::kill(p, SIGKILL);
        ::waitpid(p, nullptr, 0);
      }
    }
  }
  dir_.remove();
}

browser_session::~browser_session() { close(); }

}  // namespace badport::io
