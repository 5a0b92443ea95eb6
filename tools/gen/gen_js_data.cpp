// gen_js_data: writes the port database as an ES module for the npm package (packages/npm).
// Usage: badport_gen_js_data OUTPUT.js
//
// It reads no YAML itself: it links libbadport, whose table gen_port_table compiled from
// data/ports.yaml, and writes what the core holds. So the JavaScript data cannot drift from the
// C++ data (same ports, same history, same texts), and the YAML keeps one reader and one set
// of checks. Each engine's rules (which schemes it checks, its exemptions, its range check,
// which overrides it honours) are asked from the core's check() and check_url() and written as
// data, so an engine added to the core reaches JavaScript without code there; an engine whose
// rules these facets cannot describe stops the build.

#include <badport/engine.h>
#include <badport/ports.h>
#include <badport/rules.h>
#include <badport/url.h>
#include <badport/url_check.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using json = nlohmann::ordered_json;
using badport::engine;
using badport::reason;

// Schemes asked about: the special ones, and others that stand for "any other scheme" ("x").
constexpr std::string_view probe_schemes[] = {"http", "https", "ws", "wss", "ftp", "file",
                                              "gopher", "data", "blob", "about", "mailto", "x"};

std::string engine_name(engine e) { return std::string(badport::name(e)); }

// A port the engine lists, above 0 (-1 when it lists none).
int listed_port(engine e) {
  for (const auto& p : badport::known_ports())
    if (p.port > 0 && p.blocked_by().contains(e)) return p.port;
  return -1;
}

// A port in 1..65535 no engine lists.
int unlisted_port() {
  for (int p = 1; p <= 65535; ++p)
    if (badport::find_port(p) == nullptr) return p;
  throw std::runtime_error("every port is listed");
}

// The engine's rules, as facets the package's check() applies in this order: never-blocks,
// scheme-not-checked, scheme-exempt, out-of-range (and 0 when `zero`), Chromium's allowed
// ports when `chromium_flags`, Firefox's prefs when `firefox_prefs`, then the list.
json rules_of(engine e) {
  json r;
  const bool blocks = badport::check(1, e, "http").why != reason::never_blocks;
  r["blocks"] = blocks;
  if (!blocks) return r;

  // Schemes: null when every scheme is checked, else the ones that are ("x": any other).
  std::vector<std::string> checked;
  for (const auto s : probe_schemes)
    if (badport::check(1, e, s).why != reason::scheme_not_checked) checked.emplace_back(s);
  if (checked.size() == std::size(probe_schemes)) r["schemes"] = nullptr;
  else if (std::find(checked.begin(), checked.end(), "x") != checked.end())
    throw std::runtime_error(engine_name(e) + ": checks unknown schemes but not every scheme");
  else r["schemes"] = checked;

  // Exemptions: per scheme, "*" for every port (out-of-range ones too), else the ports.
  json exempt = json::object();
  for (const auto s : probe_schemes) {
    std::vector<int> ports;
    for (int p = -1; p <= 65536; ++p)
      if (badport::check(p, e, s).why == reason::scheme_exempt) ports.push_back(p);
    if (ports.size() == 65538) exempt[std::string(s)] = "*";
    else if (!ports.empty()) {
      if (ports.front() < 0 || ports.back() > 65535)
        throw std::runtime_error(engine_name(e) + ": exempts out-of-range ports of " + std::string(s));
      exempt[std::string(s)] = ports;
    }
  }
  r["exempt"] = exempt;

  if (badport::check(-1, e, "http").why != reason::out_of_range || badport::check(65536, e, "http").why != reason::out_of_range)
    throw std::runtime_error(engine_name(e) + ": does not refuse out-of-range ports");
  r["zero"] = badport::check(0, e, "http").why == reason::out_of_range;

  const int listed = listed_port(e);
  const int unlisted = unlisted_port();
  badport::overrides flags;
  flags.chromium.allowed_ports = {static_cast<std::uint16_t>(listed < 0 ? unlisted : listed)};
  r["chromium_flags"] = listed > 0 && badport::check(listed, e, "http", flags).why == reason::explicitly_allowed;
  badport::overrides prefs;
  prefs.firefox.banned = {{unlisted, unlisted}};
  r["firefox_prefs"] = badport::check(unlisted, e, "http", prefs).why == reason::pref_banned;

  // URLs: whether only an explicit port is checked (Fetch reads the URL's port, null for the
  // scheme's default) or the effective port (the browsers).
  const auto u = badport::parse_url("http://example.com/");
  if (!u) throw std::runtime_error("cannot parse a plain URL");
  r["explicit_port_only"] = badport::check_url(*u, e).why == reason::default_port;
  return r;
}

std::string since_key(const badport::since_info& s) {
  return std::string(s.date) + '\n' + std::string(s.version) + '\n' + std::string(s.source);
}

json text_or_null(std::string_view s) { return s.empty() ? json(nullptr) : json(std::string(s)); }

std::string generate() {
  std::vector<engine> engines(badport::all_engines.begin(), badport::all_engines.end());

  json engine_rows = json::array();
  for (engine e : engines) {
    const auto& i = badport::info(e);
    json row;
    row["name"] = std::string(i.name);
    row["display_name"] = std::string(i.display_name);
    row["products"] = std::string(i.products);
    row["source_url"] = std::string(i.source_url);
    row["source_ref"] = std::string(i.source_ref);
    const auto source = badport::data_source_of(e);
    row["source_commit"] = source.commit.empty() ? json(nullptr) : json(std::string(source.commit));
    row["source_date"] = source.date.empty() ? json(nullptr) : json(std::string(source.date));
    row["error_code"] = std::string(i.error_code);
    row["error_text"] = std::string(i.error_text);
    row["override"] = std::string(i.override_text);
    row["schemes"] = std::string(i.schemes);
    row["rules"] = rules_of(e);
    engine_rows.push_back(std::move(row));
  }

  json aliases = json::object();
  for (const auto& a : badport::engine_aliases()) aliases[std::string(a.text)] = engine_name(a.id);

  json attacks = json::object();
  for (auto a : {badport::attack::cross_protocol, badport::attack::nat_slipstreaming,
                 badport::attack::nat_slipstreaming_v2, badport::attack::alpaca, badport::attack::invalid_port})
    attacks[std::string(badport::name(a))] = std::string(badport::describe(a));

  // Since entries repeat across the ports of a batch: one table, referenced by index.
  json since_rows = json::array();
  std::map<std::string, std::size_t> since_index;
  json port_rows = json::array();
  for (const auto& p : badport::known_ports()) {
    json row = json::array({p.port, std::string(p.service), std::string(p.description), std::string(badport::name(p.why))});
    for (engine e : engines) {
      if (!p.blocked_by().contains(e)) {
        row.push_back(nullptr);
        continue;
      }
      const auto& s = p.since[static_cast<std::size_t>(e)];
      const auto [it, added] = since_index.emplace(since_key(s), since_rows.size());
      if (added) since_rows.push_back(json::array({text_or_null(s.date), text_or_null(s.version), text_or_null(s.source)}));
      row.push_back(it->second);
    }
    port_rows.push_back(std::move(row));
  }

  json default_ports = json::object();
  for (const auto s : probe_schemes)
    if (const auto d = badport::default_port(s)) default_ports[std::string(s)] = *d;

  // One member per line, one port per line: readable, and small once packed.
  std::string out =
      "// Generated by tools/gen/gen_js_data.cpp from data/ports.yaml (as compiled into libbadport). Do not edit.\n"
      "// ports: [port, service, description, attack, then per engine (in `engines` order) the index\n"
      "// of its `since` row when the engine lists the port, else null].\n"
      "export default {\n";
  const auto member = [&](const char* key, const json& value, bool last = false) {
    out += "  " + json(key).dump() + ": " + value.dump(-1, ' ', false, json::error_handler_t::strict) + (last ? "\n" : ",\n");
  };
  member("checked", std::string(badport::database_date()));
  member("attacks", attacks);
  member("default_ports", default_ports);
  member("aliases", aliases);
  out += "  \"engines\": [\n";
  for (std::size_t i = 0; i < engine_rows.size(); ++i)
    out += "    " + engine_rows[i].dump() + (i + 1 < engine_rows.size() ? ",\n" : "\n");
  out += "  ],\n  \"since\": [\n";
  for (std::size_t i = 0; i < since_rows.size(); ++i)
    out += "    " + since_rows[i].dump() + (i + 1 < since_rows.size() ? ",\n" : "\n");
  out += "  ],\n  \"ports\": [\n";
  for (std::size_t i = 0; i < port_rows.size(); ++i)
    out += "    " + port_rows[i].dump() + (i + 1 < port_rows.size() ? ",\n" : "\n");
  out += "  ]\n};\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: badport_gen_js_data OUTPUT.js\n";
    return 2;
  }
  try {
    const auto code = generate();
    const std::string tmp = std::string(argv[1]) + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary);
      f << code;
      if (!f) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), argv[1]) != 0) throw std::runtime_error(std::string("cannot write ") + argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "badport_gen_js_data: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
