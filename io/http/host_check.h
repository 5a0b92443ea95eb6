#pragma once
// Splitting Host headers and request targets with Boost.URL (HTTP parsing); the Host
// decision itself is the core's (badport/host_check.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::io::detail {

/// A host and port split from a Host header or an authority ("[::1]:8000").
struct authority_parts {
  std::string host;  ///< lowercase; IPv6 literals keep their brackets
  std::optional<std::uint16_t> port;
};

/// Splits an authority with Boost.URL; nullopt when it does not parse or has userinfo.
[[nodiscard]] std::optional<authority_parts> split_authority(std::string_view text);

/// split_authority, then the core's is_allowed_host: whether a Host header names one of
/// `names` (lowercase, IPv6 in brackets) and, when it carries a port, one of `ports`.
[[nodiscard]] bool is_allowed_host(std::string_view host_header, const std::vector<std::string>& names,
                                   const std::vector<std::uint16_t>& ports);

/// The value of a query parameter of an origin-form target, or nullopt.
[[nodiscard]] std::optional<std::string> query_param(std::string_view target, std::string_view key);

/// The last port of a probe chain "/c/LAST" requested at `port`: LAST as the core's port
/// parser reads it, when `port` <= LAST < `port` + `max_length`; otherwise nullopt.
[[nodiscard]] std::optional<std::uint16_t> chain_end(std::string_view last, std::uint16_t port, unsigned max_length);

/// The path of an origin-form target, without the query; empty when it does not parse.
[[nodiscard]] std::string target_path(std::string_view target);

}  // namespace badport::io::detail
