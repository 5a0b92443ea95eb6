#pragma once
/// \file io/listening.h
/// Which TCP ports something already listens on in this network namespace: the `is_taken`
/// predicate that suggest.h and decision.h take, so that no command suggests a port in use.

#include <badport/io/sockets.h>
#include <badport/result.h>

#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>

namespace badport::io {

/// The ports of a socket table's listeners (any address, IPv4 or IPv6).
class listening_ports {
 public:
  listening_ports() = default;
  explicit listening_ports(const socket_table& table);

  /// Whether a listener holds `port` on some address.
  [[nodiscard]] bool contains(std::uint16_t port) const noexcept { return (*ports_)[port]; }

  /// A predicate for suggest_options::is_taken / decide_options::is_taken; it shares this
  /// set, so it stays valid after this object is gone.
  [[nodiscard]] std::function<bool(std::uint16_t)> is_taken() const;

 private:
  std::shared_ptr<std::bitset<65536>> ports_ = std::make_shared<std::bitset<65536>>();
};

/// The ports listening now (read_tcp_sockets).
[[nodiscard]] result<listening_ports> read_listening_ports();

}  // namespace badport::io
