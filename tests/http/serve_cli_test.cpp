// Golden tests of the real `badport serve`: what a user reads on stderr, exactly, and the exit
// status. Ports are found at run time: a blocked port nothing listens on, a free port, a port
// this test holds open.

#include "run.h"

#include <badport/ports.h>
#include <badport/suggest.h>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <string>

namespace {

using badport::test::golden;
using badport::test::run_badport;

// A listening socket on 127.0.0.1:`port` (0: any free port); closed on destruction.
struct held_port {
  int fd = -1;
  std::uint16_t port = 0;
  explicit held_port(std::uint16_t want) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(want);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      return;
    port = ntohs(addr.sin_port);
  }
  held_port(const held_port&) = delete;
  held_port& operator=(const held_port&) = delete;
  ~held_port() {
    if (fd >= 0) ::close(fd);
  }
};

bool is_free(std::uint16_t port) { return held_port(port).port == port; }

const badport::engine_set browsers{badport::engine::chromium, badport::engine::firefox, badport::engine::webkit,
                                   badport::engine::servo, badport::engine::ladybird};

// An unprivileged port every browser engine refuses that nothing listens on now.
std::optional<std::uint16_t> free_blocked_port() {
  for (const auto& p : badport::known_ports())
    if (p.port >= 1024 && badport::blocking_engines(p.port, browsers) == browsers && is_free(p.port)) return p.port;
  return std::nullopt;
}

std::uint16_t free_port() {
  held_port h(0);
  return h.port;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The golden file's text with its placeholders filled, compared with stderr.
void expect_golden(const std::string& name, const std::string& err, const std::vector<std::pair<std::string, int>>& vars) {
  std::string actual = err;
  for (const auto& [key, value] : vars) actual = replace_all(actual, std::to_string(value), "{" + key + "}");
  EXPECT_EQ(actual, golden(name, actual)) << err;
}

// `serve 6000` used to offer http://127.0.0.1:6000/, a page every browser refuses.
TEST(serve_cli, a_refused_port_gets_a_page_port_no_browser_refuses) {
  const auto blocked = free_blocked_port();
  if (!blocked) GTEST_SKIP() << "every blocked port is in use here";
  badport::suggest_options policy;
  policy.is_taken = [&](std::uint16_t p) { return p == *blocked || !is_free(p); };
  const auto page = badport::suggest_port(*blocked, policy);
  ASSERT_TRUE(page);
  ASSERT_TRUE(badport::is_allowed(*page, badport::engine_set::all()));
  const auto r = run_badport({"serve", std::to_string(*blocked), "--duration", "0.5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  expect_golden("serve-blocked-port.txt", r.err, {{"PAGE", *page}, {"BLOCKED", *blocked}});
}

// A port that is served and allowed is the page itself: nothing is added.
TEST(serve_cli, an_allowed_port_is_the_page) {
  const auto blocked = free_blocked_port();
  if (!blocked) GTEST_SKIP() << "every blocked port is in use here";
  const std::uint16_t free = free_port();
  const auto r = run_badport({"serve", std::to_string(*blocked), std::to_string(free), "--duration", "0.5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_golden("serve-allowed-port.txt", r.err, {{"FREE", free}, {"BLOCKED", *blocked}});
}

// `serve 2024` on a taken port said "could not listen on any port" and no more.
TEST(serve_cli, a_taken_port_is_an_error_with_the_reason) {
  held_port taken(0);
  ASSERT_NE(taken.port, 0);
  const auto r = run_badport({"serve", std::to_string(taken.port), "--duration", "0.5"});
  EXPECT_EQ(r.exit_code, 2);
  expect_golden("serve-taken-port.txt", r.err, {{"TAKEN", taken.port}});
}

// One of two ports taken: a warning with the reason, the other is served, exit status 2.
TEST(serve_cli, a_taken_port_among_others_is_a_warning_with_the_reason) {
  held_port taken(0);
  ASSERT_NE(taken.port, 0);
  const std::uint16_t free = free_port();
  const auto r = run_badport({"serve", std::to_string(taken.port), std::to_string(free), "--duration", "0.5"});
  EXPECT_EQ(r.exit_code, 2);
  expect_golden("serve-one-taken-port.txt", r.err, {{"TAKEN", taken.port}, {"FREE", free}});
}

// `serve --host myhost 6000` failed with "ports is required": --host took the ports too.
TEST(serve_cli, host_takes_one_value_and_the_ports_follow) {
  const std::uint16_t free = free_port();
  const auto r = run_badport({"serve", "--host", "myhost.test", std::to_string(free), "--duration", "0.5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_golden("serve-host.txt", r.err, {{"FREE", free}});
}

}  // namespace
