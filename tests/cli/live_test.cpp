// The real binary's sockets, pick and run against real listeners and processes on loopback.

#include "../io/loopback.h"
#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <badport/ports.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace badport::test {
namespace {

const std::string helper = BADPORT_TEST_HELPER;

/// A running badport whose output is read as it comes, to act on it (send a signal) midway.
class live_process {
 public:
  /// Starts badport with `args`; as user `uid` when it is not -1 (needs root).
  explicit live_process(const std::vector<std::string>& args, int uid = -1) {
    int o[2], e[2];
    if (::pipe2(o, O_CLOEXEC) != 0 || ::pipe2(e, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      if (uid != -1 && (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(uid)) != 0 ||
                        ::setuid(static_cast<uid_t>(uid)) != 0))
        _exit(126);
      if (uid != -1 && ::access(BADPORT_EXE, X_OK) != 0) _exit(125);  // the build tree is private
      ::dup2(o[1], 1);
      ::dup2(e[1], 2);
      std::vector<char*> argv{const_cast<char*>(BADPORT_EXE)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      _exit(127);
    }
    ::close(o[1]);
    ::close(e[1]);
    out_ = o[0];
    err_ = e[0];
  }
  live_process(const live_process&) = delete;
  live_process& operator=(const live_process&) = delete;
  ~live_process() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }

  /// Reads until `done(out, err)` holds or both streams end; false on the 60 s safety timeout.
  bool read_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      if (::poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
      bool open = false;
      for (auto& f : fds) {
        if (f.revents == 0) {
          open = true;
          continue;
        }
        char buf[4096];
        const ssize_t n = ::read(f.fd, buf, sizeof buf);
        if (n > 0) {
          (f.fd == out_ ? out : err).append(buf, static_cast<std::size_t>(n));
          open = true;
        }
      }
      if (!open) return done();
    }
    return true;
  }

  /// Reads to the end and waits: the exit status, 128 + signal when killed.
  int wait() {
    read_until([] { return false; });
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  std::string out, err;

 private:
  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  bool reaped_ = false;
};

const nlohmann::json* find_listener(const nlohmann::json& doc, std::uint64_t inode) {
  for (const auto& l : doc["listeners"])
    if (l["inode"] == inode) return &l;
  return nullptr;
}

void expect_blocked_listener(const std::string& host, const std::string& family) {
  auto l = listen_on_blocked_port(host);
  ASSERT_TRUE(l) << "no blocked port is free on " << host;
  const auto r = run_badport({"sockets", "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.sockets/2");
  const auto* j = find_listener(doc, l->inode());
  ASSERT_NE(j, nullptr) << r.out;
  EXPECT_EQ((*j)["port"], l->port());
  EXPECT_EQ((*j)["family"], family);
  EXPECT_EQ((*j)["address"], host);
  EXPECT_FALSE((*j)["blocked_by"].empty());
  EXPECT_EQ((*j)["owner"], "visible");
  ASSERT_EQ((*j)["processes"].size(), 1u);
  EXPECT_EQ((*j)["processes"][0]["pid"], ::getpid());
  EXPECT_NE((*j)["processes"][0]["cmdline"].get<std::string>().find("badport_cli_tests"), std::string::npos);
  EXPECT_TRUE((*j)["suggestion"].is_number());
  EXPECT_FALSE(j->contains("suggested_port"));

  const auto text = run_badport({"sockets"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find(std::to_string(l->port())), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("blocked by"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(std::to_string(::getpid())), std::string::npos) << text.out;
}

TEST(LiveSockets, Ipv4ListenerOnBlockedPort) { expect_blocked_listener("127.0.0.1", "ipv4"); }

TEST(LiveSockets, Ipv6ListenerOnBlockedPort) {
  if (!has_ipv6_loopback()) GTEST_SKIP() << "::1 is not available";
  expect_blocked_listener("::1", "ipv6");
}

TEST(LiveSockets, AnotherUsersListenerIsNotGuessed) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root, to run badport as another user";
  auto l = listen_on_blocked_port("127.0.0.1");
  ASSERT_TRUE(l) << "no blocked port is free";
  live_process p({"sockets", "--json"}, 65534);  // nobody
  const int code = p.wait();
  if (code == 125) GTEST_SKIP() << "user nobody cannot run " << BADPORT_EXE;
  EXPECT_EQ(code, 1) << p.err;
  const auto doc = nlohmann::json::parse(p.out);
  const auto* j = find_listener(doc, l->inode());
  ASSERT_NE(j, nullptr) << p.out;
  EXPECT_EQ((*j)["owner"], "other-user");
  EXPECT_TRUE((*j)["processes"].empty());
  EXPECT_EQ((*j)["note"], "pid unknown: owned by another user (uid 0); run as root to see it");
  live_process text({"sockets"}, 65534);
  EXPECT_EQ(text.wait(), 1);
  EXPECT_NE(text.out.find("pid unknown: owned by another user (uid 0); run as root to see it"), std::string::npos)
      << text.out;
}

TEST(LiveSockets, AllowedListenerOnlyWithAll) {
  listener l("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  ASSERT_FALSE(is_blocked(l.port(), engine_set::all())) << "an ephemeral port is blocked";
  const auto some = run_badport({"sockets", "--json"});
  EXPECT_EQ(find_listener(nlohmann::json::parse(some.out), l.inode()), nullptr);
  const auto all = run_badport({"sockets", "--json", "--all"});
  const auto doc = nlohmann::json::parse(all.out);
  const auto* j = find_listener(doc, l.inode());
  ASSERT_NE(j, nullptr);
  EXPECT_TRUE((*j)["blocked_by"].empty());
  EXPECT_EQ((*j)["processes"][0]["pid"], ::getpid());
}

TEST(LiveSockets, EngineThatBlocksNothingExitsZero) {
  auto l = listen_on_blocked_port("127.0.0.1");
  ASSERT_TRUE(l) << "no blocked port is free";
  // The listener is there and blocked for the default engines ...
  const auto all = run_badport({"sockets", "--json"});
  EXPECT_EQ(all.exit_code, 1) << all.err;
  ASSERT_NE(find_listener(nlohmann::json::parse(all.out), l->inode()), nullptr) << all.out;
  // ... and nothing is blocked for Bun.
  const auto r = run_badport({"sockets", "--engine", "bun"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("No listener on a port"), std::string::npos) << r.out;
  const auto j = run_badport({"sockets", "--engine", "bun", "--json"});
  EXPECT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(find_listener(nlohmann::json::parse(j.out), l->inode()), nullptr) << j.out;
}

TEST(LiveSockets, BadEngine) {
  const auto r = run_badport({"sockets", "--engine", "chrom"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("unknown engine \"chrom\""), std::string::npos) << r.err;
}

TEST(LivePick, PrintsJustTheNumber) {
  const auto r = run_badport({"pick", "--near", "6000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
  const int port = std::stoi(r.out);
  EXPECT_EQ(r.out, std::to_string(port) + "\n");
  EXPECT_FALSE(is_blocked(port, engine_set::all()));
  EXPECT_LE(std::abs(port - 6000), 3);
}

TEST(LivePick, ManyPicksNeverBlockedNeverBusy) {
  // A range around a free blocked port, every free allowed port of it held but three.
  const auto h = hold_range_around_blocked_port(3);
  ASSERT_NE(h.blocked, 0) << "no window of 41 ports around a free blocked port has 3 free allowed ports";
  const std::string range = std::to_string(h.range.first) + "-" + std::to_string(h.range.last);
  for (int i = 0; i < 20; ++i) {
    const auto r = run_badport({"pick", "--range", range, "--host", "127.0.0.1", "--count", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    int p = 0, n = 0;
    while (lines >> p) {
      ++n;
      EXPECT_NE(std::find(h.free_ports.begin(), h.free_ports.end(), p), h.free_ports.end()) << p;
    }
    EXPECT_EQ(n, 2);
  }
  const auto none = run_badport({"pick", "--range", range, "--host", "127.0.0.1", "--count", "4"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.out, "");
  EXPECT_NE(none.err.find("no port in " + range), std::string::npos) << none.err;
}

// --engine narrows what counts as blocked: Bun may have a free port of 6665-6669 (or another run
// of ports Chromium blocks), Chromium may have 4190 or 6679.
TEST(LivePick, ChosenEnginesDecide) {
  auto blocked = listen_on_blocked_port("127.0.0.1", engine_set{engine::chromium});
  ASSERT_TRUE(blocked) << "no port Chromium blocks is free";
  const std::string free_port = std::to_string(blocked->port());
  const std::string one = free_port + "-" + free_port;
  blocked.reset();  // free again, for pick to find
  auto r = run_badport({"pick", "--engine", "bun", "--range", one, "--host", "127.0.0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, free_port + "\n");
  r = run_badport({"pick", "--engine", "chromium", "--range", one, "--host", "127.0.0.1"});
  EXPECT_EQ(r.exit_code, 2) << r.out;

  const auto not_chromium = blocked_port_candidates(engine_set{engine::firefox}, engine_set{engine::chromium});
  auto other = listen_on_one_of("127.0.0.1", not_chromium);
  ASSERT_TRUE(other) << "4190 and 6679 are both busy";
  const auto port = std::to_string(other->port());
  other.reset();
  r = run_badport({"pick", "--engine", "chromium", "--range", port + "-" + port, "--host", "127.0.0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, port + "\n");
  r = run_badport({"pick", "--engine", "chromium,firefox", "--range", port + "-" + port, "--host", "127.0.0.1"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
}

TEST(LivePick, NoneLeftInABlockedRange) {
  const auto r = run_badport({"pick", "--range", "6665-6669"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "badport: no port in 6665-6669 is both free and allowed by every chosen engine "
                   "(no free port that no chosen engine blocks)\n");
}

TEST(LivePick, Json) {
  const auto r = run_badport({"pick", "--count", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.pick/1");
  ASSERT_EQ(doc["ports"].size(), 3u);
  for (const auto& p : doc["ports"]) {
    EXPECT_GE(p.get<int>(), 10000);
    EXPECT_LE(p.get<int>(), 32767);
  }
  EXPECT_EQ(doc["hosts"][0], "127.0.0.1");
}

TEST(LivePick, BadInput) {
  const struct {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{"--near", "70000"}, "badport: port out of range \"70000\": ports are 0 to 65535\n"},
      {{"--near", "0"}, "badport: invalid port \"0\": --near needs a port in 1..65535\n"},
      {{"--range", "9-1"}, "badport: invalid port range \"9-1\": the first port is above the last\n"},
      {{"--count", "0"}, "badport: invalid argument \"0\": --count needs a number in 1..65535\n"},
      {{"--count", "x"}, "badport: invalid argument \"x\": --count needs a number in 1..65535\n"},
      {{"--host", "nonsense"},
       "badport: invalid argument \"nonsense\": not a numeric IPv4 or IPv6 address (or localhost)\n"},
      {{"--host", "192.0.2.1"}, "badport: invalid argument \"192.0.2.1\": this machine has no such address\n"},
      {{"--engine", "nope"}, ""},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"pick"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = run_badport(args);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << " " << c.args[1];
    EXPECT_EQ(r.out, "");
    if (!c.err.empty()) {
      EXPECT_EQ(r.err, c.err);
    }
  }
}

TEST(LiveRun, PassesExitStatusAndOutput) {
  run_options o;
  o.stdin_data = "from stdin\n";
  const auto r = run_badport({"run", "--", "sh", "-c", "echo out; echo err >&2; read x; echo \"$x\"; exit 5"}, o);
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.out, "out\nfrom stdin\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(LiveRun, EverythingFromTheCommandNameOnBelongsToIt) {
  // Without "--", options after the command's name are the command's, even badport's own names.
  const auto r = run_badport({"run", "--engine", "chromium", "sh", "-c", "echo \"$0 $1 $2\"", "-e", "--engine", "--"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "-e --engine --\n");
}

TEST(LiveRun, EnvironmentIsKept) {
  run_options o;
  o.env = {"BADPORT_TEST_VALUE=kept"};
  const auto r = run_badport({"run", "--", "sh", "-c", "echo \"$BADPORT_TEST_VALUE\""}, o);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "kept\n");
}

TEST(LiveRun, ChildKilledBySignal) {
  const auto r = run_badport({"run", "--", helper, "kill-self", std::to_string(SIGSEGV)});
  EXPECT_EQ(r.exit_code, 128 + SIGSEGV);
}

TEST(LiveRun, ForwardsTerm) {
  live_process p({"run", "--", helper, "trap-term", "42"});
  ASSERT_TRUE(p.read_until([&] { return p.out.find("ready") != std::string::npos; }));
  ::kill(p.pid(), SIGTERM);
  EXPECT_EQ(p.wait(), 42);  // the command's handler ran and chose the status
}

TEST(LiveRun, ForwardsIntAndHup) {
  for (const int sig : {SIGINT, SIGHUP}) {
    live_process p({"run", "--", "sh", "-c", "echo ready; sleep 60 & wait"});
    ASSERT_TRUE(p.read_until([&] { return p.out.find("ready") != std::string::npos; }));
    ::kill(p.pid(), sig);
    EXPECT_EQ(p.wait(), 128 + sig) << sig;
  }
}

TEST(LiveRun, GrandchildOnABlockedPortGetsOneBannerAndIsCleanedUp) {
  const std::uint16_t port = free_blocked_port();
  ASSERT_NE(port, 0) << "no blocked port is free";
  const std::string ports = std::to_string(port);
  const auto dir = std::filesystem::temp_directory_path() / ("badport-live-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto pidfile = (dir / "pid").string();
  // sh -> helper (child) -> helper listening on the port (grandchild), which records its pid.
  live_process p({"run", "--interval", "50", "--", "sh", "-c",
                  "\"$0\" fork-listen 127.0.0.1 " + ports + " & echo $! > \"$1\"; wait", helper, pidfile});
  ASSERT_TRUE(p.read_until([&] { return p.err.find("use port") != std::string::npos; })) << p.err;
  ::kill(p.pid(), SIGTERM);
  const int code = p.wait();
  EXPECT_EQ(code, 128 + SIGTERM) << p.err;
  EXPECT_NE(p.err.find("listens on 127.0.0.1:" + ports + ", a port that browsers refuse"), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("ERR_UNSAFE_PORT"), std::string::npos);
  // The suggestion policy: the next port above that no engine blocks.
  int instead = port + 1;
  while (is_blocked(instead, engine_set::all())) ++instead;
  EXPECT_NE(p.err.find("use port " + std::to_string(instead) + " instead"), std::string::npos) << p.err;
  std::size_t banners = 0;
  for (std::size_t at = 0; (at = p.err.find("listens on", at)) != std::string::npos; ++at) ++banners;
  EXPECT_EQ(banners, 1u);
  EXPECT_EQ(p.out, "ready " + ports + "\n");
  // Nothing is left listening on the port: the whole tree was ended.
  EXPECT_TRUE(listener("127.0.0.1", port).ok());
  pid_t child = 0;
  std::ifstream(pidfile) >> child;
  std::filesystem::remove_all(dir);
  ASSERT_GT(child, 0);
  errno = 0;
  EXPECT_EQ(::kill(child, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(LiveRun, CommandNotFoundIs127) {
  const auto r = run_badport({"run", "--", "badport-no-such-command-xyz"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_EQ(r.err, "badport: cannot run \"badport-no-such-command-xyz\": No such file or directory\n");
}

TEST(LiveRun, MissingCommandIsUsageError) {
  const auto r = run_badport({"run"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "badport: missing command: badport run [--engine E] [--] CMD [ARGS...]\n");
  const auto dash = run_badport({"run", "--"});
  EXPECT_EQ(dash.exit_code, 2);
}

}  // namespace
}  // namespace badport::test
