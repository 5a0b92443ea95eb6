// The patches of `badport scan --diff` (make_unified_diff) against the real `git apply` and
// GNU `patch -p1`: generated files with hostile names (spaces, quotes, backslashes, newlines,
// tabs, bytes past ASCII, "+++ " and "@@" inside) and hostile lines (lines that look like
// headers or hunks, CRLF, no final newline, NUL bytes), edits of their port digits. Both
// programs must accept every patch, make exactly the edits, and touch no other file.
// (fuzz/diff_writer_fuzzer.cpp checks the same structure in-process on far more inputs.)

#include "run.h"

#include <badport/scan.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace badport::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

struct generated_case {
  std::string path;
  std::string content;
  std::vector<text_edit> edits;
  std::string expected;
};

generated_case generate(std::mt19937& rng) {
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> name_parts = {"compose.yaml", "with space", "q\n+++ b", "victim.env\n@@ -1 +1 @@",
                                               "caf\xc3\xa9", "\"quoted\"", "back\\slash", "tab\there", "a",
                                               "trailing ", "-dash", "x.env", "d\x7f", "\x01ctl"};
  generated_case c;
  const std::size_t depth = 1 + rng() % 3;
  for (std::size_t i = 0; i < depth; ++i) c.path += (i ? "/" : "") + pick(name_parts);
  c.path += "/f.env";
  const std::vector<std::string> line_parts = {"PORT=6000", "--- a/victim.env", "+++ b/victim.env", "@@ -1 +1 @@",
                                               "\\ No newline at end of file", "", " x", "-y", "+z", "ports: [\"6665:80\"]",
                                               std::string("nul\0here 6000", 13), "crlf 6667\r", "tab\t6000"};
  const std::size_t lines = 1 + rng() % 12;
  for (std::size_t i = 0; i < lines; ++i) c.content += pick(line_parts) + (i + 1 < lines || rng() % 2 ? "\n" : "");
  // Edit some of the digit runs.
  std::size_t at = 0;
  while ((at = c.content.find_first_of("0123456789", at)) != std::string::npos) {
    std::size_t end = at;
    while (end < c.content.size() && c.content[end] >= '0' && c.content[end] <= '9') ++end;
    if (rng() % 3 != 0) c.edits.push_back({at, end - at, std::to_string(1000 + rng() % 9000)});
    at = end;
  }
  c.expected = c.content;
  for (auto it = c.edits.rbegin(); it != c.edits.rend(); ++it) c.expected.replace(it->offset, it->length, it->text);
  return c;
}

class temp_repo {
 public:
  temp_repo() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("badport-diff-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~temp_repo() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_repo(const temp_repo&) = delete;
  temp_repo& operator=(const temp_repo&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(DiffApply, GitApplyAndPatchAcceptEveryGeneratedPatch) {
  if (run_program({"git", "--version"}).exit_code != 0 || run_program({"patch", "--version"}).exit_code != 0)
    GTEST_SKIP() << "git or patch is not installed";
  std::mt19937 rng(20240601);
  run_options o;
  o.timeout = std::chrono::seconds(20);
  int applied = 0;
  for (int n = 0; n < 40; ++n) {
    const generated_case c = generate(rng);
    const std::string patch = make_unified_diff(c.path, c.content, c.edits);
    if (c.expected == c.content) {
      EXPECT_EQ(patch, "") << c.path;
      continue;
    }
    ASSERT_FALSE(patch.empty()) << c.path;
    for (const bool with_git : {true, false}) {
      temp_repo repo;
      write_file(repo.path() / c.path, c.content);
      write_file(repo.path() / "victim.env", "PORT=8080\n");
      ASSERT_EQ(run_program({"git", "-C", repo.path().string(), "init", "-q"}).exit_code, 0);
      write_file(repo.path() / "fix.patch", patch);
      const std::string patch_file = (repo.path() / "fix.patch").string();
      run_result r;
      if (with_git) {
        r = run_program({"git", "-C", repo.path().string(), "apply", "--check", "fix.patch"}, o);
        ASSERT_EQ(r.exit_code, 0) << "git apply --check: " << r.err << "\n" << patch;
        r = run_program({"git", "-C", repo.path().string(), "apply", "fix.patch"}, o);
      } else {
        r = run_program({"patch", "-d", repo.path().string(), "-p1", "--dry-run", "-i", patch_file}, o);
        ASSERT_EQ(r.exit_code, 0) << "patch --dry-run: " << r.out << r.err << "\n" << patch;
        r = run_program({"patch", "-d", repo.path().string(), "-p1", "--no-backup-if-mismatch", "-i", patch_file}, o);
      }
      ASSERT_EQ(r.exit_code, 0) << (with_git ? "git apply: " : "patch: ") << r.out << r.err << "\n" << patch;
      EXPECT_EQ(read_file(repo.path() / c.path), c.expected) << (with_git ? "git apply" : "patch") << "\n" << patch;
      EXPECT_EQ(read_file(repo.path() / "victim.env"), "PORT=8080\n");
      // Nothing else was made: the file, the victim, the patch and .git only.
      std::size_t files = 0;
      for (const auto& e : fs::recursive_directory_iterator(repo.path()))
        if (e.is_regular_file() && e.path().string().find("/.git/") == std::string::npos) ++files;
      EXPECT_EQ(files, 3u) << patch;
    }
    ++applied;
  }
  EXPECT_GT(applied, 20);
}

}  // namespace
}  // namespace badport::test
