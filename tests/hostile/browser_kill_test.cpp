// Faults during `badport probe`: the real browser is killed with SIGKILL in the middle of a
// probe. badport must end with a clear one-line error (exit 2), and leave nothing behind: no
// browser process, no profile or temp folder, no listening proxy.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Processes whose command line mentions `needle`, with their command lines.
std::vector<std::pair<pid_t, std::string>> processes_mentioning(const std::string& needle) {
  std::vector<std::pair<pid_t, std::string>> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (const dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0') continue;
    std::string cmd = read_all(fs::path("/proc") / e->d_name / "cmdline");
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.find(needle) != std::string::npos) out.emplace_back(static_cast<pid_t>(pid), cmd);
  }
  ::closedir(d);
  return out;
}

bool has_program(const char* name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  for (std::string dir; std::getline(ss, dir, ':');)
    if (::access((fs::path(dir) / name).c_str(), X_OK) == 0) return true;
  return false;
}

TEST(browser_fault, sigkill_of_chromium_mid_probe_is_reported_and_cleaned_up) {
  if (!has_program("chromium")) GTEST_SKIP() << "chromium is not installed";
  std::string tmpl = (fs::temp_directory_path() / "badport-kill-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const fs::path tmp = tmpl;
  const fs::path err_file = tmp.string() + ".err";

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("TMPDIR", tmp.c_str(), 1);
    const int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::execl(BADPORT_EXE, BADPORT_EXE, "probe", "--browser", "chromium", "--ports", "1-65535", "--timeout", "300",
            static_cast<char*>(nullptr));
    _exit(127);
  }

  // Wait for the browser's main process (it runs on a profile inside our TMPDIR).
  pid_t browser = 0;
  for (int i = 0; i < 1200 && browser == 0; ++i) {
    for (const auto& [p, cmd] : processes_mentioning(tmp.string()))
      if (cmd.find("--user-data-dir=") != std::string::npos && cmd.find("--type=") == std::string::npos &&
          cmd.find("probe") == std::string::npos)
        browser = p;
    if (browser == 0) std::this_thread::sleep_for(100ms);
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) FAIL() << "badport ended before the browser started:\n" << read_all(err_file);
  }
  ASSERT_NE(browser, 0) << "the browser did not start:\n" << read_all(err_file);
  std::this_thread::sleep_for(3s);  // in the middle of the probe: the page is loading and fetching
  ASSERT_EQ(::kill(browser, SIGKILL), 0);

  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 1200 && done == 0; ++i) {
    done = ::waitpid(pid, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(100ms);
  }
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "badport probe did not end after its browser was killed";
  }
  const std::string err = read_all(err_file);
  ASSERT_TRUE(WIFEXITED(status)) << "badport ended by a signal:\n" << err;
  EXPECT_EQ(WEXITSTATUS(status), 2) << err;
  EXPECT_NE(err.find("badport: "), std::string::npos) << err;
  EXPECT_NE(err.find("browser"), std::string::npos) << err;

  // Nothing left: no process on the profile, an empty TMPDIR.
  for (int i = 0; i < 50 && !processes_mentioning(tmp.string()).empty(); ++i) std::this_thread::sleep_for(100ms);
  const auto left = processes_mentioning(tmp.string());
  EXPECT_TRUE(left.empty()) << left.size() << " processes left, first: " << (left.empty() ? "" : left.front().second);
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(tmp, ec)) files.push_back(e.path().filename().string());
  EXPECT_TRUE(files.empty()) << "left in TMPDIR: " << (files.empty() ? "" : files.front());

  for (const auto& [p, cmd] : left) ::kill(p, SIGKILL);
  fs::remove_all(tmp, ec);
  fs::remove(err_file, ec);
}

}  // namespace
