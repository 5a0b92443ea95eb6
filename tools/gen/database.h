#pragma once
// Reads data/ports.yaml into plain values, checking the database's rules (known ports, sorted
// unique batches, dates). Shared by the generator (tools/gen) and badport-sync (tools/sync), so
// both read the file the same way. A broken file throws std::runtime_error naming the line.

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace badport::gen {

/// Engine keys, in the order of badport::engine's enumerators (the generated engine_table is
/// indexed by them).
inline constexpr std::array<const char*, 9> engine_names{"fetch", "chromium", "firefox", "webkit", "node",
                                                         "deno",  "bun",      "servo",   "ladybird"};
inline constexpr std::array<const char*, 5> attack_names{"cross-protocol", "nat-slipstreaming",
                                                         "nat-slipstreaming-v2", "alpaca", "invalid-port"};

/// When and where a batch changed an engine's list.
struct since {
  std::string date, version, source;
};

/// One row of the ports table, with the engines that list it once every batch is applied.
struct port_row {
  int port = 0;
  std::string service, description;
  std::size_t attack = 0;  ///< index into attack_names
  unsigned mask = 0;       ///< bit e: engine_names[e] lists the port today
  std::array<since, engine_names.size()> since_by_engine{};
};

/// The database as read: its rows by port, and the date it was checked.
struct database {
  std::map<int, port_row> rows;
  std::string checked;

  /// The engine's list today, sorted.
  [[nodiscard]] std::vector<std::uint16_t> list(std::size_t engine_index) const;
};

/// The index of an engine key in engine_names, or engine_names.size() when unknown.
[[nodiscard]] std::size_t engine_index(const std::string& name);

/// Reads and checks the whole database. Throws std::runtime_error ("line 12: ...").
[[nodiscard]] database read_database(const YAML::Node& root);

/// Whether `d` is YYYY, YYYY-MM or YYYY-MM-DD.
[[nodiscard]] bool is_valid_date(const std::string& d);

/// A member as text; a missing required member throws naming the line.
[[nodiscard]] std::string text(const YAML::Node& n, const char* key, bool required = true);

/// Throws "line N: what" for the node's line.
[[noreturn]] void die(const YAML::Node& at, const std::string& what);

}  // namespace badport::gen
