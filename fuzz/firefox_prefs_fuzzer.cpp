// Fuzz target: Firefox port-list prefs and prefs.js / user.js files (rules.h). Invariants:
// - every range of a port list has 0 <= first <= last <= 65535, at most one per item;
// - a generated `user_pref("network.security.ports.banned", "<v>");` (v escaped as a
//   JavaScript string) gives exactly parse_firefox_port_list(v), and so does the override pref;
// - check() for firefox blocks the first port of each banned range and allows the first port
//   of each override range when nothing else is banned;
// - error messages are one printable line.

#include "fuzz_check.h"

#include <badport/ports.h>
#include <badport/rules.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string js_string(std::string_view v) {
  std::string out = "\"";
  for (const char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

void check_ranges(const std::vector<badport::port_range>& ranges, std::size_t max_items, std::string_view input) {
  BADPORT_FUZZ_CHECK(ranges.size() <= max_items, input);
  for (const auto& r : ranges) {
    BADPORT_FUZZ_CHECK(r.first >= 0 && r.first <= r.last && r.last <= 65535, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t commas = 0;
  for (const char c : text) commas += c == ',' ? 1u : 0u;

  const auto list = badport::parse_firefox_port_list(text);
  check_ranges(list, commas + 1, text);

  const auto prefs = badport::parse_firefox_prefs(text);
  if (prefs) {
    check_ranges(prefs->banned, text.size() + 1, text);
    check_ranges(prefs->banned_override, text.size() + 1, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(prefs.error(), text);
    BADPORT_FUZZ_CHECK(prefs.error().code == badport::errc::invalid_prefs, text);
  }

  const std::string value = js_string(text);
  const auto banned = badport::parse_firefox_prefs(
      "// prefs.js\nuser_pref(\"network.security.ports.banned\", \"1\");\n"
      "user_pref(\"network.security.ports.banned\", " + value + ");\n");
  BADPORT_FUZZ_CHECK(banned.has_value(), text);
  BADPORT_FUZZ_CHECK(banned->banned == list && banned->banned_override.empty(), text);
  const auto overridden = badport::parse_firefox_prefs("  user_pref( 'network.security.ports.banned.override' ,"
                                                       + value + " );");
  BADPORT_FUZZ_CHECK(overridden.has_value(), text);
  BADPORT_FUZZ_CHECK(overridden->banned_override == list && overridden->banned.empty(), text);

  badport::overrides ban;
  ban.firefox = *banned;
  badport::overrides allow;
  allow.firefox = *overridden;
  for (const auto& r : list) {
    if (r.first < 1) continue;  // Firefox refuses port 0 whatever the prefs
    BADPORT_FUZZ_CHECK(badport::check(r.first, badport::engine::firefox, "http", ban).blocked, text);
    BADPORT_FUZZ_CHECK(!badport::check(r.first, badport::engine::firefox, "http", allow).blocked, text);
    BADPORT_FUZZ_CHECK(badport::check(r.first, badport::engine::firefox).blocked ==
                           badport::is_blocked(r.first, badport::engine::firefox),
                       text);
  }
  return 0;
}
