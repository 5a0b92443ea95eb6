// What `badport scan` reads besides a project's tree: paths it cannot read (errors, and the
// scan goes on) and standard input (`-`).

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

namespace badport::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A temp folder with files, removed at the end.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("badport-scan-input-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

TEST(ScanInput, AnUnreadablePathIsAnErrorAndTheScanGoesOn) {
  temp_dir t;
  const auto env = t.write(".env", "PORT=6000\n");
  const auto missing = t.path("missing.yaml");
  const auto r = run_badport({"scan", missing, env});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "badport: " + missing + ": cannot read: No such file or directory\n");
  EXPECT_NE(r.out.find(env + ":1:6: error: port 6000"), std::string::npos) << r.out;  // the rest is scanned
}

// What `docker compose config` prints: the resolved file, ports in long syntax.
const char* const compose_config = R"(name: shop
services:
  web:
    image: nginx
    ports:
      - mode: ingress
        target: 80
        published: "6000"
        protocol: tcp
networks:
  default:
    name: shop_default
)";

TEST(ScanInput, DashReadsStandardInputAsOneFile) {
  run_options in;
  in.stdin_data = "see http://localhost:6000/ for the app\n";
  const auto r = run_badport({"scan", "-"}, in);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("<stdin>:1:22: error: port 6000 (x11)", 0), 0u) << r.out;
}

TEST(ScanInput, StdinNameChoosesTheReader) {
  run_options in;
  in.stdin_data = compose_config;
  // Read as text, a compose file's port is not a URL: nothing.
  EXPECT_EQ(run_badport({"scan", "-"}, in).exit_code, 0);
  const auto r = run_badport({"scan", "-", "--stdin-name", "compose.yaml", "--json"}, in);
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_EQ(doc["findings"][0]["path"], "compose.yaml");
  EXPECT_EQ(doc["findings"][0]["port"], 6000);
  EXPECT_EQ(doc["findings"][0]["line"], 8);
  EXPECT_EQ(doc["files_read"], 1);
}

TEST(ScanInput, StdinBesidePathsIsOneMoreFile) {
  temp_dir t;
  const auto env = t.write(".env", "PORT=6665\n");
  run_options in;
  in.stdin_data = "PORT=6000\n";
  const auto r = run_badport({"scan", env, "-", "--stdin-name", ".env", "--json"}, in);
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 2u) << r.out;
  EXPECT_EQ(doc["findings"][0]["path"], env);
  EXPECT_EQ(doc["findings"][1]["path"], ".env");
  EXPECT_EQ(doc["files_read"], 2);
}

TEST(ScanInput, StdinIsBoundedAndBinaryIsReported) {
  run_options big;
  big.stdin_data = std::string(20'000, 'a') + " http://localhost:6000/\n";
  const auto r = run_badport({"scan", "-", "--max-size", "10K"}, big);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "badport: note: <stdin>: skipped: over the size limit of 10240 bytes (--max-size)\n");
  EXPECT_EQ(r.out, "");

  // An endless stream: reading stops at the limit, no hang.
  std::string chunk(1 << 16, 'y');
  run_options endless;
  endless.timeout = std::chrono::seconds(20);
  endless.stdin_source = [&chunk] { return std::string_view(chunk); };
  const auto e = run_badport({"scan", "-"}, endless);
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_EQ(e.err, "badport: note: <stdin>: skipped: over the size limit of 1048576 bytes (--max-size)\n");

  run_options binary;
  binary.stdin_data = std::string("\x7f" "ELF\0\0 http://localhost:6000/", 29);
  const auto b = run_badport({"scan", "-", "--json"}, binary);
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_EQ(b.err, "badport: note: <stdin>: skipped: binary (a NUL byte in its first 8 KiB)\n");
  const auto doc = json::parse(b.out);
  EXPECT_EQ(doc["binary_skipped"], 1);
  EXPECT_EQ(doc["files_read"], 0);
}

TEST(ScanInput, StdinMisuseIsAUsageError) {
  EXPECT_EQ(run_badport({"scan", "-", "--diff"}).err,
            "badport scan: --diff cannot be used with - (standard input has no file to patch)\n");
  const auto r = run_badport({"scan", ".", "--stdin-name", "compose.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "badport scan: --stdin-name names standard input; give - among the paths\n");
}

}  // namespace
}  // namespace badport::test
