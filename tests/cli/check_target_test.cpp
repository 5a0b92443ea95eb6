// `badport check` on what people paste: host:port, Docker mappings, comma lists, ranges; one
// suggestion policy; engine names given as targets.

#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace badport::test {
namespace {

using json = nlohmann::json;

TEST(CheckTargets, PastedAddressesAreReadAsABrowserWould) {
  struct pasted {
    const char* text;
    const char* kind;
    int port;
    const char* read_as;  ///< nullptr: read literally
  };
  const pasted cases[] = {
      {"localhost:6000", "host-port", 6000, "http://localhost:6000/"},
      {"web:6000", "host-port", 6000, "http://web:6000/"},
      {"db:5060", "host-port", 5060, "http://db:5060/"},
      {"host.docker.internal:6000", "host-port", 6000, "http://host.docker.internal:6000/"},
      {"127.0.0.1:6000", "host-port", 6000, "http://127.0.0.1:6000/"},
      {"0.0.0.0:6000", "host-port", 6000, "http://0.0.0.0:6000/"},
      {"[::1]:6000", "host-port", 6000, "http://[::1]:6000/"},
      {"6000/tcp", "port", 6000, nullptr},
      {"0.0.0.0:6000->5000/tcp", "publish", 6000, "host port 6000"},
      {"127.0.0.1:10080:80", "publish", 10080, "host port 10080"},
  };
  for (const auto& c : cases) {
    const auto r = run_badport({"check", c.text, "--json"});
    EXPECT_EQ(r.exit_code, 1) << c.text << "\n" << r.err;
    const auto doc = json::parse(r.out);
    ASSERT_EQ(doc["results"].size(), 1u) << c.text;
    const auto& res = doc["results"][0];
    EXPECT_EQ(res["port"], c.port) << c.text;
    EXPECT_EQ(res["blocked"], true) << c.text;
    EXPECT_EQ(res["target"]["kind"], c.kind) << c.text;
    if (c.read_as) EXPECT_EQ(res["target"]["read_as"], c.read_as) << c.text;
    else EXPECT_TRUE(res["target"]["read_as"].is_null()) << c.text;
    EXPECT_EQ(res["suggestion"], c.port == 5060 ? 5062 : c.port + 1) << c.text;
  }
}

TEST(CheckTargets, TextSaysHowTheInputWasRead) {
  const auto r = run_badport({"check", "localhost:6000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "localhost:6000 (read as http://localhost:6000/)  port 6000  x11: X Window System display server");
  EXPECT_NE(r.out.find("\n  use instead: 6001  (nearest allowed: 5999 below, 6001 above)\n"), std::string::npos);
}

TEST(CheckTargets, AnEngineNameAsATargetPointsAtTheOption) {
  const auto r = run_badport({"check", "chrome", "6000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "badport: cannot check \"chrome\": an engine name; to choose engines, use --engine chrome\n");
}

TEST(CheckTargets, CommaListsAndTotals) {
  const auto r = run_badport({"check", "6000,6665", "8000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\n6665  irc"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.ends_with("\n3 checked: 2 blocked, 1 allowed\n")) << r.out;
  const auto j = json::parse(run_badport({"check", "6000,6665", "8000", "--json"}).out);
  EXPECT_EQ(j["results"].size(), 3u);
  EXPECT_EQ(j["summary"], json({{"checked", 3}, {"blocked", 2}, {"allowed", 1}}));
}

TEST(CheckTargets, ARangeEndsWithWhatItHoldsAndARunInstead) {
  const auto r = run_badport({"check", "6000-6002"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.ends_with("\n6000-6002: 1 of 3 ports blocked: 6000\n  use instead: 6001-6003\n")) << r.out;
  const auto irc = run_badport({"check", "6660-6700", "-e", "chromium"});
  EXPECT_NE(irc.out.find("6660-6700: 6 of 41 ports blocked: 6665-6669, 6697\n"), std::string::npos) << irc.out;
}

TEST(CheckTargets, ADockerRangeMovesAsOneRun) {
  const auto r = run_badport({"check", "6665-6669:6665-6669", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 5u);
  for (const auto& res : doc["results"]) {
    EXPECT_EQ(res["target"]["kind"], "publish");
    EXPECT_EQ(res["target"]["range_suggestion"], json({{"first", 6670}, {"last", 6674}}));
  }
}

TEST(CheckTargets, TheSuggestionFollowsTheUsersPrefs) {
  const auto dir = std::filesystem::temp_directory_path() / ("badport-target-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "user.js") << "user_pref(\"network.security.ports.banned\", \"8000-8001\");\n";
  const auto r = run_badport({"check", "8000", "-e", "firefox", "--firefox-prefs", (dir / "user.js").string()});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("  blocked by firefox\n"), std::string::npos) << r.out;  // one engine: no "1 of 1"
  EXPECT_NE(r.out.find("use instead: 8002  (nearest allowed: 7999 below, 8002 above)"), std::string::npos) << r.out;
}

TEST(CheckTargets, StdinReadsTheSameForms) {
  run_options opt;
  opt.stdin_data = "localhost:6000\n0.0.0.0:5060->5060/tcp\nchrome\n";
  const auto r = run_badport({"check", "-"}, opt);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "blocked\t6000\thttp://localhost:6000/\tfetch,chromium,firefox,webkit,node,deno\n"
            "blocked\t5060\t0.0.0.0:5060->5060/tcp\tfetch,chromium,firefox,webkit,node,deno\n"
            "invalid\t-\tchrome\tan engine name; to choose engines, use --engine chrome\n");
}

}  // namespace
}  // namespace badport::test
