#pragma once
/// \file url_check.h
/// The engines' decisions on URLs: which engines refuse a parsed URL (url.h), or a URL's text
/// in bulk through a fast path that reads only the scheme and authority. The port rules
/// themselves are rules.h's check(); the per-scheme rules follow each engine's source:
/// Fetch "bad port" (https://fetch.spec.whatwg.org/#port-blocking), Chromium
/// net/base/port_util.cc, Firefox netwerk/base/nsIOService.cpp, WebKit Source/WTF/wtf/URL.cpp.

#include <badport/engine.h>
#include <badport/result.h>
#include <badport/rules.h>
#include <badport/url.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace badport {

/// One engine's decision on a URL. The effective port is the URL's port, else its scheme's
/// default. Fetch, Node and Deno check only http/https (ws/wss mapped to them) and only an
/// explicit port (a default port is null in the URL, so never blocked: reason::default_port);
/// Chromium, Firefox and WebKit decide the effective port with check() in rules.h. A URL with
/// no effective port at all (most non-special schemes) is allowed with reason::default_port
/// and `port` -1.
[[nodiscard]] verdict check_url(const url& u, engine e, const overrides& user = {}) noexcept;

/// check_url for each engine of the set, in engine order.
[[nodiscard]] std::vector<verdict> check_url(const url& u, engine_set engines, const overrides& user = {});

/// The engines of the set that refuse the URL.
[[nodiscard]] engine_set blocking_engines(const url& u, engine_set engines = engine_set::all(),
                                          const overrides& user = {}) noexcept;

/// The engines of the set that refuse the URL text, or the parse error. Same answer as
/// parse_url then blocking_engines, but reads only the scheme and authority when the URL is
/// plain (a special scheme, "//", an ASCII domain or port, no credentials); anything else
/// takes the full parser. Made for bulk checks: no allocation on the fast path.
[[nodiscard]] result<engine_set> blocking_engines_for_url(std::string_view input,
                                                          engine_set engines = engine_set::all(),
                                                          const overrides& user = {});

/// blocking_engines_for_url for many URLs under the same engines and overrides: each
/// decision on a plain URL's (scheme, port) is computed once and remembered (a fixed table
/// of about 640 KiB, allocated on first use). Same answers as blocking_engines_for_url.
class url_decider {
 public:
  url_decider(engine_set engines, overrides user);
  /// The engines that refuse the URL text, or the parse error.
  [[nodiscard]] result<engine_set> blocking_engines(std::string_view input);

 private:
  engine_set engines_;
  overrides user_;
  std::vector<engine_mask> known_;  ///< per (scheme, port): 0 unknown, else 1 + mask
};

namespace detail {
/// What the fast path found: a canonical special scheme (static storage) and the explicit,
/// non-default port.
struct url_port_key {
  std::string_view scheme;
  std::optional<std::uint16_t> port;
};
/// The fast path of blocking_engines_for_url: the key when the URL is plain and valid,
/// nullopt when the full parser must decide (which includes every invalid URL).
[[nodiscard]] std::optional<url_port_key> fast_url_port_key(std::string_view input) noexcept;
}  // namespace detail

}  // namespace badport
