#pragma once
// Listening sockets on loopback for the tests: bound to port 0, or to a port that engines block,
// chosen at run time among every such port of the database that is free (never one fixed port
// that another program, or the same suite run from another tree, may hold).

#include <badport/io/pick.h>
#include <badport/ports.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <optional>
#include <random>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace badport::test {

/// A listening TCP socket, closed on destruction.
class listener {
 public:
  /// Binds `host` (numeric) on `port` (0: any) and listens; check ok().
  listener(const std::string& host, std::uint16_t port, bool listen_too = true) {
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    int family = AF_INET;
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      len = sizeof *v4;
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
      family = AF_INET6;
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      len = sizeof *v6;
    } else {
      return;
    }
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    const int one = 1;
    if (family == AF_INET6) ::setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 || (listen_too && ::listen(fd_, 8) != 0)) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    socklen_t l = sizeof ss;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &l);
    port_ = ntohs(family == AF_INET ? v4->sin_port : v6->sin6_port);
    struct stat st{};
    ::fstat(fd_, &st);
    inode_ = st.st_ino;
  }
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;
  listener(listener&& o) noexcept : fd_(o.fd_), port_(o.port_), inode_(o.inode_) { o.fd_ = -1; }
  ~listener() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] bool ok() const noexcept { return fd_ >= 0; }
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::uint64_t inode() const noexcept { return inode_; }
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint64_t inode_ = 0;
};

/// Whether this machine has ::1.
inline bool has_ipv6_loopback() { return listener("::1", 0).ok(); }

/// Every engine that blocks any port: all but Bun.
inline engine_set every_blocking_engine() {
  engine_set s = engine_set::all();
  s.erase(engine::bun);
  return s;
}

/// The database's ports that every engine of `blockers` blocks and no engine of `allowers`
/// blocks, shuffled (so that two suites running at once seldom want the same port). Never 0;
/// below 1024 only as root, who may bind them.
inline std::vector<std::uint16_t> blocked_port_candidates(engine_set blockers = every_blocking_engine(),
                                                          engine_set allowers = {}) {
  std::vector<std::uint16_t> out;
  for (const auto& p : known_ports()) {
    if (p.port == 0 || (p.port < 1024 && ::geteuid() != 0)) continue;
    if (blocking_engines(p.port, blockers) != blockers || is_blocked(p.port, allowers)) continue;
    out.push_back(p.port);
  }
  std::shuffle(out.begin(), out.end(), std::mt19937(std::random_device{}()));
  return out;
}

/// A listener on the first free port of `candidates`, or nullopt when every one is busy (a
/// test then fails: with dozens of candidates, that is a machine to look at, not a skip).
inline std::optional<listener> listen_on_one_of(const std::string& host, const std::vector<std::uint16_t>& candidates) {
  for (const auto port : candidates) {
    listener l(host, port);
    if (l.ok()) return l;
  }
  return std::nullopt;
}

/// A listener on a free port that every engine of `blockers` blocks (default: every engine
/// but Bun) and no engine of `allowers` blocks.
inline std::optional<listener> listen_on_blocked_port(const std::string& host,
                                                      engine_set blockers = every_blocking_engine(),
                                                      engine_set allowers = {}) {
  return listen_on_one_of(host, blocked_port_candidates(blockers, allowers));
}

/// A port as listen_on_blocked_port gives, released again for a child process to bind; 0 when
/// none is free.
inline std::uint16_t free_blocked_port(const std::string& host = "127.0.0.1",
                                       engine_set blockers = every_blocking_engine()) {
  const auto l = listen_on_blocked_port(host, blockers);
  return l ? l->port() : 0;
}

/// A range around a free blocked port, with every other free allowed port held but `leave_free`
/// of them: a pick must come from `free_ports`, never from `blocked_free` (free, but blocked).
struct held_range {
  port_interval range{0, 0};
  std::uint16_t blocked = 0;               ///< a port of the range every engine but Bun blocks, free
  std::vector<std::uint16_t> blocked_free;  ///< every free port of the range that an engine blocks
  std::vector<std::uint16_t> free_ports;    ///< the allowed ports left free, sorted
  std::vector<listener> held;
};

/// Finds a window of 41 ports around a blocked port that is free, and holds it as above. The
/// blocked ports are the database's, tried in a random order: never one fixed range that
/// another program may hold. blocked is 0 when no window will do.
inline held_range hold_range_around_blocked_port(std::size_t leave_free) {
  for (const auto b : blocked_port_candidates()) {
    held_range h;
    h.range = port_interval{static_cast<std::uint16_t>(std::max(1, b - 20)),
                            static_cast<std::uint16_t>(std::min(65535, b + 20))};
    if (!io::is_bindable(b, {"127.0.0.1"})) continue;
    h.blocked = b;
    for (std::uint32_t p = h.range.first; p <= h.range.last; ++p) {
      const auto port = static_cast<std::uint16_t>(p);
      if (!io::is_bindable(port, {"127.0.0.1"})) continue;
      if (is_blocked(port, engine_set::all())) {
        h.blocked_free.push_back(port);
        continue;
      }
      if (h.free_ports.size() < leave_free) {
        h.free_ports.push_back(port);
        continue;
      }
      listener l("127.0.0.1", port);
      if (l.ok()) h.held.push_back(std::move(l));
    }
    if (h.free_ports.size() == leave_free && !h.held.empty()) return h;
  }
  return {};
}

}  // namespace badport::test
