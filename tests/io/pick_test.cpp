// io::pick_ports against real sockets: held ports and blocked ports are never picked.

#include "loopback.h"

#include <badport/io/pick.h>
#include <badport/ports.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace badport::io {
namespace {

using test::listener;

TEST(Pick, NeverBlockedNeverBusy) {
  auto h = test::hold_range_around_blocked_port(2);
  ASSERT_NE(h.blocked, 0) << "no window of 41 ports around a free blocked port has the free ports this test needs";
  pick_options o;
  o.range = h.range;
  o.host = "127.0.0.1";
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 50; ++i) {
    const auto p = pick_port(o);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_NE(std::find(h.free_ports.begin(), h.free_ports.end(), *p), h.free_ports.end()) << *p;
    seen.insert(*p);
  }
  EXPECT_EQ(seen.size(), 2u);  // random order reaches both free ports in 50 tries (1 in 2^49 to fail)
  for (const auto b : h.blocked_free) EXPECT_EQ(seen.count(b), 0u) << "picked " << b << ", which is blocked";
  o.count = 2;
  auto both = pick_ports(o);
  ASSERT_TRUE(both);
  std::sort(both->begin(), both->end());
  EXPECT_EQ(*both, h.free_ports);
}

TEST(Pick, NoneLeftIsAnError) {
  auto h = test::hold_range_around_blocked_port(0);
  ASSERT_NE(h.blocked, 0) << "no window of 41 ports around a free blocked port has the free ports this test needs";
  pick_options o;
  o.range = h.range;
  o.host = "127.0.0.1";
  const auto p = pick_ports(o);
  ASSERT_FALSE(p) << "picked " << p->front();
  EXPECT_EQ(p.error().code, errc::io_error);
  EXPECT_EQ(p.error().subject, std::to_string(h.range.first) + "-" + std::to_string(h.range.last));
  EXPECT_EQ(p.error().reason, "no free port that no chosen engine blocks");
  // Only the free blocked ports are left: an engine that blocks nothing may have them all.
  o.engines = engine_set{engine::bun};
  o.count = h.blocked_free.size();
  auto bun = pick_ports(o);
  ASSERT_TRUE(bun) << bun.error().message();
  std::sort(bun->begin(), bun->end());
  EXPECT_EQ(*bun, h.blocked_free);
}

// The chosen engines decide, not every engine: a run of ports Chromium blocks is all Bun's, and
// a port that only other engines block (4190, 6679) is Chromium's.
TEST(Pick, ChosenEnginesDecide) {
  // The runs of consecutive ports Chromium blocks (6665-6669, 5060-5061, 1719-1720, ...).
  std::vector<port_interval> runs;
  for (const auto& p : known_ports()) {
    if (p.port == 0 || !is_blocked(p.port, engine::chromium)) continue;
    if (!runs.empty() && runs.back().last + 1 == p.port) runs.back().last = p.port;
    else runs.push_back(port_interval{p.port, p.port});
  }
  bool tried_run = false;
  for (const auto& run : runs) {
    if (run.size() < 2) continue;
    if (run.first < 1024 && ::geteuid() != 0) continue;
    bool any_free = false;
    for (std::uint32_t q = run.first; q <= run.last; ++q) any_free = any_free || is_bindable(static_cast<std::uint16_t>(q), {"127.0.0.1"});
    if (!any_free) continue;
    tried_run = true;
    pick_options o;
    o.range = run;
    o.host = "127.0.0.1";
    o.engines = engine_set{engine::chromium};
    EXPECT_FALSE(pick_ports(o)) << run.first << "-" << run.last;
    o.engines = engine_set{engine::bun};
    const auto p = pick_port(o);
    ASSERT_TRUE(p) << "--engine bun --range " << run.first << "-" << run.last << ": " << p.error().message();
    EXPECT_GE(*p, run.first);
    EXPECT_LE(*p, run.last);
    break;
  }
  EXPECT_TRUE(tried_run) << "every run of ports Chromium blocks is busy";

  // Ports other engines block but Chromium does not.
  const auto others = test::blocked_port_candidates(engine_set{engine::firefox}, engine_set{engine::chromium});
  ASSERT_FALSE(others.empty());
  std::uint16_t port = 0;
  for (const auto q : others)
    if (is_bindable(q, {"127.0.0.1"})) port = q;
  ASSERT_NE(port, 0) << "4190 and 6679 are both busy";
  pick_options o;
  o.range = port_interval{port, port};
  o.host = "127.0.0.1";
  o.engines = engine_set{engine::chromium};
  const auto chromium = pick_port(o);
  ASSERT_TRUE(chromium) << chromium.error().message();
  EXPECT_EQ(*chromium, port);
  o.engines = engine_set{engine::chromium, engine::firefox};
  EXPECT_FALSE(pick_port(o)) << "Firefox blocks " << port;
  o.engines = engine_set::all();
  EXPECT_FALSE(pick_port(o));
}

TEST(Pick, NearFollowsTheSuggestionPolicy) {
  // 6665-6669 is one blocked run: the policy goes above it, as `check 6665` suggests (6670).
  for (const int near : {6000, 6665}) {
    pick_options o;
    o.near = static_cast<std::uint16_t>(near);
    o.host = "127.0.0.1";
    const auto p = pick_port(o);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_FALSE(is_blocked(*p, engine_set::all()));
    EXPECT_GT(*p, near);
    // Nothing between was both allowed and free at the time.
    for (int q = near + 1; q < *p; ++q)
      if (!is_blocked(q, engine_set::all())) {
        EXPECT_FALSE(is_bindable(static_cast<std::uint16_t>(q), {"127.0.0.1"})) << q;
      }
  }
}

TEST(Pick, NearSkipsAHeldPort) {
  listener l("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  ASSERT_FALSE(is_blocked(l.port(), engine_set::all())) << "an ephemeral port is blocked";
  pick_options o;
  o.near = l.port();
  o.host = "127.0.0.1";
  const auto p = pick_port(o);
  ASSERT_TRUE(p);
  EXPECT_NE(*p, l.port());
}

TEST(Pick, BothLoopbacksMustBeFree) {
  if (!test::has_ipv6_loopback()) GTEST_SKIP() << "::1 is not available";
  listener l("::1", 0);  // busy on ::1 only
  ASSERT_TRUE(l.ok());
  const auto hosts = pick_hosts(std::nullopt);
  ASSERT_TRUE(hosts);
  EXPECT_EQ(*hosts, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_FALSE(is_bindable(l.port(), *hosts));
  pick_options o;
  o.range = port_interval{l.port(), l.port()};
  EXPECT_FALSE(pick_ports(o));
  o.host = "127.0.0.1";
  EXPECT_TRUE(pick_ports(o) || is_blocked(l.port(), engine_set::all()));
}

TEST(Pick, NearWithinARange) {
  pick_options o;
  o.near = 6000;
  o.range = port_interval{6100, 6200};
  o.host = "localhost";
  o.count = 3;
  const auto p = pick_ports(o);
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_EQ(p->size(), 3u);
  for (std::size_t i = 0; i < p->size(); ++i) {
    EXPECT_GE((*p)[i], 6100);
    EXPECT_LE((*p)[i], 6200);
    if (i > 0) {
      EXPECT_LT((*p)[i - 1], (*p)[i]);  // closest to 6000 first
    }
  }
}

TEST(Pick, DefaultRangeIsRandomAndDevFriendly) {
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 20; ++i) {
    const auto p = pick_port();
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_GE(*p, default_pick_range.first);
    EXPECT_LE(*p, default_pick_range.last);
    seen.insert(*p);
  }
  EXPECT_GT(seen.size(), 1u);
}

// The default range holds a blocked port (10080, amanda). Asking for nearly every free allowed
// port of the range at once would reach it in all but a sliver of random orders if it were
// not left out; it must never come.
TEST(Pick, DefaultRangeLeavesOutItsBlockedPorts) {
  const auto hosts = pick_hosts(std::nullopt);
  ASSERT_TRUE(hosts);
  std::vector<std::uint16_t> blocked_inside;
  std::size_t allowed_free = 0;
  for (std::uint32_t p = default_pick_range.first; p <= default_pick_range.last; ++p) {
    const auto port = static_cast<std::uint16_t>(p);
    if (is_blocked(port, engine_set::all())) blocked_inside.push_back(port);
    else if (is_bindable(port, *hosts)) ++allowed_free;
  }
  ASSERT_FALSE(blocked_inside.empty()) << "the default range no longer holds a blocked port; pick another";
  ASSERT_GT(allowed_free, 1000u);
  pick_options o;
  o.count = allowed_free - 64;  // room for ports other programs take meanwhile
  const auto picked = pick_ports(o);
  ASSERT_TRUE(picked) << picked.error().message();
  EXPECT_EQ(picked->size(), o.count);
  for (const auto b : blocked_inside)
    EXPECT_EQ(std::count(picked->begin(), picked->end(), b), 0) << b << " is blocked, yet picked";
  for (const auto p : *picked) {
    ASSERT_GE(p, default_pick_range.first);
    ASSERT_LE(p, default_pick_range.last);
  }
  EXPECT_EQ(std::set<std::uint16_t>(picked->begin(), picked->end()).size(), picked->size()) << "a port twice";
}

TEST(Pick, BadOptions) {
  pick_options o;
  o.count = 0;
  EXPECT_EQ(pick_ports(o).error().code, errc::invalid_argument);
  o.count = 1;
  o.host = "nonsense";
  EXPECT_EQ(pick_ports(o).error().code, errc::invalid_argument);
  o.host = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  const auto r = pick_ports(o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "this machine has no such address");
}

}  // namespace
}  // namespace badport::io
