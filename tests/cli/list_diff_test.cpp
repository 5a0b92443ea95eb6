// `badport diff` and `badport list` at their edges: two names for one engine, dates before an
// engine's recorded history.

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace badport::test {
namespace {

using json = nlohmann::json;

TEST(Diff, TwoNamesForOneEngineSaySoInOneLine) {
  struct diff_case {
    std::string left, right, out;
  };
  const diff_case cases[] = {
      {"chrome", "edge", "chrome and edge both use chromium's list: no difference\n"},
      {"chrome", "chromium", "chrome uses chromium's list: no difference\n"},
      {"firefox", "gecko", "gecko uses firefox's list: no difference\n"},
      {"webkit", "webkit", "both sides are webkit: no difference\n"},
      {"edge", "edge", "both sides are edge, which uses chromium's list: no difference\n"},
  };
  for (const auto& c : cases) {
    const auto r = run_badport({"diff", c.left, c.right});
    EXPECT_EQ(r.exit_code, 0) << c.left << " " << c.right;
    EXPECT_EQ(r.out, c.out);
    EXPECT_EQ(r.err, "");
  }
  // Two engines with the same list: one line too.
  const auto same = run_badport({"diff", "fetch", "deno"});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_EQ(same.out, "fetch and deno block the same ports: no difference\n");
}

TEST(Diff, JsonNamesWhatWasAskedAndWhatWasCompared) {
  const auto r = run_badport({"diff", "chrome", "edge", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.diff/1");
  EXPECT_EQ(doc["left"], "chromium");
  EXPECT_EQ(doc["right"], "chromium");
  EXPECT_EQ(doc["requested"], json({{"left", "chrome"}, {"right", "edge"}}));
  EXPECT_EQ(doc["same_list"], true);
  EXPECT_EQ(doc["only_left"], json::array());
  EXPECT_EQ(doc["only_right"], json::array());
  const auto differ = json::parse(run_badport({"diff", "chrome", "firefox", "--json"}).out);
  EXPECT_EQ(differ["requested"], json({{"left", "chrome"}, {"right", "firefox"}}));
  EXPECT_EQ(differ["same_list"], false);
  EXPECT_EQ(differ["left"], "chromium");
}

TEST(List, ADateBeforeTheRecordedHistoryIsRefusedNamingTheEarliest) {
  struct at_case {
    std::vector<std::string> args;
    std::string err;
  };
  const at_case cases[] = {
      {{"list", "--at", "1990-01-01"},
       "badport: invalid date \"1990-01-01\": before the recorded history; the earliest date the database records "
       "for these engines is 2016-03-10 (fetch)\n"},
      {{"list", "--engine", "chromium", "--at", "2019-01-01", "--json"},
       "badport: invalid date \"2019-01-01\": before the recorded history; the earliest date the database records "
       "for these engines is 2020-11 (chromium)\n"},
      {{"list", "--engine", "ladybird", "--at", "2026-01-01"},
       "badport: invalid date \"2026-01-01\": the database records no dates in these engines' history\n"},
  };
  for (const auto& c : cases) {
    const auto r = run_badport(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[2];
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
  // From the first recorded date on, the list is shown: the Fetch Standard's first list.
  const auto first = run_badport({"list", "--engine", "fetch", "--at", "2016-03-10", "--json"});
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_EQ(json::parse(first.out)["ports"].size(), 64u);
}

}  // namespace
}  // namespace badport::test
