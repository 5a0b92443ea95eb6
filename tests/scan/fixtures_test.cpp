// Each fixture tree under fixtures/NAME is scanned as `badport scan` scans it; the findings
// must be exactly fixtures/NAME.expected, `path:line:col: port severity rule`, so that what
// must not be reported is checked as much as what must.

#include <badport/io/scan_tree.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace badport {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string findings_of(const std::string& name) {
  const std::string root = std::string(BADPORT_SCAN_FIXTURES) + "/" + name;
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
  // BADPORT_UPDATE_GOLDEN=1 writes the findings first, so that a reviewed change updates them.
  if (const char* update = std::getenv("BADPORT_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1")
    std::ofstream(path) << findings_of(GetParam());
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
