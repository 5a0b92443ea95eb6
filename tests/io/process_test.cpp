// The one spawner and the process tree (io/process.h) with real processes and temp dirs.

#include <badport/io/process.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using badport::io::child_process;
using badport::io::spawn_options;
using badport::io::temp_dir;
using namespace std::chrono_literals;

bool is_alive(pid_t p) {
  std::ifstream stat("/proc/" + std::to_string(p) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(process, temp_dir_is_removed_with_its_files) {
  std::string path;
  {
    auto dir = temp_dir::create("badport-process-test-");
    ASSERT_TRUE(dir);
    path = dir->path();
    std::ofstream(path + "/file") << "x";
    std::filesystem::create_directory(path + "/sub");
    ASSERT_TRUE(std::filesystem::exists(path + "/file"));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(process, a_helper_gets_its_own_group_and_its_output_in_the_log) {
  auto dir = temp_dir::create("badport-process-test-");
  ASSERT_TRUE(dir);
  spawn_options o;
  o.argv = {"/bin/sh", "-c", "echo \"$BADPORT_TEST_VALUE\"; ps -o pgid= -p $$ | tr -d ' '"};
  o.env = {"BADPORT_TEST_VALUE=from-env"};
  o.log_path = dir->path() + "/log";
  auto child = child_process::spawn(o);
  ASSERT_TRUE(child) << child.error().message();
  const pid_t pid = child->pid();
  while (!child->has_exited()) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(child->describe_exit(), "exited with status 0");
  EXPECT_EQ(read_file(o.log_path), "from-env\n" + std::to_string(pid) + "\n");
}

TEST(process, a_command_stays_in_this_group_when_asked) {
  spawn_options o;
  o.argv = {"sleep", "5"};
  o.search_path = true;
  o.own_group = false;
  auto child = child_process::spawn(o);
  ASSERT_TRUE(child) << child.error().message();
  EXPECT_EQ(::getpgid(child->pid()), ::getpgrp());
}

TEST(process, a_missing_program_reports_the_exec_errno) {
  spawn_options o;
  o.argv = {"badport-no-such-program-here"};
  o.search_path = true;
  int err = 0;
  auto child = child_process::spawn(o, &err);
  ASSERT_FALSE(child);
  EXPECT_EQ(err, ENOENT);
  EXPECT_NE(child.error().message().find("badport-no-such-program-here"), std::string::npos);
}

// A bare name is looked up in PATH only, never in the current directory (as execvp does).
TEST(process, a_bare_name_is_not_run_from_the_current_directory) {
  auto dir = temp_dir::create("badport-process-test-");
  ASSERT_TRUE(dir);
  const std::string script = dir->path() + "/badport-local-script";
  std::ofstream(script) << "#!/bin/sh\nexit 0\n";
  ::chmod(script.c_str(), 0755);
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir->path());
  spawn_options o;
  o.argv = {"badport-local-script"};
  o.search_path = true;
  int err = 0;
  auto child = child_process::spawn(o, &err);
  std::filesystem::current_path(cwd);
  EXPECT_FALSE(child);
  EXPECT_EQ(err, ENOENT);
}

// Ending a child ends what it started, even a grandchild that left its process group.
TEST(process, kill_ends_the_whole_tree) {
  spawn_options o;
  o.argv = {"/bin/sh", "-c", "setsid sleep 30 & sleep 30 & wait"};
  auto child = child_process::spawn(o);
  ASSERT_TRUE(child) << child.error().message();
  std::vector<pid_t> tree;
  for (int i = 0; i < 500 && tree.size() < 2; ++i) {
    tree = badport::io::descendants(child->pid());
    if (tree.size() < 2) std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(tree.size(), 2u);
  const auto direct = badport::io::children(::getpid());
  EXPECT_NE(std::find(direct.begin(), direct.end(), child->pid()), direct.end());
  child->kill();
  for (pid_t p : tree) {
    for (int i = 0; i < 100 && is_alive(p); ++i) std::this_thread::sleep_for(10ms);
    EXPECT_FALSE(is_alive(p)) << "process " << p << " outlived kill()";
  }
}

// release() hands the process over: destroying the handle leaves it running.
TEST(process, release_hands_the_process_over) {
  spawn_options o;
  o.argv = {"/bin/sleep", "30"};
  pid_t pid = -1;
  {
    auto child = child_process::spawn(o);
    ASSERT_TRUE(child);
    pid = child->release();
  }
  EXPECT_TRUE(is_alive(pid));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace
