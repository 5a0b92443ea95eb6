#pragma once
// Fetching an upstream file or a host's answer over HTTP(S) with libcurl: badport-sync's only
// network access, used when asked (--upstream).

#include <chrono>
#include <cstddef>
#include <string>

namespace badport::sync {

/// What a GET gave: the body of a 200 answer, or why there is none.
struct download {
  bool ok = false;
  long status = 0;       ///< the HTTP status, 0 when no answer came
  std::string body;      ///< the body, when ok
  std::string error;     ///< one line, when not ok: "HTTP 404", curl's reason
};

/// GETs `url` (https:, or http: when `allow_http`), following at most 3 redirects of the same
/// kind, refusing bodies above `max_bytes`, giving up after `timeout`. `bearer`, when not
/// empty, is sent as an Authorization header (GitHub's API limits anonymous callers).
[[nodiscard]] download http_get(const std::string& url, bool allow_http, const std::string& bearer = {},
                                std::chrono::seconds timeout = std::chrono::seconds(60),
                                std::size_t max_bytes = std::size_t{16} << 20);

}  // namespace badport::sync
