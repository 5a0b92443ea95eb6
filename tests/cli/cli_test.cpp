// Golden tests of the real binary for check, list and diff: output, errors, exit statuses.

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace badport::test {
namespace {

TEST(Cli, Check6000Golden) {
  const auto r = run_badport({"check", "6000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, golden("check-6000.txt", r.out));
  EXPECT_EQ(r.err, "");
}

TEST(Cli, Check8000IsFineEverywhere) {
  const auto r = run_badport({"check", "8000"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, golden("check-8000.txt", r.out));
}

}  // namespace
}  // namespace badport::test
