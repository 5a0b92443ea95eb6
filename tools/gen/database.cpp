#include "database.h"

#include <algorithm>
#include <stdexcept>

namespace badport::gen {

void die(const YAML::Node& at, const std::string& what) {
  const auto mark = at.Mark();
  throw std::runtime_error("line " + std::to_string(mark.line + 1) + ": " + what);
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

std::string text(const YAML::Node& n, const char* key, bool required) {
  const auto v = n[key];
  if (!v) {
    if (required) die(n, std::string("missing \"") + key + "\"");
    return {};
  }
  return v.as<std::string>();
}

std::size_t engine_index(const std::string& name) {
  const auto it = std::find(engine_names.begin(), engine_names.end(), name);
  return static_cast<std::size_t>(it - engine_names.begin());
}

std::vector<std::uint16_t> database::list(std::size_t engine_index) const {
  std::vector<std::uint16_t> out;
  for (const auto& [port, row] : rows)
    if ((row.mask & (1u << engine_index)) != 0) out.push_back(static_cast<std::uint16_t>(port));
  return out;
}

database read_database(const YAML::Node& root) {
  database db;
  db.checked = text(root, "checked");
  if (db.checked.size() != 10 || !is_valid_date(db.checked)) die(root["checked"], "bad checked date \"" + db.checked + "\"");
  auto& rows = db.rows;
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

  return db;
}

}  // namespace badport::gen
