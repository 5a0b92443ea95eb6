#pragma once
// Shared pieces of the scanners: the sink that turns a port at a byte offset into a finding
// (and keeps every file within the bounds of scan.h), line/column arithmetic, the dev-server
// command-line reader, the URL finder, and Compose's `${VAR}` interpolation from `.env`.
//
// Writing a scanner: a function `void scan_x_into(finding_sink&)` that reads sink.content()
// and calls sink.add() for each port it reads (sink.add_range() for a range, sink.add_env()
// for a value taken from .env, sink.problem() for what it cannot read); then a public
// `scan_report scan_x(const scan_input&)` that is `return detail::run_scanner(in, scan_x_into);`
// and a line in scan_format_of (scan.cpp). The sink decides which ports are wanted, keeps one
// finding per place and port, sorts, caps, and quotes the line: a scanner needs no limit of
// its own beyond reading its text in time linear in its size.

#include <badport/scan.h>
#include <badport/text.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace badport::detail {

/// Collects the findings of one file, keeping only ports one of the chosen engines blocks,
/// within max_findings_per_file (the first by place) and max_findings_per_range.
class finding_sink {
 public:
  finding_sink(const scan_input& in, scan_report& out) : in_(in), out_(out) {}
  finding_sink(const finding_sink&) = delete;
  finding_sink& operator=(const finding_sink&) = delete;

  [[nodiscard]] std::string_view content() const noexcept { return in_.content; }
  [[nodiscard]] const scan_input& input() const noexcept { return in_; }

  /// Whether `port` (1..65535) would be reported.
  [[nodiscard]] bool wanted(int port) const noexcept;

  /// Adds a finding for `port` whose digits are content[offset, offset+length) (length 0 when
  /// they are not written literally; offset then says where the value is).
  void add(int port, std::size_t offset, std::size_t length, severity level, std::string_view rule,
           std::string_view context);
  /// The same, with the engines already decided (by the URL parser).
  void add(int port, std::size_t offset, std::size_t length, severity level, std::string_view rule,
           std::string_view context, engine_set blocked_by);
  /// A range of ports written at content[offset, offset+length) ("6665-6669"; length 0 when not
  /// literal): one finding per blocked port, in order, at most max_findings_per_range; the
  /// count of the others goes on the last one. Costs the number of blocked ports in the range,
  /// not its width.
  void add_range(int first, int last, std::size_t offset, std::size_t length, severity level,
                 std::string_view rule, std::string_view context);
  /// A port used at content[offset] whose digits are dotenv[dotenv_offset, +dotenv_length) of
  /// the `.env` beside the file (scan_input::dotenv).
  void add_env(int port, std::size_t offset, std::size_t dotenv_offset, std::size_t dotenv_length, severity level,
               std::string_view rule, std::string_view context);

  /// The kind stamped on the findings added from now on; unset, it follows from the rule and
  /// the context (kind_of_rule).
  void set_kind(std::optional<finding_kind> k) noexcept { kind_ = k; }
  /// Records a port the file publishes or listens on, blocked or not (add does it too).
  void note_used(int port);
  /// Takes in the report of a scanner that ran on the same file with a sink of its own:
  /// its findings (their kinds kept, one per place and port, the first reading winning; the
  /// per-file cap applies to the whole), problems, and the ports it saw used.
  void absorb(scan_report report);

  /// A problem at a byte offset of the content (npos: place unknown).
  void problem(std::size_t offset, std::string message);
  /// A problem at a known line and column (1-based).
  void problem_at(std::uint32_t line, std::uint32_t column, std::string message);

  /// 1-based line and column (bytes) of a byte offset.
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> place(std::size_t offset) const;

 private:
  /// Adds a finding in place order under the cap; `kind_known`: the finding's kind is already
  /// set (absorbed from another sink).
  void keep(scan_finding f, bool kind_known = false);
  void fill(scan_finding& f) const;
  [[nodiscard]] std::size_t line_index(std::size_t offset) const;

  const scan_input& in_;
  scan_report& out_;
  mutable std::vector<std::size_t> line_starts_;
  std::set<std::pair<std::size_t, int>> seen_;  // (offset, port) already added: one finding per place
  std::optional<finding_kind> kind_;
};

/// The scanner `fn` on `in`, alone, as a report.
template <class Fn>
scan_report run_scanner(const scan_input& in, Fn&& fn) {
  scan_report out;
  finding_sink sink(in, out);
  fn(sink);
  return out;
}

/// The scanners, each writing into the sink of one file (scan.h's scan_x(in) runs one alone;
/// scan_file runs its format's scanner, then the URL scanner, into one sink).
void scan_compose_into(finding_sink& sink);
void scan_dockerfile_into(finding_sink& sink);
void scan_dotenv_into(finding_sink& sink);
void scan_package_json_into(finding_sink& sink);
void scan_procfile_into(finding_sink& sink);
void scan_makefile_into(finding_sink& sink);
void scan_shell_into(finding_sink& sink);
void scan_devcontainer_into(finding_sink& sink);
void scan_launch_settings_into(finding_sink& sink);
void scan_spring_properties_into(finding_sink& sink);
void scan_yaml_into(finding_sink& sink);
void scan_server_conf_into(finding_sink& sink);
void scan_caddyfile_into(finding_sink& sink);
void scan_urls_into(finding_sink& sink);

/// A count of the YAML nodes a file's readers visit, aliases included, shared by every reader
/// of the file: past max_yaml_nodes it says so once (a problem) and every visit() is false.
class node_budget {
 public:
  explicit node_budget(finding_sink& sink) : sink_(sink) {}
  /// Spends one node; false once the budget is spent.
  [[nodiscard]] bool visit();
  [[nodiscard]] bool exhausted() const noexcept { return left_ == 0; }

 private:
  finding_sink& sink_;
  std::size_t left_ = max_yaml_nodes;
};

/// The kind of place of a finding whose scanner set none, from its rule and context.
[[nodiscard]] finding_kind kind_of_rule(std::string_view rule, std::string_view context) noexcept;

/// A port written in decimal digits only, 1..65535 (leading zeros allowed, at most 5 digits
/// after them); nullopt otherwise.
[[nodiscard]] std::optional<std::uint16_t> parse_port_digits(std::string_view digits) noexcept;

/// A port or a range "6000-6005" (first <= last); nullopt when it does not parse.
[[nodiscard]] std::optional<port_interval> parse_port_or_range(std::string_view s) noexcept;

/// Calls `fn(line, offset_of_line)` for each line (without its "\n" or "\r\n").
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line, start);
    start = end + 1;
  }
}

/// Reads the dev-server command line `line` (at `offset` in the content): `--port 6000`,
/// `--port=6000`, `-p 6000`, `PORT=6000 cmd`, `python -m http.server 6000`, `-b 0.0.0.0:6000`,
/// `runserver 0.0.0.0:6000`, `php -S localhost:6000`, `docker run -p 6000:5000`, ...
void scan_command_line(finding_sink& sink, std::string_view line, std::size_t offset, severity level,
                       std::string_view what);

/// Reads an exec-form command, a JSON array of strings (`["vite","--port","6000"]`, as
/// Dockerfile CMD/RUN/ENTRYPOINT write it), at `offset` in the content, with the same rules as
/// scan_command_line. Returns false (and reads nothing) when `text` is not such an array.
bool scan_exec_form(finding_sink& sink, std::string_view text, std::size_t offset, severity level,
                    std::string_view what);

/// Finds http/https/ws/wss URLs with an explicit port in content[from, to), in time linear in
/// to - from.
void scan_urls_in(finding_sink& sink, std::size_t from, std::size_t to, std::string_view what);

/// A port value as written after a host: `6000`, `host:6000`, `[::1]:6000`, `*:6000`,
/// `ip:6000:5000` (the host side, as `docker run -p` reads it). Returns the offset and length of
/// the digits within `value`, or nullopt.
struct port_in_value {
  std::size_t offset;
  std::size_t length;
  std::uint16_t port;
};
[[nodiscard]] std::optional<port_in_value> find_host_port(std::string_view value) noexcept;

/// Whether the nesting of brackets/braces (and, for YAML, of block collections, whatever their
/// indentation step) goes deeper than max_nesting_depth: checked before a recursive parser
/// sees the text.
[[nodiscard]] bool is_nested_too_deep(std::string_view text, bool yaml) noexcept;

/// ASCII case-insensitive comparisons.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
[[nodiscard]] bool iends_with(std::string_view s, std::string_view suffix) noexcept;

/// Whether the environment variable name is PORT or ends with _PORT (any case).
[[nodiscard]] bool is_port_variable(std::string_view name) noexcept;

/// The span [first, last) of the JSON value of the first member named `key` at or after `from`
/// (a text search that skips strings and comments), or nullopt.
struct text_span {
  std::size_t first;
  std::size_t last;
};
[[nodiscard]] std::vector<text_span> find_json_member_values(std::string_view text, std::string_view key);

/// The offset of the digits of `port` standing alone (no digit on either side) in
/// text[from, to), or npos.
[[nodiscard]] std::size_t find_port_digits(std::string_view text, std::size_t from, std::size_t to,
                                           std::uint16_t port) noexcept;

/// The source line around content[at, at+length), cut to about max_excerpt_bytes and made
/// printable, with the column and length of the quoted part in it (see scan_finding).
struct line_excerpt {
  std::string text;
  std::uint32_t column = 1;
  std::uint32_t length = 1;
};
[[nodiscard]] line_excerpt make_excerpt(std::string_view line, std::size_t at, std::size_t length);

// ---- Compose interpolation from .env ------------------------------------------------------

/// A variable of a `.env` file: its value, and where the value's bytes are in the file.
struct dotenv_value {
  std::string value;
  std::size_t offset = 0;  ///< of the value in the .env text
  bool verbatim = false;   ///< value == text.substr(offset, value.size()) (not quoted with escapes)
};
using dotenv_vars = std::map<std::string, dotenv_value, std::less<>>;

/// The variables of a `.env` text as Compose reads them (`NAME=value`, `export NAME=value`,
/// quotes, ` #` comments); the last definition of a name wins.
[[nodiscard]] dotenv_vars read_dotenv(std::string_view text);

/// Where a run of bytes of an interpolated value comes from.
struct value_run {
  std::size_t first = 0;   ///< in the interpolated text
  std::size_t length = 0;
  bool from_dotenv = false;  ///< false: from the text interpolated; true: from the .env text
  std::size_t source = 0;    ///< offset of the run in the text it comes from
};

/// A value after interpolation, with the origin of its bytes.
struct interpolated_value {
  std::string text;
  std::vector<value_run> runs;  ///< in order, not overlapping; bytes of no run come from "$$"
  /// The run that holds all of text[first, first+length), shifted to start there; nullopt
  /// when those bytes do not come from one place.
  [[nodiscard]] std::optional<value_run> origin(std::size_t first, std::size_t length) const;
};

/// `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?err}`,
/// `${VAR?err}`, `$VAR` and `$$` as Compose reads them, taking variables from `.env` only.
/// Linear in the size of `s` and of the values it takes.
[[nodiscard]] interpolated_value interpolate(std::string_view s, const dotenv_vars& vars);

}  // namespace badport::detail
