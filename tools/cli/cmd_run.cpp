// badport run [--engine E] -- CMD ARGS...: runs a command and warns, once per port, when any
// process of its tree listens on a port that browsers refuse.

#include "options.h"

#include <badport/bind_warning.h>
#include <badport/io/listening.h>
#include <badport/io/run.h>

#include <badport/decision.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace badport::cli {

namespace {

struct run_cli_options {
  engine_options engines;
  std::vector<std::string> command;  ///< the command's name and arguments
  int interval_ms = 200;
  bool json = false;  ///< banners as JSON lines (badport.run.listener/1) on stderr
};

/// A listener on a blocked port as one JSON line, written to stderr in one write.
void print_json_line(const io::tree_listener& l, engine_set engines) {
  decide_options with;
  with.engines = engines;
  if (auto listening = io::read_listening_ports()) with.is_taken = listening->is_taken();
  const decision d = decide(l.socket.port, with);
  if (!d.blocked()) return;
  using json = nlohmann::ordered_json;
  json j;
  j["schema"] = "badport.run.listener/1";
  j["pid"] = l.process.pid;
  j["process"] = l.process.name;
  j["family"] = l.socket.family == address_family::ipv4 ? "ipv4" : "ipv6";
  j["address"] = l.socket.address_text();
  j["port"] = l.socket.port;
  j["blocked_by"] = json::array();
  for (engine e : all_engines)
    if (d.blocked_by.contains(e)) j["blocked_by"].push_back(name(e));
  j["service"] = d.entry != nullptr ? json(d.entry->service) : json(nullptr);
  j["suggestion"] = d.suggestion ? json(*d.suggestion) : json(nullptr);
  const std::string line = j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

/// Writes the banner to stderr in one write, so that it is not interleaved with the command's output.
/// The suggestion skips every port already listening on this machine (io/listening.h).
void print_banner(const io::tree_listener& l, engine_set engines) {
  const auto listening = io::read_listening_ports();
  const auto warning = blocked_port_warning(l.socket.port, engines,
                                            listening ? listening->is_taken() : std::function<bool(std::uint16_t)>{});
  if (!warning) return;
  const bool color = ::isatty(STDERR_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  const std::string_view bold = color ? "\x1b[1;31m" : "", reset = color ? "\x1b[0m" : "";
  const std::string addr = l.socket.family == address_family::ipv6 ? "[" + l.socket.address_text() + "]"
                                                                   : l.socket.address_text();
  std::string text = fmt::format("{}badport: {} (pid {}) listens on {}:{}, a port that browsers refuse{}\n", bold,
                                 l.process.name.empty() ? std::string("a process") : l.process.name, l.process.pid,
                                 addr, l.socket.port, reset);
  std::string_view rest = *warning;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    text += "badport: ";
    text += rest.substr(0, nl);
    text += "\n";
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

exit_status run_command(const run_cli_options& opt) {
  auto engines = resolve_engines(opt.engines);
  if (!engines) {
    print_error(engines.error().message());
    return exit_status::error;
  }
  if (opt.command.empty()) {
    print_error("missing command: badport run [--engine E] [--] CMD [ARGS...]");
    return exit_status::error;
  }
  if (opt.interval_ms < 10 || opt.interval_ms > 60000) {
    print_error(fmt::format("invalid argument \"{}\": --interval needs 10..60000 milliseconds", opt.interval_ms));
    return exit_status::error;
  }
  io::run_options r;
  r.argv = opt.command;
  r.engines = *engines;
  r.interval = std::chrono::milliseconds(opt.interval_ms);
  if (opt.json) r.on_blocked = [e = *engines](const io::tree_listener& l) { print_json_line(l, e); };
  else r.on_blocked = [e = *engines](const io::tree_listener& l) { print_banner(l, e); };
  std::fflush(stdout);
  auto outcome = io::run_watched(r);
  if (!outcome) {
    print_error(outcome.error().message());
    return exit_status::error;
  }
  if (outcome->exec_errno != 0)
    print_error(fmt::format("cannot run \"{}\": {}", opt.command.front(), std::strerror(outcome->exec_errno)));
  // The command's own status, passed through whatever its value (see the footer).
  return static_cast<exit_status>(outcome->exit_code);
}

}  // namespace

void add_run_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<run_cli_options>();
  auto* cmd = root.add_subcommand(
      "run", "Run a command and warn when any process it starts listens on a port that browsers refuse");
  add_engine_flag(*cmd, opt->engines);
  cmd->add_option("--interval", opt->interval_ms, "How often to read the socket table, in milliseconds")
      ->default_str("200");
  cmd->add_flag("--json", opt->json,
                "Write each warning as one JSON line on stderr (schema badport.run.listener/1) instead of a banner");
  // Everything from the command's name on belongs to the command, options included: `--` is optional.
  // The command's name, then everything after it belongs to the command, its options included;
  // `--` before the name is optional.
  cmd->add_option("command", opt->command, "The command to run, then its arguments");
  cmd->positionals_at_end();
  cmd->fallthrough(false);
  cmd->footer(
      "Usage: badport run [--engine E] [--interval MS] [--json] [--] CMD [ARGS...]\n"
      "The command keeps this terminal's stdin, stdout, stderr and environment. Every process of its\n"
      "tree is watched (children, grandchildren, daemons that detach); on a listener on a blocked port a\n"
      "banner goes to stderr, once per port. SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and every other\n"
      "signal that would end badport are passed on; when the command ends, processes it left behind\n"
      "get SIGTERM, then SIGKILL after 2 s.\n"
      "Exit status: the command's own; 128+N when signal N ended it; 127 command not found;\n"
      "126 command not executable; 2 bad arguments to badport run itself.\n"
      "Examples:\n  badport run -- npm run dev\n  badport run python3 -m http.server 6000\n  badport run --engine chromium -- python3 -m http.server 6000");
  cmd->callback([opt, &state] {
    state.run = [opt] { return run_command(*opt); };
  });
}

}  // namespace badport::cli
