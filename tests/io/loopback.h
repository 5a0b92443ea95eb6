#pragma once
// Listening sockets on loopback for the tests: bound to port 0, or to a given port when free.

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

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

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint64_t inode_ = 0;
};

/// Whether this machine has ::1.
inline bool has_ipv6_loopback() { return listener("::1", 0).ok(); }

}  // namespace badport::test
