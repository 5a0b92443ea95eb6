#pragma once
/// \file io/sockets.h
/// The machine's TCP listeners and the processes that hold them: the kernel's socket table
/// through NETLINK_SOCK_DIAG (as `ss` reads it) or /proc/net/tcp{,6}, and the owners through
/// /proc/PID/fd. Linux only.

#include <badport/result.h>
#include <badport/socket_table.h>

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <unordered_map>
#include <vector>

namespace badport::io {

/// Where a socket table came from.
enum class socket_source : std::uint8_t {
  netlink,   ///< NETLINK_SOCK_DIAG inet_diag dump
  proc_net,  ///< /proc/net/tcp and /proc/net/tcp6
};

/// A socket table and where it came from.
struct socket_table {
  std::vector<socket_entry> sockets;
  socket_source source = socket_source::netlink;
};

/// The TCP sockets of this network namespace, IPv4 and IPv6, in LISTEN state unless
/// `all_states`: through netlink, or through /proc/net/tcp{,6} when netlink is unavailable.
/// IPv6 missing from the kernel is not an error.
[[nodiscard]] result<socket_table> read_tcp_sockets(bool all_states = false);

/// The same through netlink only (fails when NETLINK_SOCK_DIAG is unavailable).
[[nodiscard]] result<std::vector<socket_entry>> read_tcp_sockets_netlink(bool all_states = false);

/// The same through /proc/net/tcp and /proc/net/tcp6 only.
[[nodiscard]] result<std::vector<socket_entry>> read_tcp_sockets_proc(bool all_states = false);

/// A process as /proc shows it.
struct process_info {
  pid_t pid = 0;
  std::string name;     ///< /proc/PID/comm
  std::string cmdline;  ///< /proc/PID/cmdline, arguments joined by spaces; empty for kernel threads
};

/// Reads a process's name and command line (empty strings when it is gone or hidden).
[[nodiscard]] process_info read_process(pid_t pid);

/// Which processes hold which socket inodes.
struct socket_owners {
  std::unordered_map<std::uint64_t, std::vector<pid_t>> by_inode;  ///< pids in ascending order
  std::size_t hidden_processes = 0;  ///< processes whose fds this user may not read
};

/// Scans /proc/PID/fd of `pids` (every process when empty) for the socket inodes of `wanted`
/// (every socket when empty). Processes that vanish during the scan are skipped; processes
/// whose fds cannot be read are counted in hidden_processes.
[[nodiscard]] socket_owners find_socket_owners(const std::vector<pid_t>& pids = {},
                                               const std::vector<std::uint64_t>& wanted = {});

}  // namespace badport::io
