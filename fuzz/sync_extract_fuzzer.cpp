// Fuzz target: badport-sync's extractors (tools/sync/extract.h). The first byte picks the file
// format, the rest is the file. Invariants:
// - the answer is a list or an error, never a crash; an error has a one-line message;
// - a list is not empty, sorted, unique; its anchor is named; services and exceptions name
//   listed ports only where the format says so;
// - the same text gives the same answer (no hidden state, e.g. in libxml2);
// - rendering the list again in the format's own shape and reading it back gives the same list
//   (the extractor and a writer of that format agree).

#include "fuzz_check.h"

#include "extract.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace {

using namespace badport::sync;

constexpr source_format formats[] = {source_format::fetch_bikeshed, source_format::chromium_cc,
                                     source_format::firefox_cc,     source_format::webkit_cc,
                                     source_format::servo_rs,       source_format::ladybird_cc,
                                     source_format::undici_js,      source_format::deno_js};

std::string joined(const std::vector<std::uint16_t>& ports, std::string_view before, std::string_view after) {
  std::string out;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    if (i) out += ", ";
    out += before;
    out += std::to_string(ports[i]);
    out += after;
  }
  return out;
}

// The list written the simplest way each format allows.
std::string render(source_format f, const std::vector<std::uint16_t>& ports) {
  switch (f) {
    case source_format::fetch_bikeshed: {
      std::string rows;
      for (auto p : ports) rows += "<tr><td>" + std::to_string(p) + "<td>x\n";
      return "<p><dfn>bad port</dfn>\n<table>\n<tr><th>Port<th>Service\n" + rows + "</table>\n";
    }
    case source_format::chromium_cc: return "const int kRestrictedPorts[] = {" + joined(ports, "", "") + "};\n";
    case source_format::firefox_cc: return "int16_t gBadPortList[] = {" + joined(ports, "", "") + ", 0};\n";
    case source_format::webkit_cc:
      return "bool portAllowed(const URL& url) {\n  static const uint16_t list[] = {" + joined(ports, "", "") +
             "};\n  return true;\n}\n";
    case source_format::servo_rs:
      return "fn is_bad_port(port: u16) -> bool {\n  static BAD_PORTS: [u16; " + std::to_string(ports.size()) +
             "] = [" + joined(ports, "", "") + "];\n  true\n}\n";
    case source_format::ladybird_cc:
      return "bool is_bad_port(u16 port)\n{\n  static constexpr auto bad_ports = Array { " + joined(ports, "", "") +
             " };\n  return true;\n}\n";
    case source_format::undici_js: return "const badPorts = [" + joined(ports, "'", "'") + "]\n";
    case source_format::deno_js: return "const BAD_PORTS = { __proto__: null, " + joined(ports, "\"", "\": true") + " };\n";
  }
  return {};
}

bool same(const extract_result& a, const extract_result& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<extracted>(&a)) {
    const auto& y = std::get<extracted>(b);
    return x->ports == y.ports && x->anchor == y.anchor && x->line == y.line && x->services == y.services &&
           x->exceptions == y.exceptions && x->notes == y.notes;
  }
  const auto& e = std::get<extract_error>(a);
  const auto& g = std::get<extract_error>(b);
  return e.message == g.message && e.line == g.line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const source_format format = formats[data[0] % std::size(formats)];
  const std::string_view text = input.substr(1);

  const auto first = extract(format, text);
  BADPORT_FUZZ_CHECK(same(first, extract(format, text)), input);
  if (const auto* e = std::get_if<extract_error>(&first)) {
    BADPORT_FUZZ_CHECK(!e->message.empty() && e->message.find('\n') == std::string::npos, input);
    return 0;
  }
  const auto& x = std::get<extracted>(first);
  BADPORT_FUZZ_CHECK(!x.ports.empty(), input);
  BADPORT_FUZZ_CHECK(std::adjacent_find(x.ports.begin(), x.ports.end(), std::greater_equal<>()) == x.ports.end(), input);
  BADPORT_FUZZ_CHECK(!x.anchor.empty(), input);
  for (const auto& [port, service] : x.services)
    BADPORT_FUZZ_CHECK(std::binary_search(x.ports.begin(), x.ports.end(), port), input);
  for (const auto& ex : x.exceptions) {
    BADPORT_FUZZ_CHECK(!ex.scheme.empty(), input);
    BADPORT_FUZZ_CHECK(std::is_sorted(ex.ports.begin(), ex.ports.end()), input);
  }
  // Firefox's sentinel: 0 is never on the list read.
  if (format == source_format::firefox_cc) BADPORT_FUZZ_CHECK(x.ports.front() != 0, input);

  const auto again = extract(format, render(format, x.ports));
  const auto* y = std::get_if<extracted>(&again);
  BADPORT_FUZZ_CHECK(y != nullptr && y->ports == x.ports, input);
  return 0;
}
