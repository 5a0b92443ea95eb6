// Golden tests of the real binary for check, list and diff: output, errors, exit statuses.

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace badport::test {
namespace {

using json = nlohmann::json;

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

TEST(Cli, CheckNarrowedToEngines) {
  const auto r = run_badport({"check", "4190", "--engine", "chromium,firefox"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, golden("check-4190-chromium-firefox.txt", r.out));
  // Chromium alone does not block 4190.
  EXPECT_EQ(run_badport({"check", "4190", "--engine", "chrome"}).exit_code, 0);
  EXPECT_EQ(run_badport({"check", "6000", "--engine", "bun"}).exit_code, 0);
}

TEST(Cli, CheckRange) {
  const auto r = run_badport({"check", "6664-6670", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 7u);
  EXPECT_FALSE(doc["results"][0]["blocked"]);
  EXPECT_TRUE(doc["results"][1]["blocked"]);
  EXPECT_EQ(doc["results"][1]["service"], "irc");
  EXPECT_FALSE(doc["results"][6]["blocked"]);
}

TEST(Cli, CheckJsonSchema) {
  const auto r = run_badport({"check", "6000", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.check/2");
  EXPECT_EQ(doc["summary"]["checked"], 1);
  EXPECT_EQ(doc["summary"]["blocked"], 1);
  EXPECT_FALSE(doc["data"]["checked"].get<std::string>().empty());
  EXPECT_EQ(doc["engines"].size(), 9u);
  const auto& res = doc["results"][0];
  EXPECT_EQ(res["port"], 6000);
  EXPECT_EQ(res["service"], "x11");
  EXPECT_EQ(res["attack"], "cross-protocol");
  EXPECT_EQ(res["blocked_by"], json({"fetch", "chromium", "firefox", "webkit", "servo", "ladybird", "node", "deno"}));
  EXPECT_EQ(res["nearest"]["below"], 5999);
  EXPECT_EQ(res["nearest"]["above"], 6001);
  EXPECT_EQ(res["suggestion"], 6001);
  EXPECT_EQ(res["target"]["input"], "6000");
  EXPECT_EQ(res["target"]["kind"], "port");
  EXPECT_TRUE(res["target"]["read_as"].is_null());
  const auto& chromium = res["verdicts"][1];
  EXPECT_EQ(chromium["engine"], "chromium");
  EXPECT_EQ(chromium["error_code"], "net::ERR_UNSAFE_PORT");
  EXPECT_NE(chromium["override"].get<std::string>().find("--explicitly-allowed-ports=6000"), std::string::npos);
  EXPECT_EQ(res["verdicts"][0]["since"]["date"], "2016-03-10");
  EXPECT_TRUE(res["verdicts"][2]["since"]["date"].is_null());  // unknown stays unknown
  EXPECT_EQ(res["verdicts"][8]["reason"], "never-blocks");
}

TEST(Cli, CheckUnderTheUsersOverrides) {
  auto r = run_badport({"check", "6000", "--engine", "chromium", "--chromium-flags",
                        "--headless --explicitly-allowed-ports=6000,6665"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run_badport({"check", "6000", "--engine", "chromium", "--chromium-flags", "--explicitly-allowed-ports=6000-6001"});
  EXPECT_EQ(r.exit_code, 1) << "ranges are not accepted by Chromium";

  const auto dir = std::filesystem::temp_directory_path() / ("badport-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto prefs = dir / "user.js";
  std::ofstream(prefs) << "user_pref(\"network.security.ports.banned.override\", \"5990-6010\");\n"
                          "user_pref(\"network.security.ports.banned\", \"8000\");\n";
  r = run_badport({"check", "6000", "--engine", "firefox", "--firefox-prefs", prefs.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run_badport({"check", "8000", "--engine", "firefox", "--firefox-prefs", prefs.string(), "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.out)["results"][0]["verdicts"][0]["reason"], "pref-banned");
  r = run_badport({"check", "6000", "--firefox-prefs", (dir / "missing.js").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.js"), std::string::npos);
  std::filesystem::remove_all(dir);
}

struct bad_input {
  std::vector<std::string> args;
  std::string stderr_text;
};

TEST(Cli, BadInputIsOneLineAndExitTwo) {
  const bad_input cases[] = {
      {{"check", "65536"}, "badport: port out of range \"65536\": ports are 0 to 65535\n"},
      {{"check", "-1"}, "badport: invalid port \"-1\": negative numbers are not ports\n"},
      {{"check", "abc"}, "badport: cannot check \"abc\": no port; write abc:PORT, or a URL such as http://abc/\n"},
      {{"check", "6000x"}, "badport: invalid port \"6000x\": trailing characters\n"},
      {{"check", ""}, "badport: invalid port \"\": empty\n"},
      {{"check", "0x1770"}, "badport: invalid port \"0x1770\": hexadecimal is not accepted; write the port in decimal\n"},
      {{"check", " 6000"}, "badport: invalid port \" 6000\": surrounding whitespace\n"},
      {{"check", "6010-6000"}, "badport: invalid port range \"6010-6000\": the first port is above the last\n"},
      {{"check", "6000", "--engine", "nosuch"},
       "badport: unknown engine \"nosuch\": expected one of fetch, chromium, firefox, webkit, servo, ladybird, node, deno, bun\n"},
      {{"check", "6000", "--engine", "chromiun"}, "badport: unknown engine \"chromiun\": did you mean chromium?\n"},
      {{"chek", "6000"}, "badport: unknown command \"chek\": did you mean check?\n"},
      {{"list", "--at", "2021-02-30"}, "badport: invalid date \"2021-02-30\": expected a date as YYYY-MM-DD\n"},
      {{"diff", "chrome", "firefx"}, "badport: unknown engine \"firefx\": did you mean firefox?\n"},
      {{"check", "6000", "--chromium-flags", "'unterminated"},
       "badport: invalid Chromium flags \"'unterminated\": unterminated ' quote\n"},
  };
  for (const auto& c : cases) {
    const auto r = run_badport(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << " " << (c.args.size() > 1 ? c.args[1] : "");
    EXPECT_EQ(r.err, c.stderr_text);
    EXPECT_EQ(r.out, "") << "no partial output";
  }
  // A bad argument among good ones: nothing is printed for the good ones either.
  const auto mixed = run_badport({"check", "6000", "6000x", "8000"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_EQ(mixed.out, "");
  // Missing arguments and unknown options come from the argument parser, still exit 2.
  EXPECT_EQ(run_badport({"check"}).exit_code, 2);
  EXPECT_EQ(run_badport({"check", "6000", "--nosuch"}).exit_code, 2);
}

TEST(Cli, LeadingZerosAreDecimal) {
  const auto r = run_badport({"check", "06000", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.out)["results"][0]["port"], 6000);
}

TEST(Cli, ListGolden) {
  const auto all = run_badport({"list"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_EQ(all.out, golden("list.txt", all.out));
  const auto chromium = run_badport({"list", "--engine", "chromium"});
  EXPECT_EQ(chromium.out, golden("list-chromium.txt", chromium.out));
  const auto at = run_badport({"list", "--engine", "fetch", "--at", "2016-03-10", "--json"});
  EXPECT_EQ(json::parse(at.out)["ports"].size(), 64u);
}

TEST(Cli, ListJson) {
  const auto r = run_badport({"list", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.list/1");
  EXPECT_EQ(doc["ports"].size(), 83u);
  EXPECT_EQ(doc["ports"][0]["port"], 0);
  EXPECT_EQ(doc["ports"][0]["blocked_by"], json({"fetch", "chromium", "firefox", "webkit", "servo", "deno"}));
  const auto node = json::parse(run_badport({"list", "--engine", "node", "--json"}).out);
  EXPECT_EQ(node["ports"].size(), 82u);
}

TEST(Cli, DiffChromiumFirefox) {
  const auto r = run_badport({"diff", "chromium", "firefox"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, golden("diff-chromium-firefox.txt", r.out));
  const auto same = run_badport({"diff", "fetch", "deno", "--json"});
  EXPECT_EQ(same.exit_code, 0);
  const auto doc = json::parse(same.out);
  EXPECT_TRUE(doc["only_left"].empty());
  EXPECT_TRUE(doc["only_right"].empty());
  const auto node = json::parse(run_badport({"diff", "fetch", "node", "--json"}).out);
  EXPECT_EQ(node["only_left"], json::parse(R"([{"port":0,"service":"reserved"}])"));
}

TEST(Cli, ColorOnlyWhenAskedOrOnATerminal) {
  EXPECT_EQ(run_badport({"check", "6000"}).out.find("\x1b["), std::string::npos);  // a pipe: no color
  EXPECT_NE(run_badport({"--color", "always", "check", "6000"}).out.find("\x1b["), std::string::npos);
  EXPECT_NE(run_badport({"check", "6000", "--color", "always"}).out.find("\x1b["), std::string::npos);
  run_options no_color;
  no_color.env = {"NO_COLOR=1"};
  EXPECT_EQ(run_badport({"--color", "auto", "check", "6000"}, no_color).out.find("\x1b["), std::string::npos);
}

TEST(Cli, VersionAndHelp) {
  const auto v = run_badport({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find('.'), std::string::npos);
  for (const char* sub : {"check", "list", "diff"}) {
    const auto h = run_badport({sub, "--help"});
    EXPECT_EQ(h.exit_code, 0) << sub;
    EXPECT_NE(h.out.find("Exit status"), std::string::npos) << sub;
    EXPECT_NE(h.out.find("--json"), std::string::npos) << sub;
  }
}

TEST(Cli, VersionListAndCheckSayHowOldTheDataIs) {
  // --version: the checked date, then one line per engine with the commit of its source.
  const auto v = run_badport({"--version"});
  ASSERT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("badport ", 0), 0u) << v.out;
  const auto at = v.out.find("Data checked ");
  ASSERT_NE(at, std::string::npos) << v.out;
  const std::string checked = v.out.substr(at + 13, 10);
  for (const char* line : {"\n  fetch     586cd2a44c2a 2026-07-02", "\n  servo     40245f65d1d3", "\n  ladybird  cc74792b7724",
                           "\n  bun       -            -"})
    EXPECT_NE(v.out.find(line), std::string::npos) << line << "\n" << v.out;

  // list --json and check --json carry the same facts.
  const auto list = json::parse(run_badport({"list", "--engine", "servo,node", "--json"}).out);
  EXPECT_EQ(list["data"]["checked"], checked);
  ASSERT_EQ(list["data"]["sources"].size(), 2u);
  EXPECT_EQ(list["data"]["sources"][0]["engine"], "servo");
  EXPECT_EQ(list["data"]["sources"][0]["commit"], "40245f65d1d35071bd6d2ebd2fb33d89faaa1d66");
  EXPECT_TRUE(list["data"]["sources"][0]["date"].is_null());  // unknown stays unknown
  EXPECT_EQ(list["data"]["sources"][1]["date"], "2026-08-21");
  const auto check = json::parse(run_badport({"check", "6000", "--engine", "fetch,bun", "--json"}).out);
  const auto& data = check["data"];
  EXPECT_EQ(data["checked"], checked);
  EXPECT_EQ(data["commits"]["fetch"]["commit"], "586cd2a44c2a865b37c166dc0740f3fb8bb220d6");
  EXPECT_EQ(data["commits"]["fetch"]["date"], "2026-07-02");
  EXPECT_EQ(data["commits"]["ladybird"]["commit"], "cc74792b7724d7407001ea5047f919f5c5922bef");
  EXPECT_TRUE(data["commits"]["bun"]["commit"].is_null());  // Bun has no list to read
}

TEST(Cli, BrokenPipeEndsQuietly) {
  // `badport list | head -1`: the reader goes away; badport must not complain or crash.
  const auto r = run_program({"bash", "-c", std::string("'") + BADPORT_EXE +
                                            "' check 1-65535 | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ClosedStdoutIsAnError) {
  run_options closed;
  closed.close_stdout = true;
  const auto r = run_badport({"check", "6000"}, closed);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write output"), std::string::npos);
}

}  // namespace
}  // namespace badport::test
