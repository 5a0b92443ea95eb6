#pragma once
/// \file io/fetch.h
/// An HTTP(S) request made with libcurl the way a browser makes it: redirects are followed by
/// badport, not by libcurl, so each hop's URL is decided for every engine before a connection
/// is made, as Fetch's main fetch does again on each redirect
/// (https://fetch.spec.whatwg.org/#http-redirect-fetch, then #port-blocking).

#include <badport/engine.h>
#include <badport/exit_status.h>
#include <badport/result.h>
#include <badport/rules.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace badport::io {

/// What to send and how.
struct fetch_options {
  std::string method;                      ///< empty: GET, or POST when `data` is set (as curl -d)
  std::vector<std::string> headers;        ///< "Name: value" lines, as curl -H
  std::optional<std::string> data;         ///< the request body, as curl -d
  engine_set engines = engine_set::all();  ///< the engines decided on each hop
  overrides user;                          ///< the user's engine overrides
  /// false: act as curl (the request goes out) and report what each engine would do;
  /// true: act as the engines together, like one browser (`--as`): a hop any of them
  /// refuses is never sent, and every one of them ends there as blocked.
  bool enforce = false;
  int max_redirects = 20;                       ///< as browsers: the 21st redirect is an error
  std::chrono::milliseconds connect_timeout{0};  ///< 0: libcurl's default
  /// For the whole chain; 0: no limit. A server that accepts and then says nothing would
  /// otherwise hold the request forever.
  std::chrono::milliseconds max_time{30'000};
  bool insecure = false;                        ///< skip TLS certificate and host name checks
  bool want_body = false;                       ///< read the final response's body
  std::size_t max_body = std::size_t{64} << 20;  ///< larger bodies are an error
};

/// A response as received: status, headers, where it came from.
struct fetch_response {
  long status = 0;
  std::string status_line;  ///< "HTTP/1.1 302 Found", as the server sent it
  std::vector<std::pair<std::string, std::string>> headers;  ///< in order, as sent
  std::optional<std::string> location;  ///< the first Location header, when present
  /// Two Location headers with different values. Chromium (net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)
  /// and Firefox (Corrupted Content Error) refuse such a response; identical copies are
  /// followed; curl follows the first.
  bool conflicting_locations = false;
  std::string remote_ip;
  int remote_port = 0;
};

/// Why a hop ended in an error.
enum class fetch_error_kind : std::uint8_t {
  network,             ///< libcurl failed: connect, TLS, timeout... (curl_code is set)
  invalid_redirect,    ///< the Location does not parse as a URL against the hop's URL
  unsupported_scheme,  ///< the redirect leads to a scheme other than http/https
  too_many_redirects,  ///< more than max_redirects redirects
  body_too_large,      ///< the body passed max_body
  headers_too_large,   ///< a response header line longer than libcurl accepts (100 KiB)
  conflicting_locations,  ///< a redirect with two different Location headers (browsers refuse it)
};

/// The short name of an error kind ("invalid-redirect").
[[nodiscard]] std::string_view name(fetch_error_kind k) noexcept;

/// An error at a hop: for every participant still on its way, the chain ends there.
struct fetch_error {
  fetch_error_kind kind{};
  int curl_code = 0;    ///< the CURLcode for network errors, else 0
  std::string message;  ///< curl's own text ("Couldn't connect to server") or badport's message
  std::string detail;   ///< libcurl's error buffer ("Failed to connect to 127.0.0.1 port 9 ..."), may be empty
};

/// One request of the chain.
struct fetch_hop {
  std::string url;                 ///< the URL, serialized by badport's WHATWG parser
  std::string method;              ///< "GET", "POST", ...
  int port = -1;                   ///< the URL's effective port
  std::vector<verdict> verdicts;   ///< one per engine still on its way at this hop
  bool sent = false;               ///< whether the request went out
  std::optional<fetch_response> response;
  std::optional<fetch_error> error;
  /// An error for the engines only, while curl goes on (two different Location headers: curl
  /// follows the first); the engines' chains end here, as failed.
  std::optional<fetch_error> engine_error;
  std::optional<std::string> next;  ///< the redirect's resolved URL, when this hop redirects
};

/// How a participant's chain ended.
enum class fetch_end : std::uint8_t {
  reached,  ///< it got the final response
  blocked,  ///< its engine refused a hop's port
  failed,   ///< an error (network, invalid redirect, ...)
};

/// The short name of an end ("reached").
[[nodiscard]] std::string_view name(fetch_end e) noexcept;

/// One participant: curl itself (no engine) or an engine.
struct fetch_outcome {
  std::optional<engine> who;  ///< nullopt: curl, which blocks no port
  fetch_end end{};
  std::size_t hop = 0;        ///< the index in fetch_report::hops where the chain ended
};

/// The whole chain.
struct fetch_report {
  std::vector<fetch_hop> hops;
  std::vector<fetch_outcome> outcomes;  ///< curl first unless enforcing, then the engines in order
  std::optional<std::string> body;      ///< the final body when asked for and received

  /// ok when every participant reached the page, blocked when one was stopped by a port (and
  /// none failed), error when one failed.
  [[nodiscard]] exit_status status() const noexcept;
};

/// Makes the request, following up to max_redirects redirects itself. Fails (errc::invalid_url,
/// errc::invalid_argument) only on a bad start URL or options; network errors and blocked ports
/// are part of the report.
[[nodiscard]] result<fetch_report> fetch(std::string_view url, const fetch_options& opt);

}  // namespace badport::io
