// badport check PORT|RANGE|URL...: which engines refuse a port or a URL, why, since when, what
// the user sees, how to override it, and the nearest ports no engine blocks.
// badport check - (or --stdin): one port or URL per line, streamed in constant memory.

#include "options.h"
#include "report.h"

#include <badport/decision.h>
#include <badport/port_spec.h>
#include <badport/target.h>
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

using json = nlohmann::ordered_json;

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

// Writes a badport.check/2 document as its results come: constant memory whatever the range.
class check_document {
 public:
  check_document(output& out, engine_set engines) : out_(out) {
    json head;
    head["schema"] = "badport.check/2";
    head["engines"] = json::array();
    for (engine e : all_engines)
      if (engines.contains(e)) head["engines"].push_back(name(e));
    head["data"] = data_json();
    std::string text = dump(head);
    text.resize(text.size() - 2);  // drop "\n}": the document goes on
    out_.write(text + ",\n  \"results\": [");
  }

  void result(const json& r) {
    std::string text = dump(r);
    std::string indented;
    indented.reserve(text.size() + text.size() / 8);
    for (char c : text) {
      indented += c;
      if (c == '\n') indented += "    ";
    }
    out_.write(first_ ? "\n    " : ",\n    ");
    out_.write(indented);
    first_ = false;
  }

  void finish(const json& tail) {
    out_.write(first_ ? "],\n" : "\n  ],\n");
    std::string text = dump(tail);
    out_.write(std::string_view(text).substr(2));  // after "{\n": the tail's members
    out_.write("\n");
  }

 private:
  static std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }
  output& out_;
  bool first_ = true;
};

exit_status run_arguments(const check_options& opt, engine_set engines, const overrides& user, output& out) {
  // Read every argument before printing anything: bad input never leaves partial output.
  std::vector<target> targets;
  bool bad = false;
  for (const auto& text : opt.inputs) {
    auto parsed = parse_targets(text);
    if (!parsed) {
      print_error(parsed.error().message());
      bad = true;
      continue;
    }
    for (auto& t : *parsed) targets.push_back(std::move(t));
  }
  if (bad) return exit_status::error;

  decide_options options;
  options.engines = engines;
  options.user = user;
  std::uint64_t checked = 0;
  std::uint64_t blocked = 0;
  std::optional<check_document> doc;
  if (opt.json) doc.emplace(out, engines);
  bool first = true;
  for (const auto& t : targets) {
    const bool several = t.ports && t.ports->first != t.ports->last;
    const auto range = several ? suggest_for(t, options) : std::nullopt;
    std::vector<std::uint16_t> blocked_here;
    decide_each(t, options, [&](const decision& d) {
      ++checked;
      if (d.blocked()) {
        ++blocked;
        if (d.port >= 0) blocked_here.push_back(static_cast<std::uint16_t>(d.port));
      }
      if (doc) return doc->result(decision_json(t, d, range));
      if (!first && (d.blocked() || !several)) out.write("\n");
      print_decision(out, t, d, false);
      first = false;
    });
    if (doc || !several) continue;
    // A range ends with what it holds, and the run to use instead.
    out.write(fmt::format("\n{}: {} of {} ports blocked{}{}\n", t.input, blocked_here.size(), t.ports->size(),
                          blocked_here.empty() ? "" : ": ", ports_text(blocked_here)));
    if (range) out.write(fmt::format("  use instead: {}\n", interval_text(*range)));
  }
  if (doc) {
    json tail;
    tail["blocked"] = blocked > 0;
    tail["summary"] = {{"checked", checked}, {"blocked", blocked}, {"allowed", checked - blocked}};
    doc->finish(tail);
  } else if (targets.size() > 1) {
    out.write(fmt::format("\n{} checked: {} blocked, {} allowed\n", checked, blocked, checked - blocked));
  }
  return blocked > 0 ? exit_status::blocked : exit_status::ok;
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
    // A URL goes straight to the URL decision (with the fast path for totals); anything else
    // is read as people write targets: ports, ranges, host:port, Docker mappings.
    if (text.find("://") != std::string_view::npos) return url_line(text, number);
    auto targets = parse_targets(text);
    if (!targets) return invalid(text, number, targets.error());
    for (const auto& t : *targets) target_line(text, t, number);
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

  // One line's answer. `port` is set for one port; `ports` for a range; `href` for a URL.
  struct answer {
    const target* t = nullptr;
    std::optional<std::uint16_t> port;
    std::optional<port_interval> ports;
    std::optional<std::string> href;
    engine_set blocked;
  };

  void target_line(std::string_view text, const target& t, std::uint64_t number) {
    answer a;
    a.t = &t;
    if (t.address) {
      a.blocked = blocking_engines(*t.address, engines_, user_);
      a.href = std::string(t.address->href());
      if (t.ports) a.port = t.ports->first;
    } else {
      for (std::uint32_t p = t.ports->first; p <= t.ports->last; ++p)
        for (engine e : all_engines)
          if (engines_.contains(e) && !a.blocked.contains(e) && check(static_cast<int>(p), e, "http", user_).blocked)
            a.blocked.insert(e);
      if (t.ports->first == t.ports->last) a.port = t.ports->first;
      else a.ports = t.ports;
    }
    print(text, a, number);
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
    answer a;
    a.blocked = blocking_engines(*u, engines_, user_);
    a.port = u->effective_port();
    a.href = std::string(u->href());
    print(text, a, number);
  }

  void print(std::string_view text, const answer& a, std::uint64_t number) {
    decided(a.blocked);
    if (opt_.count) return;
    if (opt_.json) {
      suggest_options so;
      so.engines = engines_;
      so.user = user_;
      json j;
      j["schema"] = "badport.check.line/1";
      j["line"] = number;
      j["input"] = text;
      j["kind"] = a.t ? json(name(a.t->kind)) : json("url");
      j["read_as"] = a.t && !a.t->read_as.empty() ? json(a.t->read_as) : json(nullptr);
      j["port"] = a.port ? json(*a.port) : json(nullptr);
      j["ports"] = a.ports ? json{{"first", a.ports->first}, {"last", a.ports->last}} : json(nullptr);
      j["href"] = a.href ? json(*a.href) : json(nullptr);
      j["blocked"] = !a.blocked.empty();
      j["blocked_by"] = engine_names(a.blocked);
      j["suggestion"] = json(nullptr);
      j["range_suggestion"] = json(nullptr);
      if (!a.blocked.empty() && a.port) {
        if (const auto s = suggest_port(*a.port, so)) j["suggestion"] = *s;
      } else if (!a.blocked.empty() && a.ports) {
        if (const auto r = suggest_range(*a.ports, so)) j["range_suggestion"] = json{{"first", r->first}, {"last", r->last}};
      }
      j["error"] = nullptr;
      out_.write(j.dump(-1, ' ', false, json::error_handler_t::replace));
      out_.write("\n");
    } else {
      const std::string ports = a.port ? std::to_string(*a.port) : a.ports ? interval_text(*a.ports) : std::string("-");
      out_.write(fmt::format("{}\t{}\t{}\t{}\n", a.blocked.empty() ? "allowed" : "blocked", ports,
                             printable_line(a.href ? std::string_view(*a.href) : text), join_engines(a.blocked, ",")));
    }
  }

  void invalid(std::string_view text, std::uint64_t number, const error& err) {
    ++totals_.invalid;
    if (opt_.count) return;
    if (opt_.json) {
      json j;
      j["schema"] = "badport.check.line/1";
      j["line"] = number;
      j["input"] = text;
      j["kind"] = nullptr;
      j["read_as"] = nullptr;
      j["port"] = nullptr;
      j["ports"] = nullptr;
      j["href"] = nullptr;
      j["blocked"] = nullptr;
      j["blocked_by"] = json::array();
      j["suggestion"] = nullptr;
      j["range_suggestion"] = nullptr;
      j["error"] = err.message();
      out_.write(j.dump(-1, ' ', false, json::error_handler_t::replace));
      out_.write("\n");
    } else {
      // The line as read, escaped: it may hold terminal escapes, tabs or bidi controls.
      out_.write(fmt::format("invalid\t-\t{}\t{}\n", printable_line(text),
                             printable_line(err.reason.empty() ? err.message() : err.reason)));
    }
  }

  static json engine_names(engine_set set) {
    auto a = json::array();
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
  const std::uint64_t inputs = t.checked + t.invalid + t.skipped;
  if (opt.count) {
    if (opt.json) {
      json j;
      j["schema"] = "badport.check.count/1";
      j["inputs"] = inputs;
      j["checked"] = t.checked;
      j["blocked"] = t.blocked;
      j["allowed"] = t.allowed;
      j["invalid"] = t.invalid;
      j["skipped"] = t.skipped;
      out.write(j.dump(-1, ' ', false, json::error_handler_t::replace));
      out.write("\n");
    } else {
      out.write(fmt::format("{} inputs: {} blocked, {} allowed, {} invalid, {} skipped\n", inputs, t.blocked, t.allowed,
                            t.invalid, t.skipped));
    }
  } else {
    out.flush();
    std::fprintf(stderr, "badport: %llu inputs: %llu blocked, %llu allowed, %llu invalid, %llu skipped\n",
                 static_cast<unsigned long long>(inputs), static_cast<unsigned long long>(t.blocked),
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
                "Print JSON (schema badport.check/2); with --stdin, JSON Lines (badport.check.line/1), one per input line");
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
