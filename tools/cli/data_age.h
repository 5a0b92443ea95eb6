#pragma once
// How old badport's data is: the day the lists were checked and, per engine, the commit of the
// source they were checked against. Printed by `--version` and `list`, carried by their JSON.

#include <badport/engine.h>

#include <nlohmann/json.hpp>

#include <string>

namespace badport::cli {

/// "Data checked 2026-11-28 against:" and one line per engine of the set:
/// "  fetch     586cd2a44c2a 2026-07-02  whatwg/fetch fetch.bs @ 586cd2a (2026-07-02)".
[[nodiscard]] std::string data_age_text(engine_set engines);

/// {"checked": "2026-11-28", "sources": [{"engine", "commit", "date", "ref"}, ...]} for the set;
/// an unknown commit or date is null.
[[nodiscard]] nlohmann::ordered_json data_age_json(engine_set engines);

}  // namespace badport::cli
