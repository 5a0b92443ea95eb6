#pragma once
// Internals of the URL parser shared by its source files.

#include <badport/result.h>
#include <badport/url.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace badport {

/// The parser's access to url's members.
class detail_url_access {
 public:
  /// The basic URL parser, state by state (url.cpp).
  static result<url> parse(std::string_view input, const url* base);
  /// The same URL as parse(input, nullptr) for a plain URL ("http://example.com:8080/a?q#f":
  /// a special scheme, a domain, no credentials, nothing to encode, strip or normalize), in
  /// one pass; nullopt for anything else, which parse() then reads (url_plain.cpp).
  static std::optional<url> parse_plain(std::string_view input);
};

}  // namespace badport

namespace badport::detail {

/// The percent-encode sets of https://url.spec.whatwg.org/#percent-encoded-bytes.
enum class encode_set : std::uint8_t {
  c0_control,
  fragment,
  query,
  special_query,
  path,
  userinfo,
};

/// Whether the byte is in the set (bytes >= 0x80 are in every set).
[[nodiscard]] bool in_encode_set(unsigned char c, encode_set set) noexcept;

/// Appends `input`, UTF-8 percent-encoded with `set`, to `out`.
void percent_encode(std::string& out, std::string_view input, encode_set set);

/// A serialized host, or a failure whose reason is the validation error.
using host_result = result<std::string>;
[[nodiscard]] host_result host_failure(std::string_view reason);

/// https://url.spec.whatwg.org/#concept-host-parser; the result is the serialized host.
[[nodiscard]] host_result parse_host(std::string_view input, bool is_opaque);

/// "domain to ASCII" with beStrict false, without the forbidden code point check.
[[nodiscard]] result<std::string> domain_to_ascii_impl(std::string_view domain);

}  // namespace badport::detail
