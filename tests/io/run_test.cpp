// io::run_watched with real processes: exit statuses, signals, a grandchild on a blocked port,
// and no process left behind. The blocked port is any free one of the database's (loopback.h).

#include "loopback.h"

#include <badport/io/run.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace badport::io {
namespace {

const std::string helper = BADPORT_TEST_HELPER;

TEST(Run, ExitStatusPassesThrough) {
  run_options o;
  o.argv = {"sh", "-c", "exit 7"};
  const auto r = run_watched(o);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->exit_code, 7);
  EXPECT_EQ(r->exec_errno, 0);
}

TEST(Run, KilledBySignalIs128PlusN) {
  run_options o;
  o.argv = {helper, "kill-self", std::to_string(SIGUSR1)};
  const auto r = run_watched(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 128 + SIGUSR1);
}

TEST(Run, CommandNotFound) {
  run_options o;
  o.argv = {"badport-no-such-command-xyz"};
  const auto r = run_watched(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 127);
  EXPECT_EQ(r->exec_errno, ENOENT);
}

TEST(Run, GrandchildOnBlockedPortIsReportedOnce) {
  const std::uint16_t port = test::free_blocked_port();
  ASSERT_NE(port, 0) << "no blocked port is free";
  run_options o;
  o.argv = {helper, "fork-listen", "127.0.0.1", std::to_string(port)};
  int calls = 0;
  tree_listener seen;
  o.on_blocked = [&](const tree_listener& l) {
    ++calls;
    seen = l;
    ::kill(l.process.pid, SIGTERM);  // the grandchild; its parent then exits the same way
  };
  const auto r = run_watched(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen.socket.port, port);
  EXPECT_EQ(seen.socket.address_text(), "127.0.0.1");
  EXPECT_EQ(seen.process.name, "badport_test_he");  // comm is cut at 15 bytes
  EXPECT_EQ(r->exit_code, 128 + SIGTERM);
}

TEST(Run, AllowedPortIsNotReported) {
  // The same listener on a blocked port, watched twice: for Chromium it is reported (so the
  // listener was there to see), for Bun, which blocks nothing, it is not.
  const std::uint16_t port = test::free_blocked_port();
  ASSERT_NE(port, 0) << "no blocked port is free";
  const auto watch = [&](engine_set engines) {
    run_options o;
    o.argv = {"sh", "-c", "\"$0\" listen 127.0.0.1 " + std::to_string(port) + " & sleep 1; kill $!; wait", helper};
    o.engines = engines;
    o.interval = std::chrono::milliseconds(50);
    int calls = 0;
    o.on_blocked = [&](const tree_listener& l) {
      ++calls;
      EXPECT_EQ(l.socket.port, port);
    };
    const auto r = run_watched(o);
    EXPECT_TRUE(r) << r.error().message();
    return calls;
  };
  EXPECT_EQ(watch(engine_set{engine::chromium}), 1);
  EXPECT_EQ(watch(engine_set{engine::bun}), 0);
}

TEST(Run, OrphanedGrandchildIsEndedAndReaped) {
  const auto dir = std::filesystem::temp_directory_path() / ("badport-run-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto pidfile = dir / "pid";
  run_options o;
  o.argv = {helper, "orphan", pidfile.string()};
  o.grace = std::chrono::milliseconds(500);
  const auto r = run_watched(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 0);
  pid_t pid = 0;
  std::ifstream(pidfile) >> pid;
  std::filesystem::remove_all(dir);
  ASSERT_GT(pid, 0);
  errno = 0;
  EXPECT_EQ(::kill(pid, 0), -1);  // gone and reaped, not a zombie
  EXPECT_EQ(errno, ESRCH);
}

}  // namespace
}  // namespace badport::io
