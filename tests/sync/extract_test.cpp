// The extractors on fixtures written in each engine's own file format: the list found exactly;
// reformatted, commented and reordered variants giving the same list; a list that moved or is
// missing giving a clear error, never an empty list.

#include "extract.h"

#include <badport/ports.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace badport::sync {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(BADPORT_SYNC_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f) << name;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

struct list_case {
  const char* file;
  source_format format;
  engine e;  // the database's list for this engine is the expected one
};

// Each engine's current file shape, and variants that must read the same.
const list_case same_list[] = {
    {"current/fetch.bs", source_format::fetch_bikeshed, engine::fetch},
    {"variants/fetch-reformatted.bs", source_format::fetch_bikeshed, engine::fetch},
    {"current/port_util.cc", source_format::chromium_cc, engine::chromium},
    {"variants/chromium-reformatted.cc", source_format::chromium_cc, engine::chromium},
    {"current/nsIOService.cpp", source_format::firefox_cc, engine::firefox},
    {"variants/firefox-reordered.cpp", source_format::firefox_cc, engine::firefox},
    {"current/URL.cpp", source_format::webkit_cc, engine::webkit},
    {"variants/webkit-reformatted.cpp", source_format::webkit_cc, engine::webkit},
    {"current/methods.rs", source_format::servo_rs, engine::servo},
    {"variants/servo-matches.rs", source_format::servo_rs, engine::servo},
    {"variants/servo-match.rs", source_format::servo_rs, engine::servo},
    {"current/Port.cpp", source_format::ladybird_cc, engine::ladybird},
    {"variants/ladybird-libweb.cpp", source_format::ladybird_cc, engine::ladybird},
    {"current/constants.js", source_format::undici_js, engine::node},
    {"variants/node-set.js", source_format::undici_js, engine::node},
    {"current/26_fetch.js", source_format::deno_js, engine::deno},
    {"variants/deno-reformatted.js", source_format::deno_js, engine::deno},
};

TEST(Extract, EachShapeGivesTheListExactly) {
  for (const auto& c : same_list) {
    const auto r = extract(c.format, fixture(c.file));
    ASSERT_TRUE(std::holds_alternative<extracted>(r)) << c.file << ": " << std::get<extract_error>(r).message;
    const auto& x = std::get<extracted>(r);
    EXPECT_EQ(x.ports, blocked_ports(c.e)) << c.file;
    EXPECT_GT(x.line, 0u) << c.file;
    EXPECT_FALSE(x.anchor.empty()) << c.file;
  }
}

TEST(Extract, WhatTheFilesSayBesideTheList) {
  // Service names from the comments and the table's second column.
  const auto chromium = std::get<extracted>(extract(source_format::chromium_cc, fixture("current/port_util.cc")));
  EXPECT_EQ(chromium.services.at(6000), "x11");
  EXPECT_EQ(chromium.services.at(0), "Not in Fetch Spec.");
  EXPECT_TRUE(chromium.exceptions.empty());
  const auto fetch = std::get<extracted>(extract(source_format::fetch_bikeshed, fixture("current/fetch.bs")));
  EXPECT_EQ(fetch.services.at(10080), "amanda");
  EXPECT_EQ(fetch.line, 26u);

  // WebKit's exceptions: ftp on 21 and 22, file on every port.
  const auto webkit = std::get<extracted>(extract(source_format::webkit_cc, fixture("current/URL.cpp")));
  const std::vector<scheme_exception> webkit_exceptions{{"ftp", {21, 22}}, {"file", {}}};
  EXPECT_EQ(webkit.exceptions, webkit_exceptions);

  // An older Chromium: 67 ports, and ftp may use 21.
  const auto old = std::get<extracted>(extract(source_format::chromium_cc, fixture("variants/chromium-ftp.cc")));
  EXPECT_EQ(old.ports.size(), 67u);
  EXPECT_EQ(old.ports.front(), 1);
  const std::vector<scheme_exception> ftp{{"ftp", {21}}};
  EXPECT_EQ(old.exceptions, ftp);

  // Firefox stops at its 0 sentinel, and says when something follows it.
  const auto ff = std::get<extracted>(extract(source_format::firefox_cc, fixture("variants/firefox-reordered.cpp")));
  EXPECT_EQ(ff.ports.front(), 1);
  EXPECT_EQ(std::count(ff.ports.begin(), ff.ports.end(), 8080), 0);
  ASSERT_EQ(ff.notes.size(), 1u);
  EXPECT_NE(ff.notes[0].find("after the 0 sentinel"), std::string::npos);

  // Deno's object: members set to false are not bad ports.
  const auto deno = std::get<extracted>(extract(source_format::deno_js, fixture("variants/deno-object-false.js")));
  EXPECT_EQ(deno.ports, (std::vector<std::uint16_t>{1, 7, 6000}));
}

struct error_case {
  const char* file;
  source_format format;
  const char* says;
  std::size_t line;
};

TEST(Extract, AMovedOrMissingListIsAClearError) {
  const error_case cases[] = {
      {"variants/fetch-moved.bs", source_format::fetch_bikeshed, "no <dfn>bad port</dfn>", 0},
      {"variants/fetch-bad-row.bs", source_format::fetch_bikeshed, "first cell is not a port: `seven`", 5},
      {"variants/chromium-moved.cc", source_format::chromium_cc, "no kRestrictedPorts array", 0},
      {"variants/firefox-missing.cpp", source_format::firefox_cc, "no gBadPortList array", 0},
      {"variants/webkit-moved.cpp", source_format::webkit_cc, "no portAllowed() function", 0},
      {"variants/servo-old.rs", source_format::servo_rs, "no fn is_bad_port", 0},
      {"variants/ladybird-PortBlocking.cpp", source_format::ladybird_cc,
       "which calls HTTP::is_bad_port: the list has moved", 0},
      {"variants/node-missing.js", source_format::undici_js, "no badPorts array", 0},
      {"variants/deno-missing.js", source_format::deno_js, "no BAD_PORTS array", 0},
      // A file of another engine has none of this one's anchors.
      {"current/methods.rs", source_format::chromium_cc, "no kRestrictedPorts array", 0},
      {"current/port_util.cc", source_format::fetch_bikeshed, "no <dfn>bad port</dfn>", 0},
  };
  for (const auto& c : cases) {
    const auto r = extract(c.format, fixture(c.file));
    ASSERT_TRUE(std::holds_alternative<extract_error>(r)) << c.file << " gave a list";
    const auto& e = std::get<extract_error>(r);
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.file << ": " << e.message;
    EXPECT_EQ(e.line, c.line) << c.file;
  }
}

TEST(Extract, ElementsThatAreNotPortsAreErrors) {
  const struct {
    source_format format;
    const char* text;
    const char* says;
  } cases[] = {
      {source_format::chromium_cc, "const int kRestrictedPorts[] = { 1, PORT_X, 3 };", "not a port number: `PORT_X`"},
      {source_format::chromium_cc, "const int kRestrictedPorts[] = { 1, 70000 };", "holds 70000, not a port"},
      {source_format::chromium_cc, "const int kRestrictedPorts[] = { };", "kRestrictedPorts is empty"},
      {source_format::chromium_cc, "const int kRestrictedPorts[] = { 1, 2", "is not closed"},
      {source_format::undici_js, "const badPorts = ['1', 'x7']", "not a port number"},
      {source_format::servo_rs, "fn is_bad_port(p: u16) -> bool { matches!(p, 1 | 9..=3) }", "runs backwards"},
      {source_format::firefox_cc, "int16_t gBadPortList[] = { 0 };", "gBadPortList is empty"},
  };
  for (const auto& c : cases) {
    const auto r = extract(c.format, c.text);
    ASSERT_TRUE(std::holds_alternative<extract_error>(r)) << c.text;
    EXPECT_NE(std::get<extract_error>(r).message.find(c.says), std::string::npos)
        << c.text << ": " << std::get<extract_error>(r).message;
  }
}

TEST(Extract, NamesInCommentsAndStringsAreNotDeclarations) {
  // The real list comes after a commented-out one and a string naming it.
  const std::string text =
      "// const int kRestrictedPorts[] = { 9999 };\n"
      "/* const int kRestrictedPorts[] = { 8888 }; */\n"
      "const char* s = \"kRestrictedPorts[] = { 7777 }\";\n"
      "const int kRestrictedPorts[] = { 25, 0x1770, 10'080 };\n";
  const auto r = extract(source_format::chromium_cc, text);
  ASSERT_TRUE(std::holds_alternative<extracted>(r)) << std::get<extract_error>(r).message;
  EXPECT_EQ(std::get<extracted>(r).ports, (std::vector<std::uint16_t>{25, 6000, 10080}));
  EXPECT_EQ(std::get<extracted>(r).line, 4u);
}

TEST(Extract, CutFilesGiveAnErrorNeverAShortList) {
  // A download cut short: cut every fixture at many places. The answer is an error, or (cut
  // after the list) the whole list; never a crash, never a part of the list.
  for (const auto& c : same_list) {
    const std::string whole = fixture(c.file);
    const auto full = std::get<extracted>(extract(c.format, whole));
    for (std::size_t cut = 0; cut < whole.size(); cut += std::max<std::size_t>(1, whole.size() / 97)) {
      const auto r = extract(c.format, std::string_view(whole).substr(0, cut));
      if (const auto* x = std::get_if<extracted>(&r)) {
        EXPECT_EQ(x->ports, full.ports) << c.file << " cut at " << cut;
      }
    }
  }
}

}  // namespace
}  // namespace badport::sync
