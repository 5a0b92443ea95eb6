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

/// The range 6660-6700 holds Chromium's IRC ports (6665-6669, 6679, 6697). Hold every other
/// port of it that can be bound, except `leave_free` of them; returns the ports left free.
std::vector<std::uint16_t> hold_range(std::vector<listener>& held, std::size_t leave_free) {
  std::vector<std::uint16_t> free_ports;
  for (std::uint16_t p = 6660; p <= 6700; ++p) {
    if (is_blocked(p, engine_set::all())) continue;
    if (!is_bindable(p, {"127.0.0.1"})) continue;  // busy already
    if (free_ports.size() < leave_free) {
      free_ports.push_back(p);
      continue;
    }
    listener l("127.0.0.1", p);
    if (l.ok()) held.push_back(std::move(l));
  }
  return free_ports;
}

TEST(Pick, NeverBlockedNeverBusy) {
  std::vector<listener> held;
  const auto free_ports = hold_range(held, 2);
  if (free_ports.size() < 2) GTEST_SKIP() << "6660-6700 is too busy on this machine";
  ASSERT_FALSE(held.empty());
  pick_options o;
  o.range = port_interval{6660, 6700};
  o.host = "127.0.0.1";
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 50; ++i) {
    const auto p = pick_port(o);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_NE(std::find(free_ports.begin(), free_ports.end(), *p), free_ports.end()) << *p;
    seen.insert(*p);
  }
  EXPECT_EQ(seen.size(), 2u);  // random order reaches both free ports in 50 tries (1 in 2^49 to fail)
  o.count = 2;
  auto both = pick_ports(o);
  ASSERT_TRUE(both);
  std::sort(both->begin(), both->end());
  EXPECT_EQ(*both, free_ports);
}

TEST(Pick, NoneLeftIsAnError) {
  std::vector<listener> held;
  hold_range(held, 0);
  pick_options o;
  o.range = port_interval{6660, 6700};
  o.host = "127.0.0.1";
  const auto p = pick_ports(o);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, errc::io_error);
  EXPECT_EQ(p.error().subject, "6660-6700");
  o.range = port_interval{6665, 6669};  // blocked by Chromium, whatever is free
  EXPECT_FALSE(pick_ports(o));
  o.engines = engine_set{engine::bun};  // ... unless only an engine that blocks nothing counts
  const auto bun = pick_ports(o);
  if (bun) {
    EXPECT_TRUE(*bun->begin() >= 6665 && *bun->begin() <= 6669);
  }
}

TEST(Pick, NearGivesTheClosestAllowedFreePort) {
  pick_options o;
  o.near = 6000;
  o.host = "127.0.0.1";
  const auto p = pick_port(o);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_FALSE(is_blocked(*p, engine_set::all()));
  // Nothing closer was both allowed and free at the time (ties go to the higher port).
  const int d = std::abs(*p - 6000);
  for (int q = 6000 - d + 1; q < 6000 + d; ++q)
    if (!is_blocked(q, engine_set::all())) {
      EXPECT_FALSE(is_bindable(static_cast<std::uint16_t>(q), {"127.0.0.1"})) << q;
    }
}

TEST(Pick, NearSkipsAHeldPort) {
  listener l("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  if (is_blocked(l.port(), engine_set::all())) GTEST_SKIP();
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
