// Which TCP ports are already listening: the is_taken predicate of the suggestion policy.

#include <badport/io/listening.h>

namespace badport::io {

listening_ports::listening_ports(const socket_table& table) {
  for (const auto& s : table.sockets)
    if (s.state == tcp_state::listen) ports_->set(s.port);
}

std::function<bool(std::uint16_t)> listening_ports::is_taken() const {
  return [ports = ports_](std::uint16_t port) { return (*ports)[port]; };
}

result<listening_ports> read_listening_ports() {
  auto table = read_tcp_sockets();
  if (!table) return std::move(table).error();
  return listening_ports(*table);
}

}  // namespace badport::io
