#pragma once
// Printers for the core's decision value (decision.h): `check` prints each decision for people
// or as a badport.check/2 result object (doc/schema/check.schema.json). Nothing here decides.

#include "app.h"

#include <badport/decision.h>
#include <badport/target.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace badport::cli {

/// Prints one decision of a target for people. `full` adds the per-engine table even when no
/// engine blocks it (a URL always gets it).
void print_decision(output& out, const target& t, const decision& d, bool full);

/// One decision as a badport.check/2 result object. `range_suggestion` is the target's
/// (suggest_for), the same for every decision of the target.
[[nodiscard]] nlohmann::ordered_json decision_json(const target& t, const decision& d,
                                                   const std::optional<port_interval>& range_suggestion);

/// The "data" member: when the database was last checked and each engine's source.
[[nodiscard]] nlohmann::ordered_json data_json();

/// Engine names of a set, comma-separated.
[[nodiscard]] std::string join_engines(engine_set set, std::string_view separator = ", ");

/// "6000" or "6000-6010".
[[nodiscard]] std::string interval_text(port_interval p);

/// Ports as compact runs: "1, 7, 9, 6665-6669".
[[nodiscard]] std::string ports_text(const std::vector<std::uint16_t>& ports);

}  // namespace badport::cli
