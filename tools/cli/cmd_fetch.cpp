// badport fetch URL: makes the request with libcurl, follows each redirect itself, and shows per
// hop which engines would have let the request out, and where each engine's chain ends.

#include "options.h"
#include "report.h"

#include <badport/decision.h>
#include <badport/io/fetch.h>
#include <badport/ports.h>
#include <badport/text.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace badport::cli {

namespace {

struct fetch_cli_options {
  std::string url;
  engine_options engines;
  std::string as;
  std::string method;
  std::vector<std::string> headers;
  std::string data;
  bool has_data = false;
  int max_redirects = 20;
  double connect_timeout = 0;
  double max_time = 30;
  bool insecure = false;
  bool body = false;
  bool json = false;
  bool engine_given = false;
};

#if BADPORT_FETCH_IN_PROCESS
std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

// Why a chain ended as failed at this hop: the hop's error, or the engines' alone.
const io::fetch_error* failure_of(const io::fetch_hop& hop) {
  if (hop.error) return &*hop.error;
  if (hop.engine_error) return &*hop.engine_error;
  return nullptr;
}

std::string who_name(const io::fetch_outcome& o) { return o.who ? std::string(name(*o.who)) : std::string("curl"); }

// "a", "a and b", "a, b and c"
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::string port_words(int port) {
  const auto* p = find_port(port);
  return p ? fmt::format("port {} ({})", port, p->service) : fmt::format("port {}", port);
}

std::string browser_error(engine e, int port) {
  const auto& i = info(e);
  if (i.error_code.empty()) return with_port(i.error_text, port);
  return fmt::format("{}: {}", with_port(i.error_code, port), with_port(i.error_text, port));
}

// The engine's error code, or its text when it has none ("net::ERR_UNSAFE_PORT").
std::string short_error(engine e, int port) {
  const auto& i = info(e);
  return with_port(i.error_code.empty() ? i.error_text : i.error_code, port);
}

// One sentence: "curl and bun reach the page; chromium stops at hop 2 (port 6000) with net::ERR_UNSAFE_PORT".
std::string summary_line(const io::fetch_report& r) {
  std::vector<std::string> parts;
  std::vector<std::string> reached;
  for (const auto& o : r.outcomes)
    if (o.end == io::fetch_end::reached) reached.push_back(who_name(o));
  // "curl and every engine" rather than eight names when all of them share the end.
  const auto group = [&](const std::vector<std::string>& names) {
    const bool everyone = names.size() == r.outcomes.size() && names.size() > 2;
    if (!everyone) return join_words(names);
    return names.front() == "curl" ? std::string("curl and every engine") : std::string("every engine");
  };
  if (!reached.empty())
    parts.push_back(fmt::format("{} {} the page", group(reached), reached.size() == 1 ? "reaches" : "reach"));
  for (std::size_t h = 0; h < r.hops.size(); ++h) {
    std::vector<std::string> blocked;
    engine last{};
    for (const auto& o : r.outcomes)
      if (o.end == io::fetch_end::blocked && o.hop == h && o.who) {
        blocked.push_back(std::string(name(*o.who)));
        last = *o.who;
      }
    if (blocked.size() == 1)
      parts.push_back(fmt::format("{} stops at hop {} with {}: {} blocked", blocked[0], h + 1,
                                  short_error(last, r.hops[h].port), port_words(r.hops[h].port)));
    else if (!blocked.empty())
      parts.push_back(fmt::format("{} stop at hop {}: {} blocked", group(blocked), h + 1, port_words(r.hops[h].port)));
    std::vector<std::string> failed;
    for (const auto& o : r.outcomes)
      if (o.end == io::fetch_end::failed && o.hop == h) failed.push_back(who_name(o));
    if (const auto* e = failure_of(r.hops[h]); !failed.empty() && e != nullptr)
      parts.push_back(fmt::format("{} {} at hop {}: {}", group(failed), failed.size() == 1 ? "fails" : "fail", h + 1,
                                  e->message));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

void print_text(output& out, const io::fetch_report& r, const std::optional<engine>& as) {
  for (std::size_t h = 0; h < r.hops.size(); ++h) {
    const auto& hop = r.hops[h];
    out.write(fmt::format("{}hop {}{}  {} {}\n", out.bold(), h + 1, out.reset(), hop.method, hop.url));
    const std::string pad(7, ' ');
    engine_set allowed, blocked;
    for (const auto& v : hop.verdicts) (v.blocked ? blocked : allowed).insert(v.engine_id);
    if (!blocked.empty()) {
      out.write(fmt::format("{}{} {}blocked{} by {}\n", pad, port_words(hop.port), out.red(), out.reset(),
                            join_engines(blocked)));
      for (const auto& v : hop.verdicts)
        if (v.blocked)
          out.write(fmt::format("{}  {:<9} {}\n", pad, name(v.engine_id), browser_error(v.engine_id, hop.port)));
    }
    if (!allowed.empty())
      out.write(fmt::format("{}{} {}allowed{} by {}\n", pad, port_words(hop.port), out.green(), out.reset(),
                            join_engines(allowed)));
    if (!hop.sent && !hop.error) {
      out.write(fmt::format("{}not sent{}\n", pad, as ? fmt::format(": {} never connects to a port it blocks", name(*as)) : ""));
    }
    if (hop.response) {
      // What the server sent is shown escaped: a status line or a header could hold terminal
      // escapes or bidi controls.
      const auto& res = *hop.response;
      out.write(fmt::format("{}{}\n", pad,
                            res.status_line.empty() ? fmt::format("HTTP {}", res.status) : printable_line(res.status_line)));
      for (const auto& [k, v] : res.headers) out.write(fmt::format("{}{}: {}\n", pad, printable_line(k), printable_line(v)));
    }
    if (hop.engine_error)
      out.write(fmt::format("{}{}error{} for every engine: {}\n", pad, out.red(), out.reset(), hop.engine_error->message));
    if (hop.error) {
      out.write(fmt::format("{}{}error{}: {}", pad, out.red(), out.reset(), printable_line(hop.error->message)));
      if (!hop.error->detail.empty()) out.write(fmt::format(" ({})", printable_line(hop.error->detail)));
      out.write("\n");
    } else if (hop.next) {
      out.write(fmt::format("{}-> {}\n", pad, *hop.next));
    }
  }
  if (r.body) {
    out.write("\n");
    out.write(*r.body);
    if (!r.body->empty() && r.body->back() != '\n') out.write("\n");
  }

  out.write(fmt::format("\n{}result{}\n", out.bold(), out.reset()));
  for (const auto& o : r.outcomes) {
    const auto& hop = r.hops[o.hop];
    std::string what;
    switch (o.end) {
      case io::fetch_end::reached:
        what = fmt::format("{}reaches the page{}: {} after {} hop{}", out.green(), out.reset(),
                           hop.response ? hop.response->status : 0, o.hop + 1, o.hop == 0 ? "" : "s");
        break;
      case io::fetch_end::blocked:
        what = fmt::format("{}stops at hop {}{}: {}", out.red(), o.hop + 1, out.reset(),
                           o.who ? short_error(*o.who, hop.port) : std::string("blocked"));
        break;
      case io::fetch_end::failed:
        what = fmt::format("{}fails at hop {}{}: {}", out.red(), o.hop + 1, out.reset(),
                           failure_of(hop) != nullptr ? printable_line(failure_of(hop)->message) : std::string("error"));
        break;
    }
    out.write(fmt::format("  {:<9} {}\n", who_name(o), what));
  }
  out.write(printable_line(summary_line(r)) + "\n");
}

nlohmann::ordered_json report_json(const fetch_cli_options& opt, const io::fetch_report& r, engine_set engines,
                                   const std::optional<engine>& as) {
  using json = nlohmann::ordered_json;
  json doc;
  doc["schema"] = "badport.fetch/2";
  doc["url"] = opt.url;
  doc["as"] = as ? json(name(*as)) : json(nullptr);
  doc["engines"] = json::array();
  for (engine e : all_engines)
    if (engines.contains(e)) doc["engines"].push_back(name(e));
  doc["hops"] = json::array();
  for (std::size_t h = 0; h < r.hops.size(); ++h) {
    const auto& hop = r.hops[h];
    json j;
    j["hop"] = h + 1;
    j["url"] = hop.url;
    j["method"] = hop.method;
    j["port"] = hop.port;
    j["verdicts"] = json::array();
    for (const auto& v : hop.verdicts) {
      j["verdicts"].push_back({{"engine", name(v.engine_id)},
                               {"blocked", v.blocked},
                               {"reason", name(v.why)},
                               {"error_code", v.blocked ? json(with_port(info(v.engine_id).error_code, hop.port)) : json(nullptr)},
                               {"error_text", v.blocked ? json(with_port(info(v.engine_id).error_text, hop.port)) : json(nullptr)}});
    }
    // When an engine refuses the hop's port: the port to use instead, as `check` suggests.
    const bool refused = std::any_of(hop.verdicts.begin(), hop.verdicts.end(), [](const auto& v) { return v.blocked; });
    decide_options decide_with;
    decide_with.engines = engines;
    const auto suggestion = refused && hop.port >= 0 ? decide(hop.port, decide_with).suggestion : std::nullopt;
    j["suggestion"] = suggestion ? json(*suggestion) : json(nullptr);
    j["sent"] = hop.sent;
    if (hop.response) {
      const auto& res = *hop.response;
      json headers = json::array();
      for (const auto& [k, v] : res.headers) headers.push_back({{"name", k}, {"value", v}});
      j["response"] = {{"status", res.status},
                       {"status_line", res.status_line},
                       {"headers", std::move(headers)},
                       {"location", res.location ? json(*res.location) : json(nullptr)},
                       {"remote_ip", res.remote_ip},
                       {"remote_port", res.remote_port}};
    } else {
      j["response"] = nullptr;
    }
    j["redirect_to"] = hop.next ? json(*hop.next) : json(nullptr);
    if (hop.engine_error)
      j["engine_error"] = {{"kind", io::name(hop.engine_error->kind)}, {"message", hop.engine_error->message}};
    if (hop.error) {
      j["error"] = {{"kind", io::name(hop.error->kind)},
                    {"curl_code", hop.error->curl_code != 0 ? json(hop.error->curl_code) : json(nullptr)},
                    {"message", hop.error->message},
                    {"detail", hop.error->detail}};
    } else {
      j["error"] = nullptr;
    }
    doc["hops"].push_back(std::move(j));
  }
  doc["outcomes"] = json::array();
  for (const auto& o : r.outcomes) {
    const auto& hop = r.hops[o.hop];
    json j;
    j["who"] = who_name(o);
    j["end"] = io::name(o.end);
    j["hop"] = o.hop + 1;
    j["status"] = o.end == io::fetch_end::reached && hop.response ? json(hop.response->status) : json(nullptr);
    j["port"] = o.end == io::fetch_end::blocked ? json(hop.port) : json(nullptr);
    const bool blocked_engine = o.end == io::fetch_end::blocked && o.who;
    j["error_code"] = blocked_engine ? json(with_port(info(*o.who).error_code, hop.port)) : json(nullptr);
    j["error_text"] = blocked_engine ? json(with_port(info(*o.who).error_text, hop.port))
                      : o.end == io::fetch_end::failed && failure_of(hop) != nullptr ? json(failure_of(hop)->message)
                                                                                     : json(nullptr);
    doc["outcomes"].push_back(std::move(j));
  }
  doc["summary"] = summary_line(r);
  doc["body"] = r.body ? json(*r.body) : json(nullptr);
  doc["exit_status"] = to_int(r.status());
  return doc;
}

exit_status run_fetch(const fetch_cli_options& opt, output& out) {
  io::fetch_options fo;
  std::optional<engine> as;
  if (!opt.as.empty()) {
    if (opt.engine_given) {
      print_error("--as and --engine cannot be used together: --as names the one engine to act as");
      return exit_status::error;
    }
    auto e = parse_engine(opt.as);
    if (!e) {
      print_error(e.error().message());
      return exit_status::error;
    }
    as = *e;
    fo.engines = engine_set{*e};
    fo.enforce = true;
  } else {
    auto engines = resolve_engines(opt.engines);
    if (!engines) {
      print_error(engines.error().message());
      return exit_status::error;
    }
    fo.engines = *engines;
  }
  auto user = resolve_overrides(opt.engines);
  if (!user) {
    print_error(user.error().message());
    return exit_status::error;
  }
  fo.user = std::move(*user);
  fo.method = opt.method;
  fo.headers = opt.headers;
  if (opt.has_data) fo.data = opt.data;
  fo.max_redirects = opt.max_redirects;
  // A range check lets "nan" through; it would silently mean "no limit".
  for (const double t : {opt.connect_timeout, opt.max_time})
    if (!(t >= 0 && t <= 86400)) {
      print_error(fmt::format("invalid argument \"{}\": timeouts need 0 to 86400 seconds", t));
      return exit_status::error;
    }
  fo.connect_timeout = to_ms(opt.connect_timeout);
  fo.max_time = to_ms(opt.max_time);
  fo.insecure = opt.insecure;
  fo.want_body = opt.body;

  auto report = io::fetch(opt.url, fo);
  if (!report) {
    print_error(report.error().message());
    return exit_status::error;
  }
  if (opt.json) {
    out.write(report_json(opt, *report, fo.engines, as).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    out.write("\n");
  } else {
    print_text(out, *report, as);
  }
  return report->status();
}
#else
// `badport` does not load libcurl (see tools/cli/CMakeLists.txt): the arguments have been
// checked by the same option definitions, and the helper runs the same command line.
exit_status exec_fetch_helper(const app_state& state) {
  std::string self(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  if (n <= 0) {
    print_error(fmt::format("badport fetch: cannot find badport's own path: {}", std::strerror(errno)));
    return exit_status::error;
  }
  self.resize(static_cast<std::size_t>(n));
  const std::string dir = self.substr(0, self.rfind('/') + 1);
  // Installed: <bindir>/../libexec/badport/badport-fetch; build tree: beside badport.
  const std::string candidates[] = {dir + BADPORT_FETCH_HELPER_DIR "/badport-fetch", dir + "badport-fetch"};
  int err = ENOENT;
  for (const auto& path : candidates) {
    ::execv(path.c_str(), state.argv);
    if (errno != ENOENT) err = errno;
  }
  print_error(fmt::format("badport fetch needs its helper badport-fetch, not found or not runnable at {}: {}",
                          candidates[0], std::strerror(err)));
  return exit_status::error;
}
#endif

}  // namespace

void add_fetch_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<fetch_cli_options>();
  auto* cmd = root.add_subcommand(
      "fetch", "Make an HTTP(S) request, follow its redirects, and show at which hop each engine would stop");
  cmd->add_option("url", opt->url, "http:// or https:// URL")->required();
  add_engine_flag(*cmd, opt->engines);
  cmd->add_option("--as", opt->as,
                  "Act as this one engine: never send a request to a port it blocks (chromium, firefox, ...)");
  add_override_flags(*cmd, opt->engines);
  cmd->add_option("-X,--request", opt->method, "Request method (default GET, or POST with -d)");
  cmd->add_option("-H,--header", opt->headers, "Extra header \"Name: value\" (repeatable)")->allow_extra_args(false);
  cmd->add_option("-d,--data", opt->data, "Request body, sent as is; implies POST");
  cmd->add_option("--max-redirs", opt->max_redirects, "Most redirects to follow (browsers: 20)")
      ->default_val(20)
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--connect-timeout", opt->connect_timeout, "Seconds to wait for each connection (0: libcurl's default)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("-m,--max-time", opt->max_time, "Seconds for the whole chain (default 30; 0: no limit)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("-k,--insecure", opt->insecure, "Do not verify TLS certificates and host names");
  cmd->add_flag("--body", opt->body, "Print the final response's body too");
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.fetch/2, see doc/fetch.md)");
  cmd->footer(
      "Each redirect is followed by badport, so every hop is checked for each engine before libcurl connects.\n"
      "Without --as the request goes out as curl would send it, and each engine's chain is reported.\n"
      "Exit status: 0 every chosen engine (and curl) reaches the page, 1 one is stopped by a blocked port,\n"
      "2 error (bad URL or option, network error with curl's text, invalid redirect, too many redirects).\n"
      "Examples:\n  badport fetch http://localhost:8000/login\n"
      "  badport fetch https://example.com/ --engine chromium,firefox --json\n"
      "  badport fetch http://localhost:8000/ --as chromium\n"
      "  badport fetch -X POST -H 'Content-Type: application/json' -d '{}' http://localhost:8000/api");
  cmd->callback([opt, cmd, &state] {
    opt->has_data = cmd->count("--data") > 0;
    opt->engine_given = cmd->count("--engine") > 0;
#if BADPORT_FETCH_IN_PROCESS
    state.run = [opt, &state] { return run_fetch(*opt, state.out); };
#else
    state.run = [&state] { return exec_fetch_helper(state); };
#endif
  });
}

}  // namespace badport::cli
