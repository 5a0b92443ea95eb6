#pragma once
/// \file socket_table.h
/// Reading the kernel's TCP socket table from its two textual and binary forms: the lines of
/// /proc/net/tcp and /proc/net/tcp6 (Linux Documentation/networking/proc_net_tcp.rst), and the
/// NETLINK_SOCK_DIAG inet_diag replies that `ss` reads (linux/inet_diag.h). These parsers take
/// bytes that an adapter read (see io/sockets.h) and do no I/O themselves.

#include <badport/result.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// The address family of a socket.
enum class address_family : std::uint8_t {
  ipv4,  ///< AF_INET
  ipv6,  ///< AF_INET6
};

/// The TCP state of a socket, numbered as the kernel numbers them (include/net/tcp_states.h).
enum class tcp_state : std::uint8_t {
  established = 1,
  syn_sent,
  syn_recv,
  fin_wait1,
  fin_wait2,
  time_wait,
  close,
  close_wait,
  last_ack,
  listen,
  closing,
  new_syn_recv,
};

/// The lowercase name of a state as `ss` prints it ("listen", "time-wait"), or "unknown".
[[nodiscard]] std::string_view name(tcp_state s) noexcept;

/// One TCP socket of the kernel's table.
struct socket_entry {
  address_family family = address_family::ipv4;
  tcp_state state = tcp_state::listen;
  std::array<std::uint8_t, 16> address{};  ///< local address, network byte order; IPv4 uses the first 4 bytes
  std::uint16_t port = 0;                  ///< local port
  std::uint32_t uid = 0;                   ///< the owner's user id
  std::uint64_t inode = 0;                 ///< the socket's inode, as /proc/PID/fd shows "socket:[INODE]"

  /// The local address as text: "127.0.0.1", "::1", "0.0.0.0", "::", "::ffff:10.0.0.1".
  [[nodiscard]] std::string address_text() const;
  /// Whether the address is a wildcard (0.0.0.0 or ::), reachable through every local address.
  [[nodiscard]] bool is_wildcard() const noexcept;
  /// Whether the address is loopback (127.0.0.0/8 or ::1).
  [[nodiscard]] bool is_loopback() const noexcept;
};

/// Parses the text of /proc/net/tcp (family ipv4) or /proc/net/tcp6 (family ipv6): a header
/// line, then one line per socket. Keeps only sockets in `state` unless `all_states` is true.
/// A malformed line fails with errc::io_error naming the line number.
[[nodiscard]] result<std::vector<socket_entry>> parse_proc_net_tcp(std::string_view text, address_family family,
                                                                   bool all_states = false);

/// What one batch of inet_diag reply bytes held.
struct inet_diag_batch {
  std::vector<socket_entry> sockets;  ///< the sockets of the batch's SOCK_DIAG_BY_FAMILY messages
  bool done = false;                  ///< an NLMSG_DONE message ended the dump
};

/// Parses the bytes of one recv() from a NETLINK_SOCK_DIAG socket that was sent an
/// inet_diag_req_v2 dump request: a sequence of netlink messages, each a struct nlmsghdr and a
/// struct inet_diag_msg. NLMSG_ERROR and truncated or malformed messages fail with
/// errc::io_error; the reason names the kernel's error or the offset of the bad message.
[[nodiscard]] result<inet_diag_batch> parse_inet_diag(std::span<const std::byte> bytes);

}  // namespace badport
