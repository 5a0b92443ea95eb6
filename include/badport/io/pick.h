#pragma once
/// \file io/pick.h
/// Picking free TCP ports that no browser blocks, verified by binding them.

#include <badport/engine.h>
#include <badport/port_spec.h>
#include <badport/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace badport::io {

/// Where `pick_port` looks when neither `near` nor `range` is given: above the ports dev
/// servers default to (3000, 5173, 8000, 8080, 9000) and below Linux's ephemeral range
/// (32768-60999, /proc/sys/net/ipv4/ip_local_port_range), so that outgoing connections do not
/// take the port back.
inline constexpr port_interval default_pick_range{10000, 32767};

/// What a port picker asks for.
struct pick_options {
  /// Pick as suggest.h suggests for this port: the port itself when it is free and allowed, else
  /// the next such port above, else the nearest below (the same answer as `badport check`).
  std::optional<std::uint16_t> near;
  std::optional<port_interval> range;       ///< only ports in this range (default_pick_range without near)
  std::size_t count = 1;                    ///< how many distinct ports
  std::optional<std::string> host;          ///< a numeric IPv4/IPv6 address or "localhost"; default: loopback
  engine_set engines = engine_set::all();   ///< no engine of the set may block a picked port
};

/// The addresses a port must be bindable on: 127.0.0.1 and, when this machine has IPv6, ::1;
/// or `host` alone ("localhost" means the default pair). Fails on a host that is not a numeric
/// address, and on an address that this machine does not have.
[[nodiscard]] result<std::vector<std::string>> pick_hosts(const std::optional<std::string>& host);

/// Whether a TCP socket can bind `port` on every address now (with SO_REUSEADDR, as servers
/// bind). The socket is closed again at once: another process may take the port afterwards.
[[nodiscard]] bool is_bindable(std::uint16_t port, const std::vector<std::string>& hosts);

/// `count` distinct ports that no engine of the set blocks and that are bindable at the
/// moment of the check: in the order suggest.h's policy gives from `near` (suggest_port with
/// "cannot be bound now" as is_taken), or at random in the range. Fails with
/// errc::invalid_argument on bad options or host, and with errc::io_error (subject: the range
/// searched, "10000-32767"; reason: "no free port that no chosen engine blocks") only when
/// the range holds fewer than `count` such ports.
[[nodiscard]] result<std::vector<std::uint16_t>> pick_ports(const pick_options& options);

/// One port, as pick_ports with count 1.
[[nodiscard]] result<std::uint16_t> pick_port(const pick_options& options = {});

}  // namespace badport::io
