#pragma once
/// \file host_check.h
/// Which Host a local server answers: the check against DNS rebinding. A page on a rebound
/// name (evil.example resolving to 127.0.0.1) reaches the server with that name in its Host
/// header; the server answers only its own names and ports. Splitting the header is HTTP
/// parsing, done in io; this decides on the parts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// The Host names a server accepts: "localhost", "127.0.0.1", "[::1]"; the bind address
/// (`bind`, IPv6 in brackets) unless it is the unspecified address; the names the user added
/// (`extra`, lowercase, IPv6 in brackets); and, when it listens on every address, this
/// machine's `hostname` (lowercase). No name twice.
[[nodiscard]] std::vector<std::string> accepted_host_names(std::string_view bind, bool bind_is_unspecified,
                                                           const std::vector<std::string>& extra,
                                                           std::string_view hostname = {});

/// Whether a Host whose host part is `host` (lowercase, IPv6 in brackets) and whose port is
/// `port` (none when the header has none) is one of `names` and, when it has a port, one of
/// `ports`.
[[nodiscard]] bool is_allowed_host(std::string_view host, std::optional<std::uint16_t> port,
                                   const std::vector<std::string>& names, const std::vector<std::uint16_t>& ports);

}  // namespace badport
