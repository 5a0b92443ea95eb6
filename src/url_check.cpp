// Each engine's decision on a URL, and the fast path that decides a plain URL from its scheme
// and authority alone.

#include <badport/url_check.h>

#include "url_internal.h"

#include <array>
#include <utility>

namespace badport {

result<std::string> domain_to_ascii(std::string_view domain) {
  auto out = detail::domain_to_ascii_impl(domain);
  if (!out) return fail(errc::invalid_url, domain, out.error().reason);
  return out;
}

namespace {

bool is_fetch_scheme(std::string_view s) noexcept {
  return s == "http" || s == "https" || s == "ws" || s == "wss";
}

verdict decide(std::string_view scheme, std::optional<std::uint16_t> port, engine e, const overrides& user) noexcept {
  const std::optional<std::uint16_t> effective = port ? port : default_port(scheme);
  const int shown = effective ? int{*effective} : -1;
  switch (e) {
    case engine::bun:
      return {e, shown, false, reason::never_blocks};
    case engine::fetch:
    case engine::node:
    case engine::deno:
    case engine::servo:
    case engine::ladybird:
      // Fetch reads the URL's port, which is null for the scheme's default port.
      if (!port)
        return {e, shown, false, is_fetch_scheme(scheme) ? reason::default_port : reason::scheme_not_checked};
      return check(*port, e, scheme, user);
    case engine::chromium:
    case engine::firefox:
    case engine::webkit:
      if (!effective) return {e, shown, false, reason::default_port};
      return check(*effective, e, scheme, user);
  }
  return {e, shown, false, reason::not_listed};
}

engine_set decide_set(std::string_view scheme, std::optional<std::uint16_t> port, engine_set engines,
                      const overrides& user) noexcept {
  engine_set out;
  for (engine e : all_engines)
    if (engines.contains(e) && decide(scheme, port, e, user).blocked) out.insert(e);
  return out;
}

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The canonical spelling (static storage) of a special scheme other than file, or empty.
std::string_view fast_scheme(std::string_view s) noexcept {
  if (s.size() < 2 || s.size() > 5) return {};
  char buf[5];
  for (std::size_t i = 0; i < s.size(); ++i) buf[i] = lower(s[i]);
  const std::string_view l(buf, s.size());
  if (l == "http") return "http";
  if (l == "https") return "https";
  if (l == "ws") return "ws";
  if (l == "wss") return "wss";
  if (l == "ftp") return "ftp";
  return {};
}

// ASCII letters, digits, '.' and '-', as a table: the fast path's inner loop.
struct host_byte_table {
  bool ok[256]{};
  constexpr host_byte_table() {
    for (int c = 0; c < 256; ++c)
      ok[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }
};
constexpr host_byte_table host_bytes;

constexpr bool is_host_byte(unsigned char c) noexcept { return host_bytes.ok[c]; }

}  // namespace

namespace detail {

std::optional<url_port_key> fast_url_port_key(std::string_view in) noexcept {
  // Scheme: ASCII letters up to ':' (no leading C0 control or space to strip).
  const std::size_t colon = in.substr(0, 6).find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = fast_scheme(in.substr(0, colon));
  if (scheme.empty()) return std::nullopt;
  // Exactly "//", then the authority (more slashes take the full parser).
  if (in.size() < colon + 3 || in[colon + 1] != '/' || in[colon + 2] != '/') return std::nullopt;
  const std::size_t host_begin = colon + 3;
  std::size_t i = host_begin;
  // Host: ASCII letters, digits, '.', '-' only: "domain to ASCII" lowercases an ASCII domain
  // and nothing else, and none of these is a forbidden domain code point.
  while (i < in.size() && is_host_byte(static_cast<unsigned char>(in[i]))) ++i;
  const std::string_view host = in.substr(host_begin, i - host_begin);
  if (host.empty()) return std::nullopt;
  // A last label that may be a number makes the host IPv4: that takes the full parser.
  std::string_view last = host;
  if (last.back() == '.') last.remove_suffix(1);
  if (const std::size_t dot = last.rfind('.'); dot != std::string_view::npos) last.remove_prefix(dot + 1);
  if (!last.empty() && last[0] >= '0' && last[0] <= '9') return std::nullopt;
  // Port: decimal digits to the end of the authority.
  std::optional<std::uint16_t> port;
  if (i < in.size() && in[i] == ':') {
    ++i;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (i < in.size() && in[i] >= '0' && in[i] <= '9') {
      value = value * 10 + static_cast<std::uint32_t>(in[i] - '0');
      if (value > 65535) return std::nullopt;
      ++i;
      ++digits;
    }
    if (digits > 0 && value != *default_port(scheme)) port = static_cast<std::uint16_t>(value);
  }
  // The authority must end here; the path, query and fragment never fail and never change
  // the port.
  if (i < in.size() && in[i] != '/' && in[i] != '?' && in[i] != '#' && in[i] != '\\') return std::nullopt;
  return url_port_key{scheme, port};
}

}  // namespace detail

verdict check_url(const url& u, engine e, const overrides& user) noexcept {
  return decide(u.scheme(), u.port(), e, user);
}

std::vector<verdict> check_url(const url& u, engine_set engines, const overrides& user) {
  std::vector<verdict> out;
  for (engine e : all_engines)
    if (engines.contains(e)) out.push_back(check_url(u, e, user));
  return out;
}

engine_set blocking_engines(const url& u, engine_set engines, const overrides& user) noexcept {
  return decide_set(u.scheme(), u.port(), engines, user);
}

result<engine_set> blocking_engines_for_url(std::string_view input, engine_set engines, const overrides& user) {
  if (const auto key = detail::fast_url_port_key(input)) return decide_set(key->scheme, key->port, engines, user);
  auto u = parse_url(input);
  if (!u) return std::move(u).error();
  return blocking_engines(*u, engines, user);
}

url_decider::url_decider(engine_set engines, overrides user) : engines_(engines), user_(std::move(user)) {}

result<engine_set> url_decider::blocking_engines(std::string_view input) {
  const auto key = detail::fast_url_port_key(input);
  if (!key) return blocking_engines_for_url(input, engines_, user_);
  // The fast path's schemes are static strings among five; the slot is (scheme, port or none).
  static constexpr std::array<std::string_view, 5> schemes = {"http", "https", "ws", "wss", "ftp"};
  std::size_t scheme_index = 0;
  while (schemes[scheme_index] != key->scheme) ++scheme_index;
  const std::size_t slot = scheme_index * 65537 + (key->port ? std::size_t{*key->port} + 1 : 0);
  if (known_.empty()) known_.assign(schemes.size() * 65537, 0);
  if (known_[slot] == 0) known_[slot] = static_cast<engine_mask>(1 + decide_set(key->scheme, key->port, engines_, user_).mask());
  return engine_set::from_mask(static_cast<engine_mask>(known_[slot] - 1));
}

}  // namespace badport
