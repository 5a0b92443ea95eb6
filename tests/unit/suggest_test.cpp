// The one suggestion policy: the port itself when usable, else the next usable port above,
// else the nearest below; ranges move as a whole; a project's plan is stable and never reuses
// a port.

#include <badport/ports.h>
#include <badport/suggest.h>

#include <gtest/gtest.h>

#include <set>

namespace badport {
namespace {

suggest_options with_engines(engine_set engines) {
  suggest_options o;
  o.engines = engines;
  return o;
}

TEST(SuggestPort, MovesUpToTheNextAllowedPort) {
  const suggest_options all;
  EXPECT_EQ(suggest_port(6000, all), 6001);   // x11
  EXPECT_EQ(suggest_port(5060, all), 5062);   // sip; 5061 (sips) is blocked too
  EXPECT_EQ(suggest_port(6665, all), 6670);   // irc 6665-6669; 6664 is nearer but below
  EXPECT_EQ(suggest_port(10080, all), 10081); // amanda
  EXPECT_EQ(suggest_port(8000, all), 8000);   // allowed: itself
  EXPECT_EQ(suggest_port(1, all), 2);         // tcpmux
}

TEST(SuggestPort, OnlyTheChosenEnginesCount) {
  // Firefox blocks 6679 (osaut); Chromium does not.
  ASSERT_TRUE(is_blocked(6679, engine::firefox));
  ASSERT_FALSE(is_blocked(6679, engine::chromium));
  EXPECT_EQ(suggest_port(6679, with_engines({engine::firefox})), 6680);
  EXPECT_EQ(suggest_port(6679, with_engines({engine::chromium})), 6679);
  EXPECT_EQ(suggest_port(6000, with_engines({engine::bun})), 6000);  // Bun blocks nothing
}

TEST(SuggestPort, HonoursTheUsersOverrides) {
  // Firefox prefs that ban 6001-6010 push the suggestion past them.
  suggest_options o = with_engines({engine::firefox});
  o.user.firefox.banned = {{6001, 6010}};
  EXPECT_EQ(suggest_port(6000, o), 6011);
  // A banned port that is itself allowed elsewhere is still refused by Firefox: 8000-8001.
  o.user.firefox.banned = {{8000, 8001}};
  EXPECT_EQ(suggest_port(8000, o), 8002);
  // Chromium's --explicitly-allowed-ports makes 6000 usable for Chromium alone.
  suggest_options c = with_engines({engine::chromium});
  c.user.chromium.allowed_ports = {6000};
  EXPECT_EQ(suggest_port(6000, c), 6000);
  c.engines = engine_set::all();
  EXPECT_EQ(suggest_port(6000, c), 6001);  // the other engines still refuse 6000
}

TEST(SuggestPort, SkipsTakenPortsAndStaysWithinItsInterval) {
  suggest_options o;
  o.is_taken = [](std::uint16_t p) { return p == 6001 || p == 6002; };
  EXPECT_EQ(suggest_port(6000, o), 6003);
  EXPECT_EQ(suggest_port(8000, o), 8000);
  o.is_taken = [](std::uint16_t p) { return p == 8000; };
  EXPECT_EQ(suggest_port(8000, o), 8001);  // allowed but taken: the next one up

  suggest_options within;
  within.within = {5990, 6000};
  EXPECT_EQ(suggest_port(6000, within), 5999);  // nothing above inside the interval: below
  within.within = {6000, 6000};
  EXPECT_EQ(suggest_port(6000, within), std::nullopt);
  within.within = {6665, 6669};
  EXPECT_EQ(suggest_port(6667, within), std::nullopt);
}

TEST(SuggestPort, AgreesWithTheTableOnlyOverloadOnEveryPort) {
  for (const engine_set set : {engine_set::all(), engine_set{engine::chromium}, engine_set{engine::webkit},
                               engine_set{engine::node, engine::deno}}) {
    const suggest_options o = with_engines(set);
    for (int p = 0; p <= 65535; ++p) ASSERT_EQ(suggest_port(p, set), suggest_port(p, o)) << p;
  }
}

// An independent oracle: every window, tried one by one from the nearest start above.
std::optional<port_interval> brute_force_range(port_interval r, const suggest_options& o) {
  const int n = static_cast<int>(r.size());
  const auto fits = [&](int s) {
    for (int p = s; p < s + n; ++p)
      if (p > 65535 || !is_usable(p, o)) return false;
    return true;
  };
  if (fits(r.first)) return r;
  for (int s = r.first + 1; s + n - 1 <= 65535; ++s)
    if (fits(s)) return port_interval{static_cast<std::uint16_t>(s), static_cast<std::uint16_t>(s + n - 1)};
  for (int s = r.first - n; s >= 1; --s)
    if (fits(s)) return port_interval{static_cast<std::uint16_t>(s), static_cast<std::uint16_t>(s + n - 1)};
  return std::nullopt;
}

TEST(SuggestRange, MovesTheWholeRunUp) {
  const suggest_options all;
  EXPECT_EQ(suggest_range({6665, 6669}, all), (port_interval{6670, 6674}));
  EXPECT_EQ(suggest_range({8000, 8010}, all), (port_interval{8000, 8010}));  // allowed: itself
  EXPECT_EQ(suggest_range({5060, 5061}, all), (port_interval{5062, 5063}));
  for (const port_interval r : {port_interval{6660, 6670}, port_interval{1, 30}, port_interval{65500, 65535},
                                port_interval{6000, 6000}, port_interval{10079, 10081}})
    EXPECT_EQ(suggest_range(r, all), brute_force_range(r, all)) << r.first << "-" << r.last;
}

TEST(SuggestRange, GoesBelowWhenNothingFitsAbove) {
  suggest_options o;
  o.within = {6600, 6669};
  EXPECT_EQ(suggest_range({6665, 6669}, o), (port_interval{6660, 6664}));
  EXPECT_EQ(suggest_range({6665, 6669}, o), brute_force_range({6665, 6669}, o));
}

TEST(ReplacementPlan, SamePortSameAnswer) {
  replacement_plan plan{suggest_options{}};
  EXPECT_EQ(plan.replacement(std::uint16_t{6000}), 6001);
  EXPECT_EQ(plan.replacement(std::uint16_t{6000}), 6001);
  EXPECT_EQ(plan.replacement(std::uint16_t{8080}), 8080);  // allowed: unchanged
}

TEST(ReplacementPlan, NeverAPortTheProjectUsesOrOneAlreadyGiven) {
  replacement_plan plan{suggest_options{}};
  plan.reserve(std::uint16_t{6001});        // the project already publishes 6001
  plan.reserve(port_interval{6002, 6003});  // and a range
  EXPECT_EQ(plan.replacement(std::uint16_t{6000}), 6004);
  // 6666 and 6667 both want 6670: the second gets the next free one.
  EXPECT_EQ(plan.replacement(std::uint16_t{6666}), 6670);
  EXPECT_EQ(plan.replacement(std::uint16_t{6667}), 6671);
  std::set<std::uint16_t> given;
  for (int p : {6000, 6665, 6666, 6667, 6668, 6669, 5060, 5061, 10080}) {
    const auto r = plan.replacement(static_cast<std::uint16_t>(p));
    ASSERT_TRUE(r);
    given.insert(*r);
  }
  EXPECT_EQ(given.size(), 9u);
}

TEST(ReplacementPlan, RangesMoveAsAWholeAndAvoidTheRest) {
  replacement_plan plan{suggest_options{}};
  plan.reserve(port_interval{6665, 6669});  // the range itself, as the project publishes it
  plan.reserve(std::uint16_t{6672});        // and another service on 6672
  const auto r = plan.replacement(port_interval{6665, 6669});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (port_interval{6673, 6677}));
  EXPECT_EQ(plan.replacement(port_interval{6665, 6669}), r);
  EXPECT_EQ(plan.replacement(std::uint16_t{6000}), 6001);
  // Single ports skip the new range: 6670 and 6671 are free, 6672-6677 are not.
  EXPECT_EQ(plan.replacement(std::uint16_t{6666}), 6670);
  EXPECT_EQ(plan.replacement(std::uint16_t{6667}), 6671);
  EXPECT_EQ(plan.replacement(std::uint16_t{6668}), 6678);
}

}  // namespace
}  // namespace badport
