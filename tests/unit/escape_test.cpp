// printable_line() on what a terminal would obey or reorder: C0 and C1 controls, DEL, the
// bidirectional formatting characters of "Trojan Source" and the Unicode line separators all
// come out escaped; ordinary text, and tabs when asked, come out as they are.

#include <badport/text.h>

#include <gtest/gtest.h>

#include <string>

namespace badport {
namespace {

TEST(Printable, EscapesControlsAndBidi) {
  const std::pair<std::string, std::string> table[] = {
      {"\x1b]0;title\x07", "\\x1b]0;title\\x07"},        // an OSC title sequence
      {"\x1b[2J", "\\x1b[2J"},                           // clear screen
      {"a\xc2\x9b" "2Jb", "a\\u009b2Jb"},                 // C1 CSI, valid UTF-8
      {"\xc2\x85", "\\u0085"},                           // C1 NEL
      {"x\xe2\x80\xaey", "x\\u202ey"},                   // RIGHT-TO-LEFT OVERRIDE
      {"\xe2\x81\xa6\xe2\x81\xa9", "\\u2066\\u2069"},    // isolates
      {"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c"},  // marks
      {"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029"},    // line and paragraph separators
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
      {"\xc2\xa0", "\xc2\xa0"},                           // NO-BREAK SPACE is kept
      {"a\tb", "a\\x09b"},
  };
  for (const auto& [in, out] : table) EXPECT_EQ(printable_line(in), out) << in;
}

TEST(Printable, KeepsTabsWhenAsked) {
  printable_options o;
  o.keep_tabs = true;
  EXPECT_EQ(printable_line("\tPORT=6000\x1b", o), "\tPORT=6000\\x1b");
}

}  // namespace
}  // namespace badport
