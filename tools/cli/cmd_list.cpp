// badport list [--engine E] [--at DATE]: the port/service table, for one engine or all engines
// as columns, today or as it stood on a date.

#include "data_age.h"
#include "options.h"
#include "report.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace badport::cli {

namespace {

struct list_options {
  engine_options engines;
  std::string at;
  bool json = false;
};

enum class mark { no, yes, unknown };

exit_status run_list(const list_options& opt, output& out) {
  auto engines = resolve_engines(opt.engines);
  if (!engines) {
    print_error(engines.error().message());
    return exit_status::error;
  }
  std::vector<engine> chosen;
  for (engine e : all_engines)
    if (engines->contains(e)) chosen.push_back(e);

  // The lists on --at's date, as the core reads the history (it refuses a date before it).
  std::array<list_at_date, engine_count> lists_at;
  if (!opt.at.empty()) {
    auto at = blocked_ports_at(*engines, opt.at);
    if (!at) {
      print_error(at.error().message());
      return exit_status::error;
    }
    lists_at = std::move(*at);
  }

  // marks[port index][engine index]
  const auto ports = known_ports();
  std::vector<std::array<mark, engine_count>> marks(ports.size());
  for (engine e : chosen) {
    const auto ei = static_cast<std::size_t>(e);
    const auto& at = lists_at[ei];
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const auto p = ports[i].port;
      if (opt.at.empty()) marks[i][ei] = is_blocked(p, e) ? mark::yes : mark::no;
      else
        marks[i][ei] = std::binary_search(at.ports.begin(), at.ports.end(), p)     ? mark::yes
                       : std::binary_search(at.unknown.begin(), at.unknown.end(), p) ? mark::unknown
                                                                                 : mark::no;
    }
  }
  const auto row_shown = [&](std::size_t i) {
    return std::any_of(chosen.begin(), chosen.end(),
                       [&](engine e) { return marks[i][static_cast<std::size_t>(e)] != mark::no; });
  };

  if (opt.json) {
    using json = nlohmann::ordered_json;
    json doc;
    doc["schema"] = "badport.list/1";
    doc["at"] = opt.at.empty() ? json(nullptr) : json(opt.at);
    doc["data"] = data_age_json(*engines);
    doc["engines"] = json::array();
    for (engine e : chosen) doc["engines"].push_back(name(e));
    doc["ports"] = json::array();
    for (std::size_t i = 0; i < ports.size(); ++i) {
      if (!row_shown(i)) continue;
      json row;
      row["port"] = ports[i].port;
      row["service"] = ports[i].service;
      row["description"] = ports[i].description;
      row["attack"] = name(ports[i].why);
      row["blocked_by"] = json::array();
      row["unknown"] = json::array();
      for (engine e : chosen) {
        const auto m = marks[i][static_cast<std::size_t>(e)];
        if (m == mark::yes) row["blocked_by"].push_back(name(e));
        if (m == mark::unknown) row["unknown"].push_back(name(e));
      }
      if (chosen.size() == 1) {
        const auto s = ports[i].since[static_cast<std::size_t>(chosen[0])];
        row["since"] = {{"date", s.known() ? json(s.date) : json(nullptr)},
                        {"version", s.version.empty() ? json(nullptr) : json(s.version)},
                        {"source", s.source.empty() ? json(nullptr) : json(s.source)}};
      }
      doc["ports"].push_back(std::move(row));
    }
    out.write(doc.dump(2));
    out.write("\n");
    return exit_status::ok;
  }

  std::size_t shown = 0;
  if (chosen.size() == 1) {
    const engine e = chosen[0];
    const auto ei = static_cast<std::size_t>(e);
    out.write(fmt::format("{}{:>5}  {:<13} {:<22} {}{}\n", out.bold(), "port", "service", "since", "source", out.reset()));
    for (std::size_t i = 0; i < ports.size(); ++i) {
      if (!row_shown(i)) continue;
      ++shown;
      const auto& s = ports[i].since[ei];
      std::string since = !ports[i].blocked_by().contains(e) ? std::string("(range check)")
                          : s.known() ? (s.version.empty() ? std::string(s.date) : fmt::format("{} ({})", s.date, s.version))
                                      : std::string("unknown");
      if (marks[i][ei] == mark::unknown) since += " ?";
      out.write(fmt::format("{:>5}  {:<13} {:<22} {}\n", ports[i].port, ports[i].service, since,
                            ports[i].blocked_by().contains(e) ? s.source : "refused as out of range (port <= 0)"));
    }
  } else {
    std::string header = fmt::format("{:>5}  {:<13}", "port", "service");
    for (engine e : chosen) header += fmt::format(" {:<8}", name(e));
    while (header.back() == ' ') header.pop_back();
    out.write(fmt::format("{}{}{}\n", out.bold(), header, out.reset()));
    for (std::size_t i = 0; i < ports.size(); ++i) {
      if (!row_shown(i)) continue;
      ++shown;
      std::string line = fmt::format("{:>5}  {:<13}", ports[i].port, ports[i].service);
      for (engine e : chosen) {
        const auto m = marks[i][static_cast<std::size_t>(e)];
        line += fmt::format(" {:<8}", m == mark::yes ? "x" : m == mark::unknown ? "?" : "-");
      }
      while (line.back() == ' ') line.pop_back();
      out.write(line + "\n");
    }
  }
  out.write(fmt::format("\n{} ports", shown));
  if (!opt.at.empty()) out.write(fmt::format(" as of {}; ? = listed today, date added unknown", opt.at));
  out.write(". x = blocked, - = allowed");
  if (engines->contains(engine::firefox) && opt.at.empty())
    out.write("; firefox refuses 0 by its range check, not its list");
  out.write(".\n\n");
  out.write(data_age_text(*engines));
  return exit_status::ok;
}

}  // namespace

void add_list_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<list_options>();
  auto* cmd = root.add_subcommand("list", "List the blocked ports and their services, per engine");
  add_engine_flag(*cmd, opt->engines);
  cmd->add_option("--at", opt->at, "Show the lists as they stood on a date (YYYY-MM-DD), where history is known");
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.list/1)");
  cmd->footer("Exit status: 0, or 2 on a bad argument.\nExamples:\n  badport list\n  badport list --engine chromium\n"
              "  badport list --engine fetch --at 2021-01-01");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_list(*opt, state.out); }; });
}

}  // namespace badport::cli
