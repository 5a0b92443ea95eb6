// The one decision and its explanation, for ports, URLs and targets.

#include <badport/decision.h>

#include <gtest/gtest.h>

namespace badport {
namespace {

const engine_decision* verdict_of(const decision& d, engine e) {
  for (const auto& v : d.verdicts)
    if (v.id == e) return &v;
  return nullptr;
}

TEST(Decide, ABlockedPortIsExplainedInFull) {
  const decision d = decide(6000, decide_options{});
  EXPECT_EQ(d.port, 6000);
  EXPECT_EQ(d.scheme, "http");
  ASSERT_NE(d.entry, nullptr);
  EXPECT_EQ(d.entry->service, "x11");
  EXPECT_TRUE(d.blocked());
  EXPECT_EQ(d.engines, engine_set::all());
  EXPECT_EQ(d.verdicts.size(), engine_count);
  EXPECT_FALSE(d.blocked_by.contains(engine::bun));
  EXPECT_TRUE(d.blocked_by.contains(engine::chromium));
  const auto* chromium = verdict_of(d, engine::chromium);
  ASSERT_NE(chromium, nullptr);
  EXPECT_EQ(chromium->why, reason::listed);
  ASSERT_TRUE(chromium->since);
  EXPECT_EQ(chromium->since->date, blocked_since(6000, engine::chromium)->date);
  EXPECT_EQ(chromium->error_code, "net::ERR_UNSAFE_PORT");
  EXPECT_NE(chromium->override_text.find("--explicitly-allowed-ports=6000"), std::string::npos);
  const auto* deno = verdict_of(d, engine::deno);
  ASSERT_NE(deno, nullptr);
  EXPECT_NE(deno->error_text.find("port 6000"), std::string::npos) << deno->error_text;  // {port} filled in
  const auto* bun = verdict_of(d, engine::bun);
  ASSERT_NE(bun, nullptr);
  EXPECT_FALSE(bun->blocked);
  EXPECT_EQ(bun->why, reason::never_blocks);
  EXPECT_TRUE(bun->error_text.empty());
  EXPECT_FALSE(bun->since);
  EXPECT_EQ(d.nearest.below, 5999);
  EXPECT_EQ(d.nearest.above, 6001);
  EXPECT_EQ(d.suggestion, 6001);
}

TEST(Decide, AnAllowedPortHasNoSuggestion) {
  const decision d = decide(8000, decide_options{});
  EXPECT_FALSE(d.blocked());
  EXPECT_EQ(d.entry, nullptr);
  EXPECT_EQ(d.suggestion, std::nullopt);
  for (const auto& v : d.verdicts) EXPECT_TRUE(v.error_code.empty());
}

TEST(Decide, OverridesChangeVerdictsNearestAndSuggestion) {
  decide_options o;
  o.engines = {engine::firefox};
  o.user.firefox.banned = {{8000, 8001}};
  const decision d = decide(8000, o);
  ASSERT_TRUE(d.blocked());
  EXPECT_EQ(d.verdicts.front().why, reason::pref_banned);
  EXPECT_FALSE(d.verdicts.front().since);  // not on Firefox's list: no history
  EXPECT_EQ(d.nearest.below, 7999);
  EXPECT_EQ(d.nearest.above, 8002);
  EXPECT_EQ(d.suggestion, 8002);

  decide_options c;
  c.engines = {engine::chromium};
  c.user.chromium.allowed_ports = {6000};
  const decision allowed = decide(6000, c);
  EXPECT_FALSE(allowed.blocked());
  EXPECT_EQ(allowed.verdicts.front().why, reason::explicitly_allowed);
}

TEST(Decide, TheSuggestionSkipsTakenPorts) {
  decide_options o;
  o.is_taken = [](std::uint16_t p) { return p == 6001; };
  EXPECT_EQ(decide(6000, o).suggestion, 6002);
  EXPECT_EQ(decide(6000, o).nearest.above, 6001);  // nearest is about engines alone
}

TEST(Decide, UrlsUseTheirSchemeAndEffectivePort) {
  const auto u = parse_url("https://example.com/");
  ASSERT_TRUE(u);
  const decision d = decide(*u, decide_options{});
  EXPECT_EQ(d.port, 443);
  EXPECT_EQ(d.scheme, "https");
  EXPECT_FALSE(d.blocked());
  EXPECT_EQ(verdict_of(d, engine::fetch)->why, reason::default_port);

  const auto ftp = parse_url("ftp://example.com:21/");
  ASSERT_TRUE(ftp);
  const decision f = decide(*ftp, decide_options{});
  EXPECT_EQ(verdict_of(f, engine::webkit)->why, reason::scheme_exempt);
  EXPECT_TRUE(verdict_of(f, engine::chromium)->blocked);

  const auto mail = parse_url("mailto:x@example.com");
  ASSERT_TRUE(mail);
  const decision m = decide(*mail, decide_options{});
  EXPECT_EQ(m.port, -1);
  EXPECT_FALSE(m.blocked());
  EXPECT_EQ(m.suggestion, std::nullopt);
}

TEST(DecideEach, OneDecisionPerPortOfATarget) {
  for (const char* text : {"localhost:6000", "0.0.0.0:6000->5000/tcp", "6000", "http://localhost:6000/"}) {
    const auto t = parse_targets(text);
    ASSERT_TRUE(t) << text;
    int n = 0;
    decide_each(t->front(), decide_options{}, [&](const decision& d) {
      ++n;
      EXPECT_EQ(d.port, 6000) << text;
      EXPECT_TRUE(d.blocked()) << text;
      EXPECT_EQ(d.suggestion, 6001) << text;
    });
    EXPECT_EQ(n, 1) << text;
  }
  const auto range = parse_targets("6665-6669:6665-6669");
  ASSERT_TRUE(range);
  int n = 0;
  decide_each(range->front(), decide_options{}, [&](const decision& d) { EXPECT_EQ(d.port, 6665 + n++); });
  EXPECT_EQ(n, 5);
  EXPECT_EQ(suggest_for(range->front(), decide_options{}), (port_interval{6670, 6674}));
  const auto fine = parse_targets("8000-8010");
  ASSERT_TRUE(fine);
  EXPECT_EQ(suggest_for(fine->front(), decide_options{}), std::nullopt);
}

TEST(WithPort, FillsEveryPlaceholder) {
  EXPECT_EQ(with_port("a {port} b {port}", 6000), "a 6000 b 6000");
  EXPECT_EQ(with_port("none", 1), "none");
}

}  // namespace
}  // namespace badport
