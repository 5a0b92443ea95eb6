// What the argument parser rejects, in badport's words: one line naming the command, exit 2,
// "did you mean" for a mistyped option or command; and help on `badport` and `badport help`.

#include "run.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace badport::test {
namespace {

struct usage_case {
  std::vector<std::string> args;
  std::string stderr_text;
};

void expect_usage_errors(const std::vector<usage_case>& cases) {
  for (const auto& c : cases) {
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    const auto r = run_badport(c.args);
    EXPECT_EQ(r.exit_code, 2) << line;
    EXPECT_EQ(r.err, c.stderr_text) << line;
    EXPECT_EQ(r.out, "") << line;
  }
}

TEST(Usage, MistypedOptionsAndCommandsGetDidYouMean) {
  expect_usage_errors({
      {{"check", "--jsno", "6000"}, "badport check: unknown option \"--jsno\": did you mean --json?\n"},
      {{"check", "6000", "--enigne", "chromium"}, "badport check: unknown option \"--enigne\": did you mean --engine?\n"},
      {{"check", "--eng", "chromium", "6000"}, "badport check: unknown option \"--eng\": did you mean --engine?\n"},
      {{"check", "-json", "6000"}, "badport check: unknown option \"-json\": did you mean --json?\n"},
      {{"list", "--jsno=1"}, "badport list: unknown option \"--jsno\": did you mean --json?\n"},
      {{"diff", "chromium", "firefox", "--jsn"}, "badport diff: unknown option \"--jsn\": did you mean --json?\n"},
      {{"check", "6000", "-x"}, "badport check: unknown option \"-x\"; see badport check --help\n"},
      {{"chek", "6000"}, "badport: unknown command \"chek\": did you mean check?\n"},
      {{"lsit"}, "badport: unknown command \"lsit\": did you mean list?\n"},
      {{"sock"}, "badport: unknown command \"sock\": did you mean sockets?\n"},
      {{"--color", "never", "chek", "6000"}, "badport: unknown command \"chek\": did you mean check?\n"},
      {{"frobnicate"}, "badport: unknown command \"frobnicate\"; run badport help for the list\n"},
  });
}

TEST(Usage, ParserErrorsAreOneLineInBadportsWords) {
  expect_usage_errors({
      {{"diff", "chrome"}, "badport diff: missing RIGHT; usage: badport diff [OPTIONS] LEFT RIGHT\n"},
      {{"diff"}, "badport diff: missing LEFT; usage: badport diff [OPTIONS] LEFT RIGHT\n"},
      {{"diff", "chromium", "firefox", "webkit"},
       "badport diff: unexpected argument \"webkit\"; usage: badport diff [OPTIONS] LEFT RIGHT\n"},
      {{"check", "6000", "--engine"}, "badport check: --engine needs a value\n"},
      {{"list", "--at"}, "badport list: --at needs a value\n"},
      {{"check", "--json=x", "6000"}, "badport check: --json takes no value\n"},
      {{"scan", "--format", "xml"}, "badport scan: invalid value \"xml\" for --format: expected text, json or sarif\n"},
      {{"scan", "--format", "jsno"}, "badport scan: invalid value \"jsno\" for --format: did you mean json?\n"},
      {{"--color", "sometimes", "check", "6000"},
       "badport check: invalid value \"sometimes\" for --color: expected auto, always or never\n"},
      {{"run", "--interval", "often", "true"}, "badport run: invalid value \"often\" for --interval: expected a whole number\n"},
      {{"serve", "--duration", "-1", "8000"}, "badport serve: invalid value \"-1\" for --duration: expected a number, 0 or more\n"},
      {{"--color", "never"}, "badport: no command given; run badport help for the list\n"},
  });
}

TEST(Usage, NoParserWordingReachesTheUser) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"serve"}, {"fetch"}, {"probe", "--retries", "x"}, {"pick", "--near"},
                                             {"check", "--stdin=x"}, {"scan", "--max-size"}}) {
    const auto r = run_badport(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(r.err.rfind("badport " + args[0] + ": ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    for (const char* leak : {"Run with --help", "is required", "not expected", "Could not convert", "required TEXT"})
      EXPECT_EQ(r.err.find(leak), std::string::npos) << leak << " in " << r.err;
  }
}

TEST(Usage, BareBadportAndHelpPrintTheHelp) {
  const auto general = run_badport({"--help"});
  ASSERT_EQ(general.exit_code, 0);
  EXPECT_NE(general.out.find("badport help COMMAND"), std::string::npos);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{}, {"help"}, {"--color", "never", "help"}}) {
    const auto r = run_badport(args);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, general.out);
    EXPECT_EQ(r.err, "");
  }
  for (const char* cmd : {"check", "list", "diff", "sockets", "pick", "run", "scan", "fetch", "serve", "probe"}) {
    const auto own = run_badport({cmd, "--help"});
    const auto via_help = run_badport({"help", cmd});
    EXPECT_EQ(via_help.exit_code, 0) << cmd;
    EXPECT_EQ(via_help.out, own.out) << cmd;
    EXPECT_NE(via_help.out.find(std::string("badport ") + cmd), std::string::npos) << cmd;
  }
  EXPECT_EQ(run_badport({"help", "help"}).out, general.out);
}

TEST(Usage, HelpForAnUnknownCommandIsAnError) {
  expect_usage_errors({
      {{"help", "nosuch"}, "badport help: unknown command \"nosuch\"; run badport help for the list\n"},
      {{"help", "chek"}, "badport help: unknown command \"chek\": did you mean check?\n"},
      {{"help", "check", "list"}, "badport help: unexpected argument \"list\"; usage: badport help [COMMAND]\n"},
  });
}

}  // namespace
}  // namespace badport::test
