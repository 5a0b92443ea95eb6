// The basic URL parser's fast path for plain URLs, the URLs of crawls, logs and configs:
// "http://example.com:8080/a/b?q#f". For them the state machine of url.cpp does nothing but
// lowercase the scheme and host, drop a default port and copy the rest, so this reads them
// in one pass and builds the same URL. Anything else (a byte outside printable ASCII,
// credentials, an IP address, a dot segment, a byte to percent-encode, a backslash, ...) is
// declined and goes to the full parser. The url_plain fuzz target and tests/unit check that
// whenever this answers, the full parser gives the same URL.

#include "url_internal.h"

#include <algorithm>

namespace badport {

namespace {

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The canonical spelling of a special scheme other than file, or empty.
std::string_view plain_scheme(std::string_view s) noexcept {
  if (s.size() < 2 || s.size() > 5) return {};
  char buf[5];
  for (std::size_t i = 0; i < s.size(); ++i) buf[i] = lower(s[i]);
  const std::string_view l(buf, s.size());
  for (std::string_view known : {"http", "https", "ws", "wss", "ftp"})
    if (l == known) return known;
  return {};
}

constexpr bool is_host_byte(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '.' || c == '-'; }

// What each byte may be in a plain URL, one bit per part: printable ASCII but the backslash
// (special URLs read it as '/'; no C0 control or space to strip, no tab or newline to remove,
// no UTF-8), and, per part, not a byte that part's percent-encode set holds.
enum : std::uint8_t { plain_ok = 1, path_ok = 2, query_ok = 4, fragment_ok = 8 };
struct plain_byte_table {
  std::uint8_t bits[256]{};
  plain_byte_table() {
    for (int c = 0x21; c < 0x7f; ++c) {
      if (c == '\\') continue;
      const auto b = static_cast<unsigned char>(c);
      bits[c] = static_cast<std::uint8_t>(
          plain_ok | (detail::in_encode_set(b, detail::encode_set::path) ? 0 : path_ok) |
          (detail::in_encode_set(b, detail::encode_set::special_query) ? 0 : query_ok) |
          (detail::in_encode_set(b, detail::encode_set::fragment) ? 0 : fragment_ok));
    }
  }
};
const plain_byte_table& plain_bytes() {
  static const plain_byte_table table;
  return table;
}

bool all_have(std::string_view s, std::uint8_t bit) noexcept {
  const auto& bits = plain_bytes().bits;
  for (const char c : s)
    if ((bits[static_cast<unsigned char>(c)] & bit) == 0) return false;
  return true;
}

// Whether the path holds a segment the path state would treat as a dot segment ("." or "..",
// also written with "%2e"): conservatively, any "." or ".." segment and any "%2e".
bool has_dot_segment(std::string_view path) noexcept {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && path[i + 1] == '2' && (path[i + 2] == 'e' || path[i + 2] == 'E'))
      return true;
    if (path[i] == '.' && path[i - 1] == '/') {  // path[0] is '/'
      const std::size_t end = i + 1 < path.size() && path[i + 1] == '.' ? i + 2 : i + 1;
      if (end == path.size() || path[end] == '/') return true;
    }
  }
  return false;
}

}  // namespace

std::optional<url> detail_url_access::parse_plain(std::string_view in) {
  if (in.empty() || !all_have(in, plain_ok)) return std::nullopt;

  // Scheme, then exactly "//" (a third slash takes the full parser).
  const std::size_t colon = in.substr(0, 6).find(':');
  if (colon == std::string_view::npos || !is_alpha(in[0])) return std::nullopt;
  const std::string_view scheme = plain_scheme(in.substr(0, colon));
  if (scheme.empty()) return std::nullopt;
  if (in.size() < colon + 3 || in[colon + 1] != '/' || in[colon + 2] != '/') return std::nullopt;

  // Authority: a domain of ASCII letters, digits, '.' and '-' ("domain to ASCII" only
  // lowercases it; none is a forbidden domain code point), then an optional port.
  const std::size_t host_begin = colon + 3;
  std::size_t i = host_begin;
  while (i < in.size() && is_host_byte(in[i])) ++i;
  const std::string_view host = in.substr(host_begin, i - host_begin);
  if (host.empty()) return std::nullopt;
  // A last label that may be a number makes the host IPv4: the full parser reads it.
  std::string_view last = host;
  if (last.back() == '.') last.remove_suffix(1);
  if (const std::size_t dot = last.rfind('.'); dot != std::string_view::npos) last.remove_prefix(dot + 1);
  if (!last.empty() && is_digit(last[0])) return std::nullopt;
  std::optional<std::uint16_t> port;
  if (i < in.size() && in[i] == ':') {
    ++i;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    for (; i < in.size() && is_digit(in[i]); ++i, ++digits) {
      value = value * 10 + static_cast<std::uint32_t>(in[i] - '0');
      if (value > 65535) return std::nullopt;
    }
    if (digits > 0 && value != *default_port(scheme)) port = static_cast<std::uint16_t>(value);
  }
  if (i < in.size() && in[i] != '/' && in[i] != '?' && in[i] != '#') return std::nullopt;

  // Path up to '?' or '#' ("/" when empty), query up to '#', fragment: nothing to encode.
  const std::size_t hash = in.find('#', i);
  const std::size_t question = in.substr(0, hash).find('?', i);
  const std::size_t path_end = std::min(question, hash);
  const std::string_view path = in.substr(i, path_end == std::string_view::npos ? std::string_view::npos : path_end - i);
  if (!path.empty() && (!all_have(path, path_ok) || has_dot_segment(path))) return std::nullopt;
  std::optional<std::string_view> query;
  if (question != std::string_view::npos) {
    query = in.substr(question + 1, hash == std::string_view::npos ? std::string_view::npos : hash - question - 1);
    if (!all_have(*query, query_ok)) return std::nullopt;
  }
  std::optional<std::string_view> fragment;
  if (hash != std::string_view::npos) {
    fragment = in.substr(hash + 1);
    if (!all_have(*fragment, fragment_ok)) return std::nullopt;
  }

  url u;
  u.scheme_ = std::string(scheme);
  u.special_ = true;
  u.host_.emplace(host);
  for (char& c : *u.host_) c = lower(c);
  u.port_ = port;
  u.path_ = path.empty() ? std::string("/") : std::string(path);
  if (query) u.query_.emplace(*query);
  if (fragment) u.fragment_.emplace(*fragment);

  std::string& out = u.href_;
  out.reserve(in.size() + 2);
  out = u.scheme_;
  out += "://";
  out += *u.host_;
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  out += u.path_;
  if (query) {
    out += '?';
    out += *query;
  }
  if (fragment) {
    out += '#';
    out += *fragment;
  }
  return u;
}

}  // namespace badport
