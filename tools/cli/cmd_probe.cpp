// badport probe --browser B: launch a real browser, see which ports it refuses, and compare
// with the port database. --open: a page for the user's own browser instead.

#include "serve_run.h"

#include <badport/io/probe.h>
#include <badport/ports.h>
#include <badport/rules.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace badport::cli {

namespace {

struct probe_cli_options {
  std::string browser;
  std::string ports = "1-65535";
  bool json = false;
  unsigned retries = 2;
  unsigned timeout = 240;
  std::size_t window = 0;
  unsigned chain = 0;
  bool open = false;
  std::uint16_t port = 0;
  std::string bind = "127.0.0.1";
  double seconds = 0;
};

/// "1-5 7 9-10": runs of consecutive ports shortened.
std::string compress(const std::vector<std::uint16_t>& ports) {
  std::string out;
  for (std::size_t i = 0; i < ports.size();) {
    std::size_t j = i;
    while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1) ++j;
    if (!out.empty()) out += ' ';
    out += j - i >= 2 ? fmt::format("{}-{}", ports[i], ports[j])
                      : j == i ? fmt::format("{}", ports[i]) : fmt::format("{} {}", ports[i], ports[j]);
    i = j + 1;
  }
  return out.empty() ? "none" : out;
}

std::string ranges_text(const std::vector<port_interval>& ranges) {
  std::string out;
  for (const auto& r : ranges)
    out += (out.empty() ? "" : ",") + (r.first == r.last ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.last));
  return out;
}

class progress_bar {
 public:
  explicit progress_bar(bool on) : on_(on) {}
  void draw(const io::probe_progress& p) {
    if (!on_ || p.total == 0) return;
    const std::size_t width = 30, filled = p.arrived * width / p.total;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu ports reached the proxy, round %u ", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), p.arrived, p.total, p.round + 1);
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) std::fprintf(stderr, "\r\x1b[2K");
    drawn_ = false;
  }

 private:
  bool on_;
  bool drawn_ = false;
};

void print_text(output& out, const io::probe_result& r) {
  out.write(fmt::format("{}browser{}   {} (engine {})\n", out.bold(), out.reset(), r.version, name(r.engine_id)));
  out.write(fmt::format("{}ports{}     {}: {} tested in {} rounds{}, {:.1f} s\n", out.bold(), out.reset(),
                        ranges_text(r.ports), r.tested, r.rounds,
                        r.chain > 1 ? fmt::format(" (the first along chains of up to {} ports)", r.chain) : "",
                        static_cast<double>(r.elapsed.count()) / 1000.0));
  out.write(fmt::format("{}blocked{}   {}: {}\n", out.bold(), out.reset(), r.blocked.size(), compress(r.blocked)));
  out.write(fmt::format("{}forms{}\n", out.bold(), out.reset()));
  for (const auto& f : r.forms) {
    const auto word = f.arrived ? fmt::format("{}reached{}", out.green(), out.reset())
                                : fmt::format("{}refused{}", out.red(), out.reset());
    out.write(fmt::format("  {} {:<22} {:<46} {}{}\n", word, f.form.id, f.form.description, f.form.url,
                          f.agrees() ? "" : fmt::format("  {}(database: {}){}", out.yellow(),
                                                        f.expected_blocked ? "refused" : "reached", out.reset())));
  }
  if (r.agrees()) {
    out.write(fmt::format("{}database{}  {}agrees{} with {} on every port and form tested\n", out.bold(), out.reset(),
                          out.green(), out.reset(), name(r.engine_id)));
    return;
  }
  out.write(fmt::format("{}database{}  {}disagrees{} with {}:\n", out.bold(), out.reset(), out.red(), out.reset(),
                        name(r.engine_id)));
  if (!r.only_browser.empty())
    out.write(fmt::format("  blocked by the browser, allowed by the database: {}\n", compress(r.only_browser)));
  if (!r.only_database.empty())
    out.write(fmt::format("  blocked by the database, reached the proxy: {}\n", compress(r.only_database)));
  for (const auto& f : r.forms)
    if (!f.agrees()) out.write(fmt::format("  form {}: the browser {} it\n", f.form.id, f.arrived ? "sent" : "refused"));
}

nlohmann::ordered_json to_json(const io::probe_result& r) {
  nlohmann::ordered_json j;
  j["schema"] = "badport.probe/2";
  j["browser"] = io::name(r.browser);
  j["engine"] = name(r.engine_id);
  j["version"] = r.version;
  j["ports"] = nlohmann::ordered_json::array();
  for (const auto& range : r.ports) j["ports"].push_back({{"first", range.first}, {"last", range.last}});
  j["tested"] = r.tested;
  j["rounds"] = r.rounds;
  j["chain"] = r.chain;
  j["window"] = r.window;
  j["elapsed_ms"] = r.elapsed.count();
  j["blocked"] = r.blocked;
  j["agrees"] = r.agrees();
  j["only_browser"] = r.only_browser;
  j["only_database"] = r.only_database;
  j["forms"] = nlohmann::ordered_json::array();
  for (const auto& f : r.forms)
    j["forms"].push_back({{"id", f.form.id},
                          {"description", f.form.description},
                          {"url", f.form.url},
                          {"port", f.form.port},
                          {"arrived", f.arrived},
                          {"expected_blocked", f.expected_blocked},
                          {"agrees", f.agrees()}});
  return j;
}

exit_status run_open(const probe_cli_options& opt) {
  io::serve_options s;
  s.bind = opt.bind;
  s.title = "badport probe: which ports does this browser refuse?";
  s.ports.push_back(opt.port);
  // Ports the proxy method cannot cover in a browser badport does not control are tested with
  // real listeners: every unprivileged port some browser blocks. Privileged ones are listed.
  for (const auto& p : known_ports()) {
    if (p.port == 0) continue;
    if (!is_blocked(p.port, engine_set{engine::chromium, engine::firefox, engine::webkit})) continue;
    (p.port >= 1024 ? s.ports : s.untested).push_back(p.port);
  }
  return run_server(s, opt.json, opt.seconds);
}

exit_status run_probe_command(const probe_cli_options& opt, output& out) {
  if (opt.open) return run_open(opt);
  if (opt.browser.empty()) {
    print_error("probe needs --browser chromium|firefox|webkit|PATH (or --open)");
    return exit_status::error;
  }
  auto ports = parse_port_set(opt.ports);
  if (!ports) {
    print_error(ports.error().message());
    return exit_status::error;
  }
  for (const auto& r : *ports)
    if (r.first == 0) {
      print_error(fmt::format("invalid port set \"{}\": port 0 is always probed as its own URL form", opt.ports));
      return exit_status::error;
    }
  auto browser = io::find_browser(opt.browser);
  if (!browser) {
    print_error(browser.error().message());
    return exit_status::error;
  }
  io::probe_options p;
  p.browser = *browser;
  p.ports = *ports;
  p.retries = opt.retries;
  p.window = opt.window;
  p.chain = opt.chain;
  p.timeout = std::chrono::seconds(opt.timeout);
  progress_bar bar(::isatty(STDERR_FILENO) == 1);
  p.on_progress = [&bar](const io::probe_progress& now) { bar.draw(now); };
  auto r = io::run_probe(p);
  bar.clear();
  if (!r) {
    const auto& e = r.error();
    print_error(e.code == errc::io_error && e.subject == io::name(browser->kind)
                    ? fmt::format("{} probe failed: {}", e.subject, e.reason)
                    : e.message());
    return exit_status::error;
  }
  if (opt.json) {
    out.write(to_json(*r).dump(2));
    out.write("\n");
  } else {
    print_text(out, *r);
  }
  return r->agrees() ? exit_status::ok : exit_status::blocked;
}

}  // namespace

void add_probe_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<probe_cli_options>();
  auto* cmd = root.add_subcommand("probe", "Launch a real browser and check which ports it refuses against the database");
  cmd->add_option("-b,--browser", opt->browser, "chromium, firefox, webkit, or a path to one of them (or WebKitWebDriver)");
  cmd->add_option("-p,--ports", opt->ports, "Ports to probe (1-1024,6000)")->default_str("1-65535");
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.probe/2); with --open, log requests as JSON lines");
  cmd->add_option("--retries", opt->retries, "Extra rounds over ports that did not arrive, to rule out flakes")
      ->default_str("2")->check(CLI::Range(0, 10));
  cmd->add_option("--timeout", opt->timeout, "Seconds before the probe gives up")->default_str("240")->check(CLI::Range(1, 3600));
  cmd->add_option("--window", opt->window, "Requests in flight at once in the page (default: 64 along chains, else 192)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--chain", opt->chain,
                  "Ports per request in the first round, through redirects to the next port; 1 = a request per port "
                  "(default: 20 for Chromium, 1 for the others)")
      ->check(CLI::Range(1u, badport::io::max_chain));
  cmd->add_flag("--open", opt->open, "Serve the probe page for your own browser instead (Ctrl-C to stop)");
  cmd->add_option("--port", opt->port, "With --open: the port of the page (0 picks a free one)")->default_str("0");
  cmd->add_option("--bind", opt->bind, "With --open: the address to listen on")->default_str("127.0.0.1");
  cmd->add_option("--duration", opt->seconds, "With --open: stop after this many seconds")->check(CLI::NonNegativeNumber);
  cmd->footer("Exit status: 0 the database agrees with the browser, 1 they disagree, 2 error\n"
              "(browser not installed, crashed, timed out, interrupted).\n"
              "Examples:\n  badport probe --browser chromium\n  badport probe --browser firefox --ports 1-11000 --json\n"
              "  badport probe --open");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_probe_command(*opt, state.out); }; });
}

}  // namespace badport::cli
