// git's ignore rules through io::walk and io::ignore_file. Each case builds a git repository in
// a temp folder (the ignored files cannot be committed, so they are made here), walks it, and
// compares the files walked with the case's expectation and with what git itself says
// (`git ls-files --others --exclude-standard`): git is the independent judge of every case.

#include <badport/io/walk.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace badport::io {
namespace {

namespace fs = std::filesystem;

/// A temp folder that is a git repository (`git init`), removed afterwards.
class temp_repo {
 public:
  temp_repo() {
    std::string tmpl = (fs::temp_directory_path() / "badport-walk-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
    const auto init = git({"init", "-q"});
    if (init.status != 0) throw std::runtime_error("git init failed: " + init.out);
  }
  temp_repo(const temp_repo&) = delete;
  temp_repo& operator=(const temp_repo&) = delete;
  ~temp_repo() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }

  struct output {
    int status = -1;
    std::string out;
  };

  /// Runs git in the repository, with no user or system configuration (no global excludes).
  [[nodiscard]] output git(const std::vector<std::string>& args) const {
    std::string command = "env -u GIT_DIR -u GIT_WORK_TREE GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C '" +
                          root_.string() + "'";
    for (const auto& a : args) command += " '" + a + "'";
    command += " 2>&1";
    output o;
    FILE* p = ::popen(command.c_str(), "r");
    if (p == nullptr) return o;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
    const int status = ::pclose(p);
    o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
  }

  /// The files io::walk hands over when it walks the folder `sub` of the repository (the whole
  /// repository when empty), relative to that folder, sorted.
  [[nodiscard]] std::vector<std::string> walked(walk_options opt = {}, const std::string& sub = "") const {
    const std::string start = sub.empty() ? root_.string() : (root_ / sub).string();
    std::vector<std::string> files;
    std::vector<std::string> errors;
    walk_callbacks cb;
    cb.file = [&](const walked_file& f) { files.push_back(f.path.substr(start.size() + 1)); };
    cb.notice = [&](walk_notice n) {
      if (n.is_error) errors.push_back(n.path + ": " + n.message);
    };
    walk({start}, opt, cb);
    EXPECT_TRUE(errors.empty()) << errors.front();
    std::sort(files.begin(), files.end());
    return files;
  }

  /// The untracked files git does not ignore, relative to the root, sorted.
  [[nodiscard]] std::vector<std::string> git_not_ignored() const {
    const auto o = git({"ls-files", "--others", "--exclude-standard", "-z"});
    EXPECT_EQ(o.status, 0) << o.out;
    std::vector<std::string> files;
    std::size_t start = 0;
    for (std::size_t end; (end = o.out.find('\0', start)) != std::string::npos; start = end + 1)
      files.push_back(o.out.substr(start, end - start));
    std::sort(files.begin(), files.end());
    return files;
  }

 private:
  fs::path root_;
};

struct ignore_case {
  std::string name;
  /// The ignore files: ".gitignore", "sub/.gitignore", ".git/info/exclude".
  std::map<std::string, std::string> rules;
  /// Files that must be walked (besides the .gitignore files themselves).
  std::vector<std::string> kept;
  /// Files the rules must hide.
  std::vector<std::string> ignored;
};

void PrintTo(const ignore_case& c, std::ostream* os) { *os << c.name; }

std::vector<ignore_case> cases() {
  return {
      {"star_matches_a_name_at_any_depth",
       {{".gitignore", "*.log\n"}},
       {"log.txt", "x.logs", "logs/readme.txt"},
       {"debug.log", "a/b/trace.log", ".log"}},
      {"star_does_not_cross_a_slash",
       {{".gitignore", "src/*.gen\n"}},
       {"src/a/b.gen", "b.gen"},
       {"src/b.gen", "src/.gen"}},
      {"nested_gitignore_applies_below_its_folder",
       {{".gitignore", "*.tmp\n"}, {"sub/.gitignore", "*.md\n/only-here.txt\n"}},
       {"README.md", "only-here.txt", "sub/deep/only-here.txt", "sub/keep.txt"},
       {"sub/a.md", "sub/deep/b.md", "sub/only-here.txt", "sub/x.tmp", "y.tmp"}},
      {"nested_gitignore_re_includes_what_its_parent_ignores",
       {{".gitignore", "*.cfg\n"}, {"sub/.gitignore", "!local.cfg\n"}},
       {"sub/local.cfg"},
       {"local.cfg", "sub/other.cfg"}},
      {"trailing_slash_matches_folders_only",
       {{".gitignore", "ignored_dir/\n"}},
       {"a/ignored_dir", "ignored_dir.txt"},
       {"ignored_dir/a.txt", "ignored_dir/deep/b.txt", "x/ignored_dir/c.txt"}},
      {"leading_slash_and_middle_slash_anchor",
       {{".gitignore", "/top.txt\nconf/local.ini\n"}},
       {"sub/top.txt", "other/conf/local.ini"},
       {"top.txt", "conf/local.ini"}},
      {"double_star_folders",
       {{".gitignore", "**/cache/\ndocs/**/*.tmp\nlogs/**\n**/secret.key\n"}},
       {"other/c.tmp", "cache.txt", "logs.txt"},
       {"cache/x", "a/b/cache/y", "docs/c.tmp", "docs/a/b/c.tmp", "logs/a.txt", "logs/deep/b.txt", "secret.key",
        "a/b/secret.key"}},
      {"negation_and_last_rule_wins",
       {{".gitignore", "*.env\n!example.env\n*.txt\n!keep*.txt\nkeep-not.txt\n"}},
       {"example.env", "sub/example.env", "keep.txt", "keep-me.txt"},
       {".env", "prod.env", "a.txt", "keep-not.txt"}},
      {"negation_cannot_reach_into_an_ignored_folder",
       {{".gitignore", "build/\n!build/keep.txt\n"}},
       {},
       {"build/keep.txt", "build/out.o"}},
      {"bracket_classes",
       {{".gitignore", "file[0-9].txt\n[!a]x.bak\n[a-cx-z].tmp\n[]]b.dat\n"}},
       {"filea.txt", "file10.txt", "ax.bak", "d.tmp", "xb.dat"},
       {"file1.txt", "file9.txt", "bx.bak", "b.tmp", "y.tmp", "]b.dat"}},
      {"question_mark_is_one_character_never_a_slash",
       {{".gitignore", "a?.cfg\ndir?x\n"}},
       {"a.cfg", "abc.cfg", "dir/x"},
       {"a1.cfg", "ab.cfg", "dir1x"}},
      {"escaped_characters",
       {{".gitignore", "\\#notes.txt\n\\!important.txt\n\\*star.txt\nspace\\ \nq\\?.txt\n# a comment\n"}},
       {"Xstar.txt", "space", "qa.txt", "# a comment", "notes.txt", "important.txt"},
       {"#notes.txt", "!important.txt", "*star.txt", "space ", "q?.txt"}},
      {"blank_lines_trailing_spaces_and_crlf",
       {{".gitignore", "\n   \none.txt   \r\ntwo.txt\r\n"}},
       {"three.txt"},
       {"one.txt", "two.txt"}},
      {"info_exclude_applies_like_a_top_gitignore",
       {{".git/info/exclude", "local/\n*.swp\n"}},
       {"locals.txt"},
       {"local/a.txt", "a/b.swp"}},
  };
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class IgnoreRules : public ::testing::TestWithParam<ignore_case> {};

TEST_P(IgnoreRules, WalkSkipsWhatGitIgnores) {
  const ignore_case& c = GetParam();
  temp_repo repo;
  std::vector<std::string> expected = c.kept;
  for (const auto& [path, text] : c.rules) {
    repo.write(path, text);
    if (!path.starts_with(".git/")) expected.push_back(path);
  }
  for (const auto& f : c.kept) repo.write(f, "kept\n");
  for (const auto& f : c.ignored) repo.write(f, "ignored\n");
  expected = sorted(expected);

  // The case's own expectation, confirmed by git: a wrong expectation fails here, not silently.
  ASSERT_EQ(repo.git_not_ignored(), expected) << "git disagrees with the case";
  EXPECT_EQ(repo.walked(), expected);

  // --no-ignore walks everything but .git.
  walk_options all;
  all.respect_ignore = false;
  std::vector<std::string> everything = expected;
  everything.insert(everything.end(), c.ignored.begin(), c.ignored.end());
  EXPECT_EQ(repo.walked(all), sorted(everything));
}

INSTANTIATE_TEST_SUITE_P(Walk, IgnoreRules, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<ignore_case>& p) { return p.param.name; });

// The rules of the repository around the root apply when only a sub-folder is walked.
TEST(Walk, RootInsideARepositoryUsesTheRulesAbove) {
  temp_repo repo;
  repo.write(".gitignore", "*.log\nsub/generated/\n");
  repo.write(".git/info/exclude", "*.bak\n");
  repo.write("sub/a.txt", "x\n");
  repo.write("sub/b.log", "x\n");
  repo.write("sub/c.bak", "x\n");
  repo.write("sub/generated/d.txt", "x\n");
  EXPECT_EQ(repo.walked({}, "sub"), std::vector<std::string>{"a.txt"});
}

// io::ignore_file on its own: the decision of one file's rules, +1 ignored, -1 re-included by a
// `!` rule, 0 when no rule speaks.
struct match_case {
  const char* rules;
  const char* path;
  bool is_dir;
  int expected;
};

TEST(IgnoreFile, Decisions) {
  const match_case table[] = {
      {"*.log\n", "debug.log", false, 1},
      {"*.log\n", "a/b/debug.log", false, 1},
      {"*.log\n", "debug.log.txt", false, 0},
      {"*.log\n", "debug.log", true, 1},  // a folder named so is ignored too
      {"*\n", "anything", false, 1},
      {"a*c\n", "abbbc", false, 1},
      {"a*c\n", "ac", false, 1},
      {"a*c\n", "ab/c", false, 0},
      {"src/*.gen\n", "src/x.gen", false, 1},
      {"src/*.gen\n", "src/a/x.gen", false, 0},
      {"build/\n", "build", true, 1},
      {"build/\n", "build", false, 0},
      {"/top\n", "top", false, 1},
      {"/top\n", "a/top", false, 0},
      {"*.env\n!example.env\n", "example.env", false, -1},
      {"*.env\n!example.env\n", "prod.env", false, 1},
      {"!example.env\n*.env\n", "example.env", false, 1},  // the last matching rule decides
      {"**/cache\n", "a/b/cache", true, 1},
      {"**/cache\n", "cache", true, 1},
      {"docs/**/*.tmp\n", "docs/x/y/z.tmp", false, 1},
      {"docs/**/*.tmp\n", "docs/z.tmp", false, 1},
      {"docs/**/*.tmp\n", "other/docs/z.tmp", false, 0},
      {"logs/**\n", "logs/a/b", false, 1},
      {"file[0-9].txt\n", "file5.txt", false, 1},
      {"file[0-9].txt\n", "filex.txt", false, 0},
      {"[!a]x\n", "bx", false, 1},
      {"[!a]x\n", "ax", false, 0},
      {"[^a]x\n", "ax", false, 0},
      {"[a-c]\n", "b", false, 1},
      {"[a-c]\n", "d", false, 0},
      {"x[/]y\n", "x/y", false, 0},  // a class never matches a slash
      {"x/a?c\n", "x/a/c", false, 0},  // nor does '?'
      {"\\#a\n", "#a", false, 1},
      {"#a\n", "#a", false, 0},  // a comment
      {"\\!a\n", "!a", false, 1},
      {"\\*a\n", "*a", false, 1},
      {"\\*a\n", "ba", false, 0},
      {"a\\ \n", "a ", false, 1},
      {"a  \n", "a", false, 1},  // unescaped trailing spaces are dropped
      {"a\r\n", "a", false, 1},
      {"\n\n", "a", false, 0},
  };
  for (const auto& t : table) {
    const ignore_file f(t.rules);
    EXPECT_EQ(f.match(t.path, t.is_dir), t.expected) << "rules \"" << t.rules << "\" on " << t.path
                                                     << (t.is_dir ? " (folder)" : "");
  }
}

TEST(IgnoreFile, EmptyWhenNoRule) {
  EXPECT_TRUE(ignore_file("").empty());
  EXPECT_TRUE(ignore_file("# only a comment\n\n   \n").empty());
  EXPECT_FALSE(ignore_file("*.log").empty());
}

}  // namespace
}  // namespace badport::io
