// The pieces every scanner shares: findings at byte offsets, line/column arithmetic, port
// values, nesting limits, and finding JSON members in text.

#include "scan_detail.h"

#include <badport/ports.h>
#include <badport/text.h>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace badport::detail {

namespace {

// Contexts and problems quote the file (a URL, a parser's message with the bytes it stopped
// at): they must stay one line of valid UTF-8 for terminals, JSON and SARIF, cut at 200 bytes.
std::string one_line(std::string_view s) { return badport::printable_line(s, {.max_bytes = 200}); }

}  // namespace

bool finding_sink::wanted(int port) const noexcept {
  // Port 0 means "any free port" wherever a tool reads it; it is never a place a browser goes.
  return port >= 1 && port <= 65535 && !blocking_engines(port, in_.engines).empty();
}

void finding_sink::add(int port, std::size_t offset, std::size_t length, severity level, std::string_view rule,
                       std::string_view context) {
  note_used(port);
  if (!wanted(port)) return;
  add(port, offset, length, level, rule, context, blocking_engines(port, in_.engines));
}

void finding_sink::add(int port, std::size_t offset, std::size_t length, severity level, std::string_view rule,
                       std::string_view context, engine_set blocked_by) {
  if (blocked_by.empty() || port < 1 || port > 65535) return;
  // One finding per place and port, whichever reading finds it first (the Caddyfile scanner
  // could read one address twice; found by the scan_server_conf fuzz target).
  if (!seen_.emplace(offset, port).second) return;
  scan_finding f;
  f.port = static_cast<std::uint16_t>(port);
  f.level = level;
  f.offset = offset;
  f.length = length;
  const auto [line, column] = place(offset);
  f.line = line;
  f.column = column;
  f.rule = std::string(rule);
  f.context = one_line(context);
  f.blocked_by = blocked_by;
  f.kind = kind_ ? *kind_ : kind_of_rule(rule, context);
  // Kept sorted by offset as scan_report promises, whatever order a scanner reads in (the
  // Caddyfile scanner can find a later port of one address first; found by the
  // scan_server_conf fuzz target). Findings arrive nearly in order, so this walks back a step
  // or two at most.
  auto& all = out_.findings;
  auto at = all.end();
  while (at != all.begin() && std::prev(at)->offset > f.offset) --at;
  all.insert(at, std::move(f));
}

void finding_sink::note_used(int port) {
  if (port < 1 || port > 65535) return;
  auto& used = out_.ports_used;
  const auto p = static_cast<std::uint16_t>(port);
  const auto at = std::lower_bound(used.begin(), used.end(), p);
  if (at == used.end() || *at != p) used.insert(at, p);
}

void finding_sink::problem(std::size_t offset, std::string message) {
  if (offset == std::string_view::npos || offset > in_.content.size()) {
    out_.problems.push_back({0, 0, one_line(message)});
    return;
  }
  const auto [line, column] = place(offset);
  out_.problems.push_back({line, column, one_line(message)});
}

void finding_sink::problem_at(std::uint32_t line, std::uint32_t column, std::string message) {
  out_.problems.push_back({line, column, one_line(message)});
}

std::pair<std::uint32_t, std::uint32_t> finding_sink::place(std::size_t offset) const {
  const std::string_view text = in_.content;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  return {static_cast<std::uint32_t>(index + 1), static_cast<std::uint32_t>(offset - line_starts_[index] + 1)};
}

std::optional<std::uint16_t> parse_port_digits(std::string_view digits) noexcept {
  if (digits.empty()) return std::nullopt;
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  if (digits.size() - i > 5) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
    if (value > 65535) return std::nullopt;
  }
  if (value == 0) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}


bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool is_port_variable(std::string_view name) noexcept {
  return iequals(name, "PORT") || iends_with(name, "_PORT");
}

namespace {
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}
}  // namespace

std::optional<port_in_value> find_host_port(std::string_view value) noexcept {
  // Split on ':' outside brackets.
  std::size_t parts_start[4];
  std::size_t parts_end[4];
  std::size_t count = 0;
  std::size_t start = 0;
  int bracket = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size()) {
      if (value[i] == '[') ++bracket;
      else if (value[i] == ']') --bracket;
      if (value[i] != ':' || bracket > 0) continue;
    }
    if (count == 4) return std::nullopt;
    parts_start[count] = start;
    parts_end[count] = i;
    ++count;
    start = i + 1;
  }
  const auto part = [&](std::size_t k) { return value.substr(parts_start[k], parts_end[k] - parts_start[k]); };
  std::size_t pick = count - 1;
  // "6000:5000" or "127.0.0.1:6000:5000": the host side, as docker's -p reads it.
  if (count >= 2 && all_digits(part(count - 1)) && all_digits(part(count - 2))) pick = count - 2;
  const auto digits = part(pick);
  const auto port = parse_port_digits(digits);
  if (!port) return std::nullopt;
  return port_in_value{parts_start[pick], digits.size(), *port};
}

bool is_nested_too_deep(std::string_view text, bool yaml) noexcept {
  std::size_t depth = 0;
  char quote = 0;
  bool line_start = true;
  std::size_t indent = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (yaml) {
      if (c == '\n') {
        line_start = true;
        indent = 0;
        if (quote == '\'' || quote == '"') continue;  // multi-line quoted scalar
        continue;
      }
      if (line_start) {
        if (c == ' ' || c == '-' || c == '\t' || c == '?') {
          if (++indent > 2 * max_nesting_depth) return true;
          continue;
        }
        line_start = false;
      }
    }
    if (quote != 0) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '"') quote = c;
    else if (c == '[' || c == '{') {
      if (++depth > max_nesting_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

namespace {
// Skips a JSON string starting at text[i] == '"'; returns the offset after its closing quote.
std::size_t skip_string(std::string_view text, std::size_t i) noexcept {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return text.size();
}
// Skips whitespace and JSONC comments.
std::size_t skip_space(std::string_view text, std::size_t i) noexcept {
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      const auto nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const auto end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}
}  // namespace

std::vector<text_span> find_json_member_values(std::string_view text, std::string_view key) {
  std::vector<text_span> spans;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      i = skip_space(text, i);
      continue;
    }
    if (c != '"') {
      ++i;
      continue;
    }
    const std::size_t end = skip_string(text, i);
    const std::string_view name = text.substr(i + 1, end - i >= 2 ? end - i - 2 : 0);
    i = end;
    if (name != key) continue;
    std::size_t j = skip_space(text, i);
    if (j >= text.size() || text[j] != ':') continue;
    j = skip_space(text, j + 1);
    if (j >= text.size()) break;
    const std::size_t first = j;
    if (text[j] == '"') {
      j = skip_string(text, j);
    } else if (text[j] == '[' || text[j] == '{') {
      std::size_t depth = 0;
      while (j < text.size()) {
        const char d = text[j];
        if (d == '"') {
          j = skip_string(text, j);
          continue;
        }
        if (d == '/' && j + 1 < text.size() && (text[j + 1] == '/' || text[j + 1] == '*')) {
          j = skip_space(text, j);
          continue;
        }
        if (d == '[' || d == '{') ++depth;
        if (d == ']' || d == '}') {
          if (--depth == 0) {
            ++j;
            break;
          }
        }
        ++j;
      }
    } else {
      while (j < text.size() && text[j] != ',' && text[j] != '}' && text[j] != ']' && text[j] != '\n') ++j;
    }
    spans.push_back({first, j});
    // Keep searching after the key only: nested members of this value are found too.
  }
  return spans;
}

std::size_t find_port_digits(std::string_view text, std::size_t from, std::size_t to, std::uint16_t port) noexcept {
  const std::string digits = std::to_string(port);
  to = std::min(to, text.size());
  std::size_t at = from;
  while (at < to) {
    at = text.find(digits, at);
    if (at == std::string_view::npos || at + digits.size() > to) return std::string_view::npos;
    const bool left_ok = at == 0 || !is_digit(text[at - 1]);
    const bool right_ok = at + digits.size() >= text.size() || !is_digit(text[at + digits.size()]);
    if (left_ok && right_ok) return at;
    ++at;
  }
  return std::string_view::npos;
}

}  // namespace badport::detail
