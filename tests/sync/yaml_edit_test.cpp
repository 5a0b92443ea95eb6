// The YAML text edits: each keeps every other line as it was, and the generator's own reader
// takes the result and reads back the new lists.

#include "database.h"
#include "yaml_edit.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace badport::sync {
namespace {

std::string database_text() {
  std::ifstream f(BADPORT_DATABASE, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Every line of `before` is in `after`, in the same order: the edit only added or replaced
// the lines it meant to (`replaced` of them).
void expect_kept(const std::string& before, const std::string& after, std::size_t replaced = 0) {
  const auto a = lines_of(before), b = lines_of(after);
  std::size_t j = 0, missing = 0;
  for (const auto& line : a) {
    while (j < b.size() && b[j] != line) ++j;
    if (j == b.size()) {
      ++missing;
      j = 0;
      continue;
    }
    ++j;
  }
  EXPECT_EQ(missing, replaced);
}

gen::database read(const std::string& text) { return gen::read_database(YAML::Load(text)); }

TEST(YamlEdit, AppendBatchAddsAndRemovesPorts) {
  const std::string before = database_text();
  std::string text = before;
  const auto servo = gen::engine_index("servo");
  auto list = read(text).list(servo);
  ASSERT_EQ(list.size(), 83u);

  ASSERT_EQ(append_batch(text, "servo", {"2026-12-01", "servo/servo: test: a batch", {}, {989, 990}}), "");
  expect_kept(before, text);
  auto db = read(text);
  const auto shorter = db.list(servo);
  EXPECT_EQ(shorter.size(), 81u);
  EXPECT_EQ(std::count(shorter.begin(), shorter.end(), 989), 0);
  // Added back later: the history keeps both batches, the list has them again.
  ASSERT_EQ(append_batch(text, "servo", {"2026-12-02", "again", {989, 990}, {}}), "");
  EXPECT_EQ(read(text).list(servo), list);
  EXPECT_EQ(read(text).rows.at(989).since_by_engine[servo].date, "2026-12-02");
  // The other engines are untouched.
  EXPECT_EQ(read(text).list(gen::engine_index("fetch")), read(before).list(gen::engine_index("fetch")));
}

TEST(YamlEdit, AnEmptyHistoryBecomesABlock) {
  std::string text = database_text();
  ASSERT_NE(text.find("  bun: []\n"), std::string::npos);
  ASSERT_EQ(add_port_row(text, 3000, "hbci", "added for the test"), "");
  ASSERT_EQ(append_batch(text, "bun", {"2026-12-01", "a test", {3000, 6000}, {}}), "");
  EXPECT_EQ(text.find("  bun: []\n"), std::string::npos);
  const auto db = read(text);
  EXPECT_EQ(db.list(gen::engine_index("bun")), (std::vector<std::uint16_t>{3000, 6000}));
  EXPECT_EQ(db.rows.at(3000).service, "hbci");
}

TEST(YamlEdit, NewPortRowsGoInPortOrder) {
  const std::string before = database_text();
  std::string text = before;
  ASSERT_EQ(add_port_row(text, 2525, "smtp-alt \"x\", y: z", "review: added by a test"), "");
  ASSERT_EQ(add_port_row(text, 65000, "", "review"), "");
  ASSERT_EQ(add_port_row(text, 6000, "dup", "no-op"), "");  // already there: nothing added
  expect_kept(before, text);
  EXPECT_TRUE(has_port_row(text, 2525));
  const auto at2049 = text.find("{port: 2049,"), at2525 = text.find("{port: 2525,"), at3659 = text.find("{port: 3659,");
  EXPECT_LT(at2049, at2525);
  EXPECT_LT(at2525, at3659);
  // A row no engine lists is refused by the reader; once an engine lists it, it reads.
  EXPECT_THROW((void)read(text), std::runtime_error);
  ASSERT_EQ(append_batch(text, "fetch", {"2026-12-01", "test", {2525, 65000}, {}}), "");
  const auto db = read(text);
  EXPECT_EQ(db.rows.at(2525).service, "smtp-alt \"x\", y: z");
  EXPECT_EQ(db.rows.at(65000).service, "unknown");
}

TEST(YamlEdit, EngineFieldsAndTheCheckedDate) {
  const std::string before = database_text();
  std::string text = before;
  ASSERT_EQ(set_checked(text, "2027-01-02"), "");
  ASSERT_EQ(set_engine_field(text, "servo", "source_commit", "0123456789abcdef0123456789abcdef01234567"), "");
  ASSERT_EQ(set_engine_field(text, "servo", "source_date", "2027-01-01"), "");  // a new key
  ASSERT_EQ(set_engine_field(text, "servo", "source_ref", "methods.rs: is_bad_port (servo/servo @ 0123456)"), "");
  expect_kept(before, text, 3);  // checked, source_commit, source_ref replaced
  const auto root = YAML::Load(text);
  EXPECT_EQ(root["checked"].as<std::string>(), "2027-01-02");
  EXPECT_EQ(root["engines"]["servo"]["source_date"].as<std::string>(), "2027-01-01");
  EXPECT_EQ(root["engines"]["servo"]["source_ref"].as<std::string>(), "methods.rs: is_bad_port (servo/servo @ 0123456)");
  EXPECT_EQ(root["engines"]["fetch"]["source_date"].as<std::string>(), "2026-07-02");
  EXPECT_NO_THROW((void)read(text));
}

TEST(YamlEdit, AnUnexpectedShapeLeavesTheTextAlone) {
  std::string text = "checked: 2026-01-01\nhistory:\n  fetch: [{ports: [1]}]\n";
  const std::string before = text;
  EXPECT_NE(append_batch(text, "fetch", {"2026-12-01", "x", {7}, {}}), "");
  EXPECT_NE(append_batch(text, "servo", {"2026-12-01", "x", {7}, {}}), "");
  EXPECT_NE(set_engine_field(text, "fetch", "source_commit", "abc"), "");
  EXPECT_NE(add_port_row(text, 7, "echo", "x"), "");
  EXPECT_NE(append_batch(text, "fetch", {"2026-12-01", "x", {}, {}}), "");
  EXPECT_EQ(text, before);
  std::string no_checked = "engines:\n";
  EXPECT_NE(set_checked(no_checked, "2026-01-01"), "");
}

TEST(YamlEdit, Scalars) {
  EXPECT_EQ(yaml_scalar("abc123"), "abc123");
  EXPECT_EQ(yaml_scalar("a: b"), "'a: b'");
  EXPECT_EQ(yaml_scalar("it's #1"), "'it''s #1'");
  EXPECT_EQ(yaml_scalar("[x]"), "'[x]'");
  EXPECT_EQ(yaml_scalar(""), "''");
}

}  // namespace
}  // namespace badport::sync
