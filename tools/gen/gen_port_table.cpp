// gen_port_table: reads data/ports.yaml and writes the C++ table compiled into libbadport.
// Usage: badport_gen_port_table INPUT.yaml OUTPUT.cpp
// It refuses data that breaks the database's rules (unknown port, duplicate, bad date), so a
// broken edit fails the build with a message that names the place.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// In the order of badport::engine's enumerators (engine_table is indexed by them).
constexpr std::array<const char*, 9> engine_names{"fetch", "chromium", "firefox", "webkit", "node",
                                                  "deno",  "bun",      "servo",   "ladybird"};
constexpr std::array<const char*, 5> attack_names{"cross-protocol", "nat-slipstreaming",
                                                  "nat-slipstreaming-v2", "alpaca", "invalid-port"};
constexpr std::array<const char*, 5> attack_enumerators{"cross_protocol", "nat_slipstreaming",
                                                        "nat_slipstreaming_v2", "alpaca", "invalid_port"};

struct since {
  std::string date, version, source;
};

struct port_row {
  int port = 0;
  std::string service, description;
  std::size_t attack = 0;
  unsigned mask = 0;
  std::array<since, engine_names.size()> since_by_engine{};
};

[[noreturn]] void die(const YAML::Node& at, const std::string& what) {
  const auto mark = at.Mark();
  throw std::runtime_error("line " + std::to_string(mark.line + 1) + ": " + what);
}

std::string literal(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

bool is_valid_date(const std::string& d) {
  // YYYY, YYYY-MM or YYYY-MM-DD
  auto digits = [&](std::size_t from, std::size_t n) {
    if (d.size() < from + n) return false;
    return std::all_of(d.begin() + static_cast<long>(from), d.begin() + static_cast<long>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (d.size() == 4) return digits(0, 4);
  if (d.size() == 7) return digits(0, 4) && d[4] == '-' && digits(5, 2);
  if (d.size() == 10) return digits(0, 4) && d[4] == '-' && digits(5, 2) && d[7] == '-' && digits(8, 2);
  return false;
}

std::string text(const YAML::Node& n, const char* key, bool required = true) {
  const auto v = n[key];
  if (!v) {
    if (required) die(n, std::string("missing \"") + key + "\"");
    return {};
  }
  return v.as<std::string>();
}

// An engine's source_date: empty, or a whole date.
std::string source_date(const YAML::Node& engine) {
  const auto d = text(engine, "source_date", false);
  if (!d.empty() && (d.size() != 10 || !is_valid_date(d))) die(engine["source_date"], "bad source_date \"" + d + "\"");
  return d;
}

std::string generate(const YAML::Node& root) {
  std::map<int, port_row> rows;
  for (const auto& p : root["ports"]) {
    port_row row;
    row.port = p["port"].as<int>();
    if (row.port < 0 || row.port > 65535) die(p, "port out of range");
    if (rows.count(row.port) != 0) die(p, "duplicate port " + std::to_string(row.port));
    if (!rows.empty() && rows.rbegin()->first > row.port) die(p, "ports are not sorted");
    row.service = text(p, "service");
    row.description = text(p, "description");
    const auto why = text(p, "why");
    const auto it = std::find(attack_names.begin(), attack_names.end(), why);
    if (it == attack_names.end()) die(p, "unknown attack \"" + why + "\"");
    row.attack = static_cast<std::size_t>(it - attack_names.begin());
    rows.emplace(row.port, row);
  }

  const auto history = root["history"];
  for (std::size_t e = 0; e < engine_names.size(); ++e) {
    const auto batches = history[engine_names[e]];
    if (!batches) throw std::runtime_error(std::string("no history for engine ") + engine_names[e]);
    // Batches in order: `ports` were added to the engine's list, `removed` taken off it.
    for (const auto& batch : batches) {
      since s{text(batch, "date", false), text(batch, "version", false), text(batch, "source")};
      if (!s.date.empty() && !is_valid_date(s.date)) die(batch, "bad date \"" + s.date + "\"");
      if (!batch["ports"] && !batch["removed"]) die(batch, "a batch needs \"ports\" or \"removed\"");
      for (const char* key : {"ports", "removed"}) {
        const bool adding = std::string(key) == "ports";
        int previous = -1;
        for (const auto& pn : batch[key]) {
          const int port = pn.as<int>();
          if (port <= previous) die(pn, std::string(key) + " of a batch must be sorted and unique");
          previous = port;
          const auto row = rows.find(port);
          if (row == rows.end()) die(pn, "port " + std::to_string(port) + " is not in the ports table");
          const bool listed = (row->second.mask & (1u << e)) != 0;
          if (adding && listed) die(pn, "port " + std::to_string(port) + " listed twice for " + engine_names[e]);
          if (!adding && !listed)
            die(pn, "port " + std::to_string(port) + " removed from " + engine_names[e] + " but not listed");
          if (adding) {
            row->second.mask |= 1u << e;
            row->second.since_by_engine[e] = s;
          } else {
            row->second.mask &= ~(1u << e);
            row->second.since_by_engine[e] = {};
          }
        }
      }
    }
  }
  for (const auto& [port, row] : rows)
    if (row.mask == 0)
      throw std::runtime_error("port " + std::to_string(port) + " is blocked by no engine: take it out of the ports table");

  std::ostringstream out;
  out << "// Generated by tools/gen/gen_port_table.cpp from data/ports.yaml. Do not edit.\n"
      << "#include \"port_table.h\"\n\nnamespace badport::detail {\n\n";
  out << "const std::string_view database_checked = " << literal(text(root, "checked")) << ";\n\n";

  out << "const std::array<std::string_view, 5> attack_texts{\n";
  for (const auto* a : attack_names) out << "    " << literal(text(root["attacks"], a)) << ",\n";
  out << "};\n\n";

  out << "const std::array<engine_info, engine_count> engine_table{{\n";
  for (std::size_t e = 0; e < engine_names.size(); ++e) {
    const auto n = root["engines"][engine_names[e]];
    if (!n) throw std::runtime_error(std::string("no engine entry for ") + engine_names[e]);
    out << "    {engine::" << engine_names[e] << ", " << literal(engine_names[e]) << ", "
        << literal(text(n, "display")) << ",\n     " << literal(text(n, "products")) << ",\n     "
        << literal(text(n, "source_url")) << ",\n     " << literal(text(n, "source_ref")) << ",\n     "
        << literal(text(n, "source_commit", false)) << ", " << literal(source_date(n)) << ",\n     "
        << literal(text(n, "error_code")) << ",\n     " << literal(text(n, "error_text")) << ",\n     "
        << literal(text(n, "override")) << ",\n     " << literal(text(n, "schemes")) << "},\n";
  }
  out << "}};\n\n";

  out << "namespace {\n\nconst port_info rows[] = {\n";
  for (const auto& [port, row] : rows) {
    out << "    {" << port << ", " << literal(row.service) << ", " << literal(row.description)
        << ", attack::" << attack_enumerators[row.attack] << ", " << row.mask << ", {{";
    for (std::size_t e = 0; e < engine_names.size(); ++e) {
      const auto& s = row.since_by_engine[e];
      out << (e ? ", " : "") << "{" << literal(s.date) << ", " << literal(s.version) << ", "
          << literal(s.source) << "}";
    }
    out << "}}},\n";
  }
  out << "};\n\n}  // namespace\n\nconst std::span<const port_info> port_table{rows};\n\n}  // namespace badport::detail\n";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: badport_gen_port_table INPUT.yaml OUTPUT.cpp\n";
    return 2;
  }
  try {
    const auto root = YAML::LoadFile(argv[1]);
    const auto code = generate(root);
    const std::string tmp = std::string(argv[2]) + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary);
      f << code;
      if (!f) throw std::runtime_error(std::string("cannot write ") + tmp);
    }
    if (std::rename(tmp.c_str(), argv[2]) != 0) throw std::runtime_error(std::string("cannot write ") + argv[2]);
  } catch (const std::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 2;
  }
  return 0;
}
