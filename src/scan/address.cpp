// Addresses without a scheme, in any text: `localhost:6000`, `127.0.0.1:6000`, `0.0.0.0:6000`,
// `[::1]:6000`, `[::]:6000`, `app.localhost:6000`, `host.docker.internal:6000`. Only hosts a
// browser on this machine reaches: `db.internal:6000` or `10.0.0.1:6000` may be anything, and
// `12:30:6000` is a time. An http/https/ws/wss URL is the URL scanner's (it parses it).
// Linear: each ':' is looked at once, and the host before it is read backwards at most 64
// bytes.

#include "places.h"

#include <cstring>

namespace badport {

using detail::finding_sink;

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_host_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '-' || c == '_';
}
bool is_scheme_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '+' || c == '-' || c == '.';
}

// Whether the host starting at `first` follows a URL scheme's "//": http, https, ws and wss are
// the URL scanner's, ftp:// and the like are not addresses a browser opens; tcp://, tls://
// and ssl:// are listen addresses (Puma's `bind`), and stay.
bool after_scheme(std::string_view text, std::size_t first) {
  if (first < 2 || text[first - 1] != '/' || text[first - 2] != '/') return false;
  std::size_t k = first - 2;
  // userinfo is not read here: "//user@localhost:6000" has '@' before the host, handled below.
  if (k == 0 || text[k - 1] != ':') return false;
  std::size_t s = k - 1;
  while (s > 0 && is_scheme_char(text[s - 1]) && k - 1 - s < 8) --s;
  const auto scheme = text.substr(s, k - 1 - s);
  return !(detail::iequals(scheme, "tcp") || detail::iequals(scheme, "tls") || detail::iequals(scheme, "ssl"));
}

}  // namespace

namespace detail {

void scan_addresses_in(finding_sink& sink, std::size_t from, std::size_t to) {
  const std::string_view text = sink.content();
  to = std::min(to, text.size());
  std::size_t i = from;
  while (i < to) {
    const void* hit = std::memchr(text.data() + i, ':', to - i);
    if (hit == nullptr) break;
    const auto colon = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    i = colon + 1;
    if (colon + 1 >= to || !is_digit(text[colon + 1])) continue;
    // The digits: 1 to 5, then not a digit, a letter or another ':' (a time, a mapping's
    // container side is fine: "127.0.0.1:6000:5000" publishes 6000).
    std::size_t e = colon + 1;
    while (e < to && is_digit(text[e]) && e - colon <= 6) ++e;
    if (e - colon - 1 > 5) continue;
    if (e < to && (is_host_char(text[e]) && text[e] != '.' && text[e] != '-')) continue;
    if (e + 1 < to && text[e] == '.' && is_digit(text[e + 1])) continue;  // 0.0.0.0:6000.5
    const auto digits = text.substr(colon + 1, e - colon - 1);
    const auto port = parse_port_digits(digits);
    if (!port) continue;
    const bool want = sink.wanted(*port);
    if (!want && !sink.input().all_ports) continue;
    // The host: a bracketed IPv6 address, or host characters, read backwards.
    std::size_t first = colon;
    if (colon > from && text[colon - 1] == ']') {
      std::size_t open = colon - 1;
      while (open > from && text[open] != '[' && colon - open < 48) --open;
      if (text[open] != '[') continue;
      first = open;
    } else {
      while (first > from && is_host_char(text[first - 1]) && colon - first < 64) --first;
    }
    if (first == colon) continue;
    std::string host(text.substr(first, colon - first));
    // `*.localhost:6000`: any subdomain of localhost.
    if (host.starts_with(".") && first > from && text[first - 1] == '*') {
      --first;
      host = "x" + host;
    }
    // Not part of a longer word or address ("xlocalhost", "1.127.0.0.1", "a:localhost").
    if (first > from) {
      const char before = text[first - 1];
      if (is_host_char(before) || before == ':' || before == '%' || before == '$') continue;
      if (before == '@') continue;  // user@localhost:22 is scp's path syntax, or a URL's userinfo
    }
    if (after_scheme(text, first)) continue;
    if (!is_local_host(host)) continue;
    const std::size_t near = first >= from + 24 ? first - 24 : from;
    sink.note_used(*port);
    if (!want || names_service_of(text.substr(near, colon - near), *port)) continue;
    // Below 1024, a blocked port is another protocol's well-known one (ssh 22, smtp 25, syslog
    // 514): `localhost:25` names that service, not a page.
    if (*port < 1024) continue;
    sink.set_kind(finding_kind::address);
    sink.add(*port, colon + 1, digits.size(), severity::error, "address-port",
             "address " + std::string(text.substr(first, e - first)));
    sink.set_kind(std::nullopt);
  }
}

}  // namespace detail

scan_report scan_addresses(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  detail::scan_addresses_in(sink, 0, in.content.size());
  return out;
}

}  // namespace badport
