// Picking free TCP ports that no browser blocks.

#include <badport/io/pick.h>
#include <badport/suggest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

namespace badport::io {

namespace {

struct address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
};

bool parse_address(const std::string& text, address& out) {
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    out.family = AF_INET;
    out.length = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    out.family = AF_INET6;
    out.length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

void set_port(address& a, std::uint16_t port) {
  if (a.family == AF_INET) reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port = htons(port);
  else reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port = htons(port);
}

/// Binds `a`; returns 0 or the errno.
int try_bind(address a, std::uint16_t port) {
  const int fd = ::socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (a.family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  set_port(a, port);
  const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&a.storage), a.length);
  const int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

}  // namespace

result<std::vector<std::string>> pick_hosts(const std::optional<std::string>& host) {
  if (host && *host != "localhost") {
    address a;
    if (!parse_address(*host, a))
      return fail(errc::invalid_argument, *host, "not a numeric IPv4 or IPv6 address (or localhost)");
    const int err = try_bind(a, 0);
    if (err == EADDRNOTAVAIL) return fail(errc::invalid_argument, *host, "this machine has no such address");
    if (err != 0) return fail(errc::invalid_argument, *host, std::strerror(err));
    return std::vector<std::string>{*host};
  }
  std::vector<std::string> hosts{"127.0.0.1"};
  address v6;
  if (parse_address("::1", v6) && try_bind(v6, 0) == 0) hosts.emplace_back("::1");
  return hosts;
}

bool is_bindable(std::uint16_t port, const std::vector<std::string>& hosts) {
  if (port == 0) return false;
  for (const auto& h : hosts) {
    address a;
    if (!parse_address(h, a) || try_bind(a, port) != 0) return false;
  }
  return true;
}

result<std::vector<std::uint16_t>> pick_ports(const pick_options& options) {
  if (options.count == 0) return fail(errc::invalid_argument, "0", "the count must be at least 1");
  if (options.near && *options.near == 0) return fail(errc::invalid_argument, "0", "--near needs a port in 1..65535");
  auto hosts = pick_hosts(options.host);
  if (!hosts) return std::move(hosts).error();

  port_interval range = options.range ? *options.range
                        : options.near ? port_interval{1, 65535}
                                       : default_pick_range;
  if (range.first == 0) range.first = 1;
  if (range.first > range.last)
    return fail(errc::invalid_range, "0", "no port in 1..65535");

  // A port qualifies when suggest.h calls it usable: no chosen engine blocks it, it lies in the
  // range, and it is not taken (it cannot be bound now, or it was already picked).
  // Each port is bound at most once: 0 unknown, 1 taken, 2 free.
  std::vector<std::uint8_t> state(65536, 0);
  std::vector<std::uint16_t> picked;
  suggest_options usable;
  usable.engines = options.engines;
  usable.within = range;
  usable.is_taken = [&](std::uint16_t p) {
    if (state[p] == 0) state[p] = is_bindable(p, *hosts) ? 2 : 1;
    return state[p] == 1;
  };
  if (options.near) {
    // The suggestion policy, as `check` answers: `near` itself, else the next port above, else
    // the nearest below; each further port the same way from `near`.
    while (picked.size() < options.count) {
      const auto p = suggest_port(*options.near, usable);
      if (!p) break;
      picked.push_back(*p);
      state[*p] = 1;
    }
  } else {
    std::vector<std::uint16_t> order;
    order.reserve(range.size());
    for (std::uint32_t p = range.first; p <= range.last; ++p) order.push_back(static_cast<std::uint16_t>(p));
    std::random_device seed;
    std::mt19937 rng(seed());
    std::shuffle(order.begin(), order.end(), rng);
    for (const std::uint16_t p : order) {
      if (!is_usable(p, usable)) continue;
      picked.push_back(p);
      state[p] = 1;
      if (picked.size() == options.count) break;
    }
  }
  if (picked.size() == options.count) return picked;
  const std::string where = std::to_string(range.first) + "-" + std::to_string(range.last);
  std::string reason = picked.empty() ? "no free port that no chosen engine blocks"
                                      : "only " + std::to_string(picked.size()) + " free ports that no chosen engine blocks";
  return fail(errc::io_error, where, reason);  // the only io_error of pick_ports: see pick.h
}

result<std::uint16_t> pick_port(const pick_options& options) {
  pick_options one = options;
  one.count = 1;
  auto ports = pick_ports(one);
  if (!ports) return std::move(ports).error();
  return ports->front();
}

}  // namespace badport::io
