// The pieces every scanner shares: findings at byte offsets, line/column arithmetic, port
// values, nesting limits, and finding JSON members in text.

#include "scan_detail.h"

#include <badport/ports.h>
#include <badport/text.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <span>

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
  f.rule = std::string(rule);
  f.context = one_line(context);
  f.blocked_by = blocked_by;
  keep(std::move(f));
}

void finding_sink::add_range(int first, int last, std::size_t offset, std::size_t length, severity level,
                             std::string_view rule, std::string_view context) {
  if (first < 1 || last > 65535 || first > last) return;
  if (first == last) {
    add(first, offset, length, level, rule, context);
    return;
  }
  // A replacement plan must not land inside a range the project uses; a range wider than a
  // few thousand ports (EXPOSE 1-65535) says nothing a plan could use, and would cost memory.
  if (last - first < 4096)
    for (int p = first; p <= last; ++p) note_used(p);
  // Only ports some engine lists can be blocked: walk those, not the range's width.
  const auto ports = known_ports();
  const auto from = std::lower_bound(ports.begin(), ports.end(), first,
                                     [](const port_info& p, int v) { return p.port < v; });
  std::size_t total = 0;
  for (auto it = from; it != ports.end() && it->port <= last; ++it)
    if (wanted(it->port) && seen_.count({offset, it->port}) == 0) ++total;
  std::size_t reported = 0;
  for (auto it = from; it != ports.end() && it->port <= last && reported < max_findings_per_range; ++it) {
    if (!wanted(it->port) || !seen_.emplace(offset, it->port).second) continue;
    ++reported;
    scan_finding f;
    f.port = it->port;
    f.level = level;
    f.offset = offset;
    f.range_first = static_cast<std::uint16_t>(first);
    f.range_last = static_cast<std::uint16_t>(last);
    f.range_length = length;
    if (reported == max_findings_per_range || reported == total)
      f.more_in_range = static_cast<std::uint32_t>(total - reported);
    f.rule = std::string(rule);
    f.context = one_line(context);
    f.blocked_by = blocking_engines(it->port, in_.engines);
    keep(std::move(f));
  }
}

void finding_sink::add_env(int port, std::size_t offset, std::size_t dotenv_offset, std::size_t dotenv_length,
                           severity level, std::string_view rule, std::string_view context) {
  note_used(port);
  if (!wanted(port) || !seen_.emplace(offset, port).second) return;
  scan_finding f;
  f.port = static_cast<std::uint16_t>(port);
  f.level = level;
  f.offset = offset;
  f.dotenv_offset = dotenv_offset;
  f.dotenv_length = dotenv_length;
  f.rule = std::string(rule);
  f.context = one_line(context);
  f.blocked_by = blocking_engines(port, in_.engines);
  keep(std::move(f));
}

void finding_sink::absorb(scan_report report) {
  for (const auto p : report.ports_used) note_used(p);
  out_.more_findings += report.more_findings;
  for (auto& f : report.findings)
    if (seen_.emplace(f.offset, f.port).second) keep(std::move(f), true);
  for (auto& p : report.problems) out_.problems.push_back(std::move(p));
}

void finding_sink::keep(scan_finding f, bool kind_known) {
  // Sorted by place, as scan_report promises, whatever order the scanners read in; past the
  // cap, only the first findings by place are kept and the others are counted.
  const auto before = [](const scan_finding& a, const scan_finding& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.port < b.port;
  };
  if (!kind_known) f.kind = kind_ ? *kind_ : kind_of_rule(f.rule, f.context);
  auto& all = out_.findings;
  if (all.size() >= max_findings_per_file) {
    ++out_.more_findings;
    if (!before(f, all.back())) return;
    all.pop_back();
  }
  fill(f);
  all.insert(std::upper_bound(all.begin(), all.end(), f, before), std::move(f));
}

std::size_t finding_sink::line_index(std::size_t offset) const {
  const std::string_view text = in_.content;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::size_t>(it - line_starts_.begin()) - 1;
}

void finding_sink::fill(scan_finding& f) const {
  const std::string_view text = in_.content;
  const std::size_t at = std::min(f.offset, text.size());
  const std::size_t index = line_index(at);
  const std::size_t start = line_starts_[index];
  std::size_t end = index + 1 < line_starts_.size() ? line_starts_[index + 1] - 1 : text.size();
  if (end > start && text[end - 1] == '\r') --end;
  f.line = static_cast<std::uint32_t>(index + 1);
  f.column = static_cast<std::uint32_t>(at - start + 1);
  const std::size_t marked = f.range_length > 0 ? f.range_length : f.length;
  auto e = make_excerpt(text.substr(start, end - start), at - start, marked);
  f.excerpt = std::move(e.text);
  f.excerpt_column = e.column;
  f.excerpt_length = e.length;
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
  const std::size_t index = line_index(offset);
  return {static_cast<std::uint32_t>(index + 1), static_cast<std::uint32_t>(offset - line_starts_[index] + 1)};
}

bool node_budget::visit() {
  if (left_ == 0) return false;
  if (--left_ == 0) {
    sink_.problem(std::string_view::npos,
                  "YAML has more than " + std::to_string(max_yaml_nodes) + " nodes (aliases?); read in part");
    return false;
  }
  return true;
}

line_excerpt make_excerpt(std::string_view line, std::size_t at, std::size_t length) {
  at = std::min(at, line.size());
  length = std::min(length, line.size() - at);
  constexpr std::size_t budget = max_excerpt_bytes;
  const auto is_continuation = [&](std::size_t i) { return (static_cast<unsigned char>(line[i]) & 0xc0) == 0x80; };
  std::size_t first = 0, last = line.size();
  std::size_t marked = length;
  if (line.size() > budget) {
    marked = std::min(length, budget / 2);
    first = at > budget / 4 ? at - budget / 4 : 0;
    last = std::min(line.size(), std::max(first + budget, at + marked));
    // Never cut a UTF-8 sequence in two.
    while (first > 0 && first < at && is_continuation(first)) ++first;
    while (last < line.size() && last > at + marked && is_continuation(last)) --last;
  }
  const printable_options keep{.max_bytes = std::string::npos, .escape_quotes = false, .keep_tabs = true};
  const std::string before = printable_line(line.substr(first, at - first), keep);
  const std::string port = printable_line(line.substr(at, marked), keep);
  const std::string after = printable_line(line.substr(at + marked, last - at - marked), keep);
  line_excerpt e;
  if (first > 0) e.text = "...";
  e.text += before;
  e.column = static_cast<std::uint32_t>(e.text.size() + 1);
  e.length = static_cast<std::uint32_t>(std::max<std::size_t>(port.size(), 1));
  e.text += port;
  e.text += after;
  if (last < line.size()) e.text += "...";
  return e;
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

namespace {

// Flow nesting ('[' and '{' outside quotes) of JSON, or of YAML when `yaml`; the YAML block
// levels are counted by is_nested_too_deep.
struct flow_depth {
  std::size_t depth = 0;
  char quote = 0;
  // Reads one character; returns false when the depth passes the limit.
  bool read(std::string_view text, std::size_t& i) noexcept {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
      return true;
    }
    if (c == '"') quote = c;
    else if (c == '[' || c == '{') return ++depth <= max_nesting_depth;
    else if ((c == ']' || c == '}') && depth > 0) --depth;
    return true;
  }
};

bool is_json_too_deep(std::string_view text) noexcept {
  flow_depth flow;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!flow.read(text, i)) return true;
  return false;
}

}  // namespace

bool is_nested_too_deep(std::string_view text, bool yaml) noexcept {
  if (!yaml) return is_json_too_deep(text);
  // Block collections nest by indentation, one level per deeper indentation whatever its step
  // (one space is enough), and one per "- " or "? " that starts a line's content: a stack of
  // the indentations open on the current line. Block scalars ("|", ">") are skipped, and so
  // are lines inside a flow collection or a quoted scalar, where indentation means nothing.
  std::vector<std::size_t> open;
  flow_depth flow;
  std::size_t scalar_indent = std::string_view::npos;  // inside a block scalar deeper than this
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t line_start = i;
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    std::size_t k = i;
    while (k < end && (text[k] == ' ' || text[k] == '\t')) ++k;
    const std::size_t indent = k - line_start;
    const bool blank = k == end || text[k] == '\r' || text[k] == '#';
    if (scalar_indent != std::string_view::npos) {
      if (blank || indent > scalar_indent) {
        i = end + 1;
        continue;
      }
      scalar_indent = std::string_view::npos;
    }
    if (!blank && flow.depth == 0 && flow.quote == 0) {
      if (text.substr(k, 3) == "---" || text.substr(k, 3) == "...") open.clear();
      while (!open.empty() && open.back() > indent) open.pop_back();
      if (open.empty() || open.back() < indent) open.push_back(indent);
      // "- - - x": each indicator opens a collection at the column of what follows it.
      while (k + 1 < end && (text[k] == '-' || text[k] == '?') && (text[k + 1] == ' ' || text[k + 1] == '\t')) {
        k += 2;
        while (k < end && (text[k] == ' ' || text[k] == '\t')) ++k;
        const std::size_t column = k - line_start;
        if (open.back() < column) open.push_back(column);
      }
      if (open.size() > max_nesting_depth) return true;
      // "key: |", "- >-": a block scalar; its lines are text.
      std::size_t last = end;
      while (last > k && (text[last - 1] == ' ' || text[last - 1] == '\r' || text[last - 1] == '\t')) --last;
      std::size_t mark = last;
      while (mark > k && std::string_view("+-0123456789").find(text[mark - 1]) != std::string_view::npos) --mark;
      if (mark > k && (text[mark - 1] == '|' || text[mark - 1] == '>') &&
          (mark - 1 == k || text[mark - 2] == ' ' || text[mark - 2] == '\t'))
        scalar_indent = indent;
    }
    for (std::size_t j = k; j < end; ++j) {
      if (flow.quote == 0 && text[j] == '#' && (j == line_start || text[j - 1] == ' ' || text[j - 1] == '\t')) break;
      if (!flow.read(text, j)) return true;
      if (flow.depth + open.size() > max_nesting_depth) return true;
    }
    i = end + 1;
  }
  return false;
}

std::optional<port_interval> parse_port_or_range(std::string_view s) noexcept {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    const auto p = parse_port_digits(s);
    if (!p) return std::nullopt;
    return port_interval{*p, *p};
  }
  const auto lo = parse_port_digits(s.substr(0, dash));
  const auto hi = parse_port_digits(s.substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return port_interval{*lo, *hi};
}

// ---- Compose interpolation --------------------------------------------------------------------

dotenv_vars read_dotenv(std::string_view text) {
  dotenv_vars vars;
  for_each_line(text, [&](std::string_view line, std::size_t offset) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size() || line[i] == '#') return;
    if (line.substr(i, 7) == "export ") i += 7;
    const auto eq = line.find('=', i);
    if (eq == std::string_view::npos) return;
    auto name = line.substr(i, eq - i);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    std::size_t v = eq + 1;
    while (v < line.size() && (line[v] == ' ' || line[v] == '\t')) ++v;
    std::size_t w = line.size();
    while (w > v && (line[w - 1] == ' ' || line[w - 1] == '\t' || line[w - 1] == '\r')) --w;
    std::string_view value = line.substr(v, w - v);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      ++v;
      value = value.substr(1, value.size() - 2);
    } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = value.substr(0, hash);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    }
    vars[std::string(name)] = dotenv_value{std::string(value), offset + v, true};
  });
  return vars;
}

std::optional<value_run> interpolated_value::origin(std::size_t first, std::size_t length) const {
  for (const auto& r : runs) {
    if (first < r.first || first - r.first + length > r.length) continue;
    return value_run{first, length, r.from_dotenv, r.source + (first - r.first)};
  }
  return std::nullopt;
}

interpolated_value interpolate(std::string_view s, const dotenv_vars& vars) {
  interpolated_value out;
  const auto literal = [&](std::size_t from, std::size_t length) {
    if (length == 0) return;
    auto& runs = out.runs;
    if (!runs.empty() && !runs.back().from_dotenv && runs.back().first + runs.back().length == out.text.size() &&
        runs.back().source + runs.back().length == from)
      runs.back().length += length;
    else
      runs.push_back({out.text.size(), length, false, from});
    out.text.append(s.substr(from, length));
  };
  const auto value = [&](const dotenv_value& v) {
    if (v.value.empty()) return;
    if (v.verbatim) out.runs.push_back({out.text.size(), v.value.size(), true, v.offset});
    out.text += v.value;
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t dollar = s.find('$', i);
    if (dollar == std::string_view::npos || dollar + 1 >= s.size()) {
      literal(i, s.size() - i);
      break;
    }
    literal(i, dollar - i);
    i = dollar;
    if (s[i + 1] == '$') {
      out.text += '$';
      i += 2;
      continue;
    }
    if (s[i + 1] == '{') {
      const auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        literal(i, s.size() - i);
        break;
      }
      const std::size_t inner_at = i + 2;
      const auto inner = s.substr(inner_at, close - inner_at);
      const auto sep = inner.find_first_of(":-?+");
      const auto name = inner.substr(0, sep);
      const auto it = vars.find(name);
      const bool set = it != vars.end();
      const bool nonempty = set && !it->second.value.empty();
      if (sep == std::string_view::npos) {
        if (set) value(it->second);
      } else {
        const bool colon = inner[sep] == ':';
        const char op = colon && sep + 1 < inner.size() ? inner[sep + 1] : inner[sep];
        // "${NAME:}" has no operator and no argument (found by the scan_yaml fuzz target).
        const std::size_t arg = std::min(inner.size(), sep + (colon ? 2 : 1));
        const bool use_value = colon ? nonempty : set;
        if (op == '-') {
          if (use_value) value(it->second);
          else literal(inner_at + arg, inner.size() - arg);
        } else if (op == '+') {
          if (use_value) literal(inner_at + arg, inner.size() - arg);
        } else if (set) {
          value(it->second);  // ? and :? fail in Compose; read what is there
        }
      }
      i = close + 1;
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '_')) ++j;
    if (j == i + 1) {
      literal(i, 1);
      ++i;
      continue;
    }
    const auto it = vars.find(s.substr(i + 1, j - i - 1));
    if (it != vars.end()) value(it->second);
    i = j;
  }
  return out;
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
