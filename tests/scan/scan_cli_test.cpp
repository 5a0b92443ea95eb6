// The real `badport scan` binary on real temp trees: output formats, exit statuses, --diff
// accepted by `git apply`, and bad input (unreadable files, FIFOs, symlink loops, big files).

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace badport::test {
namespace {

namespace fs = std::filesystem;

// A temp folder, removed at the end; the test process works inside it.
class temp_tree {
 public:
  temp_tree() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("badport-scan-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
    old_ = fs::current_path();
    fs::current_path(path_);
  }
  ~temp_tree() {
    fs::current_path(old_);
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
      if (!it->is_symlink()) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  temp_tree(const temp_tree&) = delete;
  temp_tree& operator=(const temp_tree&) = delete;

  void write(const std::string& rel, const std::string& text) const {
    const auto p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  fs::path old_;
};

run_options short_timeout() {
  run_options o;
  o.timeout = std::chrono::seconds(20);
  return o;
}

std::string fixture(const std::string& name) { return std::string(BADPORT_SCAN_FIXTURES) + "/" + name; }

TEST(ScanCli, TextOutputIsCompilerStyleWithCaret) {
  temp_tree t;
  t.write("compose.yaml", "services:\n  web:\n    ports:\n      - \"6000:5000\"\n      - \"8000:6000\"\n");
  const auto r = run_badport({"scan", "--engine", "chromium,firefox"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out,
            "compose.yaml:4:10: error: port 6000 (x11) is blocked by chromium, firefox; use 6001 instead "
            "[compose host port]\n"
            "      - \"6000:5000\"\n"
            "         ^~~~\n"
            "1 blocked port (1 error, 0 warnings) in 1 file; 1 files read\n");
  EXPECT_EQ(r.err, "");
}

TEST(ScanCli, CleanTreeExitsZero) {
  temp_tree t;
  t.write("compose.yaml", "services:\n  web:\n    ports:\n      - \"8000:6000\"\n");
  t.write("README.md", "http://localhost:8080/\n");
  const auto r = run_badport({"scan"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(ScanCli, EngineOptionChoosesEngines) {
  temp_tree t;
  t.write("notes.md", "http://localhost:6000/\n");
  EXPECT_EQ(run_badport({"scan", "--engine", "bun"}).exit_code, 0);
  EXPECT_EQ(run_badport({"scan", "--engine", "webkit"}).exit_code, 1);
  const auto bad = run_badport({"scan", "--engine", "chrom"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown engine"), std::string::npos);
}

TEST(ScanCli, JsonFindings) {
  const auto r = run_badport({"scan", "--format", "json", fixture("compose")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.scan/1");
  ASSERT_EQ(doc["findings"].size(), 13u);
  const auto& f = doc["findings"][1];
  EXPECT_EQ(f["path"], fixture("compose") + "/compose.yaml");
  EXPECT_EQ(f["line"], 6);
  EXPECT_EQ(f["column"], 10);
  EXPECT_EQ(f["port"], 6000);
  EXPECT_EQ(f["service"], "x11");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["suggestion"], 6001);
  EXPECT_TRUE(f["blocked_by"].is_array());
  EXPECT_EQ(doc["problems"].size(), 0u);
}

TEST(ScanCli, SarifIsStructurallyValid) {
  const auto r = run_badport({"scan", "--format", "sarif", fixture("dockerfile")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto log = nlohmann::json::parse(r.out);
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "badport");
  std::vector<std::string> ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) ids.push_back(rule["id"]);
  ASSERT_EQ(run["results"].size(), 5u);
  for (const auto& res : run["results"]) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), res["ruleId"].get<std::string>()), ids.end());
    EXPECT_EQ(ids[res["ruleIndex"].get<std::size_t>()], res["ruleId"]);
    EXPECT_TRUE(res["level"] == "error" || res["level"] == "warning");
    EXPECT_TRUE(res["message"]["text"].is_string());
    const auto& loc = res["locations"][0]["physicalLocation"];
    EXPECT_TRUE(loc["artifactLocation"]["uri"].is_string());
    EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);
    EXPECT_GE(loc["region"]["startColumn"].get<int>(), 1);
  }
  EXPECT_EQ(run["results"][0]["level"], "warning");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
}

TEST(ScanCli, DiffIsAcceptedByGitApplyAndReplacesConsistently) {
  temp_tree t;
  t.write("compose.yaml", "services:\n  web:\n    ports:\n      - \"6000:5000\"\n      - \"8000:6000\"\n");
  t.write("docs/README.md", "Open http://localhost:6000/ then\nhttp://localhost:6665\n");
  t.write(".env", "PORT=6000");  // no newline at the end
  ASSERT_EQ(run_program({"git", "init", "-q"}).exit_code, 0);
  const auto r = run_badport({"scan", "--diff"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("-      - \"6000:5000\"\n+      - \"6001:5000\"\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+Open http://localhost:6001/ then\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+PORT=6001\n\\ No newline at end of file\n"), std::string::npos) << r.out;
  std::ofstream("fix.patch") << r.out;
  const auto check = run_program({"git", "apply", "--check", "fix.patch"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  ASSERT_EQ(run_program({"git", "apply", "fix.patch"}).exit_code, 0);
  fs::remove("fix.patch");
  const auto after = run_badport({"scan"});
  EXPECT_EQ(after.exit_code, 0) << after.out;
  // badport itself edits nothing.
  const auto again = run_badport({"scan", "--diff"});
  EXPECT_EQ(again.out, "");
}

// The new places are rewritten where the port is written (a default in code, a config
// value, a doc line), with one replacement per port, never a port the project already uses:
// 6001 is published by the compose file (allowed, not blocked), so 6000 becomes 6002
// everywhere, in a file with no blocked port of its own too.
TEST(ScanCli, DiffRewritesCodeConfigAndDocsAvoidingPortsTheProjectUses) {
  temp_tree t;
  t.write("app.py", "import os\napp.run(host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", 6000)))\n");
  t.write("config/settings.yaml", "server:\n  port: 6000\n  timeout: 6000\n");
  t.write("README.md", "Run:\n\n```bash\ndocker run -it \\\n  -p 6000:5000 \\\n  app\n```\n");
  t.write("deploy/stack.yml", "services:\n  other:\n    ports:\n      - \"6001:80\"\n");
  ASSERT_EQ(run_program({"git", "init", "-q"}).exit_code, 0);
  const auto r = run_badport({"scan", "--diff"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("+app.run(host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", 6002)))\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("+  port: 6002\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("timeout: 6002"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+  -p 6002:5000 \\\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("6001:80"), std::string::npos) << r.out;
  std::ofstream("fix.patch") << r.out;
  ASSERT_EQ(run_program({"git", "apply", "fix.patch"}).exit_code, 0);
  fs::remove("fix.patch");
  EXPECT_EQ(run_badport({"scan"}).exit_code, 0);
}

// Two ports whose nearest allowed port is the same get different replacements, and every
// output says the one --diff writes.
TEST(ScanCli, SuggestionsAreThePlansInEveryOutput) {
  temp_tree t;
  t.write("notes.md", "http://localhost:6667/ then http://localhost:6665/\n");
  const auto json = nlohmann::json::parse(run_badport({"scan", "--json"}).out);
  ASSERT_EQ(json["findings"].size(), 2u);
  EXPECT_EQ(json["findings"][0]["suggestion"], 6670);
  EXPECT_EQ(json["findings"][1]["suggestion"], 6671);
  const auto text = run_badport({"scan"});
  EXPECT_NE(text.out.find("use 6671 instead"), std::string::npos) << text.out;
  ASSERT_EQ(run_program({"git", "init", "-q"}).exit_code, 0);
  EXPECT_NE(run_badport({"scan", "--diff"}).out.find("+http://localhost:6670/ then http://localhost:6671/\n"),
            std::string::npos);
}

TEST(ScanCli, KindOfPlaceInTextJsonAndSarif) {
  temp_tree t;
  t.write("server.js", "app.listen(process.env.PORT || 6000);\n");
  t.write("notes.txt", "then open localhost:6665\n");
  const auto text = run_badport({"scan", "--engine", "chromium", "server.js"});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_NE(text.out.find("server.js:1:32: error: port 6000 (x11) is blocked by chromium; use 6001 instead "
                          "[listen call app.listen]\n"),
            std::string::npos)
      << text.out;
  const auto json = nlohmann::json::parse(run_badport({"scan", "--json"}).out);
  ASSERT_EQ(json["findings"].size(), 2u);
  EXPECT_EQ(json["findings"][0]["kind"], "address");
  EXPECT_EQ(json["findings"][0]["rule"], "address-port");
  EXPECT_EQ(json["findings"][1]["kind"], "listen call");
  EXPECT_EQ(json["findings"][1]["rule"], "listen-port");
  const auto sarif = nlohmann::json::parse(run_badport({"scan", "--format", "sarif"}).out);
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1]["properties"]["kind"], "listen call");
  const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  EXPECT_EQ(rules[results[1]["ruleIndex"].get<std::size_t>()]["id"], "listen-port");
}

TEST(ScanCli, BadFilesAreErrorsTheScanGoesOnStatusTwo) {
  temp_tree t;
  t.write("compose.yaml", "services: [\n");
  t.write("devcontainer.json", "{ \"forwardPorts\": [6000 }");
  t.write("deep.yaml", "hostPort: 1\nx: " + std::string(100'000, '[') + "\n");
  t.write("bad.json/package.json", "{\"scripts\": {\"a\": \"\xff\"}}");
  t.write("notes.md", "http://localhost:6000/\n");
  const auto r = run_badport({"scan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("notes.md:1:18: error: port 6000"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("badport: compose.yaml:2:1: invalid YAML"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("badport: devcontainer.json:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("deep.yaml: YAML nested deeper"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("package.json:1:20: invalid UTF-8"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("warning:"), std::string::npos) << "exit 2 comes with errors, not warnings: " << r.err;
}

TEST(ScanCli, UnreadableFileAndFolderAreWarnings) {
  // Root reads every file: then run badport as nobody through setpriv(1) (util-linux).
  const bool root = ::geteuid() == 0;
  if (root && run_program({"setpriv", "--version"}).exit_code != 0) GTEST_SKIP() << "root without setpriv";
  temp_tree t;
  fs::permissions(t.path(), fs::perms::all);
  t.write("secret/a.txt", "http://localhost:6000/\n");
  t.write("locked.txt", "http://localhost:6000/\n");
  t.write("open.txt", "http://localhost:6665/\n");
  fs::permissions("secret", fs::perms::none);
  fs::permissions("locked.txt", fs::perms::none);
  const auto r = root ? run_program({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", BADPORT_EXE, "scan"})
                      : run_badport({"scan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("locked.txt: cannot read: Permission denied"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("secret: cannot read folder: Permission denied"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("open.txt:1:18"), std::string::npos);
}

TEST(ScanCli, FifoIsNeverOpenedAndSymlinkLoopsEnd) {
  temp_tree t;
  ASSERT_EQ(::mkfifo("pipe.txt", 0600), 0);
  t.write("real/a.txt", "http://localhost:6000/\n");
  fs::create_directory_symlink("..", "real/up");
  fs::create_symlink("a.txt", "real/link.txt");
  // Without --follow, links are not followed: one finding.
  auto r = run_badport({"scan"}, short_timeout());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '^'), 1);
  // With --follow: the file link is read, the loop is said and not walked forever.
  r = run_badport({"scan", "--follow"}, short_timeout());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '^'), 2) << r.out;
  EXPECT_NE(r.err.find("real/up: symbolic link loop"), std::string::npos) << r.err;
}

TEST(ScanCli, IgnoreRulesAndSizeLimit) {
  temp_tree t;
  ASSERT_EQ(run_program({"git", "init", "-q"}).exit_code, 0);
  t.write(".gitignore", "dist/\n");
  t.write(".git/info/exclude", "local.txt\n");
  t.write("dist/a.txt", "http://localhost:6000/\n");
  t.write("local.txt", "http://localhost:6000/\n");
  t.write("big.txt", std::string(2000, 'x') + "\nhttp://localhost:6000/\n");
  auto r = run_badport({"scan", "--max-size", "1K"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("note: big.txt: skipped: 2024 bytes is over the size limit of 1024"), std::string::npos) << r.err;
  r = run_badport({"scan", "--no-ignore"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '^'), 3) << r.out;
  const auto bad = run_badport({"scan", "--max-size", "lots"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace badport::test
