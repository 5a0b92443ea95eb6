// Real browsers: the database must agree with Chromium, Firefox ESR and WebKitGTK on every
// port 1-65535, and a probe must leave no process and no file behind, whatever happens.

#include "run.h"

#include <badport/io/browser.h>
#include <badport/ports.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh directory for one test, removed at the end.
struct scratch {
  fs::path path;
  scratch() {
    std::string pattern = (fs::temp_directory_path() / "badport-browser-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~scratch() { fs::remove_all(path); }
  [[nodiscard]] bool empty_dir(const fs::path& p) const { return fs::is_empty(p); }
};

std::string listing(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::directory_iterator(dir)) out += e.path().filename().string() + " ";
  return out;
}

bool installed(std::string_view browser, std::string& why) {
  auto b = badport::io::find_browser(browser);
  if (!b) why = b.error().message();
  // The caller then skips; a failure recorded first makes the test fail instead.
  if (!b && BADPORT_REQUIRE_BROWSERS) ADD_FAILURE() << "BADPORT_REQUIRE_BROWSERS is on: " << why;
  return static_cast<bool>(b);
}

class full_range : public ::testing::TestWithParam<std::string> {};

TEST_P(full_range, database_agrees_on_every_port) {
  std::string why;
  if (!installed(GetParam(), why)) GTEST_SKIP() << "browser not installed, skipping: " << why;
  scratch tmp;
  const fs::path tmpdir = tmp.path / "tmp";
  fs::create_directory(tmpdir);
  badport::test::run_options opt;
  opt.env = {"TMPDIR=" + tmpdir.string()};
  opt.timeout = 590s;
  const auto r = badport::test::run_badport({"probe", "--browser", GetParam(), "--json", "--timeout", "580"}, opt);
  ASSERT_NE(r.exit_code, 2) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto e = badport::parse_engine(GetParam() == "webkit" ? "webkit" : GetParam());
  ASSERT_TRUE(e);
  std::vector<std::uint16_t> expected;
  for (int p = 1; p <= 65535; ++p)
    if (badport::is_blocked(p, *e)) expected.push_back(static_cast<std::uint16_t>(p));
  EXPECT_EQ(j["tested"], 65535);
  EXPECT_EQ(j["blocked"].get<std::vector<std::uint16_t>>(), expected) << j["version"];
  EXPECT_EQ(j["only_browser"], nlohmann::json::array());
  EXPECT_EQ(j["only_database"], nlohmann::json::array());
  for (const auto& f : j["forms"]) EXPECT_TRUE(f["agrees"].get<bool>()) << f.dump();
  EXPECT_TRUE(j["agrees"].get<bool>());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(tmp.empty_dir(tmpdir)) << "left behind: " << listing(tmpdir);
  std::printf("%s: %s, %zu blocked, %.1f s\n", GetParam().c_str(), j["version"].get<std::string>().c_str(),
              j["blocked"].size(), j["elapsed_ms"].get<double>() / 1000.0);
}

INSTANTIATE_TEST_SUITE_P(browsers, full_range, ::testing::Values("chromium", "firefox", "webkit"),
                         [](const auto& param_info) { return param_info.param; });

// ---- cleanup: a badport probe started by hand, so that the test can hurt it mid-probe.

std::map<pid_t, pid_t> process_parents() {
  std::map<pid_t, pid_t> parent;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string base = entry.path().filename().string();
    if (base.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos || close_paren + 4 > line.size()) continue;
    if (line[close_paren + 2] == 'Z') continue;  // a zombie is already dead
    parent[std::stoi(base)] = static_cast<pid_t>(std::strtol(line.c_str() + close_paren + 4, nullptr, 10));
  }
  return parent;
}

std::vector<pid_t> descendants(pid_t root) {
  const auto parent = process_parents();
  std::vector<pid_t> out;
  for (const auto& [pid, ppid] : parent) {
    pid_t p = ppid;
    for (int depth = 0; depth < 64 && p > 1; ++depth) {
      if (p == root) {
        out.push_back(pid);
        break;
      }
      const auto it = parent.find(p);
      if (it == parent.end()) break;
      p = it->second;
    }
  }
  return out;
}

bool alive(pid_t pid) {
  const auto parent = process_parents();
  return parent.contains(pid);
}

struct started_probe {
  pid_t pid = -1;
  fs::path err_path;
  started_probe() = default;
  started_probe(const started_probe&) = delete;
  started_probe(started_probe&& o) noexcept : pid(o.pid), err_path(std::move(o.err_path)) { o.pid = -1; }
  ~started_probe() {  // a failed assertion must not leave a probe running
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    int status = 0;
    if (::waitpid(pid, &status, 0) < 0) ::kill(pid, SIGKILL);
  }
};

started_probe start_probe(const std::string& browser, const fs::path& tmpdir, const fs::path& err_path) {
  started_probe p;
  p.err_path = err_path;
  p.pid = ::fork();
  if (p.pid == 0) {
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::setenv("TMPDIR", tmpdir.c_str(), 1);
    ::execl(BADPORT_EXE, BADPORT_EXE, "probe", "--browser", browser.c_str(), "--timeout", "300", nullptr);
    ::_exit(127);
  }
  return p;
}

int wait_exit(pid_t pid) {
  for (int i = 0; i < 1200; ++i) {  // a guard against hanging (60 s), not a timing check
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(50ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

std::string read_first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line, '\n');
  return line;
}

// The main browser process among badport's descendants: Chromium with its --user-data-dir,
// Firefox with its --profile (not a content process), WebKitGTK's MiniBrowser.
pid_t main_browser(const std::vector<pid_t>& family) {
  for (pid_t p : family) {
    std::string cmdline = read_first_line("/proc/" + std::to_string(p) + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (read_first_line("/proc/" + std::to_string(p) + "/comm") == "MiniBrowser") return p;
    if (cmdline.find("--type=") != std::string::npos || cmdline.find("-contentproc") != std::string::npos) continue;
    if (cmdline.find("--user-data-dir=") != std::string::npos || cmdline.find("--profile ") != std::string::npos) return p;
  }
  return -1;
}

// The inodes of a process's open sockets.
std::set<std::string> socket_inodes(pid_t pid) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const std::string target = fs::read_symlink(e.path(), ec).string();  // "socket:[12345]"
    if (target.rfind("socket:[", 0) == 0) out.insert(target.substr(8, target.size() - 9));
  }
  return out;
}

// Whether `pid` holds a TCP connection accepted on a port it listens on: the browser is talking
// to badport's proxy, so the launch is over (the driver's session included) and the page runs.
bool serves_a_client(pid_t pid) {
  const auto mine = socket_inodes(pid);
  std::set<std::string> listening;
  std::vector<std::string> established;  // their local ports
  std::ifstream in("/proc/" + std::to_string(pid) + "/net/tcp");
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
    if (!mine.contains(inode)) continue;
    const std::string port = local.substr(local.find(':') + 1);
    if (state == "0A") listening.insert(port);
    if (state == "01") established.push_back(port);
  }
  return std::any_of(established.begin(), established.end(), [&](const auto& p) { return listening.contains(p); });
}

// Waits until the browser runs with several processes and is sending the probe's requests
// (it is mid-probe), and returns them.
std::vector<pid_t> wait_for_browser(pid_t badport, std::size_t min_processes) {
  std::vector<pid_t> family;
  for (int i = 0; i < 1200 && (family.size() < min_processes || main_browser(family) < 0); ++i) {
    std::this_thread::sleep_for(50ms);
    family = descendants(badport);
  }
  for (int i = 0; i < 1200 && !serves_a_client(badport); ++i) std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(2s);  // let the page start requesting
  return descendants(badport);
}

void expect_all_gone(const std::vector<pid_t>& family) {
  for (int i = 0; i < 100; ++i) {  // re-parented orphans are reaped by init shortly after
    if (std::none_of(family.begin(), family.end(), alive)) break;
    std::this_thread::sleep_for(50ms);
  }
  for (pid_t p : family) EXPECT_FALSE(alive(p)) << "process " << p << " was left running";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct cleanup_case {
  std::string browser;
  std::size_t processes;  // how many processes mean the browser is up
};

class cleanup : public ::testing::TestWithParam<cleanup_case> {};

TEST_P(cleanup, browser_killed_mid_probe_gives_a_clear_error_and_leaves_nothing) {
  std::string why;
  if (!installed(GetParam().browser, why)) GTEST_SKIP() << "browser not installed, skipping: " << why;
  scratch tmp;
  const fs::path tmpdir = tmp.path / "tmp";
  fs::create_directory(tmpdir);
  auto probe = start_probe(GetParam().browser, tmpdir, tmp.path / "stderr");
  ASSERT_GT(probe.pid, 0);
  const auto family = wait_for_browser(probe.pid, GetParam().processes);
  ASSERT_GE(family.size(), GetParam().processes) << read_text(probe.err_path);
  const pid_t victim = main_browser(family);
  ASSERT_GT(victim, 0);
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  const int status = wait_exit(probe.pid);
  probe.pid = -1;
  const std::string err = read_text(probe.err_path);
  EXPECT_EQ(status, 2) << err;
  EXPECT_NE(err.find("died before the probe finished"), std::string::npos) << err;
  // WebKitGTK's MiniBrowser is the driver's child, not badport's: its status is not known.
  if (GetParam().browser != "webkit") {
    EXPECT_NE(err.find("signal 9"), std::string::npos) << err;
  }
  expect_all_gone(family);
  EXPECT_TRUE(tmp.empty_dir(tmpdir)) << "left behind: " << listing(tmpdir);
}

TEST_P(cleanup, sigterm_mid_probe_stops_the_browser_and_leaves_nothing) {
  std::string why;
  if (!installed(GetParam().browser, why)) GTEST_SKIP() << "browser not installed, skipping: " << why;
  scratch tmp;
  const fs::path tmpdir = tmp.path / "tmp";
  fs::create_directory(tmpdir);
  auto probe = start_probe(GetParam().browser, tmpdir, tmp.path / "stderr");
  ASSERT_GT(probe.pid, 0);
  const auto family = wait_for_browser(probe.pid, GetParam().processes);
  ASSERT_GE(family.size(), GetParam().processes) << read_text(probe.err_path);
  ASSERT_EQ(::kill(probe.pid, SIGTERM), 0);
  const int status = wait_exit(probe.pid);
  probe.pid = -1;
  const std::string err = read_text(probe.err_path);
  EXPECT_EQ(status, 2) << err;
  EXPECT_NE(err.find("interrupted by SIGTERM"), std::string::npos) << err;
  expect_all_gone(family);
  EXPECT_TRUE(tmp.empty_dir(tmpdir)) << "left behind: " << listing(tmpdir);
}

INSTANTIATE_TEST_SUITE_P(browsers, cleanup,
                         ::testing::Values(cleanup_case{"chromium", 4}, cleanup_case{"firefox", 3},
                                           cleanup_case{"webkit", 5}),
                         [](const auto& param_info) { return param_info.param.browser; });

}  // namespace
