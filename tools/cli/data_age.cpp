#include "data_age.h"

#include <badport/ports.h>

#include <fmt/format.h>

namespace badport::cli {

std::string data_age_text(engine_set engines) {
  std::string out = fmt::format("Data checked {} against:\n", database_date());
  for (engine e : all_engines) {
    if (!engines.contains(e)) continue;
    const data_source s = data_source_of(e);
    const std::string_view commit = s.commit.empty() ? std::string_view("-") : s.commit.substr(0, 12);
    const std::string_view date = !s.date.empty() ? s.date : s.commit.empty() ? std::string_view("-") : "date unknown";
    out += fmt::format("  {:<9} {:<12} {:<12}  {}\n", name(e), commit, date, s.ref);
  }
  return out;
}

nlohmann::ordered_json data_age_json(engine_set engines) {
  using json = nlohmann::ordered_json;
  json sources = json::array();
  for (engine e : all_engines) {
    if (!engines.contains(e)) continue;
    const data_source s = data_source_of(e);
    sources.push_back({{"engine", name(e)},
                       {"commit", s.commit.empty() ? json(nullptr) : json(s.commit)},
                       {"date", s.date.empty() ? json(nullptr) : json(s.date)},
                       {"ref", s.ref}});
  }
  return {{"checked", database_date()}, {"sources", std::move(sources)}};
}

}  // namespace badport::cli
