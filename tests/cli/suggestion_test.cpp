// One suggestion everywhere: `pick --near`, `sockets` and `run` answer as `check` does (the
// suggest.h policy), and none of them suggests a port that is already listening here.

#include "../io/loopback.h"
#include "run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <badport/io/listening.h>
#include <badport/io/pick.h>
#include <badport/ports.h>

#include <string>
#include <vector>

namespace badport::test {
namespace {

/// `check PORT --json`'s suggestion.
int check_suggestion(int port) {
  const auto r = run_badport({"check", std::to_string(port), "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  const auto& s = doc["results"][0]["suggestion"];
  return s.is_number() ? s.get<int>() : -1;
}

TEST(OneSuggestion, PickNearAnswersAsCheck) {
  // 6665-6669 (IRC) is a run: the policy goes above it (6670), never to 6664 below.
  for (const int port : {6665, 6000, 5060, 6697, 10080, 4190}) {
    const int s = check_suggestion(port);
    ASSERT_GT(s, port) << port;
    const auto r = run_badport({"pick", "--near", std::to_string(port), "--host", "127.0.0.1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const int picked = std::stoi(r.out);
    if (io::is_bindable(static_cast<std::uint16_t>(s), {"127.0.0.1"}) || picked == s) {
      EXPECT_EQ(picked, s) << "pick --near " << port;
    } else {  // taken right now: the next one the policy yields
      EXPECT_GT(picked, s) << "pick --near " << port;
    }
  }
}

TEST(OneSuggestion, PickNearSkipsATakenSuggestion) {
  // A blocked port whose suggestion is free: hold the suggestion, pick must go on above it.
  for (const auto port : blocked_port_candidates()) {
    const auto s = suggest_port(port);
    if (!s) continue;
    listener held("127.0.0.1", *s);
    if (!held.ok()) continue;
    const auto r = run_badport({"pick", "--near", std::to_string(port), "--host", "127.0.0.1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const int picked = std::stoi(r.out);
    EXPECT_GT(picked, *s) << port;
    EXPECT_FALSE(is_blocked(picked, engine_set::all()));
    // Nothing between the port and the pick was both allowed and free.
    for (int q = port + 1; q < picked; ++q)
      if (!is_blocked(q, engine_set::all())) {
        EXPECT_FALSE(io::is_bindable(static_cast<std::uint16_t>(q), {"127.0.0.1"})) << q;
      }
    return;
  }
  FAIL() << "no blocked port with a free suggestion";
}

TEST(OneSuggestion, SocketsNeverSuggestsAListeningPort) {
  for (const auto port : blocked_port_candidates()) {
    const auto s = suggest_port(port);
    if (!s) continue;
    listener blocked("127.0.0.1", port);
    listener held("127.0.0.1", *s);  // the port check would suggest, now in use
    if (!blocked.ok() || !held.ok()) continue;
    const auto r = run_badport({"sockets", "--json"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    const nlohmann::json* mine = nullptr;
    for (const auto& l : doc["listeners"])
      if (l["inode"] == blocked.inode()) mine = &l;
    ASSERT_NE(mine, nullptr) << r.out;
    ASSERT_TRUE((*mine)["suggestion"].is_number()) << r.out;
    const int suggestion = (*mine)["suggestion"].get<int>();
    EXPECT_NE(suggestion, *s);
    EXPECT_GT(suggestion, *s);
    EXPECT_FALSE(is_blocked(suggestion, engine_set::all()));
    // No listener in the document sits on the suggestion.
    for (const auto& l : doc["listeners"]) EXPECT_NE(l["port"], suggestion);
    const auto all = run_badport({"sockets", "--all", "--json"});
    const auto all_doc = nlohmann::json::parse(all.out);
    for (const auto& l : all_doc["listeners"]) EXPECT_NE(l["port"], suggestion) << all.out;
    // The text says the same.
    const auto text = run_badport({"sockets"});
    EXPECT_NE(text.out.find("use port " + std::to_string(suggestion) + " instead"), std::string::npos) << text.out;
    return;
  }
  FAIL() << "no blocked port with a free suggestion";
}

TEST(OneSuggestion, SocketsAnswersAsCheckWhenTheSuggestionIsFree) {
  auto l = listen_on_blocked_port("127.0.0.1");
  ASSERT_TRUE(l) << "no blocked port is free";
  const int s = check_suggestion(l->port());
  const auto r = run_badport({"sockets", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& j : doc["listeners"]) {
    if (j["inode"] != l->inode()) continue;
    if (io::is_bindable(static_cast<std::uint16_t>(s), {"127.0.0.1"})) {
      EXPECT_EQ(j["suggestion"], s);
    }
    return;
  }
  FAIL() << r.out;
}

TEST(OneSuggestion, RunBannerSkipsAListeningPort) {
  for (const auto port : blocked_port_candidates()) {
    const auto s = suggest_port(port);
    if (!s) continue;
    if (!listener("127.0.0.1", port).ok()) continue;  // free for the child
    listener held("127.0.0.1", *s);
    if (!held.ok()) continue;
    const std::string ports = std::to_string(port);
    const auto r = run_badport({"run", "--interval", "50", "--", "sh", "-c",
                                "\"$0\" listen 127.0.0.1 " + ports + " & p=$!; sleep 1; kill $p; wait $p; exit 0",
                                std::string(BADPORT_TEST_HELPER)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.err.find("listens on 127.0.0.1:" + ports), std::string::npos) << r.err;
    const auto at = r.err.find("use port ");
    ASSERT_NE(at, std::string::npos) << r.err;
    const int instead = std::stoi(r.err.substr(at + 9));
    EXPECT_GT(instead, *s) << r.err;
    EXPECT_FALSE(is_blocked(instead, engine_set::all()));
    return;
  }
  FAIL() << "no blocked port with a free suggestion";
}

}  // namespace
}  // namespace badport::test
