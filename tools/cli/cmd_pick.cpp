// badport pick [--near N] [--range A-B] [--count K] [--host ADDR] [--engine E] [--json]: free TCP
// ports that no browser blocks, checked by binding them.

#include "options.h"

#include <badport/io/pick.h>
#include <badport/port_spec.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace badport::cli {

namespace {

struct pick_cli_options {
  engine_options engines;
  std::string near;
  std::string range;
  std::string count = "1";
  std::string host;
  bool json = false;
};

/// The typed options, or the first bad one.
result<io::pick_options> resolve_pick(const pick_cli_options& opt) {
  io::pick_options p;
  auto engines = resolve_engines(opt.engines);
  if (!engines) return std::move(engines).error();
  p.engines = *engines;
  if (!opt.near.empty()) {
    auto n = parse_port(opt.near);
    if (!n) return std::move(n).error();
    if (*n == 0) return fail(errc::invalid_port, opt.near, "--near needs a port in 1..65535");
    p.near = *n;
  }
  if (!opt.range.empty()) {
    auto r = parse_port_interval(opt.range);
    if (!r) return std::move(r).error();
    p.range = *r;
  }
  const auto n = parse_port(opt.count);  // a count in 1..65535 reads like a port number
  if (!n || *n == 0) return fail(errc::invalid_argument, opt.count, "--count needs a number in 1..65535");
  p.count = *n;
  if (!opt.host.empty()) p.host = opt.host;
  return p;
}

exit_status run_pick(const pick_cli_options& opt, output& out) {
  auto p = resolve_pick(opt);
  if (!p) {
    print_error(p.error().message());
    return exit_status::error;
  }
  auto hosts = io::pick_hosts(p->host);
  if (!hosts) {
    print_error(hosts.error().message());
    return exit_status::error;
  }
  auto ports = io::pick_ports(*p);
  if (!ports) {
    const auto& e = ports.error();
    if (e.code == errc::io_error)  // none left
      print_error(fmt::format("no port in {} is both free and allowed by every chosen engine ({})", e.subject, e.reason));
    else print_error(e.message());
    return exit_status::error;
  }
  if (opt.json) {
    using json = nlohmann::ordered_json;
    json doc;
    doc["schema"] = "badport.pick/1";
    doc["engines"] = json::array();
    for (engine e : all_engines)
      if (p->engines.contains(e)) doc["engines"].push_back(name(e));
    doc["hosts"] = *hosts;
    doc["ports"] = *ports;
    out.write(doc.dump(2));
    out.write("\n");
    return exit_status::ok;
  }
  for (const auto port : *ports) out.write(fmt::format("{}\n", port));
  return exit_status::ok;
}

}  // namespace

void add_pick_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<pick_cli_options>();
  auto* cmd = root.add_subcommand("pick", "Print free TCP ports that no browser blocks, checked by binding them");
  cmd->add_option("--near", opt->near, "Start at N: N itself when free and allowed, else the next such port above (as check suggests)");
  cmd->add_option("--range", opt->range, "Pick within A-B (default without --near: 10000-32767)");
  cmd->add_option("--count", opt->count, "How many distinct ports to print, one per line")->default_str("1");
  cmd->add_option("--host", opt->host,
                  "Check on this numeric address only (default: 127.0.0.1 and ::1 when IPv6 exists)");
  add_engine_flag(*cmd, opt->engines);
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.pick/1)");
  cmd->footer(
      "Without --near the ports are random within the range; the default range 10000-32767 lies above\n"
      "the usual dev server ports and below Linux's ephemeral ports. A port is printed only when no\n"
      "chosen engine blocks it and it could be bound (SO_REUSEADDR) at the moment of the check;\n"
      "another program may still take it before you do.\n"
      "Exit status: 0 ports printed, 2 bad argument or no such port left (nothing printed).\n"
      "Examples:\n  PORT=$(badport pick --near 6000)\n  badport pick --range 8000-8100 --count 3\n"
      "  badport pick --host ::1 --engine chromium,firefox");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_pick(*opt, state.out); }; });
}

}  // namespace badport::cli
