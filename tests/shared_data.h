#pragma once
// The shared data folder the tests read (BADPORT_SHARED_DIR: web-platform-tests, the reference
// lists of the engines), and what a test does when it is absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace badport::test {

/// BADPORT_SHARED_DIR / `relative`.
inline std::filesystem::path shared_path(const std::string& relative) {
  return std::filesystem::path(BADPORT_SHARED_DIR) / relative;
}

/// The text of a file of the shared folder, or nullopt when it cannot be read.
inline std::optional<std::string> read_shared(const std::string& relative) {
  std::ifstream in(shared_path(relative), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace badport::test

/// Ends a test whose shared data is absent: a skip, or a failure when the build requires the
/// data (-DBADPORT_REQUIRE_SHARED=ON, which scripts/test sets).
#define BADPORT_SHARED_DATA_ABSENT(what)                                                 \
  do {                                                                                   \
    if (BADPORT_REQUIRE_SHARED) FAIL() << (what) << " (BADPORT_REQUIRE_SHARED is on)"; \
    GTEST_SKIP() << (what);                                                              \
  } while (false)
