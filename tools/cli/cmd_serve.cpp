// badport serve PORT...: one HTTP server on several ports whose page shows, in the visitor's
// own browser, which ports the browser refuses to request.

#include "serve_run.h"

#include <badport/port_spec.h>
#include <badport/text.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

std::string url_of(const std::string& bind, std::uint16_t port) {
  const bool v6 = bind.find(':') != std::string::npos;
  std::string host = bind == "0.0.0.0" ? "127.0.0.1" : bind == "::" ? "[::1]" : v6 ? "[" + bind + "]" : bind;
  return fmt::format("http://{}:{}/", host, port);
}

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
  if (!server) {
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    print_error(server.error().message());
    return exit_status::error;
  }
  exit_status status = exit_status::ok;
  for (const auto& f : (*server)->failures()) {
    print_warning(fmt::format("cannot listen on port {}: {}", f.port, f.reason));
    status = exit_status::error;
  }
  const auto ports = (*server)->ports();
  std::string urls;
  if (ports.size() <= 4) {
    for (auto p : ports) urls += "  " + url_of(opt.bind, p) + "\n";
  } else {
    urls = "  " + url_of(opt.bind, ports.front()) + "\n  (and " + std::to_string(ports.size() - 1) + " more ports:";
    for (std::size_t i = 1; i < ports.size(); ++i) urls += " " + std::to_string(ports[i]);
    urls += ")\n";
  }
  std::fprintf(stderr, "badport: serving (Ctrl-C to stop); open in a browser:\n%s", urls.c_str());
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
  cmd->add_option("--host", opt->server.hosts,
                  "Extra Host name to accept (loopback names and the bind address always are); repeatable");
  cmd->add_flag("--json", opt->json, "Log requests as JSON lines");
  cmd->add_option("--duration", opt->seconds, "Stop after this many seconds (default: run until Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  cmd->footer("Every request is logged on stdout: time, port, method, target, status, User-Agent.\n"
              "Exit status: 0 stopped cleanly, 2 error (bad input, or a port could not be bound).\n"
              "Examples:\n  badport serve 8000 6000\n  badport serve 8000 6000 6665-6669 --bind 0.0.0.0 --host myhost.lan");
  cmd->callback([opt, &state] { state.run = [opt] { return run_serve(*opt); }; });
}

}  // namespace badport::cli
