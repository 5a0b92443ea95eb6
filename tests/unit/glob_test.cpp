// The glob matcher behind .gitignore, on its own: git's wildmatch rules (WM_PATHNAME), the
// examples of the gitignore documentation, and patterns whose backtracking would never end.
// (tests/scan/ignore_git_test.cpp checks a thousand patterns against git itself.)

#include <badport/glob.h>

#include <gtest/gtest.h>

#include <string>

namespace badport {
namespace {

struct glob_case {
  const char* pattern;
  const char* path;
  bool matches;
};

TEST(Glob, WildmatchRules) {
  const glob_case table[] = {
      // Literals, '?', '*', which never cross '/'.
      {"a", "a", true},
      {"a", "b", false},
      {"a", "ab", false},
      {"", "", true},
      {"?", "a", true},
      {"?", "/", false},
      {"a?c", "abc", true},
      {"*", "anything.txt", true},
      {"*", "a/b", false},
      {"*.log", "debug.log", true},
      {"*.log", "logs/debug.log", false},
      {"a*b", "ab", true},
      {"a*b", "axxb", true},
      {"a*b", "ax/b", false},
      {"*/b", "a/b", true},
      {"*/b", "a/c/b", false},
      {"a/*", "a/b", true},
      {"a/*", "a/b/c", false},
      {"a*", "a", true},
      {"*a", "ba", true},
      {"*a*", "xay", true},
      {"***", "abc", true},
      // "**": folders only where slashes or the ends surround it.
      {"**/foo", "foo", true},
      {"**/foo", "a/b/foo", true},
      {"**/foo", "a/b/xfoo", false},
      {"**/foo/bar", "x/foo/bar", true},
      {"abc/**", "abc/x", true},
      {"abc/**", "abc/x/y/z", true},
      {"abc/**", "abc", false},
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/b", true},
      {"a/**/b", "a/x/y/b", true},
      {"a/**/b", "a/xb", false},
      {"a/**/b", "ab", false},
      {"a**b", "axb", true},
      {"a**b", "a/b", false},  // not between slashes: one star
      {"**a", "xa", true},
      {"**a", "x/a", false},
      {"**", "a/b/c", true},
      {"x/**/**/b", "x/b", true},
      {"x/**/**/b", "x/1/2/3/b", true},
      // Bracket expressions, as wildmatch.c reads them.
      {"[ab]", "a", true},
      {"[ab]", "c", false},
      {"[a-c]x", "bx", true},
      {"[!a]", "b", true},
      {"[!a]", "a", false},
      {"[^a]", "a", false},
      {"[]a]", "]", true},
      {"[!]a]", "b", true},
      {"[a-]", "-", true},
      {"[\\]]", "]", true},
      {"[[:alpha:]]", "q", true},
      {"[[:alpha:]]", "1", false},
      {"[[:digit:][:upper:]]", "Q", true},
      {"[[:alpha]", "[", true},  // no ":]": '[', ':', 'a', ... as plain characters
      {"[/]", "/", false},       // a class never matches '/'
      {"[!a]", "/", false},
      // An unclosed or unknown class, or a trailing backslash: git matches nothing.
      {"[ab", "[ab", false},
      {"[ab", "a", false},
      {"[[:nope:]]", "n", false},
      {"a\\", "a\\", false},
      {"a\\", "a", false},
      // Escapes.
      {"\\*", "*", true},
      {"\\*", "a", false},
      {"\\[a]", "[a]", true},
      {"a\\?", "a?", true},
      {"a\\?", "ab", false},
  };
  for (const auto& c : table) {
    EXPECT_EQ(glob_match(c.pattern, c.path), c.matches) << "pattern \"" << c.pattern << "\", path \"" << c.path << '"';
    EXPECT_EQ(glob_pattern(c.pattern).matches(c.path), c.matches) << c.pattern;
  }
}

TEST(Glob, KeepsItsText) { EXPECT_EQ(glob_pattern("a/**/b").text(), "a/**/b"); }

// Patterns on which a backtracking matcher takes exponential time: each must answer at once
// (ctest's timeout fails the test otherwise), and answer right.
TEST(Glob, ManyStarsDoNotBacktrackExponentially) {
  const std::string as(50, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*b", as));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*a*b", as + "b"));
  std::string many;
  for (int i = 0; i < 200; ++i) many += "*a";
  EXPECT_FALSE(glob_match(many + "b", std::string(4000, 'a')));
  EXPECT_TRUE(glob_match(many, std::string(4000, 'a')));

  // Across folders: each "**/" and each "*" in turn.
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "a/";
  std::string dirs;
  for (int i = 0; i < 30; ++i) dirs += "**/a*/";
  EXPECT_FALSE(glob_match(dirs + "b", deep + "a"));
  EXPECT_TRUE(glob_match(dirs + "a", deep + "a"));
  EXPECT_FALSE(glob_match("**/*a*a*a*a*a*a*a*a*b", deep + as));
}

}  // namespace
}  // namespace badport
