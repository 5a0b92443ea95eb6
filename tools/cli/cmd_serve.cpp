// badport serve PORT...: one HTTP server on several ports whose page shows, in the visitor's
// own browser, which ports the browser refuses to request.

#include "serve_run.h"

#include <badport/engine.h>
#include <badport/port_spec.h>
#include <badport/ports.h>
#include <badport/text.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <pthread.h>

namespace badport::cli {

namespace {

std::string iso_time(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", tm, ms);
}

void write_line(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

std::string url_of(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  std::string name = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "[::1]" : v6 ? "[" + host + "]" : host;
  return fmt::format("http://{}:{}/", name, port);
}

// "6000, 6665, 6666 (and 3 more)": at most eight ports spelled out.
std::string port_list(const std::vector<std::uint16_t>& ports) {
  std::string out;
  const std::size_t shown = ports.size() <= 8 ? ports.size() : 6;
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + std::to_string(ports[i]);
  if (shown < ports.size()) out += fmt::format(" (and {} more)", ports.size() - shown);
  return out;
}

}  // namespace

std::string serve_banner(const io::serve_options& opt, const std::vector<std::uint16_t>& ports,
                         std::uint16_t page_port) {
  std::string out = fmt::format("badport: serving {} on {} (Ctrl-C to stop)\n", port_list(ports), opt.bind);
  // Which served ports browsers refuse, grouped by the engines that refuse them.
  const engine_set browsers{engine::chromium, engine::firefox, engine::webkit, engine::servo, engine::ladybird};
  std::vector<std::pair<engine_set, std::vector<std::uint16_t>>> refused;
  for (std::uint16_t p : ports) {
    const engine_set by = blocking_engines(p, browsers);
    if (by.empty()) continue;
    auto it = std::find_if(refused.begin(), refused.end(), [&](const auto& r) { return r.first == by; });
    if (it == refused.end()) it = refused.insert(refused.end(), {by, {}});
    it->second.push_back(p);
  }
  for (const auto& [by, list] : refused) {
    std::string names;
    for (engine e : all_engines)
      if (by.contains(e)) names += (names.empty() ? "" : ", ") + std::string(info(e).display_name);
    out += fmt::format("badport: {} will refuse {} {}: the page shows it live\n", names,
                       list.size() == 1 ? "port" : "ports", port_list(list));
  }
  if (std::find(opt.ports.begin(), opt.ports.end(), page_port) == opt.ports.end() &&
      std::find(opt.ports.begin(), opt.ports.end(), 0) == opt.ports.end())
    out += fmt::format("badport: added port {} for the page: no browser refuses it\n", page_port);
  // The name the user asked to be reached by, else the bind address. Loopback stays the
  // default: a name given with --host is accepted, never a reason to listen more widely.
  const std::string& host = opt.hosts.empty() ? opt.bind : opt.hosts.front();
  const bool loopback_bind = opt.bind == "127.0.0.1" || opt.bind == "::1";
  const bool loopback_name = host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1";
  if (loopback_bind && !loopback_name)
    out += fmt::format("badport: listening on {} only: {} must point here (--bind 0.0.0.0 listens on every address)\n",
                       opt.bind, host);
  out += "badport: open in a browser: " + url_of(host, page_port) + "\n";
  return out;
}

namespace {

struct serve_cli_options {
  std::vector<std::string> ports;
  io::serve_options server;
  bool json = false;
  double seconds = 0;
};

exit_status run_serve(serve_cli_options& opt) {
  opt.server.ports.clear();
  for (const auto& text : opt.ports) {
    auto interval = parse_port_interval(text);
    if (!interval) {
      print_error(interval.error().message());
      return exit_status::error;
    }
    if (interval->size() + opt.server.ports.size() > 1024) {
      print_error(fmt::format("too many ports \"{}\": serve takes at most 1024", text));
      return exit_status::error;
    }
    for (std::uint32_t p = interval->first; p <= interval->last; ++p)
      opt.server.ports.push_back(static_cast<std::uint16_t>(p));
  }
  return run_server(opt.server, opt.json, opt.seconds);
}

}  // namespace

exit_status run_server(const io::serve_options& opt, bool json, double seconds) {
  // "nan" and "inf" pass a non-negative check; a NaN would wait forever and a huge value
  // overflows the timespec.
  if (!(seconds >= 0 && seconds <= 1e9)) {
    print_error(fmt::format("invalid argument \"{}\": --duration needs 0 to 1000000000 seconds", seconds));
    return exit_status::error;
  }
  // Signals are held before any thread starts, then taken here: the server always stops cleanly.
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  ::pthread_sigmask(SIG_BLOCK, &set, &old);

  auto log = [json](const io::serve_event& ev) {
    if (json) {
      nlohmann::ordered_json j{{"time", iso_time(ev.time)}, {"port", ev.port},       {"remote", ev.remote},
                               {"method", ev.method},       {"target", ev.target},   {"user_agent", ev.user_agent},
                               {"status", ev.status}};
      if (!ev.note.empty()) j["result"] = ev.note;
      write_line(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    } else {
      // What the client sent is shown escaped: a User-Agent or target could retitle or clear
      // the terminal reading the log.
      write_line(fmt::format("{}  {:>5}  {:<4} {}  {}  {}\n", iso_time(ev.time), ev.port, printable_line(ev.method),
                             printable_line(ev.target), ev.status,
                             ev.user_agent.empty() ? "-" : printable_line(ev.user_agent)));
      if (!ev.note.empty()) write_line(fmt::format("{}  {:>5}  browser result: {}\n", iso_time(ev.time), ev.port, ev.note));
    }
  };
  auto server = io::server::start(opt, log);
  if (server && (*server)->ports().empty()) {
    // Nothing could be bound: each port's reason, as the OS gave it.
    for (const auto& f : (*server)->failures()) print_error(f.address + ": " + f.reason);
  }
  if (!server || (*server)->ports().empty()) {
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (!server) print_error(server.error().message());
    return exit_status::error;
  }
  exit_status status = exit_status::ok;
  for (const auto& f : (*server)->failures()) {
    print_warning(f.address + ": " + f.reason);
    status = exit_status::error;
  }
  const std::string banner = serve_banner(opt, (*server)->ports(), (*server)->page_port());
  std::fwrite(banner.data(), 1, banner.size(), stderr);
  std::fflush(stderr);

  if (seconds > 0) {
    const auto ns = static_cast<long>(seconds * 1e9);
    timespec t{ns / 1'000'000'000L, ns % 1'000'000'000L};
    (void)::sigtimedwait(&set, nullptr, &t);
  } else {
    int sig = 0;
    (void)::sigwait(&set, &sig);
  }
  (*server)->stop();
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return status;
}

void add_serve_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<serve_cli_options>();
  auto* cmd = root.add_subcommand("serve", "Serve a page on several ports that shows which ones your browser refuses");
  cmd->add_option("ports", opt->ports, "Ports or ranges to serve (8000 6000); 0 picks a free port")->required();
  cmd->add_option("--bind", opt->server.bind, "Address to listen on")->default_str("127.0.0.1");
  // One value per --host, so that the ports after it stay ports.
  cmd->add_option("--host", opt->server.hosts,
                  "Extra Host name to accept and show in the URL (loopback names and the bind address always are); repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--json", opt->json, "Log requests as JSON lines");
  cmd->add_option("--duration", opt->seconds, "Stop after this many seconds (default: run until Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  cmd->footer("Every request is logged on stdout: time, port, method, target, status, User-Agent.\n"
              "The page to open is always on a port no browser refuses (one is added when needed).\n"
              "Exit status: 0 stopped cleanly, 2 error (bad input, or a port could not be bound).\n"
              "Examples:\n  badport serve 8000 6000\n  badport serve 8000 6000 6665-6669 --bind 0.0.0.0 --host myhost.lan");
  cmd->callback([opt, &state] { state.run = [opt] { return run_serve(*opt); }; });
}

}  // namespace badport::cli
