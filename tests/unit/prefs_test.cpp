// prefs.js / user.js read as Firefox reads them (modules/libpref/parser/src/lib.rs): a stream
// of tokens, so several prefs on one line, prefs across lines, every comment form, string
// escapes with \u and \x, recovery at the next ';', and the user value over the default one
// unless the pref is locked.

#include <badport/rules.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace badport {
namespace {

using ranges = std::vector<port_range>;

ranges banned(std::string_view text) {
  const auto p = parse_firefox_prefs(text);
  EXPECT_TRUE(p) << text;
  return p ? p->banned : ranges{{-1, -1}};
}

ranges allowed(std::string_view text) {
  const auto p = parse_firefox_prefs(text);
  EXPECT_TRUE(p) << text;
  return p ? p->banned_override : ranges{{-1, -1}};
}

TEST(FirefoxPrefs, EveryPrefOnALineCounts) {
  // The last one wins, as Firefox loads them in order.
  EXPECT_EQ(allowed("user_pref(\"network.security.ports.banned.override\", \"1\"); "
                    "user_pref(\"network.security.ports.banned.override\", \"6000\");\n"),
            (ranges{{6000, 6000}}));
  EXPECT_EQ(banned("user_pref(\"a\", 1);user_pref(\"network.security.ports.banned\", \"8000\");user_pref(\"b\", true);"),
            (ranges{{8000, 8000}}));
}

TEST(FirefoxPrefs, StringEscapesAreDecoded) {
  EXPECT_EQ(allowed(R"(user_pref("network.security.ports.banned.override", "\u0036000");)"), (ranges{{6000, 6000}}));
  EXPECT_EQ(allowed(R"(user_pref("network.security.\u0070orts.banned.override", "6\x30\x300");)"), (ranges{{6000, 6000}}));
  EXPECT_EQ(allowed(R"(user_pref('network.security.ports.banned.override', '6665\u002c6666');)"),
            (ranges{{6665, 6665}, {6666, 6666}}));
  // A surrogate pair is one character (U+1F600 here): not a digit, so the item is ignored.
  EXPECT_EQ(allowed(R"(user_pref("network.security.ports.banned.override", "6000,\ud83d\ude00");)"),
            (ranges{{6000, 6000}}));
  // A bad escape spoils the pref (Firefox reports it and skips to the next ';').
  for (const char* bad : {R"(\u0000)", R"(\x00)", R"(\ud83d)", R"(\ude00)", R"(\q)", R"(\u12)"})
    EXPECT_TRUE(allowed("user_pref(\"network.security.ports.banned.override\", \"6000" + std::string(bad) + "\");").empty())
        << bad;
}

TEST(FirefoxPrefs, CommentsAndLinesAreTokens) {
  EXPECT_EQ(banned("/* a comment\n user_pref(\"network.security.ports.banned\", \"1\");\n */\n"
                   "# a comment\n// another\nuser_pref(\n  \"network.security.ports.banned\",\n  \"8000\"\n);\n"),
            (ranges{{8000, 8000}}));
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\", /* why */ \"8001\"); // done"), (ranges{{8001, 8001}}));
  // A string may span lines; the port list then drops every whitespace, as nsIOService does.
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\", \"80\r\n02\");\r"), (ranges{{8002, 8002}}));
}

TEST(FirefoxPrefs, RecoveryAtTheNextSemicolon) {
  // A broken pref is skipped; the next one, on the same line, still counts.
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\" \"1\"); user_pref(\"network.security.ports.banned\", \"8002\");"),
            (ranges{{8002, 8002}}));
  EXPECT_EQ(banned("bogus stuff here; user_pref(\"network.security.ports.banned\", \"8003\");"), (ranges{{8003, 8003}}));
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\", \"8004\") user_pref(\"x\", 1);"), (ranges{}));
  // An integer or a boolean is not a port list.
  EXPECT_TRUE(banned("user_pref(\"network.security.ports.banned\", 6000);").empty());
  EXPECT_TRUE(banned("user_pref(\"network.security.ports.banned\", -6000);").empty());
  // An unterminated string ends the file for Firefox: an error here, with its line.
  const auto p = parse_firefox_prefs("\n\nuser_pref(\"network.security.ports.banned\", \"6000);\n");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("unterminated string on line 3"), std::string::npos) << p.error().message();
}

TEST(FirefoxPrefs, UserValueOverDefaultUnlessLocked) {
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\", \"8005\");\npref(\"network.security.ports.banned\", \"1\");"),
            (ranges{{8005, 8005}}));
  EXPECT_EQ(banned("pref(\"network.security.ports.banned\", \"8006\");"), (ranges{{8006, 8006}}));
  EXPECT_EQ(banned("user_pref(\"network.security.ports.banned\", \"1\");\nlockPref(\"network.security.ports.banned\", \"8007\");"),
            (ranges{{8007, 8007}}));
}

}  // namespace
}  // namespace badport
