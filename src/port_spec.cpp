#include <badport/port_spec.h>

#include <string>

namespace badport {

namespace {
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
}  // namespace

result<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty()) return fail(errc::invalid_port, text, "empty");
  if (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' || text.back() == '\t')
    return fail(errc::invalid_port, text, "surrounding whitespace");
  if (text.front() == '-') return fail(errc::invalid_port, text, "negative numbers are not ports");
  if (text.front() == '+') return fail(errc::invalid_port, text, "write the number without a sign");
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return fail(errc::invalid_port, text, "hexadecimal is not accepted; write the port in decimal");
  std::uint32_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
    if (value > 65535) {
      // keep scanning so that "70000x" still reports the trailing characters first
      for (; i < text.size() && is_digit(text[i]); ++i) {}
      if (i != text.size()) break;
      return fail(errc::port_out_of_range, text, "ports are 0 to 65535");
    }
  }
  if (i == 0) return fail(errc::invalid_port, text, "not a number");
  if (i != text.size()) return fail(errc::invalid_port, text, "trailing characters");
  return static_cast<std::uint16_t>(value);
}

result<port_interval> parse_port_interval(std::string_view text) {
  const std::size_t dash = text.find('-', 1);  // a leading '-' is a sign, reported by parse_port
  if (dash == std::string_view::npos) {
    auto p = parse_port(text);
    if (!p) return std::move(p).error();
    return port_interval{*p, *p};
  }
  auto first = parse_port(text.substr(0, dash));
  if (!first) return fail(errc::invalid_range, text, first.error().message());
  auto last = parse_port(text.substr(dash + 1));
  if (!last) return fail(errc::invalid_range, text, last.error().message());
  if (*first > *last) return fail(errc::invalid_range, text, "the first port is above the last");
  return port_interval{*first, *last};
}

result<std::vector<port_interval>> parse_port_set(std::string_view text) {
  if (text.empty()) return fail(errc::invalid_range, text, "empty");
  std::vector<port_interval> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    auto item = parse_port_interval(text.substr(start, comma == text.npos ? text.npos : comma - start));
    if (!item) return std::move(item).error();
    out.push_back(*item);
    if (comma == text.npos) break;
    start = comma + 1;
  }
  return out;
}

bool looks_like_port_spec(std::string_view text) noexcept {
  if (text.empty()) return true;  // an empty argument is a bad port, not a URL
  return text.find(':') == std::string_view::npos && text.find('/') == std::string_view::npos &&
         text.find('.') == std::string_view::npos;
}

}  // namespace badport
