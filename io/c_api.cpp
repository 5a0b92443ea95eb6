// The part of the C API (badport.h) that touches the OS: badport_pick_port binds sockets.

#include <badport/badport.h>

#include <badport/engine.h>
#include <badport/ports.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

void write_message(std::string_view text, char* message, std::size_t message_size) noexcept {
  if (message == nullptr || message_size == 0) return;
  const std::size_t n = std::min(text.size(), message_size - 1);
  std::memcpy(message, text.data(), n);
  message[n] = '\0';
}

/// A numeric address to bind, IPv4 or IPv6.
struct bind_address {
  int family = AF_INET;
  in_addr v4{};
  in6_addr v6{};
};

bool parse_address(const char* text, bind_address& out) noexcept {
  if (::inet_pton(AF_INET, text, &out.v4) == 1) {
    out.family = AF_INET;
    return true;
  }
  if (::inet_pton(AF_INET6, text, &out.v6) == 1) {
    out.family = AF_INET6;
    return true;
  }
  return false;
}

/// 0 when a TCP socket binds the address and port (with SO_REUSEADDR, as servers bind), else
/// the errno of the failure. The socket is closed again at once.
int try_bind(const bind_address& a, std::uint16_t port) noexcept {
  const int fd = ::socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc = 0;
  if (a.family == AF_INET) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr = a.v4;
    rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  } else {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    sa.sin6_addr = a.v6;
    rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  }
  const int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

bool is_bindable(const std::vector<bind_address>& hosts, std::uint16_t port) noexcept {
  return std::all_of(hosts.begin(), hosts.end(), [port](const bind_address& a) { return try_bind(a, port) == 0; });
}

}  // namespace

extern "C" badport_status badport_pick_port(int near, badport_engine_set engines, const char* host, uint16_t* port,
                                            char* message, size_t message_size) {
  if (port == nullptr) {
    write_message("invalid argument: null pointer", message, message_size);
    return BADPORT_ERROR_INVALID_ARGUMENT;
  }
  if (near < 0 || near > 65535) {
    write_message("invalid argument: near port out of 0..65535", message, message_size);
    return BADPORT_ERROR_INVALID_ARGUMENT;
  }
  try {
    std::vector<bind_address> hosts;
    if (host == nullptr || std::string_view(host) == "localhost") {
      bind_address v4, v6;
      parse_address("127.0.0.1", v4);
      hosts.push_back(v4);
      // ::1 too when this machine has IPv6: a dev server often listens on both.
      parse_address("::1", v6);
      if (try_bind(v6, 0) == 0) hosts.push_back(v6);
    } else {
      bind_address a;
      if (!parse_address(host, a)) {
        write_message(std::string("invalid argument \"") + host + "\": not an IPv4 or IPv6 address", message,
                      message_size);
        return BADPORT_ERROR_INVALID_ARGUMENT;
      }
      if (const int err = try_bind(a, 0); err != 0) {
        write_message(std::string("invalid argument \"") + host + "\": " + std::strerror(err), message,
                      message_size);
        return BADPORT_ERROR_INVALID_ARGUMENT;
      }
      hosts.push_back(a);
    }

    const auto set = badport::engine_set::from_mask(static_cast<std::uint8_t>(engines & BADPORT_ALL_ENGINES));
    const auto fits = [&](int p) {
      return p >= 1 && p <= 65535 && !badport::is_blocked(p, set) &&
             is_bindable(hosts, static_cast<std::uint16_t>(p));
    };
    if (near == 0) {
      for (int p = 10000; p <= 32767; ++p)
        if (fits(p)) {
          *port = static_cast<std::uint16_t>(p);
          return BADPORT_OK;
        }
    } else {
      for (int d = 0; d <= 65535; ++d) {
        if (near + d > 65535 && near - d < 1) break;
        if (fits(near + d)) {
          *port = static_cast<std::uint16_t>(near + d);
          return BADPORT_OK;
        }
        if (d > 0 && fits(near - d)) {
          *port = static_cast<std::uint16_t>(near - d);
          return BADPORT_OK;
        }
      }
    }
    write_message("no free port that no chosen engine blocks", message, message_size);
    return BADPORT_ERROR_NOT_FOUND;
  } catch (...) {
    write_message("out of memory", message, message_size);
    return BADPORT_ERROR_IO;
  }
}
