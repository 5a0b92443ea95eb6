// `badport check` with URLs and with --stdin: golden output, errors, exit statuses, JSON Lines.

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace badport::test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CheckUrl, BlockedUrlGolden) {
  const auto r = run_badport({"check", "http://127.0.0.1:06000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, golden("check-url-6000.txt", r.out));
  EXPECT_EQ(r.err, "");
}

TEST(CheckUrl, DefaultPortIsNeverBlockedByFetchGolden) {
  const auto r = run_badport({"check", "HTTPS://Example.COM:443/a/../b"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, golden("check-url-default-port.txt", r.out));
}

TEST(CheckUrl, PortsAndUrlsMix) {
  const auto r = run_badport({"check", "8000", "ws://[::1]:5060/socket", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 2u);
  EXPECT_EQ(doc["results"][0]["port"], 8000);
  EXPECT_TRUE(doc["results"][0]["url"].is_null());
  EXPECT_EQ(doc["results"][1]["port"], 5060);
  EXPECT_EQ(doc["results"][1]["scheme"], "ws");
  EXPECT_EQ(doc["results"][1]["url"]["href"], "ws://[::1]:5060/socket");
  EXPECT_EQ(doc["results"][1]["blocked"], true);
}

TEST(CheckUrl, FtpDefaultPortFollowsEachEngine) {
  const auto r = run_badport({"check", "ftp://files.example/", "--json"});
  EXPECT_EQ(r.exit_code, 1);  // Chromium refuses 21 for any scheme
  const auto doc = nlohmann::json::parse(r.out);
  const auto& res = doc["results"][0];
  EXPECT_EQ(res["port"], 21);
  EXPECT_EQ(res["url"]["port"], nullptr);
  std::vector<std::string> blocked = res["blocked_by"];
  EXPECT_EQ(blocked, (std::vector<std::string>{"chromium", "firefox"}));
}

TEST(CheckUrl, InvalidUrlIsAnErrorNotAllowed) {
  const auto r = run_badport({"check", "http://localhost:65536/", "6000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "badport: invalid URL \"http://localhost:65536/\": port out of range\n");
}

TEST(CheckUrl, InvalidHostIsNamed) {
  const auto r = run_badport({"check", "http://exa mple.com:6000/"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "badport: invalid URL \"http://exa mple.com:6000/\": domain invalid code point\n");
}

TEST(CheckStdin, OneLinePerInputAndSummary) {
  run_options opt;
  opt.stdin_data = "http://localhost:6000/\n6000\n\nhttps://www.example.com/\r\nmailto:x@y\n443-444\n";
  const auto r = run_badport({"check", "-"}, opt);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "blocked\t6000\thttp://localhost:6000/\tfetch,chromium,firefox,webkit,node,deno\n"
            "blocked\t6000\t6000\tfetch,chromium,firefox,webkit,node,deno\n"
            "allowed\t443\thttps://www.example.com/\t\n"
            "allowed\t-\tmailto:x@y\t\n"
            "allowed\t443-444\t443-444\t\n");
  EXPECT_EQ(r.err, "badport: 5 inputs: 2 blocked, 3 allowed, 0 invalid, 0 skipped\n");
}

TEST(CheckStdin, BadLinesAreReportedWithTheirNumberAndSkipped) {
  run_options opt;
  opt.stdin_data = "https://a.example/\nhttp://h:99999/\nhttp://b.example/\xff\n" + std::string(70000, 'a') +
                   "\nhttp://localhost:6667/\nlast.example:1";  // no final newline
  const auto r = run_badport({"check", "--stdin", "--engine", "fetch"}, opt);
  EXPECT_EQ(r.exit_code, 2);  // invalid and skipped lines make it an error, after the work
  EXPECT_EQ(r.out,
            "allowed\t443\thttps://a.example/\t\n"
            "invalid\t-\thttp://h:99999/\tport out of range\n"
            "blocked\t6667\thttp://localhost:6667/\tfetch\n"
            "blocked\t1\thttp://last.example:1/\tfetch\n");  // host:port, read as http://last.example:1/
  const auto err = lines_of(r.err);
  ASSERT_EQ(err.size(), 3u) << r.err;
  EXPECT_EQ(err[0], "badport: <stdin>:3: invalid UTF-8: line skipped");
  EXPECT_EQ(err[1], "badport: <stdin>:4: line too long: over 65536 bytes, line skipped");
  EXPECT_EQ(err[2], "badport: 6 inputs: 2 blocked, 1 allowed, 1 invalid, 2 skipped");
}

TEST(CheckStdin, JsonLines) {
  run_options opt;
  opt.stdin_data = "ws://h:5060\nexample.com/x\n";
  const auto r = run_badport({"check", "--stdin", "--json", "-e", "chromium"}, opt);
  EXPECT_EQ(r.exit_code, 2);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["line"], 1);
  EXPECT_EQ(first["href"], "ws://h:5060/");
  EXPECT_EQ(first["port"], 5060);
  EXPECT_EQ(first["blocked"], true);
  EXPECT_EQ(first["blocked_by"], nlohmann::json::array({"chromium"}));
  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["line"], 2);
  EXPECT_EQ(second["blocked"], nullptr);
  EXPECT_EQ(second["error"], "cannot check \"example.com/x\": no port; write HOST:PORT or a URL such as http://example.com/x");
  EXPECT_EQ(first["schema"], "badport.check.line/1");
  EXPECT_EQ(second["schema"], "badport.check.line/1");
}

TEST(CheckStdin, CountPrintsOnlyTotals) {
  run_options opt;
  std::string many;
  for (int i = 0; i < 5000; ++i) many += i % 100 == 0 ? "http://h:6000/\n" : "https://h/x\n";
  many += "https://\n";
  opt.stdin_data = many;
  auto r = run_badport({"check", "--stdin", "--count"}, opt);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "5001 inputs: 50 blocked, 4950 allowed, 1 invalid, 0 skipped\n");
  EXPECT_EQ(r.err, "");
  r = run_badport({"check", "-", "--count", "--json"}, opt);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.check.count/1");
  EXPECT_EQ(doc["inputs"], 5001);
  EXPECT_EQ(doc["checked"], 5000);
  EXPECT_EQ(doc["blocked"], 50);
  EXPECT_EQ(doc["invalid"], 1);
}

TEST(CheckStdin, CountWithoutStdinIsAnError) {
  const auto r = run_badport({"check", "6000", "--count"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "badport: invalid argument: --count needs --stdin or -\n");
}

TEST(CheckStdin, EmptyInputIsFine) {
  const auto r = run_badport({"check", "--stdin"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "badport: 0 inputs: 0 blocked, 0 allowed, 0 invalid, 0 skipped\n");
}

TEST(CheckHelp, DocumentsStdinAndExitStatus) {
  const auto r = run_badport({"check", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--stdin"), std::string::npos);
  EXPECT_NE(r.out.find("--count"), std::string::npos);
  EXPECT_NE(r.out.find("skipped"), std::string::npos);
}

}  // namespace
}  // namespace badport::test
