// The walker's .gitignore matching against git itself: for every pattern of up to three pieces
// (letters, '*', '**', '?', '/', bracket expressions, escapes), one .gitignore in a real temp
// repository, and the files the walker hands over must be the files `git ls-files --others
// --exclude-standard` lists. Then the glob that hangs a backtracking matcher, on a real tree.

#include "run.h"

#include <badport/io/walk.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace badport::test {
namespace {

namespace fs = std::filesystem;

class temp_repo {
 public:
  temp_repo() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("badport-ignore-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~temp_repo() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_repo(const temp_repo&) = delete;
  temp_repo& operator=(const temp_repo&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    const auto p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Names chosen so that the pieces below meet literal '*', '?', '[' and '\' in file names too.
const std::vector<std::string> tree_files = {
    "b", "aa", "ba", "bb", "a.b", "*", "?", "[a]", "\\", "a*", "!a", "#a", "a/b", "a/ab", "a/ba", "a/a/a", "a/a/b",
    "a/c/b/a", "ab/a", "ab/b", "x/a/b", "x/y/a", "x/b", "bx/x/a/b", "bx/a"};

std::set<std::string> walker_files(const fs::path& root) {
  std::set<std::string> out;
  io::walk_callbacks cb;
  cb.file = [&](const io::walked_file& f) { out.insert(f.path.substr(root.string().size() + 1)); };
  cb.notice = [](io::walk_notice) {};
  io::walk({root.string()}, io::walk_options{}, cb);
  return out;
}

std::set<std::string> git_files(const fs::path& root) {
  run_options o;
  o.timeout = std::chrono::seconds(20);
  const auto r = run_program({"git", "-C", root.string(), "-c", "core.quotepath=off", "ls-files", "-z", "--others",
                              "--exclude-standard"},
                             o);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < r.out.size(); ++i)
    if (r.out[i] == '\0') {
      out.insert(r.out.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

TEST(IgnoreAgainstGit, EveryShortPatternAgrees) {
  if (run_program({"git", "--version"}).exit_code != 0) GTEST_SKIP() << "git is not installed";
  temp_repo repo;
  for (const auto& f : tree_files) repo.write(f, "x\n");
  ASSERT_EQ(run_program({"git", "-C", repo.path().string(), "init", "-q"}).exit_code, 0);

  const std::vector<std::string> pieces = {"a", "b", "*", "**", "?", "/", "[ab]", "[!a]", "\\*", "[a-"};
  std::vector<std::string> patterns;
  for (const auto& x : pieces) {
    patterns.push_back(x);
    for (const auto& y : pieces) {
      patterns.push_back(x + y);
      for (const auto& z : pieces) patterns.push_back(x + y + z);
    }
  }
  // A few that name classes, negate, or escape.
  for (const char* p : {"[[:alpha:]]", "[[:digit:]]", "[[:alpha:]", "[[:nope:]]", "[]a]", "[!]a]", "a/**", "**/a/**",
                        "a/**/b", "\\[a]", "[\\]]", "[a-b]/*", "*/**/a", "a\\", "x/**/**/b"})
    patterns.emplace_back(p);

  std::size_t disagree = 0;
  for (const auto& pattern : patterns) {
    repo.write(".gitignore", pattern + "\n");
    const auto ours = walker_files(repo.path());
    const auto theirs = git_files(repo.path());
    if (ours != theirs) {
      ++disagree;
      std::string only_ours, only_git;
      for (const auto& f : ours)
        if (theirs.count(f) == 0) only_ours += " " + f;
      for (const auto& f : theirs)
        if (ours.count(f) == 0) only_git += " " + f;
      ADD_FAILURE() << "pattern \"" << pattern << "\": listed only by badport:" << only_ours
                    << "; only by git:" << only_git;
      if (disagree > 20) break;
    }
  }
  EXPECT_GT(patterns.size(), 1000u);
}

// A backtracking matcher takes about C(50, 9) steps on this pattern (seconds to hours); the
// scan must end at once, as `git status` does.
TEST(IgnoreAgainstGit, StarsAgainstALongNameEndAtOnce) {
  temp_repo repo;
  repo.write(".gitignore", "*a*a*a*a*a*a*a*a*a*b\n");
  repo.write(std::string(50, 'a'), "PORT=6000\n");
  repo.write(std::string(4000, 'a').substr(0, 200) + ".env", "PORT=6000\n");
  run_options o;
  o.timeout = std::chrono::seconds(20);
  const auto r = run_badport({"scan", repo.path().string()}, o);
  EXPECT_NE(r.exit_code, 128 + 9) << "the scan did not end within 20 s";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find(std::string(200, 'a') + ".env:1:6:"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace badport::test
