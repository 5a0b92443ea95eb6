// badport check PORT|RANGE...: which engines refuse a port, why, since when, what the user
// sees, how to override it, and the nearest ports no engine blocks.

#include "options.h"
#include "report.h"

#include <badport/port_spec.h>

#include <fmt/format.h>

#include <memory>

namespace badport::cli {

namespace {

struct check_options {
  std::vector<std::string> inputs;
  engine_options engines;
  bool json = false;
};

exit_status run_check(const check_options& opt, output& out) {
  auto engines = resolve_engines(opt.engines);
  if (!engines) {
    print_error(engines.error().message());
    return exit_status::error;
  }
  auto user = resolve_overrides(opt.engines);
  if (!user) {
    print_error(user.error().message());
    return exit_status::error;
  }

  // Check every argument before printing anything: bad input never leaves partial output.
  struct item {
    std::string input;
    port_interval ports;
  };
  std::vector<item> items;
  bool bad = false;
  for (const auto& text : opt.inputs) {
    auto interval = parse_port_interval(text);
    if (!interval) {
      print_error(interval.error().message());
      bad = true;
      continue;
    }
    items.push_back({text, *interval});
  }
  if (bad) return exit_status::error;

  exit_status status = exit_status::ok;
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  bool first = true;
  for (const auto& it : items) {
    for (std::uint32_t p = it.ports.first; p <= it.ports.last; ++p) {
      const auto report = make_port_report(it.input, static_cast<int>(p), "http", *engines, *user);
      if (report.blocked()) status = exit_status::blocked;
      if (opt.json) {
        results.push_back(port_report_json(report));
      } else {
        if (!first && (report.blocked() || it.ports.first == it.ports.last)) out.write("\n");
        print_port_report(out, report, false);
        first = false;
      }
    }
  }
  if (opt.json) {
    nlohmann::ordered_json doc;
    doc["schema"] = "badport.check/1";
    doc["engines"] = nlohmann::ordered_json::array();
    for (engine e : all_engines)
      if (engines->contains(e)) doc["engines"].push_back(name(e));
    doc["blocked"] = status == exit_status::blocked;
    doc["results"] = std::move(results);
    out.write(doc.dump(2));
    out.write("\n");
  }
  return status;
}

}  // namespace

void add_check_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<check_options>();
  auto* cmd = root.add_subcommand("check", "Check ports: which engines block them, why, since when, and what to use instead");
  cmd->add_option("inputs", opt->inputs, "Ports (6000), ranges (6000-6010); leading zeros read as decimal")
      ->required()
      ->allow_extra_args();
  add_engine_flag(*cmd, opt->engines);
  add_override_flags(*cmd, opt->engines);
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.check/1)");
  cmd->footer("Exit status: 0 no chosen engine blocks any input, 1 some input is blocked, 2 error.\n"
              "Examples:\n  badport check 6000\n  badport check 5060-5061 --engine chromium,firefox\n"
              "  badport check 6000 --chromium-flags '--explicitly-allowed-ports=6000'");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_check(*opt, state.out); }; });
}

}  // namespace badport::cli
