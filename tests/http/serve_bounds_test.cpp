// The HTTP listener under what a hostile client or a small descriptor limit does to it, on
// real loopback sockets: two Host headers, no Host, more connections than descriptors. The
// descriptor cases run in a forked child whose RLIMIT_NOFILE is lowered for good, so the test
// process keeps its own.

#include "client.h"
#include "listener.h"
#include "../sanitizers.h"

#include <badport/io/serve.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using badport::test::connection;
using badport::test::round_trip;
using badport::test::under_asan;

std::unique_ptr<badport::io::server> start_serve() {
  badport::io::serve_options opt;
  opt.ports = {0};
  auto s = badport::io::server::start(opt, {});
  EXPECT_TRUE(s) << (s ? "" : s.error().message());
  return s ? std::move(*s) : nullptr;
}

std::string host_of(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// RFC 9112, section 3.2: 400 for more than one Host, and for an HTTP/1.1 request with none.
TEST(serve_bounds, two_host_headers_are_a_bad_request) {
  auto s = start_serve();
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  const auto two = round_trip(p, "GET / HTTP/1.1\r\nHost: " + host_of(p) + "\r\nHost: evil.example\r\n\r\n");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->result_int(), 400u);
  EXPECT_NE(two->body().find("more than one Host header"), std::string::npos);
  // The other order too: neither Host is the one that counts.
  const auto reversed = round_trip(p, "GET / HTTP/1.1\r\nHost: evil.example\r\nHost: " + host_of(p) + "\r\n\r\n");
  ASSERT_TRUE(reversed);
  EXPECT_EQ(reversed->result_int(), 400u);
  const auto none = round_trip(p, "GET / HTTP/1.1\r\nUser-Agent: x\r\n\r\n");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->result_int(), 400u);
  // One Host still works, and HTTP/1.0 without a Host is still refused as an unknown host.
  const auto one = round_trip(p, "GET / HTTP/1.1\r\nHost: " + host_of(p) + "\r\n\r\n");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->result_int(), 200u);
  const auto old = round_trip(p, "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->result_int(), 403u);
}

/// CPU time (user + system) of a process so far, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::istringstream in(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

/// A listener in a forked child with RLIMIT_NOFILE at `nofile` (soft and hard) that allows
/// `allowed` connections; returns the child's pid and the port.
std::pair<pid_t, std::uint16_t> fork_listener(rlim_t nofile, std::size_t allowed) {
  int pipe_fd[2];
  if (::pipe(pipe_fd) != 0) return {-1, 0};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fd[0]);
    rlimit lim{nofile, nofile};
    ::setrlimit(RLIMIT_NOFILE, &lim);
    boost::asio::io_context io;
    badport::io::http_limits limits;
    limits.max_connections = allowed;
    namespace d = badport::io::detail;
    auto l = d::http_listener::open(io, {boost::asio::ip::make_address("127.0.0.1"), 0}, limits,
                                    [](const d::request_context&, const d::request& r) {
                                      return d::text_response(r, d::http::status::ok, "hello");
                                    });
    if (!l) _exit(3);
    const std::uint16_t port = (*l)->port();
    if (::write(pipe_fd[1], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) _exit(4);
    ::close(pipe_fd[1]);
    (*l)->start();
    io.run();
    _exit(0);
  }
  ::close(pipe_fd[1]);
  std::uint16_t port = 0;
  if (::read(pipe_fd[0], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) port = 0;
  ::close(pipe_fd[0]);
  return {pid, port};
}

void end_child(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

// More connections than descriptors: accept() fails with EMFILE while connections wait in the
// backlog. The listener used to retry at once, forever, at 100% CPU; it now waits between
// tries, and serves again once descriptors are free.
TEST(serve_bounds, out_of_descriptors_the_listener_waits_instead_of_spinning) {
  // The sanitizers' runtime opens a pipe to check memory before it reports; with every
  // descriptor taken that check fails and it reports a false "invalid vptr". The release
  // run covers this test.
  if (under_asan) GTEST_SKIP() << "the sanitizer runtime needs descriptors of its own";
  const auto [pid, port] = fork_listener(48, 4096);
  ASSERT_GT(pid, 0);
  ASSERT_NE(port, 0);
  std::vector<std::unique_ptr<connection>> held;
  for (int i = 0; i < 120; ++i) held.push_back(std::make_unique<connection>(port));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long before = cpu_ticks(pid);
  const auto wall = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const long used = cpu_ticks(pid) - before;
  const double elapsed_ticks =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count() * static_cast<double>(::sysconf(_SC_CLK_TCK));
  // A spinning accept loop takes a whole core (about elapsed_ticks); waiting takes next to none.
  EXPECT_LT(static_cast<double>(used), 0.25 * elapsed_ticks) << used << " ticks of CPU in " << elapsed_ticks;
  held.clear();  // descriptors come back; the listener must serve again
  const auto res = round_trip(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  end_child(pid);
}

// The bound on connections comes from the descriptor limit: with 64 descriptors and one
// listener, 31 connections (64, less 32 kept for the rest, less the listener).
TEST(serve_bounds, connection_bound_fits_in_the_descriptor_limit) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    rlimit lim{64, 64};
    ::setrlimit(RLIMIT_NOFILE, &lim);
    const bool ok = badport::io::detail::connections_per_listener(1, 4096) == 31 &&
                    badport::io::detail::connections_per_listener(2, 4096) == 15 &&
                    badport::io::detail::connections_per_listener(1, 10) == 10 &&
                    badport::io::detail::connections_per_listener(64, 4096) == 1;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  // And a soft limit below the hard one is raised first.
  const pid_t raised = ::fork();
  if (raised == 0) {
    rlimit lim{64, 512};
    ::setrlimit(RLIMIT_NOFILE, &lim);
    const bool ok = badport::io::detail::connections_per_listener(1, 4096) == 479;
    _exit(ok ? 0 : 1);
  }
  ::waitpid(raised, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// `serve` with 64 descriptors: past its bound (31), a new connection is closed unanswered (it
// used to allow 4096, and run out of descriptors a little later).
TEST(serve_bounds, serve_sizes_its_bound_from_the_limit) {
  int pipe_fd[2];
  ASSERT_EQ(::pipe(pipe_fd), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fd[0]);
    rlimit lim{64, 64};
    ::setrlimit(RLIMIT_NOFILE, &lim);
    badport::io::serve_options opt;
    opt.ports = {0};
    auto s = badport::io::server::start(opt, {});
    if (!s) _exit(3);
    const std::uint16_t port = (*s)->ports()[0];
    if (::write(pipe_fd[1], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) _exit(4);
    ::pause();
    _exit(0);
  }
  ::close(pipe_fd[1]);
  std::uint16_t port = 0;
  ASSERT_EQ(::read(pipe_fd[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
  ::close(pipe_fd[0]);
  std::vector<std::unique_ptr<connection>> held;
  for (int i = 0; i < 31; ++i) held.push_back(std::make_unique<connection>(port));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  connection extra(port);
  extra.send("GET / HTTP/1.1\r\nHost: " + host_of(port) + "\r\n\r\n");
  EXPECT_FALSE(extra.receive()) << "a connection past the bound was served";
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto res = round_trip(port, "GET / HTTP/1.1\r\nHost: " + host_of(port) + "\r\n\r\n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  end_child(pid);
}

// The request log of the real `badport serve`: a User-Agent and a target that would retitle and
// clear a terminal that obeys 8-bit controls, and a bidi override, are written escaped.
TEST(serve_bounds, log_escapes_what_clients_send) {
  int out_pipe[2], err_pipe[2];
  ASSERT_EQ(::pipe(out_pipe), 0);
  ASSERT_EQ(::pipe(err_pipe), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    ::execl(BADPORT_EXE, BADPORT_EXE, "serve", "0", "--duration", "3", static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  // "badport: serving (Ctrl-C to stop); open in a browser:\n  http://127.0.0.1:PORT/\n"
  std::string err;
  char buf[512];
  while (err.find("/\n", err.find("http://")) == std::string::npos || err.find("http://") == std::string::npos) {
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    err.append(buf, static_cast<std::size_t>(n));
  }
  const auto at = err.find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << err;
  const auto port = static_cast<std::uint16_t>(std::stoi(err.substr(at + 17)));
  // Beast refuses C0 controls in a request, but not bytes past ASCII: 8-bit C1 controls (0x9b
  // CSI, 0x9d OSC, 0x9c ST), C1 in UTF-8 and bidi overrides reach the handler.
  const auto res = round_trip(port, "GET /ping/x\xe2\x80\xae\x9b" "2J HTTP/1.1\r\nHost: " + host_of(port) +
                                        "\r\nUser-Agent: ua\x9d" "0;pwned\x9c\xc2\x9b" "2J\r\n\r\n");
  std::string out;
  while (true) {
    const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(res);
  EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos) << out;
  EXPECT_EQ(out.find("\x9b"), std::string::npos) << out;
  EXPECT_EQ(out.find("\x9d"), std::string::npos) << out;
  EXPECT_NE(out.find("GET  /ping/x\\u202e\\x9b2J  404"), std::string::npos) << out;
  EXPECT_NE(out.find("ua\\x9d0;pwned\\x9c\\u009b2J\n"), std::string::npos) << out;
}

}  // namespace
