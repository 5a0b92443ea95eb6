// Hostile trees and files against the real `badport scan` and `badport check`: each case once
// hung, grew without bound, crashed, or wrote a wrong or dangerous patch. Each must now end
// within its timeout, in bounded memory, with the expected status and output. Real files in
// temp folders; `git apply` and `patch` are the real programs.

#include "run.h"
#include "../sanitizers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace badport::test {
namespace {

namespace fs = std::filesystem;


class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "badport-bounds-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }
  void write(const std::string& rel, const std::string& data) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
  }
  [[nodiscard]] std::string read(const std::string& rel) const {
    std::ifstream f(path_ / rel, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }

 private:
  fs::path path_;
};

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

run_result scan(const std::vector<std::string>& args, int seconds = 30) {
  run_options o;
  o.timeout = std::chrono::seconds(seconds);
  std::vector<std::string> a{"scan"};
  a.insert(a.end(), args.begin(), args.end());
  return run_badport(a, o);
}

void expect_bounded(const run_result& r) {
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "did not end within the timeout";
  EXPECT_NE(r.exit_code, 128 + SIGABRT) << "aborted: " << r.err;
  EXPECT_LT(r.max_rss_kib, rss_limit_kib);
}

bool has_control_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
  });
}

// ---- memory and output grow with findings, not with findings x line length ----------------

// 4,000 URLs on one 60 KB line used to take 240 MB and print 1.4 GB at 120 KB; at 300 KB the
// worker thread died of std::bad_alloc and took every other file's findings with it.
TEST(ScanBounds, OneLongLineOfUrls) {
  temp_dir d;
  d.write("notes.txt", repeat("http://a:6000/ ", 300 * 1024 / 15) + "\n");
  d.write("z.env", "PORT=6000\n");
  const auto r = scan({d.path().string()});
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_LT(r.out.size(), std::size_t{2} << 20);
  EXPECT_NE(r.out.find("notes.txt: note: 19480 more findings not shown (at most 1000 per file)"), std::string::npos);
  EXPECT_NE(r.out.find("z.env:1:6:"), std::string::npos) << "the other file's finding is lost";
  // The quoted line is an excerpt around the port, with a caret under it.
  EXPECT_NE(r.out.find("\nhttp://a:6000/ http://a:6000/"), std::string::npos);
  EXPECT_NE(r.out.find("...\n         ^~~~\n"), std::string::npos);
}

// `EXPOSE 1-65535` 2,000 times (16 KB) gave 164,000 findings, 2.6 GB and 4 GB of output.
TEST(ScanBounds, ManyWideRanges) {
  temp_dir d;
  d.write("Dockerfile", "FROM x\nEXPOSE " + repeat("1-65535 ", 2000) + "\n");
  d.write("compose.yaml", "services:\n  web:\n    ports:\n" + repeat("      - \"1-65535:1-65535\"\n", 2000));
  const auto r = scan({d.path().string()});
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_LT(r.out.size(), std::size_t{2} << 20);
  EXPECT_NE(r.out.find("Dockerfile: note: "), std::string::npos);
  EXPECT_NE(r.out.find("compose.yaml: note: "), std::string::npos);
  // Eight ports per range, then the count of the others.
  EXPECT_NE(r.out.find("more blocked ports in 1-65535 [EXPOSE range]"), std::string::npos) << r.out.substr(0, 3000);
}

// A file that does not fit in memory is a problem of that file: the other files are still
// reported (the address space is limited so that the allocation fails on any machine).
TEST(ScanBounds, FileTooLargeForMemoryIsAProblemNotACrash) {
  if (run_program({"prlimit", "--version"}).exit_code != 0) GTEST_SKIP() << "prlimit is not installed";
  // AddressSanitizer reserves terabytes of address space for its shadow memory at start-up,
  // so an instrumented badport cannot start under a 1 GiB limit; the release run covers this.
  if (under_asan) GTEST_SKIP() << "AddressSanitizer cannot start under an address-space limit";
  temp_dir d;
  d.write("a.env", "PORT=6000\n");
  d.write("big.txt", std::string(9000, 'x'));
  fs::resize_file(d.path() / "big.txt", std::uintmax_t{2} << 30);  // sparse: text first, then a hole
  run_options o;
  o.timeout = std::chrono::seconds(30);
  const auto r = run_program({"prlimit", "--as=1073741824", "--", BADPORT_EXE, "scan", "--max-size", "64G",
                              d.path().string()},
                             o);
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("big.txt: not enough memory to scan this file"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.env:1:6:"), std::string::npos) << r.out;
}

// A sparse 30 GB file of zeros is binary from its first 8 KiB: it is never read further.
TEST(ScanBounds, HugeSparseFileIsSkippedAsBinary) {
  temp_dir d;
  d.write("a.env", "PORT=6000\n");
  d.write("big.txt", "");
  fs::resize_file(d.path() / "big.txt", std::uintmax_t{30} << 30);
  const auto r = scan({"--max-size", "64G", d.path().string()});
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("a.env:1:6:"), std::string::npos) << r.out;
}

// ---- linear time ------------------------------------------------------------------------------

// An unclosed '[' after "http://", 130,000 times (1 MB): each URL used to scan to the end of
// the file (61 s).
TEST(ScanBounds, UnclosedBracketsAfterSchemes) {
  temp_dir d;
  d.write("notes.txt", repeat("http://[", 130000) + " http://[::1]:6000/\n");
  const auto r = scan({d / "notes.txt"}, 20);
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("[URL http://[::1]:6000]"), std::string::npos) << r.out.substr(0, 500);
}

// 60,000 services that alias one service with 5,000 ports (834 KB): 300 million items (137 s);
// the node budget counts aliases too.
TEST(ScanBounds, ComposeAliasesSpendTheNodeBudget) {
  temp_dir d;
  std::string y = "x-s: &s\n  ports: [" + repeat("\"6000:6000\", ", 4999) + "\"6000:6000\"]\nservices:\n";
  for (int i = 0; i < 60000; ++i) y += "  s" + std::to_string(i) + ": *s\n";
  d.write("compose.yaml", y);
  const auto r = scan({d / "compose.yaml"}, 30);
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("YAML has more than 200000 nodes (aliases?); read in part"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("compose.yaml:2:12: error: port 6000"), std::string::npos) << r.out.substr(0, 500);
}

// -L on two links per level to the next folder: 2^30 paths; each folder is walked once.
TEST(ScanBounds, SymlinkDagIsWalkedOncePerFolder) {
  temp_dir d;
  constexpr int depth = 30;
  for (int i = 0; i <= depth; ++i) fs::create_directories(d.path() / ("d" + std::to_string(i)));
  for (int i = 0; i < depth; ++i)
    for (const char* l : {"l1", "l2"})
      fs::create_directory_symlink("../d" + std::to_string(i + 1), d.path() / ("d" + std::to_string(i)) / l);
  d.write("d" + std::to_string(depth) + "/.env", "PORT=6000\n");
  const auto r = scan({"-L", d / "d0"}, 20);
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("1 blocked port (1 error, 0 warnings) in 1 file"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("folder already scanned through another path"), std::string::npos);
}

// `check 0-65535 --json` held every report and its JSON tree (570 MB): one at a time now.
TEST(CheckBounds, JsonOfEveryPortStreams) {
  run_options o;
  // A bound against a hang, not a timing: the instrumented debug build is ten times slower.
  o.timeout = std::chrono::seconds(under_asan ? 600 : 60);
  const auto r = run_badport({"check", "0-65535", "--json"}, o);
  expect_bounded(r);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(r.out.starts_with("{\n  \"schema\": \"badport.check/")) << r.out.substr(0, 200);
  EXPECT_TRUE(r.out.ends_with("}\n"));
  EXPECT_NE(r.out.find("\"checked\": 65536"), std::string::npos) << r.out.substr(r.out.size() - 300);
  std::size_t results = 0;
  for (std::size_t at = r.out.find("\n    {\n"); at != std::string::npos; at = r.out.find("\n    {\n", at + 1)) ++results;
  EXPECT_EQ(results, 65536u);
}

// ---- --diff: the patch touches only what has findings, and fixes the right place -----------

// Whether `git apply --check` and `patch -p1 --dry-run` accept the patch in `dir`.
void expect_applies(const temp_dir& d, const std::string& patch) {
  d.write("fix.patch", patch);
  run_options o;
  o.timeout = std::chrono::seconds(20);
  const auto g = run_program({"git", "-C", d.path().string(), "apply", "--check", "fix.patch"}, o);
  EXPECT_EQ(g.exit_code, 0) << g.err << patch;
  const auto p = run_program({"patch", "-d", d.path().string(), "-p1", "--dry-run", "-i", d / "fix.patch"}, o);
  EXPECT_EQ(p.exit_code, 0) << p.out << p.err << patch;
}

// A folder named with a newline and header lines used to become header lines of the patch,
// and `patch -p1` then rewrote a file that had no finding.
TEST(ScanDiff, FileNamesCannotAddLinesToThePatch) {
  if (run_program({"git", "--version"}).exit_code != 0 || run_program({"patch", "--version"}).exit_code != 0)
    GTEST_SKIP() << "git or patch is not installed";
  temp_dir d;
  d.write("victim.env", "PORT=8080\n");
  const std::string evil = "q\n+++ b/victim.env\n@@ -1 +1 @@\n-PORT=8080\n+PORT=1337\n--- a/q";
  d.write(evil + "/x.env", "PORT=6000\n");
  d.write("with space/.env", "PORT=6000\n");
  d.write("caf\xc3\xa9 \"q\"\\/.env", "PORT=6000\n");
  ASSERT_EQ(run_program({"git", "-C", d.path().string(), "init", "-q"}).exit_code, 0);
  run_options o;
  o.timeout = std::chrono::seconds(20);
  const auto cwd = fs::current_path();
  fs::current_path(d.path());
  const auto r = run_badport({"scan", "--diff"}, o);
  fs::current_path(cwd);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.find("\n+++ b/victim.env"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--- \"a/q\\n+++ b/victim.env\\n@@ -1 +1 @@\\n-PORT=8080\\n+PORT=1337\\n--- a/q/x.env\"\t\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--- a/with space/.env\t\n+++ b/with space/.env\t\n"), std::string::npos) << r.out;
  expect_applies(d, r.out);
  // Applied for real: three files change, the victim does not.
  const auto p = run_program({"patch", "-d", d.path().string(), "-p1", "-i", d / "fix.patch"}, o);
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  EXPECT_EQ(d.read("victim.env"), "PORT=8080\n");
  EXPECT_EQ(d.read(evil + "/x.env"), "PORT=6001\n");
  EXPECT_EQ(d.read("with space/.env"), "PORT=6001\n");
  EXPECT_EQ(d.read("caf\xc3\xa9 \"q\"\\/.env"), "PORT=6001\n");
}

// `"${WEB_PORT}:6000"` with WEB_PORT=6000 in .env: the host port comes from .env, which is
// what --diff fixes (the container port 6000 stays); a range is replaced by a whole range.
TEST(ScanDiff, FixesTheDotenvLineAndWholeRanges) {
  if (run_program({"git", "--version"}).exit_code != 0 || run_program({"patch", "--version"}).exit_code != 0)
    GTEST_SKIP() << "git or patch is not installed";
  temp_dir d;
  d.write("compose.yaml", "services:\n  web:\n    ports: [\"${WEB_PORT}:6000\"]\n");
  d.write(".env", "WEB_HOST=localhost\nWEB_PORT=6000\n");
  d.write(".gitignore", ".env\n");  // as projects keep it: read by Compose, not scanned itself
  d.write("Dockerfile", "FROM x\nEXPOSE 6665-6669 6000\n");
  ASSERT_EQ(run_program({"git", "-C", d.path().string(), "init", "-q"}).exit_code, 0);
  const auto r = scan({"--diff", d.path().string()});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.find("compose.yaml"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-WEB_PORT=6000\n+WEB_PORT=6001\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-EXPOSE 6665-6669 6000\n+EXPOSE 6670-6674 6001\n"), std::string::npos) << r.out;

  // The same scan from inside the folder applies with git and with patch.
  run_options o;
  o.timeout = std::chrono::seconds(20);
  const auto cwd = fs::current_path();
  fs::current_path(d.path());
  const auto here = run_badport({"scan", "--diff"}, o);
  fs::current_path(cwd);
  expect_applies(d, here.out);

  // The text report says where the value comes from.
  const auto text = scan({d / "compose.yaml"});
  EXPECT_NE(text.out.find("compose.yaml:3:13: error: port 6000"), std::string::npos) << text.out;
}

// ---- what the user names, and what the scan prints -------------------------------------------

TEST(ScanInput, SymlinkNamedOnTheCommandLineIsFollowed) {
  temp_dir d;
  d.write("real.env", "PORT=6000\n");
  fs::create_symlink("real.env", d.path() / "link.env");
  const auto r = scan({d / "link.env"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("link.env:1:6: error: port 6000"), std::string::npos) << r.out;
  // Inside a folder, a link is still not followed without -L.
  const auto tree = scan({"--json", d.path().string()});
  EXPECT_EQ(tree.out.find("link.env"), std::string::npos) << tree.out;
}

TEST(ScanInput, MaxSizeThatOverflowsIsAnError) {
  temp_dir d;
  d.write("a.env", "PORT=6000\n");
  for (const char* size : {"17179869184G", "18446744073709551616", "16777216T", "18014398509481984K"}) {
    const auto r = scan({"--max-size", size, d.path().string()});
    EXPECT_EQ(r.exit_code, 2) << size;
    EXPECT_TRUE(r.out.empty()) << size;
  }
  const auto r = scan({"--max-size", "17179869183G", d.path().string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
}

TEST(ScanInput, DeepValidYamlGetsTheDepthMessage) {
  temp_dir d;
  std::string y;
  for (int i = 0; i < 511; ++i) y += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  y += std::string(511, ' ') + "nodePort: 6000\n";
  d.write("k8s.yaml", y);
  const auto r = scan({d / "k8s.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("k8s.yaml: YAML nested deeper than 256 levels; not read"), std::string::npos) << r.err;
}

TEST(ScanInput, ExecFormWithoutSpaces) {
  temp_dir d;
  d.write("Dockerfile", "FROM node\nCMD [\"vite\",\"--port\",\"6000\"]\nENTRYPOINT [\"x\",\"-p\",\"6665\"]\n");
  const auto r = scan({d / "Dockerfile"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("Dockerfile:2:23: warning: port 6000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Dockerfile:3:23: warning: port 6665"), std::string::npos) << r.out;
}

// Terminal escapes and bidi controls in file names and lines are shown escaped.
TEST(ScanInput, ControlAndBidiCharactersAreEscapedInText) {
  temp_dir d;
  d.write("\x1b]0;title\x07.env", "PORT=6000 # \x1b[2J\xe2\x80\xae\xc2\x9b\n");
  const auto r = scan({d.path().string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_FALSE(has_control_bytes(r.out)) << r.out;
  EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(r.out.find("\\x1b]0;title\\x07.env:1:6:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PORT=6000 # \\x1b[2J\\u202e\\u009b\n"), std::string::npos) << r.out;
}

TEST(CheckInput, InvalidLinesOnStdinAreEscaped) {
  run_options o;
  o.stdin_data = "60\x1b]0;pwned\x07\nhttp://a\xe2\x80\xae:6000/\n6000\n";
  const auto r = run_badport({"check", "-"}, o);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(has_control_bytes(r.out)) << r.out;
  EXPECT_NE(r.out.find("invalid\t-\t60\\x1b]0;pwned\\x07\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invalid\t-\thttp://a\\u202e:6000/\t"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace badport::test
