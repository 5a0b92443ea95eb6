// Parsers of the kernel's TCP socket table: /proc/net/tcp{,6} text and inet_diag netlink bytes.

#include <badport/socket_table.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <charconv>
#include <cstring>
#include <string>

namespace badport {

std::string_view name(tcp_state s) noexcept {
  switch (s) {
    case tcp_state::established: return "established";
    case tcp_state::syn_sent: return "syn-sent";
    case tcp_state::syn_recv: return "syn-recv";
    case tcp_state::fin_wait1: return "fin-wait-1";
    case tcp_state::fin_wait2: return "fin-wait-2";
    case tcp_state::time_wait: return "time-wait";
    case tcp_state::close: return "unconnected";
    case tcp_state::close_wait: return "close-wait";
    case tcp_state::last_ack: return "last-ack";
    case tcp_state::listen: return "listen";
    case tcp_state::closing: return "closing";
    case tcp_state::new_syn_recv: return "new-syn-recv";
  }
  return "unknown";
}

std::string socket_entry::address_text() const {
  char buf[INET6_ADDRSTRLEN] = {};
  const int af = family == address_family::ipv4 ? AF_INET : AF_INET6;
  if (::inet_ntop(af, address.data(), buf, sizeof buf) == nullptr) return "?";
  return buf;
}

bool socket_entry::is_wildcard() const noexcept {
  const std::size_t n = family == address_family::ipv4 ? 4 : 16;
  for (std::size_t i = 0; i < n; ++i)
    if (address[i] != 0) return false;
  return true;
}

bool socket_entry::is_loopback() const noexcept {
  if (family == address_family::ipv4) return address[0] == 127;
  for (std::size_t i = 0; i < 15; ++i)
    if (address[i] != 0) return false;
  return address[15] == 1;
}

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

/// Splits a line on runs of blanks into at most `max` fields; returns how many were found.
template <std::size_t N>
std::size_t split_fields(std::string_view line, std::array<std::string_view, N>& fields) {
  std::size_t n = 0, i = 0;
  while (i < line.size() && n < N) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    fields[n++] = line.substr(start, i - start);
  }
  return n;
}

template <class T>
bool parse_hex(std::string_view text, T& value) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return ec == std::errc{} && end == text.data() + text.size();
}

template <class T>
bool parse_dec(std::string_view text, T& value) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  return ec == std::errc{} && end == text.data() + text.size();
}

/// "0100007F:0CEA" (IPv4) or 32 hex digits ":" port (IPv6). The kernel prints each 32-bit word
/// of the address as the host sees it in memory (%08X of a __be32), so the word's in-memory
/// bytes are the address bytes: the text is read on the machine that produced it.
bool parse_endpoint(std::string_view text, address_family family, socket_entry& s) {
  const std::size_t words = family == address_family::ipv4 ? 1 : 4;
  if (text.size() != words * 8 + 5 || text[words * 8] != ':') return false;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t v = 0;
    if (!parse_hex(text.substr(w * 8, 8), v)) return false;
    std::memcpy(s.address.data() + w * 4, &v, 4);
  }
  return parse_hex(text.substr(words * 8 + 1), s.port);
}

error bad_line(std::size_t line_no, std::string_view reason) {
  return fail(errc::io_error, "/proc/net/tcp line " + std::to_string(line_no), reason);
}

}  // namespace

result<std::vector<socket_entry>> parse_proc_net_tcp(std::string_view text, address_family family, bool all_states) {
  std::vector<socket_entry> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line_no == 1) continue;  // the header: "  sl  local_address rem_address   st ..."
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    std::array<std::string_view, 10> f;
    const std::size_t n = split_fields(line, f);
    if (n == 0) continue;
    if (n < 10) return bad_line(line_no, "too few fields");
    socket_entry s;
    s.family = family;
    unsigned st = 0;
    if (!parse_hex(f[3], st) || st < 1 || st > 12) return bad_line(line_no, "bad state");
    s.state = static_cast<tcp_state>(st);
    if (!all_states && s.state != tcp_state::listen) continue;
    if (!parse_endpoint(f[1], family, s)) return bad_line(line_no, "bad local address");
    if (!parse_dec(f[7], s.uid)) return bad_line(line_no, "bad uid");
    if (!parse_dec(f[9], s.inode)) return bad_line(line_no, "bad inode");
    out.push_back(s);
  }
  return out;
}

result<inet_diag_batch> parse_inet_diag(std::span<const std::byte> bytes) {
  inet_diag_batch batch;
  std::size_t off = 0;
  const auto bad = [&](std::string_view reason) {
    return fail(errc::io_error, "inet_diag reply at byte " + std::to_string(off), reason);
  };
  while (off < bytes.size()) {
    nlmsghdr h{};
    if (bytes.size() - off < sizeof h) return bad("truncated netlink header");
    std::memcpy(&h, bytes.data() + off, sizeof h);
    if (h.nlmsg_len < sizeof h || h.nlmsg_len > bytes.size() - off) return bad("bad netlink message length");
    const std::byte* payload = bytes.data() + off + NLMSG_HDRLEN;
    const std::size_t payload_len = h.nlmsg_len - NLMSG_HDRLEN;
    if (h.nlmsg_type == NLMSG_DONE) {
      int status = 0;
      if (payload_len >= sizeof status) std::memcpy(&status, payload, sizeof status);
      if (status < 0) return bad("the kernel ended the dump with error " + std::to_string(-static_cast<long long>(status)));
      batch.done = true;
      return batch;
    }
    if (h.nlmsg_type == NLMSG_ERROR) {
      nlmsgerr e{};
      if (payload_len < sizeof e.error) return bad("truncated netlink error");
      std::memcpy(&e.error, payload, sizeof e.error);
      // -INT_MIN overflows: no errno is that large anyway.
      if (e.error != 0)
        return bad(std::string("the kernel refused the request: ") +
                   (e.error < 0 && e.error > -4096 ? std::strerror(-e.error) : "unknown error"));
    } else if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
      inet_diag_msg m{};
      if (payload_len < sizeof m) return bad("truncated inet_diag_msg");
      std::memcpy(&m, payload, sizeof m);
      socket_entry s;
      if (m.idiag_family == AF_INET) s.family = address_family::ipv4;
      else if (m.idiag_family == AF_INET6) s.family = address_family::ipv6;
      else return bad("unknown address family " + std::to_string(m.idiag_family));
      if (m.idiag_state < 1 || m.idiag_state > 12) return bad("unknown TCP state " + std::to_string(m.idiag_state));
      s.state = static_cast<tcp_state>(m.idiag_state);
      std::memcpy(s.address.data(), m.id.idiag_src, s.family == address_family::ipv4 ? 4 : 16);
      s.port = ntohs(m.id.idiag_sport);
      s.uid = m.idiag_uid;
      s.inode = m.idiag_inode;
      batch.sockets.push_back(s);
    }
    // Other message types (NLMSG_NOOP, NLMSG_OVERRUN) carry no socket.
    off += NLMSG_ALIGN(h.nlmsg_len);
  }
  return batch;
}

}  // namespace badport
