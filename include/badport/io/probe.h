#pragma once
/// \file io/probe.h
/// `badport probe`: launch a real browser headless, route all its HTTP through a proxy badport
/// runs on loopback, make it request every port of a set, and see which requests never reach
/// the proxy: those the browser refused. The result is compared with the port database.

#include <badport/engine.h>
#include <badport/io/browser.h>
#include <badport/io/serve.h>
#include <badport/port_spec.h>
#include <badport/result.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace badport::io {

/// The host name the probe page and its requests use. Only the proxy resolves it, so the
/// browser cannot bypass the proxy for it (as it would for localhost).
inline constexpr std::string_view probe_host = "probe.badport.test";

/// One explicit way of writing a URL whose port matters: a default port written out, leading
/// zeros, an IPv6 or IPv4 literal, a ws:// URL, port 0.
struct url_form {
  std::string id;           ///< "leading-zeros-blocked"
  std::string description;  ///< "leading zeros before a blocked port (06000)"
  std::string url;          ///< as the page writes it
  std::string scheme;       ///< "http" or "ws"
  std::string host;         ///< the host the proxy sees, lowercase ("[2001:db8::1]")
  int port = 0;             ///< the port the URL means
};

/// The forms every probe tries besides the port range.
[[nodiscard]] const std::vector<url_form>& probe_forms();

/// What the proxy has seen so far (a consistent snapshot).
struct probe_progress {
  std::size_t arrived = 0;   ///< distinct ports of the set that reached the proxy
  std::size_t total = 0;     ///< ports in the set
  unsigned round = 0;        ///< rounds the page has finished
  bool done = false;         ///< the page has finished every round
  std::string page_error;    ///< an error the page reported
};

/// What the proxy does with a connection after answering a probe request (/p/PORT or a form).
enum class probe_connection : std::uint8_t {
  keep_alive,  ///< keep it open for the next request (browsers that reuse it across ports)
  close,       ///< close it: Chromium and WebKitGTK pool connections per destination port, so
               ///< a kept one is never reused and only weighs on the browser's pool
};

/// The most ports one probe request covers: the first and up to 19 redirects, within the
/// 20 redirects the Fetch standard (and every engine) allows one request.
inline constexpr unsigned max_chain = 20;

/// What the proxy asks of the page.
struct probe_plan {
  std::vector<port_interval> ports{{1, 65535}};
  unsigned retries = 2;        ///< extra rounds over the ports that did not arrive
  std::size_t window = 192;    ///< requests in flight at once in the page
  /// Ports per request in the first round (1 to max_chain). Above 1, a request for port P
  /// is answered with a redirect to P+1, and so on along a run of consecutive ports, so one
  /// fetch walks up to `chain` ports; the browser checks each redirect's port as it would a
  /// request's. Ports that any engine of the database refuses are always requested on their
  /// own, and every round after the first requests each missing port on its own: a port
  /// counts as blocked only when direct requests for it never arrived.
  unsigned chain = 1;
  probe_connection after_probe = probe_connection::keep_alive;
};

/// The loopback HTTP proxy the browser is pointed at. It serves the probe page at
/// http://probe.badport.test/, answers every probe request with an empty 204 (or, along a
/// chain, a 307 to the next port), records the ports that arrive, and refuses every other
/// host (it is not an open proxy). Control posts from the page must carry the per-run token.
class probe_proxy {
 public:
  /// Starts on 127.0.0.1 (port `port`, 0 for any) on its own thread.
  [[nodiscard]] static result<std::unique_ptr<probe_proxy>> start(probe_plan plan, const http_limits& limits = {},
                                                                  std::uint16_t port = 0);
  virtual ~probe_proxy() = default;
  [[nodiscard]] virtual std::uint16_t port() const = 0;
  [[nodiscard]] virtual std::string token() const = 0;
  /// The URL to load in the browser.
  [[nodiscard]] virtual std::string page_url() const = 0;
  [[nodiscard]] virtual probe_progress progress() const = 0;
  /// Ports of the set that never arrived, sorted.
  [[nodiscard]] virtual std::vector<std::uint16_t> missing() const = 0;
  /// Whether a form's request arrived (keyed by host and port, as the proxy saw it).
  [[nodiscard]] virtual bool form_arrived(const url_form& f) const = 0;
  /// Requests refused because they named a host the proxy does not serve.
  [[nodiscard]] virtual std::size_t foreign_requests() const = 0;
  virtual void stop() = 0;
};

/// How to probe.
struct probe_options {
  browser_spec browser;
  std::vector<port_interval> ports{{1, 65535}};
  unsigned retries = 2;                 ///< extra rounds over the ports that did not arrive
  std::size_t window = 0;               ///< requests in flight at once; 0: default_window()
  unsigned chain = 0;                   ///< ports per request in the first round; 0: default_chain()
  std::chrono::seconds timeout{240};    ///< for the whole probe
  /// Called about ten times a second from the calling thread (for a progress bar).
  std::function<void(const probe_progress&)> on_progress;
};

/// The chain length a probe of this browser uses unless told: 20 for Chromium, whose
/// per-request cost is mostly outside the network stack (a chain takes 60% off a full probe),
/// 1 for Firefox and WebKitGTK, which spend as much on a redirect as on a new request.
[[nodiscard]] unsigned default_chain(browser_kind kind) noexcept;
/// The window a probe uses unless told: 64 requests along chains, 192 otherwise (wider was
/// measured no faster, and slower for WebKitGTK).
[[nodiscard]] std::size_t default_window(unsigned chain) noexcept;

/// One form's outcome.
struct form_result {
  url_form form;
  bool arrived = false;
  bool expected_blocked = false;  ///< what the database says (check() for the form's scheme)
  [[nodiscard]] bool agrees() const noexcept { return arrived != expected_blocked; }
};

/// What a probe found.
struct probe_result {
  browser_kind browser = browser_kind::chromium;
  engine engine_id = engine::chromium;
  std::string version;                    ///< "Chromium 156.0.8078.108"
  std::vector<port_interval> ports;       ///< the set probed
  std::size_t tested = 0;                 ///< ports in the set (port 0 is a form, not in the set)
  std::vector<std::uint16_t> blocked;     ///< ports of the set that never reached the proxy
  std::vector<std::uint16_t> only_browser;   ///< blocked by the browser, allowed by the database
  std::vector<std::uint16_t> only_database;  ///< blocked by the database, reached the proxy
  std::vector<form_result> forms;
  unsigned rounds = 0;
  unsigned chain = 1;                     ///< ports per request in the first round
  std::size_t window = 0;                 ///< requests in flight at once
  std::chrono::milliseconds elapsed{0};
  /// Whether the database agrees with the browser on every port and form tested.
  [[nodiscard]] bool agrees() const noexcept;
};

/// Runs a probe. Whatever happens (success, failure, timeout, browser crash, SIGINT/SIGTERM/
/// SIGHUP, which are held while it runs), the browser's processes and its temporary profile
/// are gone when this returns. A signal makes it fail with "interrupted by ...".
[[nodiscard]] result<probe_result> run_probe(const probe_options& opt);

}  // namespace badport::io
