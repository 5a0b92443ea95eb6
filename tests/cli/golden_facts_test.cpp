// The list and check goldens against an independent statement of the facts: the engines' lists
// and rules as ../shared/reference/browser-port-rules.md records them from the engines' own
// sources, read where it lies. The golden tests compare the binary with the files; this test
// compares the files with the reference, so a golden refreshed from wrong output fails here.
//
// One row per engine the reference describes (engines it does not describe, in columns of the
// goldens, are left to their own checks). A new engine is one more row of engine_references().

#include "../shared_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace badport::test {
namespace {

using port_set = std::set<int>;

std::string read_golden(const std::string& name) {
  std::ifstream in(std::string(BADPORT_GOLDEN_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

port_set numbers(const std::string& text) {
  port_set out;
  std::istringstream in(text);
  for (int n = 0; in >> n;) out.insert(n);
  return out;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/// What `golden` has that `reference` has not, and the reverse: "" when they agree.
std::string difference(const port_set& golden, const port_set& reference) {
  std::string extra, missing;
  for (const int p : golden)
    if (reference.count(p) == 0) extra += " " + std::to_string(p);
  for (const int p : reference)
    if (golden.count(p) == 0) missing += " " + std::to_string(p);
  if (extra.empty() && missing.empty()) return {};
  return "in the golden only:" + (extra.empty() ? " -" : extra) + "; in the reference only:" + (missing.empty() ? " -" : missing);
}

/// The first backticked list of numbers on a line after the one holding `marker`.
std::optional<port_set> list_after(const std::string& doc, const std::string& marker) {
  const auto at = doc.find(marker);
  if (at == std::string::npos) return std::nullopt;
  for (const auto& line : lines_of(doc.substr(doc.find('\n', at) + 1))) {
    const auto t = trim(line);
    if (t.size() > 2 && t.front() == '`' && t.back() == '`') return numbers(t.substr(1, t.size() - 2));
  }
  return std::nullopt;
}

/// The cells of the reference's summary table row that starts with `label`.
std::vector<std::string> summary_row(const std::string& doc, const std::string& label) {
  for (const auto& line : lines_of(doc)) {
    if (!line.starts_with("| " + label)) continue;
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
      cells.push_back(trim(line.substr(start, bar - start)));
    return cells;
  }
  return {};
}

/// A golden table: its header's words, each row's words, and the count of its footer
/// ("83 ports. ...").
struct golden_table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t footer_count = 0;
};

golden_table read_table(const std::string& name) {
  golden_table t;
  const auto lines = lines_of(read_golden(name));
  if (lines.empty()) return t;
  t.header = words_of(lines[0]);
  // Rows up to the first blank line, then the footer ("83 ports. ..."); what follows it (the
  // data's age) is not part of the table.
  std::size_t i = 1;
  for (; i < lines.size() && !trim(lines[i]).empty(); ++i) t.rows.push_back(words_of(lines[i]));
  for (; i < lines.size(); ++i) {
    const auto w = words_of(lines[i]);
    if (w.size() >= 2 && w[1] == "ports.") {
      t.footer_count = std::stoul(w[0]);
      break;
    }
  }
  return t;
}

/// One engine as the reference describes it.
struct engine_reference {
  std::string name;           ///< the column of list.txt, the row of check-6000.txt
  std::string summary_label;  ///< the start of its row in the reference's summary table
  std::string list_marker;    ///< the text before its backticked list; "" when the reference
                              ///< states the list as the spec's, differing only in 0, 4190, 6679
};

const std::vector<engine_reference>& engine_references() {
  static const std::vector<engine_reference> rows{
      {"fetch", "WHATWG Fetch (spec)", "Spec list (83), exact:"},
      {"chromium", "Chromium `kRestrictedPorts`", "Current `kRestrictedPorts` (81):"},
      {"firefox", "Firefox `gBadPortList`", "`gBadPortList` (82;"},
      {"webkit", "WebKit `portAllowed`", "`blockedPortList` (83)"},
      {"node", "undici (Node fetch)", ""},
      {"deno", "Deno fetch", ""},
      {"bun", "Bun fetch", ""},
  };
  return rows;
}

/// What an engine refuses, per the reference: its list, and the ports it refuses outside it.
struct engine_facts {
  port_set listed;
  port_set refused;  ///< listed, plus 0 where the summary says a range check refuses it
};

class GoldenFacts : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = read_shared("reference/browser-port-rules.md");
    if (!text) BADPORT_SHARED_DATA_ABSENT(shared_path("reference/browser-port-rules.md").string() + " is absent");
    doc_ = std::move(*text);
    const auto spec = list_after(doc_, "Spec list (83), exact:");
    ASSERT_TRUE(spec) << "the reference no longer states the spec list";
    for (const auto& e : engine_references()) {
      const auto row = summary_row(doc_, e.summary_label);
      ASSERT_GE(row.size(), 5u) << "no summary row for " << e.name;
      const auto count = std::stoul(row[1]);
      engine_facts f;
      if (!e.list_marker.empty()) {
        const auto list = list_after(doc_, e.list_marker);
        ASSERT_TRUE(list) << "no list after \"" << e.list_marker << "\"";
        f.listed = *list;
      } else if (count > 0) {
        // The spec's list, with 0, 4190 and 6679 as the summary's columns say.
        f.listed = *spec;
        const std::pair<int, const std::string*> columns[] = {{0, &row[2]}, {4190, &row[3]}, {6679, &row[4]}};
        for (const auto& [port, cell] : columns) {
          if (cell->starts_with("yes")) f.listed.insert(port);
          else if (cell->find("no") != std::string::npos) f.listed.erase(port);
          else ADD_FAILURE() << e.name << ": cannot read \"" << *cell << "\" for port " << port;
        }
      }
      EXPECT_EQ(f.listed.size(), count) << e.name << ": the summary's count and the list disagree";
      f.refused = f.listed;
      // "not in list, but `AllowPort` rejects `port <= 0`": refused by a range check.
      if (row[2].find("rejects") != std::string::npos) f.refused.insert(0);
      facts_[e.name] = f;
    }
  }

  [[nodiscard]] bool refuses(const std::string& engine, int port) const { return facts_.at(engine).refused.count(port) != 0; }

  std::string doc_;
  std::map<std::string, engine_facts> facts_;
};

// list.txt: for every engine column, the ports marked x are exactly the ports it refuses.
TEST_F(GoldenFacts, ListMarksWhatEachEngineRefuses) {
  const auto table = read_table("list.txt");
  const auto& header = table.header;
  ASSERT_GE(header.size(), 3u);
  ASSERT_EQ(header[0], "port");
  ASSERT_EQ(header[1], "service");
  std::map<std::string, port_set> marked;
  port_set rows;
  for (const auto& w : table.rows) {
    ASSERT_EQ(w.size(), header.size()) << w[0];
    const int port = std::stoi(w[0]);
    rows.insert(port);
    for (std::size_t c = 2; c < header.size(); ++c) {
      ASSERT_TRUE(w[c] == "x" || w[c] == "-") << w[0];
      if (w[c] == "x") marked[header[c]].insert(port);
    }
  }
  EXPECT_EQ(table.footer_count, rows.size()) << "the footer's count";
  port_set any_refused;
  for (const auto& e : engine_references()) {
    ASSERT_NE(std::find(header.begin(), header.end(), e.name), header.end()) << "no column for " << e.name;
    EXPECT_EQ(difference(marked[e.name], facts_.at(e.name).refused), "") << e.name;
    any_refused.insert(facts_.at(e.name).refused.begin(), facts_.at(e.name).refused.end());
  }
  for (const int p : any_refused) EXPECT_EQ(rows.count(p), 1u) << p << " is refused by an engine but has no row";
  if (facts_.at("firefox").refused.count(0) != 0 && facts_.at("firefox").listed.count(0) == 0) {
    EXPECT_NE(read_golden("list.txt").find("firefox refuses 0 by its range check, not its list"), std::string::npos);
  }
}

// list-chromium.txt: exactly Chromium's list, and what the reference leaves unverified is not
// dated (port 0's date is unknown).
TEST_F(GoldenFacts, ChromiumListIsTheReferenceList) {
  const auto table = read_table("list-chromium.txt");
  EXPECT_EQ(table.header, (std::vector<std::string>{"port", "service", "since", "source"}));
  port_set rows;
  std::string since_of_zero;
  for (const auto& w : table.rows) {
    ASSERT_GE(w.size(), 4u) << w[0];
    rows.insert(std::stoi(w[0]));
    if (w[0] == "0") since_of_zero = w[2];
  }
  EXPECT_EQ(difference(rows, facts_.at("chromium").listed), "");
  EXPECT_EQ(table.footer_count, facts_.at("chromium").listed.size());
  ASSERT_NE(doc_.find("Date of that commit UNVERIFIED"), std::string::npos) << "the reference now dates port 0";
  EXPECT_EQ(since_of_zero, "unknown");
}

// check-6000.txt: who blocks 6000, each engine's verdict, since when where the reference says,
// what the user sees and how to override, in the engines' own words, and the nearest ports.
TEST_F(GoldenFacts, Check6000SaysWhatTheReferenceSays) {
  const int port = 6000;
  const auto golden = read_golden("check-6000.txt");
  const auto lines = lines_of(golden);
  ASSERT_GE(lines.size(), 3u);

  // "blocked by N of M engines: a, b, c"
  const auto by = golden.find("blocked by ");
  ASSERT_NE(by, std::string::npos);
  const auto colon = golden.find(": ", by);
  std::set<std::string> named;
  std::istringstream list(golden.substr(colon + 2, golden.find('\n', colon) - colon - 2));
  for (std::string item; std::getline(list, item, ',');) named.insert(trim(item));
  const auto of = words_of(golden.substr(by, colon - by));  // blocked by N of M engines
  ASSERT_EQ(of.size(), 6u);
  EXPECT_EQ(std::stoul(of[2]), named.size());

  // The verdict table: "  engine  blocked|allowed  since  source", up to the blank line.
  std::map<std::string, std::vector<std::string>> verdicts;
  const auto table = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("  engine "); });
  ASSERT_NE(table, lines.end());
  for (auto it = table + 1; it != lines.end() && !trim(*it).empty(); ++it) verdicts[words_of(*it)[0]] = words_of(*it);

  for (const auto& e : engine_references()) {
    const bool refused = refuses(e.name, port);
    EXPECT_EQ(named.count(e.name), refused ? 1u : 0u) << e.name;
    ASSERT_EQ(verdicts.count(e.name), 1u) << "no verdict row for " << e.name;
    EXPECT_EQ(verdicts[e.name][1], refused ? "blocked" : "allowed") << e.name;
  }

  // Since when, where the reference gives a date: Fetch's first list (2016-03-10) held 6000;
  // undici added its list 2021-08-12; Deno's first tag with one is v2.8.3.
  std::string first_fetch_row;
  for (const auto& l : lines_of(doc_))
    if (l.starts_with("| 2016-03-10 | eb07418")) first_fetch_row = l;
  ASSERT_NE(first_fetch_row, "") << "the reference no longer dates Fetch's first list";
  EXPECT_NE(first_fetch_row.find(" 6000 "), std::string::npos);
  EXPECT_EQ(verdicts["fetch"][2], "2016-03-10");
  ASSERT_NE(doc_.find("added 2021-08-12"), std::string::npos);
  EXPECT_EQ(verdicts["node"][2], "2021-08-12");
  ASSERT_NE(doc_.find("The first tag containing it is **v2.8.3**"), std::string::npos);
  EXPECT_NE(std::find(verdicts["deno"].begin(), verdicts["deno"].end(), "(v2.8.3)"), verdicts["deno"].end());

  // What each engine shows and how it is overridden: the reference's words, in the engine's row.
  struct fact {
    const char* engine;
    const char* section;    ///< "what you will see" or "how to override"
    const char* reference;  ///< the words as the reference has them
    const char* golden;     ///< the same words as badport prints them for 6000
  };
  const fact facts[] = {
      {"chromium", "what you will see", "ERR_UNSAFE_PORT", "ERR_UNSAFE_PORT"},
      {"firefox", "what you will see", "This address is restricted", "This address is restricted"},
      {"webkit", "what you will see", "Not allowed to use restricted network port",
       "Not allowed to use restricted network port 6000"},
      {"node", "what you will see", "cause: Error: bad port", "Error: bad port"},
      {"deno", "what you will see", "TypeError: Fetch failed: Requests to port N are blocked",
       "TypeError: Fetch failed: Requests to port 6000 are blocked"},
      {"chromium", "how to override", "`--explicitly-allowed-ports=` switch", "--explicitly-allowed-ports=6000"},
      {"firefox", "how to override", "`network.security.ports.banned.override`: **removes** ports",
       "network.security.ports.banned.override"},
  };
  for (const auto& f : facts) {
    EXPECT_NE(doc_.find(f.reference), std::string::npos) << "the reference no longer says: " << f.reference;
    const auto section = golden.find(std::string("\n  ") + f.section + "\n");
    ASSERT_NE(section, std::string::npos) << f.section;
    const auto row = golden.find(std::string("\n  ") + f.engine + " ", section);
    ASSERT_NE(row, std::string::npos) << f.engine << " in " << f.section;
    const auto row_text = golden.substr(row + 1, golden.find('\n', row + 1) - row - 1);
    EXPECT_NE(row_text.find(f.golden), std::string::npos) << row_text;
  }

  // The nearest ports that no engine refuses, below and above, and the suggestion: the next
  // such port above (suggest.h's policy).
  int below = port - 1, above = port + 1;
  const auto refused_by_any = [&](int p) {
    return std::any_of(engine_references().begin(), engine_references().end(),
                       [&](const engine_reference& e) { return refuses(e.name, p); });
  };
  while (below > 0 && refused_by_any(below)) --below;
  while (above < 65536 && refused_by_any(above)) ++above;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(golden, m, std::regex(R"((\d+) below, (\d+) above)"))) << "no nearest ports";
  EXPECT_EQ(std::stoi(m[1]), below);
  EXPECT_EQ(std::stoi(m[2]), above);
  ASSERT_TRUE(std::regex_search(golden, m, std::regex(R"(use instead: (\d+))"))) << "no suggestion";
  EXPECT_EQ(std::stoi(m[1]), above);
}

}  // namespace
}  // namespace badport::test
