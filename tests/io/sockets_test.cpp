// io::read_tcp_sockets and io::find_socket_owners against real listeners on loopback.

#include "loopback.h"

#include <badport/io/process.h>
#include <badport/io/sockets.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <sys/wait.h>

namespace badport::io {
namespace {

using test::listener;

const socket_entry* find(const std::vector<socket_entry>& v, std::uint64_t inode) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const socket_entry& s) { return s.inode == inode; });
  return it == v.end() ? nullptr : &*it;
}

void expect_listed(const listener& l, std::string_view address, address_family family) {
  ASSERT_TRUE(l.ok());
  auto netlink = read_tcp_sockets_netlink();
  ASSERT_TRUE(netlink) << netlink.error().message();
  auto proc = read_tcp_sockets_proc();
  ASSERT_TRUE(proc) << proc.error().message();
  for (const auto* v : {&*netlink, &*proc}) {
    const socket_entry* s = find(*v, l.inode());
    ASSERT_NE(s, nullptr) << "inode " << l.inode() << " not in the table";
    EXPECT_EQ(s->port, l.port());
    EXPECT_EQ(s->address_text(), address);
    EXPECT_EQ(s->family, family);
    EXPECT_EQ(s->state, tcp_state::listen);
    EXPECT_EQ(s->uid, ::geteuid());
  }
}

TEST(Sockets, FindsIpv4Listener) { expect_listed(listener("127.0.0.1", 0), "127.0.0.1", address_family::ipv4); }

TEST(Sockets, FindsIpv6Listener) {
  if (!test::has_ipv6_loopback()) GTEST_SKIP() << "::1 is not available";
  expect_listed(listener("::1", 0), "::1", address_family::ipv6);
}

TEST(Sockets, BoundButNotListeningIsNotAListener) {
  listener bound("127.0.0.1", 0, false);
  ASSERT_TRUE(bound.ok());
  auto table = read_tcp_sockets();
  ASSERT_TRUE(table);
  EXPECT_EQ(find(table->sockets, bound.inode()), nullptr);
  EXPECT_EQ(table->source, socket_source::netlink);
}

TEST(Sockets, OwnerIsThisProcess) {
  listener l("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  const auto owners = find_socket_owners({}, {l.inode()});
  const auto it = owners.by_inode.find(l.inode());
  ASSERT_NE(it, owners.by_inode.end());
  EXPECT_EQ(it->second, std::vector<pid_t>{::getpid()});
  const auto me = read_process(::getpid());
  EXPECT_FALSE(me.name.empty());
  EXPECT_NE(me.cmdline.find("badport_io_tests"), std::string::npos) << me.cmdline;
}

TEST(Sockets, SharedSocketListsEveryHolder) {
  listener l("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // holds the inherited socket until the parent closes the pipe
    ::close(ready[1]);
    char c;
    while (::read(ready[0], &c, 1) > 0) {
    }
    _exit(0);
  }
  ::close(ready[0]);
  const auto owners = find_socket_owners({}, {l.inode()});
  ::close(ready[1]);
  ::waitpid(child, nullptr, 0);
  const auto it = owners.by_inode.find(l.inode());
  ASSERT_NE(it, owners.by_inode.end());
  std::vector<pid_t> expected{::getpid(), child};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(it->second, expected);
}

TEST(Sockets, DescendantsIncludeGrandchildren) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const pid_t grandchild = ::fork();
    if (grandchild == 0) {
      char c;
      ::close(ready[1]);
      while (::read(ready[0], &c, 1) > 0) {
      }
      _exit(0);
    }
    ::close(ready[0]);
    ::close(ready[1]);
    if (::write(STDOUT_FILENO, "", 0) < 0) _exit(1);
    ::waitpid(grandchild, nullptr, 0);
    _exit(0);
  }
  ::close(ready[0]);
  std::vector<pid_t> tree;
  for (int i = 0; i < 1000 && tree.size() < 2; ++i) {  // until the grandchild exists
    tree = descendants(::getpid());
    if (tree.size() < 2) ::usleep(1000);
  }
  ::close(ready[1]);
  ::waitpid(child, nullptr, 0);
  ASSERT_EQ(tree.size(), 2u);
  EXPECT_NE(std::find(tree.begin(), tree.end(), child), tree.end());
}

}  // namespace
}  // namespace badport::io
