// `badport fetch` end to end: the real binary against real loopback servers, redirects and all,
// and the example program that uses the guard.

#include "run.h"
#include "test_server.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <string>

namespace badport::test {
namespace {

// libcurl honours proxy variables; loopback servers must be reached directly.
const bool proxies_cleared = [] {
  for (const char* v : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"}) ::unsetenv(v);
  return true;
}();

using json = nlohmann::json;

std::string redirect_to(const loopback_server& from, const std::string& target, int code = 302) {
  return from.url("/redirect?code=" + std::to_string(code) + "&to=" + httplib::detail::encode_query_param(target));
}

json fetch_json(std::vector<std::string> args, int expected_exit) {
  args.insert(args.begin(), "fetch");
  args.push_back("--json");
  const auto r = run_badport(args);
  EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
  try {
    return json::parse(r.out);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out << r.err;
    return json::object();
  }
}

const json* outcome(const json& doc, std::string_view who) {
  for (const auto& o : doc["outcomes"])
    if (o["who"] == who) return &o;
  return nullptr;
}

TEST(FetchCli, AllowedPortReachesThePage) {
  loopback_server server;
  const auto r = run_badport({"fetch", server.url("/ok")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hop 1  GET " + server.url("/ok")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HTTP/1.1 200 OK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Content-Type: text/plain"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hello"), std::string::npos) << "body printed without --body";
  EXPECT_EQ(server.requests(), 1);

  const auto with_body = run_badport({"fetch", "--body", server.url("/ok")});
  EXPECT_EQ(with_body.exit_code, 0);
  EXPECT_NE(with_body.out.find("\nhello\n"), std::string::npos) << with_body.out;
}

TEST(FetchCli, DirectRequestToBlockedPort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  const auto doc = fetch_json({blocked->url("/ok")}, 1);
  EXPECT_EQ(doc["schema"], "badport.fetch/2");
  ASSERT_EQ(doc["hops"].size(), 1u);
  EXPECT_EQ(doc["hops"][0]["port"], blocked->port());
  // The port to use instead is check's suggestion.
  const auto check = json::parse(run_badport({"check", std::to_string(blocked->port()), "--json"}).out);
  EXPECT_EQ(doc["hops"][0]["suggestion"], check["results"][0]["suggestion"]);
  EXPECT_TRUE(doc["hops"][0]["suggestion"].is_number());
  EXPECT_EQ(doc["hops"][0]["response"]["status"], 200);
  EXPECT_EQ((*outcome(doc, "curl"))["end"], "reached");
  EXPECT_EQ((*outcome(doc, "bun"))["end"], "reached");
  EXPECT_EQ((*outcome(doc, "chromium"))["end"], "blocked");
  EXPECT_EQ((*outcome(doc, "chromium"))["error_code"], "net::ERR_UNSAFE_PORT");
  EXPECT_EQ((*outcome(doc, "firefox"))["end"], "blocked");
  EXPECT_EQ(doc["exit_status"], 1);
  EXPECT_EQ(blocked->requests(), 1);  // without --as, the request goes out as curl sends it
}

TEST(FetchCli, AsChromiumNeverConnectsToABlockedPort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  const auto r = run_badport({"fetch", "--as", "chromium", blocked->url("/ok")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("not sent"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chromium  stops at hop 1: net::ERR_UNSAFE_PORT"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("curl"), std::string::npos) << r.out;
  EXPECT_EQ(blocked->connections(), 0);
  EXPECT_EQ(blocked->requests(), 0);
}

TEST(FetchCli, RedirectFromAllowedToBlockedPort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  loopback_server allowed;
  const std::string start = redirect_to(allowed, blocked->url("/ok"));

  const auto doc = fetch_json({start}, 1);
  ASSERT_EQ(doc["hops"].size(), 2u);
  EXPECT_EQ(doc["hops"][0]["response"]["status"], 302);
  EXPECT_EQ(doc["hops"][0]["redirect_to"], blocked->url("/ok"));
  for (const auto& v : doc["hops"][0]["verdicts"]) EXPECT_FALSE(v["blocked"].get<bool>()) << v;
  EXPECT_EQ(doc["hops"][1]["response"]["status"], 200);
  EXPECT_EQ((*outcome(doc, "curl"))["end"], "reached");
  EXPECT_EQ((*outcome(doc, "bun"))["end"], "reached");
  EXPECT_EQ((*outcome(doc, "chromium"))["end"], "blocked");
  EXPECT_EQ((*outcome(doc, "chromium"))["hop"], 2);
  EXPECT_NE(doc["summary"].get<std::string>().find("curl and bun reach the page"), std::string::npos) << doc["summary"];
  EXPECT_EQ(blocked->requests(), 1);

  // As Chromium: the first hop goes out, the second never does.
  const auto as = run_badport({"fetch", "--as", "chromium", start});
  EXPECT_EQ(as.exit_code, 1) << as.out << as.err;
  EXPECT_NE(as.out.find("chromium stops at hop 2 with net::ERR_UNSAFE_PORT"), std::string::npos) << as.out;
  EXPECT_EQ(allowed.requests(), 2);
  EXPECT_EQ(blocked->requests(), 1);  // still the one curl-mode request above
  const int connections_before = blocked->connections();
  const auto as_firefox = fetch_json({"--as", "firefox", start}, 1);
  EXPECT_FALSE(as_firefox["hops"][1]["sent"].get<bool>());
  EXPECT_EQ(blocked->connections(), connections_before);

  // As Bun, which blocks no port: through.
  const auto bun = run_badport({"fetch", "--as", "bun", start});
  EXPECT_EQ(bun.exit_code, 0) << bun.out << bun.err;
  EXPECT_EQ(blocked->requests(), 2);
}

TEST(FetchCli, ChromiumFlagsReEnableThePort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  const auto r = run_badport({"fetch", "--as", "chromium", "--chromium-flags",
                              "--explicitly-allowed-ports=" + std::to_string(blocked->port()), blocked->url("/ok")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(blocked->requests(), 1);
}

TEST(FetchCli, ChainOfRedirects) {
  loopback_server a, b;
  const std::string start = a.url("/chain/4?end=" + httplib::detail::encode_query_param(b.url("/ok")));
  const auto doc = fetch_json({start}, 0);
  ASSERT_EQ(doc["hops"].size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(doc["hops"][i]["response"]["status"], 302);
  EXPECT_EQ(doc["hops"][5]["url"], b.url("/ok"));
  for (const auto& o : doc["outcomes"]) {
    EXPECT_EQ(o["end"], "reached") << o;
    EXPECT_EQ(o["hop"], 6);
  }
  EXPECT_EQ(a.requests(), 5);
  EXPECT_EQ(b.requests(), 1);

  // The limit: 4 redirects allowed, the 5th is an error, as curl and browsers count.
  const auto limited = fetch_json({"--max-redirs", "3", start}, 2);
  ASSERT_EQ(limited["hops"].size(), 4u);
  EXPECT_EQ(limited["hops"][3]["error"]["kind"], "too-many-redirects");
  EXPECT_EQ(limited["hops"][3]["error"]["message"], "Maximum (3) redirects followed");
  EXPECT_EQ(b.requests(), 1);
}

TEST(FetchCli, ChainEndingOnABlockedPort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  loopback_server a;
  const std::string start = a.url("/chain/2?end=" + httplib::detail::encode_query_param(blocked->url("/ok")));
  const auto doc = fetch_json({"--engine", "chromium,bun", start}, 1);
  ASSERT_EQ(doc["hops"].size(), 4u);
  EXPECT_EQ((*outcome(doc, "chromium"))["hop"], 4);
  EXPECT_EQ((*outcome(doc, "chromium"))["end"], "blocked");
  EXPECT_EQ((*outcome(doc, "bun"))["end"], "reached");
  EXPECT_EQ(outcome(doc, "firefox"), nullptr);
}

TEST(FetchCli, RedirectToAnInvalidUrlIsAnErrorForEveryEngine) {
  loopback_server server;
  const auto doc = fetch_json({redirect_to(server, "http://example.com:99999/")}, 2);
  ASSERT_EQ(doc["hops"].size(), 1u);
  EXPECT_EQ(doc["hops"][0]["response"]["status"], 302);
  EXPECT_EQ(doc["hops"][0]["error"]["kind"], "invalid-redirect");
  EXPECT_NE(doc["hops"][0]["error"]["message"].get<std::string>().find("invalid URL \"http://example.com:99999/\""),
            std::string::npos)
      << doc["hops"][0]["error"];
  for (const auto& o : doc["outcomes"]) EXPECT_EQ(o["end"], "failed") << o;

  const auto r = run_badport({"fetch", redirect_to(server, "http://[::1/")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("error: invalid redirect: invalid URL"), std::string::npos) << r.out;
}

TEST(FetchCli, RedirectToAnotherSchemeIsAnError) {
  loopback_server server;
  const auto doc = fetch_json({redirect_to(server, "ftp://127.0.0.1/")}, 2);
  EXPECT_EQ(doc["hops"][0]["error"]["kind"], "unsupported-scheme");
}

TEST(FetchCli, RefusedConnectionIsANetworkErrorNotABlock) {
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
  const auto r = run_badport({"fetch", url});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Couldn't connect to server"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("blocked"), std::string::npos) << r.out;

  const auto doc = fetch_json({url}, 2);
  EXPECT_EQ(doc["hops"][0]["error"]["kind"], "network");
  EXPECT_EQ(doc["hops"][0]["error"]["curl_code"], 7);  // CURLE_COULDNT_CONNECT
  for (const auto& o : doc["outcomes"]) EXPECT_EQ(o["end"], "failed") << o;

  // A refused connection behind an allowed redirect: same error, at hop 2.
  loopback_server server;
  const auto hop2 = fetch_json({redirect_to(server, url)}, 2);
  EXPECT_EQ(hop2["hops"][1]["error"]["message"], "Couldn't connect to server");
}

TEST(FetchCli, PostBecomesGetOn302ButNotOn307) {
  loopback_server server;
  const auto r302 = fetch_json({"--body", "-d", "a=1", redirect_to(server, "/echo", 302)}, 0);
  EXPECT_EQ(r302["hops"][0]["method"], "POST");
  EXPECT_EQ(r302["hops"][1]["method"], "GET");
  EXPECT_EQ(r302["body"], "GET ");
  const auto r307 = fetch_json({"--body", "-d", "a=1", redirect_to(server, "/echo", 307)}, 0);
  EXPECT_EQ(r307["hops"][1]["method"], "POST");
  EXPECT_EQ(r307["body"], "POST a=1");
  const auto put = fetch_json({"--body", "-X", "PUT", "-d", "x", "-H", "X-Test: 1", server.url("/echo")}, 0);
  EXPECT_EQ(put["body"], "PUT x");
}

TEST(FetchCli, RedirectWithoutLocationIsTheFinalResponse) {
  loopback_server server;
  const auto doc = fetch_json({server.url("/no-location")}, 0);
  ASSERT_EQ(doc["hops"].size(), 1u);
  EXPECT_EQ((*outcome(doc, "curl"))["status"], 302);
}

TEST(FetchCli, BadInputIsOneLineAndExitTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"fetch", "ftp://127.0.0.1/"},
           {"fetch", "http://a:99999/"},
           {"fetch", "not a url"},
           {"fetch", "-H", "no colon", "http://127.0.0.1:1/"},
           {"fetch", "-X", "GE T", "http://127.0.0.1:1/"},
           {"fetch", "--as", "chrom", "http://127.0.0.1:1/"},
           {"fetch", "--as", "chromium", "--engine", "firefox", "http://127.0.0.1:1/"},
           {"fetch", "--max-redirs", "-1", "http://127.0.0.1:1/"},
       }) {
    const auto r = run_badport(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args[2];
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("badport", 0), 0u) << r.err;  // "badport: ..." or, from the parser, "badport fetch: ..."
  }
}

TEST(FetchCli, HelpNamesExitStatusesAndJson) {
  const auto h = run_badport({"fetch", "--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* flag : {"Exit status", "--json", "--as", "--max-redirs", "--connect-timeout", "--max-time",
                           "--insecure", "--body", "--header", "--data", "--request"})
    EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(CurlGuardExample, FollowsAllowedRedirectsAndRefusesBlockedHops) {
  loopback_server allowed;
  const auto ok = run_program({BADPORT_EXAMPLE_EXE, redirect_to(allowed, "/ok")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "hello\n");

  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  const auto refused = run_program({BADPORT_EXAMPLE_EXE, redirect_to(allowed, blocked->url("/ok")), "chromium"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("refused: port " + std::to_string(blocked->port())), std::string::npos) << refused.err;
  EXPECT_EQ(blocked->connections(), 0);

  const auto bun = run_program({BADPORT_EXAMPLE_EXE, redirect_to(allowed, blocked->url("/ok")), "bun"});
  EXPECT_EQ(bun.exit_code, 0) << bun.err;
  EXPECT_EQ(blocked->requests(), 1);
}

// `badport` runs `badport-fetch` for this command (it does not load libcurl itself); a copy of
// `badport` without the helper beside it says so, and the arguments are still checked first.
TEST(FetchCli, MissingHelperIsAClearError) {
  const auto dir = std::filesystem::temp_directory_path() / ("badport-fetch-helper-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto copy = dir / "badport";
  std::filesystem::copy_file(BADPORT_EXE, copy, std::filesystem::copy_options::overwrite_existing);
  loopback_server server;
  const auto r = run_program({copy.string(), "fetch", server.url("/ok")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("badport fetch needs its helper badport-fetch, not found or not runnable at"), std::string::npos)
      << r.err;
  EXPECT_EQ(server.requests(), 0);
  const auto bad = run_program({copy.string(), "fetch", "--max-redirs", "-1", server.url("/ok")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--max-redirs"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("helper"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
}

TEST(CurlGuardExample, CApiRefusesBlockedHops) {
  loopback_server allowed;
  const auto ok = run_program({BADPORT_EXAMPLE_C_EXE, redirect_to(allowed, "/ok")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "hello\n");
  const auto bad = run_program({BADPORT_EXAMPLE_C_EXE, allowed.url("/ok"), "chrom"});
  EXPECT_EQ(bad.exit_code, 2);

  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  const auto refused = run_program({BADPORT_EXAMPLE_C_EXE, redirect_to(allowed, blocked->url("/ok")), "firefox"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("is blocked by firefox"), std::string::npos) << refused.err;
  EXPECT_EQ(blocked->connections(), 0);
}

}  // namespace
}  // namespace badport::test
