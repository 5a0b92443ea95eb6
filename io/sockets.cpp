// The machine's TCP listeners (netlink inet_diag, /proc/net/tcp{,6}) and their owners (/proc).

#include <badport/io/sockets.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_set>

namespace badport::io {

namespace {

/// Closes a file descriptor at scope exit.
class fd_guard {
 public:
  explicit fd_guard(int fd) noexcept : fd_(fd) {}
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  ~fd_guard() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

/// Reads a small file (under /proc) whole; empty on any error.
std::string read_small(int dirfd, const char* path, std::size_t max = 1u << 20) {
  const int fd = ::openat(dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  fd_guard guard(fd);
  std::string out;
  char buf[8192];
  while (out.size() < max) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

bool parse_pid(const char* name, pid_t& pid) {
  const std::size_t len = std::strlen(name);
  if (len == 0 || name[0] < '1' || name[0] > '9') return false;
  const auto [end, ec] = std::from_chars(name, name + len, pid);
  return ec == std::errc{} && end == name + len;
}

/// Every numeric entry of /proc.
std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return pids;
  while (const dirent* e = ::readdir(d)) {
    pid_t pid = 0;
    if (parse_pid(e->d_name, pid)) pids.push_back(pid);
  }
  ::closedir(d);
  return pids;
}

error os_error(std::string_view what, int err) { return fail(errc::io_error, what, std::strerror(err)); }

/// Dumps one address family's TCP sockets; ENOENT/EAFNOSUPPORT for IPv6 mean "no IPv6".
result<std::vector<socket_entry>> dump_family(int fd, std::uint8_t family, bool all_states, std::uint32_t seq) {
  struct request {
    nlmsghdr header;
    inet_diag_req_v2 body;
  } req{};
  req.header.nlmsg_len = sizeof req;
  req.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.header.nlmsg_seq = seq;
  req.body.sdiag_family = family;
  req.body.sdiag_protocol = IPPROTO_TCP;
  req.body.idiag_states = all_states ? ~0u : (1u << TCP_LISTEN);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  iovec iov{&req, sizeof req};
  msghdr msg{};
  msg.msg_name = &kernel;
  msg.msg_namelen = sizeof kernel;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  while (::sendmsg(fd, &msg, 0) < 0) {
    if (errno != EINTR) return os_error("netlink sendmsg", errno);
  }
  std::vector<socket_entry> out;
  static thread_local std::vector<std::byte> buf(1u << 17);
  for (;;) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("netlink recv", errno);
    }
    if (n == 0) return fail(errc::io_error, "netlink recv", "the kernel closed the socket");
    auto batch = parse_inet_diag(std::span<const std::byte>(buf.data(), static_cast<std::size_t>(n)));
    if (!batch) return std::move(batch).error();
    if (out.empty()) out = std::move(batch->sockets);
    else out.insert(out.end(), batch->sockets.begin(), batch->sockets.end());
    if (batch->done) return out;
  }
}

}  // namespace

result<std::vector<socket_entry>> read_tcp_sockets_netlink(bool all_states) {
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return os_error("netlink socket", errno);
  fd_guard guard(fd);
  auto v4 = dump_family(fd, AF_INET, all_states, 1);
  if (!v4) return v4;
  auto v6 = dump_family(fd, AF_INET6, all_states, 2);
  if (v6) v4->insert(v4->end(), v6->begin(), v6->end());
  // A kernel without IPv6 answers the AF_INET6 dump with an error: IPv4 alone is the answer.
  return v4;
}

result<std::vector<socket_entry>> read_tcp_sockets_proc(bool all_states) {
  const std::string tcp = read_small(AT_FDCWD, "/proc/net/tcp", 1u << 30);
  if (tcp.empty()) return fail(errc::io_error, "/proc/net/tcp", "cannot read it");
  auto v4 = parse_proc_net_tcp(tcp, address_family::ipv4, all_states);
  if (!v4) return v4;
  const std::string tcp6 = read_small(AT_FDCWD, "/proc/net/tcp6", 1u << 30);
  if (!tcp6.empty()) {  // absent without IPv6
    auto v6 = parse_proc_net_tcp(tcp6, address_family::ipv6, all_states);
    if (!v6) return v6;
    v4->insert(v4->end(), v6->begin(), v6->end());
  }
  return v4;
}

result<socket_table> read_tcp_sockets(bool all_states) {
  if (auto n = read_tcp_sockets_netlink(all_states)) return socket_table{std::move(*n), socket_source::netlink};
  auto p = read_tcp_sockets_proc(all_states);
  if (!p) return std::move(p).error();
  return socket_table{std::move(*p), socket_source::proc_net};
}

process_info read_process(pid_t pid) {
  process_info p;
  p.pid = pid;
  const std::string dir = "/proc/" + std::to_string(pid);
  p.name = read_small(AT_FDCWD, (dir + "/comm").c_str(), 4096);
  while (!p.name.empty() && p.name.back() == '\n') p.name.pop_back();
  p.cmdline = read_small(AT_FDCWD, (dir + "/cmdline").c_str(), 1u << 16);
  while (!p.cmdline.empty() && p.cmdline.back() == '\0') p.cmdline.pop_back();
  std::replace(p.cmdline.begin(), p.cmdline.end(), '\0', ' ');
  return p;
}

socket_owners find_socket_owners(const std::vector<pid_t>& pids, const std::vector<std::uint64_t>& wanted) {
  socket_owners owners;
  const std::unordered_set<std::uint64_t> want(wanted.begin(), wanted.end());
  const std::vector<pid_t> scan = pids.empty() ? all_pids() : pids;
  char path[64];
  char link[64];
  for (const pid_t pid : scan) {
    std::snprintf(path, sizeof path, "/proc/%d/fd", static_cast<int>(pid));
    const int dfd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
      if (errno == EACCES || errno == EPERM) ++owners.hidden_processes;
      continue;  // ENOENT: the process is gone
    }
    DIR* d = ::fdopendir(dfd);
    if (d == nullptr) {
      ::close(dfd);
      continue;
    }
    while (const dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      const ssize_t n = ::readlinkat(dfd, e->d_name, link, sizeof link - 1);
      // "socket:[12345]"
      if (n < 10 || std::memcmp(link, "socket:[", 8) != 0 || link[n - 1] != ']') continue;
      std::uint64_t inode = 0;
      const auto [end, ec] = std::from_chars(link + 8, link + n - 1, inode);
      if (ec != std::errc{} || end != link + n - 1) continue;
      if (!want.empty() && want.count(inode) == 0) continue;
      auto& v = owners.by_inode[inode];
      if (v.empty() || v.back() != pid) v.push_back(pid);
    }
    ::closedir(d);
  }
  for (auto& [inode, v] : owners.by_inode) std::sort(v.begin(), v.end());
  return owners;
}


}  // namespace badport::io
