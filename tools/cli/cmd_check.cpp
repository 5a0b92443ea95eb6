// badport check PORT|RANGE|URL...: which engines refuse a port or a URL, why, since when, what
// the user sees, how to override it, and the nearest ports no engine blocks.
// badport check - (or --stdin): one port or URL per line, streamed in constant memory.

#include "options.h"
#include "report.h"

#include <badport/port_spec.h>
#include <badport/text.h>
#include <badport/url.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace badport::cli {

namespace {

/// Lines longer than this are reported and skipped in streaming mode.
constexpr std::size_t max_line_length = std::size_t{64} * 1024;

struct check_options {
  std::vector<std::string> inputs;
  engine_options engines;
  bool json = false;
  bool stdin_lines = false;  ///< --stdin, or "-" among the inputs
  bool count = false;        ///< --count: only the totals
};

bool is_valid_utf8(std::string_view s) noexcept { return find_invalid_utf8(s) == std::string_view::npos; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// --- arguments ------------------------------------------------------------------------------

/// One argument of `check`, parsed.
struct check_item {
  std::string input;
  std::optional<port_interval> ports;
  std::optional<url> target;
};

/// The JSON document of `check --json` (schema badport.check/1), written result by result:
/// `check 0-65535 --json` holds one report at a time, not 65,536 of them and their tree. The
/// bytes are those of the whole document dumped with an indent of 2.
exit_status print_arguments_json(const std::vector<check_item>& items, engine_set engines, const overrides& user,
                                 output& out) {
  using json = nlohmann::ordered_json;
  // "blocked" comes before the results: decided first, port by port, without the reports.
  bool blocked = false;
  for (const auto& it : items) {
    if (it.target) {
      for (const auto& v : check_url(*it.target, engines, user)) blocked = blocked || v.blocked;
      continue;
    }
    for (std::uint32_t p = it.ports->first; p <= it.ports->last && !blocked; ++p)
      for (engine e : all_engines)
        if (engines.contains(e) && check(static_cast<int>(p), e, "http", user).blocked) blocked = true;
  }
  json head;
  head["schema"] = "badport.check/1";
  head["engines"] = json::array();
  for (engine e : all_engines)
    if (engines.contains(e)) head["engines"].push_back(name(e));
  head["blocked"] = blocked;
  head["results"] = json::array();
  std::string text = head.dump(2, ' ', false, json::error_handler_t::replace);
  text.resize(text.rfind('[') + 1);  // up to the results' opening bracket
  out.write(text);
  const char* sep = "\n";
  const auto emit = [&](const port_report& report) {
    const std::string one = port_report_json(report).dump(2, ' ', false, json::error_handler_t::replace);
    std::string shifted = sep;
    shifted += "    ";
    for (const char c : one) {
      shifted += c;
      if (c == '\n') shifted += "    ";
    }
    out.write(shifted);
    sep = ",\n";
  };
  for (const auto& it : items) {
    if (it.target) {
      emit(make_url_report(it.input, *it.target, engines, user));
      continue;
    }
    for (std::uint32_t p = it.ports->first; p <= it.ports->last; ++p)
      emit(make_port_report(it.input, static_cast<int>(p), "http", engines, user));
  }
  out.write("\n  ]\n}\n");
  return blocked ? exit_status::blocked : exit_status::ok;
}

exit_status run_arguments(const check_options& opt, engine_set engines, const overrides& user, output& out) {
  // Check every argument before printing anything: bad input never leaves partial output.
  using item = check_item;
  std::vector<item> items;
  bool bad = false;
  for (const auto& text : opt.inputs) {
    if (looks_like_port_spec(text)) {
      auto interval = parse_port_interval(text);
      if (!interval) {
        print_error(interval.error().message());
        bad = true;
        continue;
      }
      items.push_back({text, *interval, std::nullopt});
    } else {
      auto u = parse_url(text);
      if (!u) {
        print_error(u.error().message());
        bad = true;
        continue;
      }
      items.push_back({text, std::nullopt, std::move(*u)});
    }
  }
  if (bad) return exit_status::error;

  if (opt.json) return print_arguments_json(items, engines, user, out);
  exit_status status = exit_status::ok;
  bool first = true;
  const auto emit = [&](const port_report& report, bool separate) {
    if (report.blocked()) status = exit_status::blocked;
    if (!first && (report.blocked() || separate)) out.write("\n");
    print_port_report(out, report, false);
    first = false;
  };
  for (const auto& it : items) {
    if (it.target) {
      emit(make_url_report(it.input, *it.target, engines, user), true);
      continue;
    }
    for (std::uint32_t p = it.ports->first; p <= it.ports->last; ++p)
      emit(make_port_report(it.input, static_cast<int>(p), "http", engines, user), it.ports->first == it.ports->last);
  }
  return status;
}

// --- streaming --------------------------------------------------------------------------------

struct totals {
  std::uint64_t checked = 0;  ///< inputs decided (blocked + allowed)
  std::uint64_t blocked = 0;
  std::uint64_t allowed = 0;
  std::uint64_t invalid = 0;  ///< ports or URLs that do not parse
  std::uint64_t skipped = 0;  ///< lines too long or not UTF-8
};

class line_checker {
 public:
  line_checker(const check_options& opt, engine_set engines, const overrides& user, output& out)
      : opt_(opt), engines_(engines), user_(user), out_(out), decider_(engines, user) {}

  void line(std::string_view raw, std::uint64_t number) {
    const std::string_view text = trim(raw);
    if (text.empty()) return;
    if (!is_valid_utf8(text)) {
      skip(number, fail(errc::invalid_utf8, {}, "line skipped").message());
      return;
    }
    if (looks_like_port_spec(text)) port_line(text, number);
    else url_line(text, number);
  }

  void too_long(std::uint64_t number) {
    skip(number, fmt::format("{}: over {} bytes, line skipped", describe(errc::line_too_long), max_line_length));
  }

  [[nodiscard]] const totals& counts() const noexcept { return totals_; }

 private:
  void skip(std::uint64_t number, const std::string& message) {
    ++totals_.skipped;
    print_error(fmt::format("<stdin>:{}: {}", number, message));
  }

  void decided(engine_set blocked) {
    ++totals_.checked;
    if (blocked.empty()) ++totals_.allowed;
    else ++totals_.blocked;
  }

  void port_line(std::string_view text, std::uint64_t number) {
    auto interval = parse_port_interval(text);
    if (!interval) return invalid(text, number, interval.error());
    engine_set blocked;
    for (std::uint32_t p = interval->first; p <= interval->last; ++p)
      for (engine e : all_engines)
        if (engines_.contains(e) && check(static_cast<int>(p), e, "http", user_).blocked) blocked.insert(e);
    decided(blocked);
    if (opt_.count) return;
    const std::string ports = interval->first == interval->last
                                  ? std::to_string(interval->first)
                                  : fmt::format("{}-{}", interval->first, interval->last);
    if (opt_.json) {
      nlohmann::ordered_json j;
      j["line"] = number;
      j["input"] = text;
      j["port"] = ports;
      j["href"] = nullptr;
      j["blocked"] = !blocked.empty();
      j["blocked_by"] = engine_names(blocked);
      j["error"] = nullptr;
      out_.write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      out_.write("\n");
    } else {
      out_.write(fmt::format("{}\t{}\t{}\t{}\n", blocked.empty() ? "allowed" : "blocked", ports, printable_line(text),
                             join_engines(blocked, ",")));
    }
  }

  void url_line(std::string_view text, std::uint64_t number) {
    if (opt_.count) {
      // Totals only: the fast path decides plain URLs from scheme and authority.
      auto blocked = decider_.blocking_engines(text);
      if (!blocked) return invalid(text, number, blocked.error());
      return decided(*blocked);
    }
    auto u = parse_url(text);
    if (!u) return invalid(text, number, u.error());
    const engine_set blocked = blocking_engines(*u, engines_, user_);
    decided(blocked);
    const auto port = u->effective_port();
    if (opt_.json) {
      nlohmann::ordered_json j;
      j["line"] = number;
      j["input"] = text;
      j["port"] = port ? nlohmann::ordered_json(*port) : nlohmann::ordered_json(nullptr);
      j["href"] = u->href();
      j["blocked"] = !blocked.empty();
      j["blocked_by"] = engine_names(blocked);
      j["error"] = nullptr;
      out_.write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      out_.write("\n");
    } else {
      out_.write(fmt::format("{}\t{}\t{}\t{}\n", blocked.empty() ? "allowed" : "blocked",
                             port ? std::to_string(*port) : std::string("-"), u->href(),
                             join_engines(blocked, ",")));
    }
  }

  void invalid(std::string_view text, std::uint64_t number, const error& err) {
    ++totals_.invalid;
    if (opt_.count) return;
    if (opt_.json) {
      nlohmann::ordered_json j;
      j["line"] = number;
      j["input"] = text;
      j["port"] = nullptr;
      j["href"] = nullptr;
      j["blocked"] = nullptr;
      j["blocked_by"] = nlohmann::ordered_json::array();
      j["error"] = err.message();
      out_.write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      out_.write("\n");
    } else {
      // The line as read, escaped: it may hold terminal escapes, tabs or bidi controls.
      out_.write(fmt::format("invalid\t-\t{}\t{}\n", printable_line(text),
                             printable_line(err.reason.empty() ? err.message() : err.reason)));
    }
  }

  static nlohmann::ordered_json engine_names(engine_set set) {
    auto a = nlohmann::ordered_json::array();
    for (engine e : all_engines)
      if (set.contains(e)) a.push_back(name(e));
    return a;
  }

  const check_options& opt_;
  engine_set engines_;
  const overrides& user_;
  output& out_;
  url_decider decider_;
  totals totals_;
};

// Reads standard input in fixed-size chunks and hands each line to the checker: memory stays
// the same whatever the input size. Returns false when reading fails.
bool stream_stdin(line_checker& checker, std::uint64_t& number) {
  constexpr std::size_t capacity = std::size_t{256} * 1024;
  static_assert(capacity > 2 * max_line_length);
  const auto buffer = std::make_unique<char[]>(capacity);
  char* const buf = buffer.get();
  std::size_t begin = 0;
  std::size_t end = 0;
  bool skipping = false;  // inside a line already reported as too long
  while (true) {
    if (begin == end) {
      begin = end = 0;
    } else if (capacity - end < max_line_length + 1) {
      std::memmove(buf, buf + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    const ssize_t n = ::read(STDIN_FILENO, buf + end, capacity - end);
    if (n < 0) {
      if (errno == EINTR) continue;
      print_error(fmt::format("{} <stdin>: {}", describe(errc::io_error), std::strerror(errno)));
      return false;
    }
    if (n == 0) break;
    end += static_cast<std::size_t>(n);
    while (begin < end) {
      const auto* nl = static_cast<const char*>(std::memchr(buf + begin, '\n', end - begin));
      if (nl == nullptr) break;
      const auto stop = static_cast<std::size_t>(nl - buf);
      ++number;
      if (skipping) skipping = false;
      else if (stop - begin > max_line_length) checker.too_long(number);
      else checker.line(std::string_view(buf + begin, stop - begin), number);
      begin = stop + 1;
    }
    if (!skipping && end - begin > max_line_length) {
      checker.too_long(number + 1);
      skipping = true;
    }
    if (skipping) begin = end;  // drop the rest of the long line as it arrives
  }
  if (begin < end && !skipping) checker.line(std::string_view(buf + begin, end - begin), ++number);
  else if (skipping) ++number;
  return true;
}

exit_status run_stream(const check_options& opt, engine_set engines, const overrides& user, output& out) {
  line_checker checker(opt, engines, user, out);
  std::uint64_t number = 0;
  bool read_ok = true;
  bool stdin_done = false;
  for (const auto& text : opt.inputs) {
    if (text == "-") {
      if (!stdin_done) read_ok = stream_stdin(checker, number);
      stdin_done = true;
    } else {
      checker.line(text, 0);
    }
  }
  if (!stdin_done) read_ok = stream_stdin(checker, number);
  const totals& t = checker.counts();
  if (opt.count) {
    if (opt.json) {
      nlohmann::ordered_json j;
      j["schema"] = "badport.check.count/1";
      j["checked"] = t.checked;
      j["blocked"] = t.blocked;
      j["allowed"] = t.allowed;
      j["invalid"] = t.invalid;
      j["skipped"] = t.skipped;
      out.write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      out.write("\n");
    } else {
      out.write(fmt::format("{} checked: {} blocked, {} allowed, {} invalid, {} skipped\n", t.checked, t.blocked,
                            t.allowed, t.invalid, t.skipped));
    }
  } else {
    out.flush();
    std::fprintf(stderr, "badport: %llu checked: %llu blocked, %llu allowed, %llu invalid, %llu skipped\n",
                 static_cast<unsigned long long>(t.checked), static_cast<unsigned long long>(t.blocked),
                 static_cast<unsigned long long>(t.allowed), static_cast<unsigned long long>(t.invalid),
                 static_cast<unsigned long long>(t.skipped));
  }
  if (!read_ok || t.invalid > 0 || t.skipped > 0) return exit_status::error;
  return t.blocked > 0 ? exit_status::blocked : exit_status::ok;
}

exit_status run_check(check_options opt, output& out) {
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
  if (std::find(opt.inputs.begin(), opt.inputs.end(), "-") != opt.inputs.end()) opt.stdin_lines = true;
  if (opt.count && !opt.stdin_lines) {
    print_error(fmt::format("{}: --count needs --stdin or -", describe(errc::invalid_argument)));
    return exit_status::error;
  }
  if (opt.stdin_lines) return run_stream(opt, *engines, *user, out);
  if (opt.inputs.empty()) {
    print_error(fmt::format("{}: nothing to check; give ports, URLs, or - for standard input",
                            describe(errc::invalid_argument)));
    return exit_status::error;
  }
  return run_arguments(opt, *engines, *user, out);
}

}  // namespace

void add_check_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<check_options>();
  auto* cmd = root.add_subcommand(
      "check", "Check ports and URLs: which engines block them, why, since when, and what to use instead");
  cmd->add_option("inputs", opt->inputs,
                  "Ports (6000), ranges (6000-6010), URLs (http://localhost:6000/), or - for standard input; "
                  "leading zeros read as decimal")
      ->allow_extra_args();
  cmd->add_flag("--stdin", opt->stdin_lines, "Read one port or URL per line from standard input");
  cmd->add_flag("--count", opt->count, "With --stdin: print only the totals");
  add_engine_flag(*cmd, opt->engines);
  add_override_flags(*cmd, opt->engines);
  cmd->add_flag("--json", opt->json,
                "Print JSON (schema badport.check/1); with --stdin, JSON Lines, one object per input line");
  cmd->footer(
      "A URL is parsed as browsers parse it (WHATWG URL Standard) and decided on its effective port: its\n"
      "port, else its scheme's default. Fetch, Node and Deno check only an explicit port on http(s)/ws(s).\n"
      "With --stdin: one line per input (blocked|allowed|invalid, port, href or port, engines), a summary\n"
      "on stderr. Lines over 64 KiB or not UTF-8 are reported with their number and skipped.\n"
      "Exit status: 0 no chosen engine blocks any input, 1 some input is blocked, 2 error (an invalid\n"
      "port or URL, or, with --stdin, any invalid or skipped line).\n"
      "Examples:\n  badport check 6000\n  badport check http://localhost:6000/ 'ws://[::1]:5060/socket'\n"
      "  badport check 5060-5061 --engine chromium,firefox\n"
      "  badport check 6000 --chromium-flags '--explicitly-allowed-ports=6000'\n"
      "  grep -o 'https\\?://[^ ]*' access.log | badport check --stdin --count");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_check(*opt, state.out); }; });
}

}  // namespace badport::cli
