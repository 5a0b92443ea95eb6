// Each fixture tree under fixtures/NAME is scanned as `badport scan` scans it; the findings
// must be exactly fixtures/NAME.expected, `path:line:col: port severity rule`, so that what
// must not be reported is checked as much as what must.

#include <badport/io/scan_tree.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace badport {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// git keeps no ignored file, so the committed walk fixture holds only what must be found. Its
// copy in a temp folder gets, at test time, the files its .gitignore rules must hide, each with
// a port that would be found: debug.log (`*.log`), ignored_dir/ (`ignored_dir/`) and sub/notes.md
// (sub/.gitignore's `*.md`); keep.log stays found (`!keep.log`).
class walk_fixture_copy {
 public:
  walk_fixture_copy() {
    std::string tmpl = (fs::temp_directory_path() / "badport-walk-fixture-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = fs::path(tmpl) / "walk";
    fs::copy(fs::path(BADPORT_SCAN_FIXTURES) / "walk", root_, fs::copy_options::recursive);
    const std::pair<const char*, const char*> hidden[] = {
        {"debug.log", "http://localhost:6667\n"},
        {"ignored_dir/a.txt", "http://localhost:6668\n"},
        {"ignored_dir/deep/b.log", "http://localhost:6669\n"},
        {"sub/notes.md", "http://localhost:6000\n"},
    };
    for (const auto& [rel, text] : hidden) {
      fs::create_directories((root_ / rel).parent_path());
      std::ofstream(root_ / rel) << text;
    }
  }
  walk_fixture_copy(const walk_fixture_copy&) = delete;
  walk_fixture_copy& operator=(const walk_fixture_copy&) = delete;
  ~walk_fixture_copy() {
    std::error_code ec;
    fs::remove_all(root_.parent_path(), ec);
  }
  [[nodiscard]] std::string root() const { return root_.string(); }

 private:
  fs::path root_;
};

std::string findings_of(const std::string& name) {
  std::optional<walk_fixture_copy> copy;
  if (name == "walk") copy.emplace();
  const std::string root = copy ? copy->root() : std::string(BADPORT_SCAN_FIXTURES) + "/" + name;
  io::tree_scan_options opt;
  const auto scan = io::scan_tree({root}, opt);
  std::string out;
  for (const auto& file : scan.files) {
    const std::string rel = file.path.substr(root.size() + 1);
    for (const auto& f : file.report.findings)
      out += rel + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " + std::to_string(f.port) + " " +
             std::string(badport::name(f.level)) + " " + f.rule + "\n";
    for (const auto& p : file.report.problems) out += rel + ": problem: " + p.message + "\n";
  }
  for (const auto& n : scan.notices) out += n.path + ": notice: " + n.message + "\n";
  return out;
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, FindsExactlyTheExpectedPorts) {
  const std::string path = std::string(BADPORT_SCAN_FIXTURES) + "/" + GetParam() + ".expected";
  // BADPORT_UPDATE_GOLDEN=1 writes the findings and fails: review the diff, then rerun without it.
  if (const char* update = std::getenv("BADPORT_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << findings_of(GetParam());
    FAIL() << path << " was rewritten (BADPORT_UPDATE_GOLDEN=1): review the diff, then rerun without it";
  }
  const auto expected = read_text(path);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(findings_of(GetParam()), expected);
}

INSTANTIATE_TEST_SUITE_P(Scan, Fixture,
                         ::testing::Values("compose", "dockerfile", "dotenv", "scripts", "devcontainer",
                                           "launch_settings", "spring", "servers", "kubernetes", "urls", "walk",
                                           "source_python", "source_js", "source_go", "source_ruby", "source_jvm",
                                           "source_php", "source_rust", "source_csharp", "source_cmake",
                                           "compose_content", "config", "docs", "orchestration", "addresses"));

}  // namespace
}  // namespace badport
