#pragma once
/// \file url.h
/// A WHATWG URL parser (https://url.spec.whatwg.org/, "basic URL parser"), the URL's
/// effective port. Engines' decisions on URLs are in url_check.h.
///
/// Parsing is spec-exact and driven by the web-platform-tests data (urltestdata.json,
/// toascii.json, IdnaTestV2.json). Domains go through ICU's UTS #46 with the options the URL
/// Standard prescribes ("domain to ASCII"). Nothing here does I/O.

#include <badport/result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

class url;

/// Parses `input` with the URL Standard's basic URL parser, against `base` when given
/// (https://url.spec.whatwg.org/#concept-basic-url-parser). Failures are errc::invalid_url
/// whose reason is the spec's validation error name in words ("port out of range",
/// "host invalid code point", "missing scheme non-relative URL", ...).
[[nodiscard]] result<url> parse_url(std::string_view input, const url* base = nullptr);

/// A parsed URL. Getters follow the WHATWG `URL` API (https://url.spec.whatwg.org/#api).
class url {
 public:
  /// The serialized URL (https://url.spec.whatwg.org/#concept-url-serializer).
  [[nodiscard]] std::string_view href() const noexcept { return href_; }
  /// The scheme, lowercase, without the colon ("https").
  [[nodiscard]] std::string_view scheme() const noexcept { return scheme_; }
  /// The scheme with its colon ("https:"), as `URL.protocol`.
  [[nodiscard]] std::string protocol() const { return scheme_ + ':'; }
  /// The percent-encoded username, possibly empty.
  [[nodiscard]] std::string_view username() const noexcept { return username_; }
  /// The percent-encoded password, possibly empty.
  [[nodiscard]] std::string_view password() const noexcept { return password_; }
  /// Whether the URL has a host (it may be the empty host, as in "file:///x").
  [[nodiscard]] bool has_host() const noexcept { return host_.has_value(); }
  /// The serialized host ("example.com", "127.0.0.1", "[::1]"); empty when there is none.
  [[nodiscard]] std::string_view hostname() const noexcept {
    return host_ ? std::string_view(*host_) : std::string_view();
  }
  /// hostname and ":port" when the URL has a port, as `URL.host`.
  [[nodiscard]] std::string host() const;
  /// The explicit port; nullopt when absent or equal to the scheme's default port.
  [[nodiscard]] std::optional<std::uint16_t> port() const noexcept { return port_; }
  /// The explicit port, else the scheme's default port (80 for http:), else nullopt.
  [[nodiscard]] std::optional<std::uint16_t> effective_port() const noexcept;
  /// The serialized path ("/a/b", or the opaque path of "mailto:x"), as `URL.pathname`.
  [[nodiscard]] std::string_view pathname() const noexcept { return path_; }
  /// The query without "?"; nullopt when the URL has none (unlike "?" alone, an empty query).
  [[nodiscard]] const std::optional<std::string>& query() const noexcept { return query_; }
  /// The fragment without "#"; nullopt when the URL has none.
  [[nodiscard]] const std::optional<std::string>& fragment() const noexcept { return fragment_; }
  /// "?query", or empty when the query is null or empty, as `URL.search`.
  [[nodiscard]] std::string search() const;
  /// "#fragment", or empty when the fragment is null or empty, as `URL.hash`.
  [[nodiscard]] std::string hash() const;
  /// The ASCII serialization of the URL's origin, as `URL.origin` ("null" for opaque origins).
  [[nodiscard]] std::string origin() const;
  /// Whether the scheme is special (ftp, file, http, https, ws, wss).
  [[nodiscard]] bool is_special() const noexcept { return special_; }
  /// Whether the path is opaque ("mailto:x", "javascript:...").
  [[nodiscard]] bool has_opaque_path() const noexcept { return opaque_path_; }

  friend bool operator==(const url& a, const url& b) noexcept { return a.href_ == b.href_; }

 private:
  friend class detail_url_access;
  std::string href_;
  std::string scheme_;
  std::string username_;
  std::string password_;
  std::optional<std::string> host_;
  std::optional<std::uint16_t> port_;
  std::string path_;
  std::optional<std::string> query_;
  std::optional<std::string> fragment_;
  bool special_ = false;
  bool opaque_path_ = false;
};

/// The default port of a special scheme (https://url.spec.whatwg.org/#default-port):
/// ftp 21, http 80, https 443, ws 80, wss 443; nullopt for any other scheme (file included).
/// `scheme` is lowercase, without the colon.
[[nodiscard]] std::optional<std::uint16_t> default_port(std::string_view scheme) noexcept;

/// Whether `scheme` (lowercase, no colon) is special (https://url.spec.whatwg.org/#special-scheme).
[[nodiscard]] bool is_special_scheme(std::string_view scheme) noexcept;

/// The URL Standard's "domain to ASCII" (https://url.spec.whatwg.org/#concept-domain-to-ascii)
/// with beStrict false: UTS #46 ToASCII through ICU with CheckHyphens=false, CheckBidi=true,
/// CheckJoiners=true, UseSTD3ASCIIRules=false, Transitional_Processing=false,
/// VerifyDnsLength=false; an ASCII domain is only lowercased. `domain` is already
/// percent-decoded. Fails with
/// errc::invalid_url and reason "domain to ASCII".
[[nodiscard]] result<std::string> domain_to_ascii(std::string_view domain);

}  // namespace badport
