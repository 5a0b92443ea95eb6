#pragma once
// Shared pieces of the scanners: the sink that turns a port at a byte offset into a finding,
// line/column arithmetic, the dev-server command-line reader and the URL finder.

#include <badport/scan.h>
#include <badport/text.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace badport::detail {

/// Collects findings for one file, keeping only ports one of the chosen engines blocks.
class finding_sink {
 public:
  finding_sink(const scan_input& in, scan_report& out) : in_(in), out_(out) {}

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

  /// The kind stamped on the findings added from now on; unset, it follows from the rule and
  /// the context (kind_of_rule).
  void set_kind(std::optional<finding_kind> k) noexcept { kind_ = k; }
  /// Records a port the file publishes or listens on, blocked or not (add does it too).
  void note_used(int port);

  /// A problem at a byte offset of the content (npos: place unknown).
  void problem(std::size_t offset, std::string message);
  /// A problem at a known line and column (1-based).
  void problem_at(std::uint32_t line, std::uint32_t column, std::string message);

  /// 1-based line and column (bytes) of a byte offset.
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> place(std::size_t offset) const;

 private:
  const scan_input& in_;
  scan_report& out_;
  mutable std::vector<std::size_t> line_starts_;
  std::set<std::pair<std::size_t, int>> seen_;  // (offset, port) already added: one finding per place
  std::optional<finding_kind> kind_;
};

/// The kind of place of a finding whose scanner set none, from its rule and context.
[[nodiscard]] finding_kind kind_of_rule(std::string_view rule, std::string_view context) noexcept;

/// A port written in decimal digits only, 1..65535 (leading zeros allowed, at most 5 digits
/// after them); nullopt otherwise.
[[nodiscard]] std::optional<std::uint16_t> parse_port_digits(std::string_view digits) noexcept;


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

/// Finds http/https/ws/wss URLs with an explicit port in content[from, to).
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

/// Whether the nesting of brackets/braces (and, for YAML, indentation) goes deeper than
/// max_nesting_depth: checked before a recursive parser sees the text.
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

}  // namespace badport::detail
