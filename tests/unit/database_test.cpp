// The port database: invariants, agreement with the engines' lists as recorded in the shared
// reference, agreement with data/ports.yaml (a stale build fails here), and history.

#include "../shared_data.h"

#include <badport/ports.h>
#include <badport/rules.h>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace badport {
namespace {

std::vector<std::uint16_t> numbers(const std::string& text) {
  std::vector<std::uint16_t> out;
  std::istringstream in(text);
  int n = 0;
  while (in >> n) out.push_back(static_cast<std::uint16_t>(n));
  return out;
}

TEST(Database, PortsAreSortedUniqueAndDescribed) {
  const auto ports = known_ports();
  ASSERT_FALSE(ports.empty());
  for (std::size_t i = 1; i < ports.size(); ++i) EXPECT_LT(ports[i - 1].port, ports[i].port);
  for (const auto& p : ports) {
    EXPECT_FALSE(p.service.empty()) << p.port;
    EXPECT_FALSE(p.description.empty()) << p.port;
    EXPECT_FALSE(p.blocked_by().empty()) << p.port << " is in the database but no engine blocks it";
    EXPECT_EQ(find_port(p.port), &p);
  }
  EXPECT_EQ(find_port(8000), nullptr);
  EXPECT_EQ(find_port(-1), nullptr);
  EXPECT_EQ(find_port(70000), nullptr);
}

TEST(Database, ServicesPeopleKnow) {
  const std::map<int, std::string> names{{1, "tcpmux"}, {7, "echo"},   {101, "hostname"}, {6000, "x11"},
                                         {10080, "amanda"}, {5060, "sip"}, {5061, "sips"}, {6665, "irc"},
                                         {6669, "irc"}, {4045, "lockd"}, {25, "smtp"}};
  for (const auto& [port, service] : names) {
    ASSERT_NE(find_port(port), nullptr) << port;
    EXPECT_EQ(find_port(port)->service, service) << port;
  }
  EXPECT_EQ(find_port(5060)->why, attack::nat_slipstreaming);
  EXPECT_EQ(find_port(10080)->why, attack::nat_slipstreaming_v2);
  EXPECT_EQ(find_port(989)->why, attack::alpaca);
  EXPECT_EQ(find_port(6000)->why, attack::cross_protocol);
}

TEST(Database, CurrentListSizesAndKnownDifferences) {
  EXPECT_EQ(blocked_ports(engine::fetch).size(), 83u);
  EXPECT_EQ(blocked_ports(engine::chromium).size(), 81u);
  EXPECT_EQ(blocked_ports(engine::firefox).size(), 82u);
  EXPECT_EQ(blocked_ports(engine::webkit).size(), 83u);
  EXPECT_EQ(blocked_ports(engine::node).size(), 82u);
  EXPECT_EQ(blocked_ports(engine::deno).size(), 83u);
  EXPECT_TRUE(blocked_ports(engine::bun).empty());

  // Chromium blocks 0 but not 4190 and 6679.
  EXPECT_TRUE(is_blocked(0, engine::chromium));
  EXPECT_FALSE(is_blocked(4190, engine::chromium));
  EXPECT_FALSE(is_blocked(6679, engine::chromium));
  // Firefox has no 0 on its list, yet refuses 0 through its range check.
  const auto ff = blocked_ports(engine::firefox);
  EXPECT_EQ(std::count(ff.begin(), ff.end(), 0), 0);
  EXPECT_TRUE(is_blocked(0, engine::firefox));
  // undici has no 0 and no range check of its own for it.
  EXPECT_FALSE(is_blocked(0, engine::node));
  EXPECT_TRUE(is_blocked(0, engine::deno));
  for (engine e : all_engines) EXPECT_FALSE(is_blocked(8000, e)) << name(e);
  for (int port = 0; port <= 65535; ++port) EXPECT_FALSE(is_blocked(port, engine::bun));
}

// The 54 ports of the 2023 blog post that started the project: all blocked by every browser.
TEST(Database, TheStoryListIsBlockedByEveryBrowserEngine) {
  const auto story = numbers(
      "1 7 9 11 13 15 17 19 20 21 22 23 25 37 42 43 53 77 79 87 95 101 102 103 104 109 110 111 113 115 "
      "117 119 123 135 139 143 179 389 512 513 514 515 526 530 531 532 540 556 587 601 995 2049 4045 6000");
  ASSERT_EQ(story.size(), 54u);
  for (auto port : story)
    for (engine e : {engine::fetch, engine::chromium, engine::firefox, engine::webkit})
      EXPECT_TRUE(is_blocked(port, e)) << port << " " << name(e);
}

// The lists recorded in ../shared/reference/browser-port-rules.md, read from the document.
std::optional<std::string> read_reference() { return test::read_shared("reference/browser-port-rules.md"); }

// The first backticked number list on a line after the line that contains `marker`.
std::vector<std::uint16_t> list_after(const std::string& doc, const std::string& marker) {
  const auto at = doc.find(marker);
  if (at == std::string::npos) return {};
  auto line_start = doc.find('\n', at) + 1;
  while (line_start < doc.size()) {
    const auto line_end = doc.find('\n', line_start);
    const auto line = doc.substr(line_start, line_end - line_start);
    if (line.size() > 2 && line.front() == '`' && line.back() == '`') return numbers(line.substr(1, line.size() - 2));
    line_start = line_end + 1;
  }
  return {};
}

TEST(Database, EachEngineMatchesTheReferenceList) {
  const auto doc = read_reference();
  if (!doc) BADPORT_SHARED_DATA_ABSENT(test::shared_path("reference/browser-port-rules.md").string() + " is absent");
  const auto spec = list_after(*doc, "Spec list (83), exact:");
  const auto chromium = list_after(*doc, "Current `kRestrictedPorts` (81):");
  const auto firefox = list_after(*doc, "`gBadPortList` (82;");
  const auto webkit = list_after(*doc, "`blockedPortList` (83)");
  ASSERT_EQ(spec.size(), 83u);
  ASSERT_EQ(chromium.size(), 81u);
  ASSERT_EQ(firefox.size(), 82u);
  ASSERT_EQ(webkit.size(), 83u);
  auto node = spec;  // undici: the spec list without 0
  node.erase(std::remove(node.begin(), node.end(), 0), node.end());
  EXPECT_EQ(blocked_ports(engine::fetch), spec);
  EXPECT_EQ(blocked_ports(engine::chromium), chromium);
  EXPECT_EQ(blocked_ports(engine::firefox), firefox);
  EXPECT_EQ(blocked_ports(engine::webkit), webkit);
  EXPECT_EQ(blocked_ports(engine::node), node);
  EXPECT_EQ(blocked_ports(engine::deno), spec);
}

// The compiled table must say everything data/ports.yaml says, field by field, read here with
// yaml-cpp rather than with the generator: a stale table or a generator that drops or mixes up
// a field fails. (This checks the build, not the facts: EachEngineMatchesTheReferenceList and
// tests/cli/golden_facts_test.cpp hold the facts against an independent statement of them.)
TEST(Database, CompiledTableMatchesTheDataFile) {
  const auto root = YAML::LoadFile(std::string(BADPORT_SOURCE_DIR) + "/data/ports.yaml");
  std::size_t count = 0;
  for (const auto& p : root["ports"]) {
    const int port = p["port"].as<int>();
    const auto* entry = find_port(port);
    ASSERT_NE(entry, nullptr) << port;
    EXPECT_EQ(entry->service, p["service"].as<std::string>()) << port;
    EXPECT_EQ(entry->description, p["description"].as<std::string>()) << port;
    EXPECT_EQ(name(entry->why), p["why"].as<std::string>()) << port;
    ++count;
  }
  EXPECT_EQ(count, known_ports().size());
  for (const auto& a : root["attacks"]) {
    const auto id = a.first.as<std::string>();
    const auto ports = known_ports();
    const auto match = std::find_if(ports.begin(), ports.end(), [&](const port_info& p) { return name(p.why) == id; });
    if (match != ports.end()) {
      EXPECT_EQ(describe(match->why), a.second.as<std::string>()) << id;
    }
  }
  for (engine e : all_engines) {
    const auto& yaml_engine = root["engines"][std::string(name(e))];
    ASSERT_TRUE(yaml_engine) << name(e);
    EXPECT_EQ(info(e).display_name, yaml_engine["display"].as<std::string>());
    EXPECT_EQ(info(e).source_url, yaml_engine["source_url"].as<std::string>());
    EXPECT_EQ(info(e).error_code, yaml_engine["error_code"].as<std::string>());
    std::set<std::uint16_t> listed;
    for (const auto& batch : root["history"][std::string(name(e))]) {
      for (const auto& p : batch["ports"]) {
        const auto port = p.as<std::uint16_t>();
        listed.insert(port);
        const auto since = blocked_since(port, e);
        ASSERT_TRUE(since.has_value()) << port << " " << name(e);
        EXPECT_EQ(since->date, batch["date"] ? batch["date"].as<std::string>() : std::string()) << port;
        EXPECT_EQ(since->version, batch["version"] ? batch["version"].as<std::string>() : std::string()) << port;
        EXPECT_EQ(since->source, batch["source"].as<std::string>()) << port;
      }
    }
    EXPECT_EQ(blocked_ports(e), std::vector<std::uint16_t>(listed.begin(), listed.end())) << name(e);
    for (const auto& p : known_ports())
      EXPECT_EQ(p.blocked_by().contains(e), listed.count(p.port) == 1) << p.port << " " << name(e);
  }
  EXPECT_EQ(database_date(), root["checked"].as<std::string>());
}

TEST(Database, FetchHistoryIsComplete) {
  for (auto port : blocked_ports(engine::fetch)) {
    const auto s = blocked_since(port, engine::fetch);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->known()) << port;
    EXPECT_FALSE(s->source.empty()) << port;
  }
  EXPECT_EQ(blocked_since(0, engine::fetch)->date, "2025-08-11");
  EXPECT_EQ(blocked_since(0, engine::webkit)->date, "2025-08-08");
  EXPECT_EQ(blocked_since(5060, engine::chromium)->version, "Chrome 87");
  EXPECT_EQ(blocked_since(10080, engine::firefox)->version, "Firefox 85");
  EXPECT_EQ(blocked_since(6000, engine::fetch)->date, "2016-03-10");
  EXPECT_EQ(blocked_since(6000, engine::deno)->version, "v2.8.3");
  EXPECT_FALSE(blocked_since(4190, engine::chromium));
  EXPECT_FALSE(blocked_since(8000, engine::fetch));
  // Unknown history is stated as unknown, never invented.
  EXPECT_FALSE(blocked_since(6000, engine::firefox)->known());
}

TEST(Database, ListsAsTheyStoodOnADate) {
  auto first = blocked_ports_at(engine::fetch, "2016-03-10");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->ports.size(), 64u);
  EXPECT_TRUE(first->unknown.empty());
  EXPECT_TRUE(blocked_ports_at(engine::fetch, "2016-03-09")->ports.empty());
  const auto before_slipstream = blocked_ports_at(engine::fetch, "2020-11-04");
  EXPECT_EQ(std::count(before_slipstream->ports.begin(), before_slipstream->ports.end(), 5060), 0);
  const auto after_slipstream = blocked_ports_at(engine::fetch, "2020-11-05");
  EXPECT_EQ(std::count(after_slipstream->ports.begin(), after_slipstream->ports.end(), 5060), 1);
  EXPECT_EQ(blocked_ports_at(engine::fetch, "2099-01-01")->ports, blocked_ports(engine::fetch));
  EXPECT_TRUE(blocked_ports_at(engine::node, "2021-08-11")->ports.empty());
  EXPECT_EQ(blocked_ports_at(engine::node, "2024-04-06")->ports.size(), 82u);
  // Chromium added 10080 in 2021 (exact day unknown): unknown within 2021, known after.
  const auto mid2021 = blocked_ports_at(engine::chromium, "2021-06-01");
  EXPECT_EQ(std::count(mid2021->unknown.begin(), mid2021->unknown.end(), 10080), 1);
  const auto y2022 = blocked_ports_at(engine::chromium, "2022-01-01");
  EXPECT_EQ(std::count(y2022->ports.begin(), y2022->ports.end(), 10080), 1);
  for (const char* bad : {"", "2021", "2021-13-01", "2021-02-30", "2023-02-29", "21-01-01", "2021-01-01x"})
    EXPECT_FALSE(blocked_ports_at(engine::fetch, bad)) << bad;
  EXPECT_TRUE(blocked_ports_at(engine::fetch, "2024-02-29"));
}

TEST(Database, NoListIsMadeUpForADateBeforeTheRecordedHistory) {
  EXPECT_EQ(history_begins(engine::fetch), "2016-03-10");
  EXPECT_EQ(history_begins(engine::chromium), "2020-11");  // as recorded: the month only
  EXPECT_EQ(history_begins(engine::ladybird), "");         // no dated entry
  // Before every chosen engine's history: refused, naming the earliest date recorded.
  const auto y1990 = blocked_ports_at(engine_set::all(), "1990-01-01");
  ASSERT_FALSE(y1990);
  EXPECT_EQ(y1990.error().code, errc::invalid_date);
  EXPECT_EQ(y1990.error().message(),
            "invalid date \"1990-01-01\": before the recorded history; the earliest date the database records for "
            "these engines is 2016-03-10 (fetch)");
  EXPECT_FALSE(blocked_ports_at(engine_set{engine::chromium}, "2020-10-31"));
  EXPECT_FALSE(blocked_ports_at(engine_set{engine::ladybird}, "2026-01-01"));
  // From the first recorded date on, each chosen engine's list, as the one-engine call gives it.
  const auto first = blocked_ports_at(engine_set::all(), "2016-03-10");
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)[static_cast<std::size_t>(engine::fetch)].ports, blocked_ports_at(engine::fetch, "2016-03-10")->ports);
  EXPECT_EQ((*first)[static_cast<std::size_t>(engine::chromium)].unknown.size(),
            blocked_ports_at(engine::chromium, "2016-03-10")->unknown.size());
  EXPECT_TRUE(blocked_ports_at(engine_set{engine::chromium}, "2020-11-01"));
  EXPECT_FALSE(blocked_ports_at(engine_set::all(), "2021-02-30"));
}

TEST(Database, NearestPortsNoEngineBlocks) {
  const auto n = nearest_allowed(6000);
  EXPECT_EQ(n.below, 5999);
  EXPECT_EQ(n.above, 6001);
  const auto irc = nearest_allowed(6667);
  EXPECT_EQ(irc.below, 6664);
  EXPECT_EQ(irc.above, 6670);
  EXPECT_EQ(nearest_allowed(1).below, std::nullopt);
  EXPECT_EQ(nearest_allowed(1).above, 2);
  // suggest.h's policy: the port itself when allowed, else the next allowed port above.
  EXPECT_EQ(suggest_port(6000), 6001);
  EXPECT_EQ(suggest_port(8000), 8000);
  EXPECT_EQ(suggest_port(6665), 6670);  // 6664 is nearer, but the policy moves up
  EXPECT_EQ(suggest_port(6668), 6670);
  EXPECT_EQ(nearest_allowed(6679, engine_set{engine::chromium}).above, 6680);
  EXPECT_EQ(suggest_port(6679, engine_set{engine::chromium}), 6679);
}

TEST(Database, EngineTextsAreComplete) {
  for (engine e : all_engines) {
    const auto& i = info(e);
    EXPECT_EQ(i.id, e);
    EXPECT_EQ(i.name, name(e));
    EXPECT_FALSE(i.source_url.empty());
    EXPECT_FALSE(i.error_text.empty());
    EXPECT_FALSE(i.override_text.empty());
  }
  EXPECT_EQ(info(engine::chromium).error_code, "net::ERR_UNSAFE_PORT");
  EXPECT_NE(info(engine::firefox).error_text.find("This address is restricted"), std::string_view::npos);
  EXPECT_NE(info(engine::deno).error_text.find("Requests to port {port} are blocked"), std::string_view::npos);
}

}  // namespace
}  // namespace badport
