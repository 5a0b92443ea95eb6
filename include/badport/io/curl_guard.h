#pragma once
/// \file io/curl_guard.h
/// A port guard for libcurl: installed into an easy handle, it refuses every request, redirects
/// included, to a port that one of the chosen engines blocks, before any connection is made.
/// The protection browsers (Fetch "bad port", https://fetch.spec.whatwg.org/#port-blocking),
/// Node.js and Deno give, for crawlers, webhook senders and proxies written in C or C++.
///
/// How it works: libcurl calls the guard's socket-option callback (CURLOPT_SOCKOPTFUNCTION)
/// for every new socket, after the socket is created and before connect(); the guard reads
/// the URL libcurl is about to fetch (CURLINFO_EFFECTIVE_URL, which libcurl updates on each
/// redirect it follows), parses it with badport's WHATWG parser and decides it with
/// check_url. A refused URL makes the transfer fail with CURLE_ABORTED_BY_CALLBACK: no byte
/// and no TCP handshake reach the server. The pre-request callback (CURLOPT_PREREQFUNCTION,
/// libcurl >= 7.80) checks again before a request goes out on a reused connection.
///
/// A URL that badport's parser rejects is refused as well (browsers give a network error).
/// The guard takes over CURLOPT_SOCKOPTFUNCTION/CURLOPT_SOCKOPTDATA and
/// CURLOPT_PREREQFUNCTION/CURLOPT_PREREQDATA of the handle. It decides the URL's port, as
/// browsers do: a port changed with CURLOPT_PORT, CURLOPT_CONNECT_TO or a proxy is not seen.

#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The guard for C programs (this header compiles as C). The same guard as the C++ class
/// badport::io::curl_guard below; link badport::io (a C++ library: link with the C++ runtime).
typedef struct badport_curl_guard badport_curl_guard;

/// A guard refusing what any engine of `engines` refuses: a comma-separated list as
/// `--engine` takes it ("chromium,firefox"; NULL or "all" for every engine). NULL when the
/// list names an unknown engine or memory runs out.
badport_curl_guard* badport_curl_guard_new(const char* engines);

/// Installs the guard into `handle`; CURLE_OK or the error of the curl_easy_setopt that failed.
CURLcode badport_curl_guard_install(badport_curl_guard* guard, CURL* handle);

/// Why the guard refused the last transfer (one line, see curl_refusal::message), or NULL
/// when it refused nothing. Valid until the next call on the guard.
const char* badport_curl_guard_refusal(badport_curl_guard* guard);

/// Frees the guard (NULL is fine). Free it only after the handle's last transfer.
void badport_curl_guard_free(badport_curl_guard* guard);

#ifdef __cplusplus
}  // extern "C"

#include <badport/engine.h>
#include <badport/rules.h>

#include <optional>
#include <string>
#include <string_view>

namespace badport::io {

/// Why the guard refused a request.
struct curl_refusal {
  std::string url;         ///< the URL libcurl was about to fetch
  int port = -1;           ///< its effective port; -1 when the URL did not parse
  engine_set blocked_by;   ///< the chosen engines that refuse it; empty when the URL did not parse
  std::string url_error;   ///< the parse error when the URL did not parse, else empty

  /// One line for people: `port 6000 of http://127.0.0.1:6000/ is blocked by chromium, firefox`
  /// or `invalid URL "http://a:99999/": port out of range`.
  [[nodiscard]] std::string message() const;
};

/// The guard. Create one per easy handle, install it, keep it alive (and in place: libcurl
/// holds its address) as long as the handle performs transfers. Not thread-safe beyond
/// libcurl's own rule of one handle per thread. A copy made with curl_easy_duphandle keeps
/// the callbacks but they would read the original handle's URL: install a guard of its own
/// on the copy. The multi interface works the same way.
///
/// \code
///   badport::io::curl_guard guard({badport::engine::chromium, badport::engine::firefox});
///   guard.install(curl);
///   CURLcode rc = curl_easy_perform(curl);
///   if (rc == CURLE_ABORTED_BY_CALLBACK && guard.refusal())
///     std::fprintf(stderr, "%s\n", guard.refusal()->message().c_str());
/// \endcode
class curl_guard {
 public:
  /// A guard refusing what any engine of `engines` refuses, under the user's overrides.
  explicit curl_guard(engine_set engines = engine_set::all(), overrides user = {});
  curl_guard(const curl_guard&) = delete;
  curl_guard& operator=(const curl_guard&) = delete;
  ~curl_guard() = default;

  /// Installs the guard's callbacks into `handle`. Returns CURLE_OK, or the error of the
  /// first curl_easy_setopt that failed (CURLE_UNKNOWN_OPTION when libcurl is older than 7.80).
  /// Install again after curl_easy_reset.
  [[nodiscard]] CURLcode install(CURL* handle);

  /// What the guard decides on a URL, without libcurl: nullopt when every chosen engine lets
  /// it out, else the refusal.
  [[nodiscard]] std::optional<curl_refusal> decide(std::string_view url) const;

  /// The refusal that stopped the last transfer, or nullptr when the guard refused nothing.
  /// A transfer ending in CURLE_ABORTED_BY_CALLBACK with a refusal here was stopped by badport.
  [[nodiscard]] const curl_refusal* refusal() const noexcept { return refusal_ ? &*refusal_ : nullptr; }

  /// Forgets the last refusal (the guard does this itself when a new transfer connects).
  void clear() noexcept { refusal_.reset(); }

  /// The engines the guard enforces.
  [[nodiscard]] engine_set engines() const noexcept { return engines_; }

 private:
  static int on_socket(void* self, curl_socket_t fd, curlsocktype purpose);
  static int on_prereq(void* self, char* primary_ip, char* local_ip, int primary_port, int local_port);
  /// Decides the handle's current URL and records a refusal; true when the URL may go out.
  bool admit();

  engine_set engines_;
  overrides user_;
  CURL* handle_ = nullptr;
  std::optional<curl_refusal> refusal_;
};

}  // namespace badport::io
#endif  // __cplusplus
