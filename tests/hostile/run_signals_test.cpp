// `badport run` when badport itself gets a signal whose default action would end it (SIGQUIT,
// SIGUSR1, ...): it used to die at once; its child got SIGKILL (PR_SET_PDEATHSIG) and the
// grandchildren were left running. It must pass the signal on, and end the command's whole
// tree before it exits. Real processes: the command starts a background `sleep` and writes
// its pid, then sends the signal to badport (its parent).

#include "run.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace badport::test {
namespace {

namespace fs = std::filesystem;

// Whether process `pid` still runs (a zombie does not).
bool is_running(const std::string& pid) {
  std::ifstream f("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (stat.empty()) return false;
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

class RunSignals : public ::testing::TestWithParam<int> {};

TEST_P(RunSignals, SignalToBadportEndsTheWholeTree) {
  const int sig = GetParam();
  const fs::path pid_file = fs::temp_directory_path() / ("badport-run-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(sig) + ".pid");
  fs::remove(pid_file);
  // The grandchild ignores SIGTERM, as a careless daemon does: only SIGKILL after the grace
  // time ends it, which badport alone sends.
  const std::string script = "(trap '' TERM; exec sleep 300) & echo $! > " + pid_file.string() +
                             "; sleep 0.3; kill -" + std::to_string(sig) + " $PPID; wait";
  run_options o;
  o.timeout = std::chrono::seconds(30);
  const auto r = run_badport({"run", "--", "sh", "-c", script}, o);
  std::string grandchild;
  std::ifstream(pid_file) >> grandchild;
  fs::remove(pid_file);
  ASSERT_FALSE(grandchild.empty()) << r.err;
  const bool left = is_running(grandchild);
  if (left) ::kill(std::stoi(grandchild), SIGKILL);
  EXPECT_FALSE(left) << "signal " << sig << " to badport left its grandchild " << grandchild << " running";
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "badport did not end within 30 s";
  // badport passed the signal on and reports how the command ended.
  EXPECT_EQ(r.exit_code, 128 + sig) << r.err;
}

INSTANTIATE_TEST_SUITE_P(fatal, RunSignals,
                         ::testing::Values(SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGHUP, SIGPROF, SIGRTMIN + 1),
                         [](const ::testing::TestParamInfo<int>& p) {
                           const char* abbrev = sigabbrev_np(p.param);
                           return std::string(abbrev != nullptr ? abbrev : "RT") + "_" + std::to_string(p.param);
                         });

}  // namespace
}  // namespace badport::test
