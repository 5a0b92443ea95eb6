// The socket table parsers on bytes captured from a Linux 6.x x86-64 machine that had listeners
// on 0.0.0.0:2024, 127.0.0.1:6000 and [::1]:5060.

#include <badport/bind_warning.h>
#include <badport/socket_table.h>

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

namespace badport {
namespace {

std::vector<std::byte> from_hex(std::string_view hex) {
  std::vector<std::byte> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::byte>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// AF_INET dump: two SOCK_DIAG_BY_FAMILY messages, then NLMSG_DONE.
constexpr std::string_view inet_dump =
    "7c000000140002000700000026540000020a000007e800000000000000000000000000000000000000000000000000000000000000"
    "000000000000000100000000000000000000000000000080000000000000003a060000050008000000000008000f00000000000c00"
    "1500010000000000000006001600520000007c000000140002000700000026540000020a0000177000007f00000100000000000000"
    "0000000000000000000000000000000000000000000000000005000000000000000000000000000000800000000000000000650000"
    "050008000000000008000f00000000000c001500010000000000000006001600520000001400000003000200070000002654000000"
    "000000";
// AF_INET6 dump: one message, then NLMSG_DONE.
constexpr std::string_view inet6_dump =
    "840000001400020007000000265400000a0a000013c400000000000000000000000000000000000100000000000000000000000000"
    "0000000000000006000000000000000000000000000000800000000000000001650000050008000000000005000b00010000000800"
    "0f00000000000c001500010000000000000006001600120000001400000003000200070000002654000000000000";

constexpr std::string_view proc_tcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1594 1 "
    "000000001e0530e3 100 0 0 10 0\n"
    "   1: 0100007F:1770 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 25856 1 "
    "00000000ee3768dc 100 0 0 10 0\n"
    "   2: 0100007F:1770 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 31337 1 "
    "0000000000000000 20 4 30 10 -1\n";

constexpr std::string_view proc_tcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
    "tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000001000000:13C4 00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 25857 1 000000008f9cd4aa 100 0 0 10 0\n";

bool little_endian() { return std::endian::native == std::endian::little; }

TEST(InetDiag, ParsesCapturedIpv4Dump) {
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  const auto bytes = from_hex(inet_dump);
  const auto batch = parse_inet_diag(bytes);
  ASSERT_TRUE(batch) << batch.error().message();
  EXPECT_TRUE(batch->done);
  ASSERT_EQ(batch->sockets.size(), 2u);
  EXPECT_EQ(batch->sockets[0].address_text(), "0.0.0.0");
  EXPECT_EQ(batch->sockets[0].port, 2024);
  EXPECT_TRUE(batch->sockets[0].is_wildcard());
  EXPECT_EQ(batch->sockets[0].inode, 1594u);
  EXPECT_EQ(batch->sockets[1].address_text(), "127.0.0.1");
  EXPECT_EQ(batch->sockets[1].port, 6000);
  EXPECT_TRUE(batch->sockets[1].is_loopback());
  EXPECT_EQ(batch->sockets[1].state, tcp_state::listen);
  EXPECT_EQ(batch->sockets[1].family, address_family::ipv4);
  EXPECT_EQ(batch->sockets[1].inode, 25856u);
}

TEST(InetDiag, ParsesCapturedIpv6Dump) {
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  const auto bytes = from_hex(inet6_dump);
  const auto batch = parse_inet_diag(bytes);
  ASSERT_TRUE(batch) << batch.error().message();
  EXPECT_TRUE(batch->done);
  ASSERT_EQ(batch->sockets.size(), 1u);
  EXPECT_EQ(batch->sockets[0].family, address_family::ipv6);
  EXPECT_EQ(batch->sockets[0].address_text(), "::1");
  EXPECT_EQ(batch->sockets[0].port, 5060);
  EXPECT_TRUE(batch->sockets[0].is_loopback());
  EXPECT_EQ(batch->sockets[0].inode, 25857u);
}

TEST(InetDiag, BatchWithoutDoneAsksForMore) {
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  auto bytes = from_hex(inet_dump);
  bytes.resize(0x7c);  // the first message alone, as one recv() of a long dump
  const auto batch = parse_inet_diag(bytes);
  ASSERT_TRUE(batch);
  EXPECT_FALSE(batch->done);
  EXPECT_EQ(batch->sockets.size(), 1u);
}

TEST(InetDiag, RejectsTruncatedAndBadMessages) {
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  const auto bytes = from_hex(inet_dump);
  const struct {
    std::size_t size;
    std::string_view reason;
  } cases[] = {{10, "truncated netlink header"}, {0x7c + 20, "bad netlink message length"}, {0x7c - 1, "bad netlink message length"}};
  for (const auto& c : cases) {
    const auto batch = parse_inet_diag(std::span<const std::byte>(bytes.data(), c.size));
    ASSERT_FALSE(batch) << c.size;
    EXPECT_EQ(batch.error().code, errc::io_error);
    EXPECT_EQ(batch.error().reason, c.reason) << c.size;
  }
  auto short_len = bytes;
  short_len[0] = std::byte{8};  // nlmsg_len below the header size
  EXPECT_FALSE(parse_inet_diag(short_len));
  auto bad_family = bytes;
  bad_family[16] = std::byte{1};  // idiag_family AF_UNIX
  const auto b = parse_inet_diag(bad_family);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().reason, "unknown address family 1");
}

TEST(InetDiag, KernelErrorIsReported) {
  // NLMSG_ERROR with error -ENOENT (-2), as a kernel without IPv6 answers an AF_INET6 dump.
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  const auto bytes = from_hex("24000000020000000700000026540000feffffff000000000000000000000000000000000000");
  const auto batch = parse_inet_diag(bytes);
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().reason.find("No such file or directory"), std::string::npos) << batch.error().reason;
  EXPECT_TRUE(parse_inet_diag({}));  // nothing yet: no sockets, not done
}

TEST(ProcNetTcp, ParsesListenersOnly) {
  if (!little_endian()) GTEST_SKIP() << "the captured text is from a little-endian machine";
  const auto v = parse_proc_net_tcp(proc_tcp, address_family::ipv4);
  ASSERT_TRUE(v) << v.error().message();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].address_text(), "0.0.0.0");
  EXPECT_EQ((*v)[0].port, 2024);
  EXPECT_EQ((*v)[0].inode, 1594u);
  EXPECT_EQ((*v)[1].address_text(), "127.0.0.1");
  EXPECT_EQ((*v)[1].port, 6000);
  EXPECT_EQ((*v)[1].inode, 25856u);
}

TEST(ProcNetTcp, AllStatesKeepsConnections) {
  if (!little_endian()) GTEST_SKIP() << "the captured text is from a little-endian machine";
  const auto v = parse_proc_net_tcp(proc_tcp, address_family::ipv4, true);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ((*v)[2].state, tcp_state::established);
  EXPECT_EQ((*v)[2].uid, 1000u);
  EXPECT_EQ(name((*v)[2].state), "established");
}

TEST(ProcNetTcp, ParsesIpv6) {
  if (!little_endian()) GTEST_SKIP() << "the captured text is from a little-endian machine";
  const auto v = parse_proc_net_tcp(proc_tcp6, address_family::ipv6);
  ASSERT_TRUE(v) << v.error().message();
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].address_text(), "::1");
  EXPECT_EQ((*v)[0].port, 5060);
  EXPECT_EQ((*v)[0].inode, 25857u);
}

TEST(ProcNetTcp, BothSourcesAgree) {
  if (!little_endian()) GTEST_SKIP() << "the captured bytes are little-endian";
  const auto text = parse_proc_net_tcp(proc_tcp, address_family::ipv4);
  const auto diag = parse_inet_diag(from_hex(inet_dump));
  ASSERT_TRUE(text);
  ASSERT_TRUE(diag);
  ASSERT_EQ(text->size(), diag->sockets.size());
  for (std::size_t i = 0; i < text->size(); ++i) {
    EXPECT_EQ((*text)[i].address, diag->sockets[i].address);
    EXPECT_EQ((*text)[i].port, diag->sockets[i].port);
    EXPECT_EQ((*text)[i].inode, diag->sockets[i].inode);
  }
}

TEST(ProcNetTcp, RejectsMalformedLines) {
  const std::string header = "  sl  local_address rem_address   st\n";
  const struct {
    std::string line;
    std::string_view reason;
  } cases[] = {
      {"   0: 0100007F:1770 00000000:0000 0A", "too few fields"},
      {"   0: 0100007F:1770 00000000:0000 ZZ 0:0 0:0 0 0 0 1", "bad state"},
      {"   0: 0100007F:1770 00000000:0000 0D 0:0 0:0 0 0 0 1", "bad state"},
      {"   0: 0100007F1770 00000000:0000 0A 0:0 0:0 0 0 0 1", "bad local address"},
      {"   0: 0100007F:17700 00000000:0000 0A 0:0 0:0 0 0 0 1", "bad local address"},
      {"   0: 0100007G:1770 00000000:0000 0A 0:0 0:0 0 0 0 1", "bad local address"},
      {"   0: 0100007F:1770 00000000:0000 0A 0:0 0:0 0 -1 0 1", "bad uid"},
      {"   0: 0100007F:1770 00000000:0000 0A 0:0 0:0 0 0 0 x", "bad inode"},
  };
  for (const auto& c : cases) {
    const auto v = parse_proc_net_tcp(header + c.line + "\n", address_family::ipv4);
    ASSERT_FALSE(v) << c.line;
    EXPECT_EQ(v.error().reason, c.reason) << c.line;
    EXPECT_EQ(v.error().subject, "/proc/net/tcp line 2");
  }
  const auto empty = parse_proc_net_tcp(header + "\n\n", address_family::ipv4);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(BindWarning, NamesEnginesWhatTheyShowAndABetterPort) {
  const auto w = blocked_port_warning(6000);
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("port 6000 (x11)"), std::string::npos) << *w;
  EXPECT_NE(w->find("Chromium"), std::string::npos);
  EXPECT_NE(w->find("ERR_UNSAFE_PORT"), std::string::npos);
  EXPECT_NE(w->find("restricted network port 6000"), std::string::npos);  // WebKit's {port} filled in
  EXPECT_EQ(w->find("{port}"), std::string::npos);
  EXPECT_NE(w->find("use port 6001 instead"), std::string::npos) << *w;
  EXPECT_EQ(w->back(), '\n');
}

TEST(BindWarning, OnlyTheChosenEngines) {
  EXPECT_FALSE(blocked_port_warning(8000));
  EXPECT_FALSE(blocked_port_warning(6000, engine_set{engine::bun}));
  const auto w = blocked_port_warning(6000, engine_set{engine::firefox});
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("Firefox"), std::string::npos);
  EXPECT_EQ(w->find("Chromium"), std::string::npos);
}

}  // namespace
}  // namespace badport
