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

}  // namespace
}  // namespace badport::test
