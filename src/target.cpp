// Reading what people type as a target: ports, ranges, URLs, host:port, Docker mappings.

#include <badport/engine.h>
#include <badport/target.h>
#include <badport/text.h>

#include <algorithm>

namespace badport {

std::string_view name(target_kind k) noexcept {
  switch (k) {
    case target_kind::port: return "port";
    case target_kind::range: return "range";
    case target_kind::url: return "url";
    case target_kind::host_port: return "host-port";
    case target_kind::publish: return "publish";
  }
  return "port";
}

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// "6000" or "6000-6010": digits, at most one inner '-'.
bool is_port_or_range(std::string_view s) noexcept {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dash)) && all_digits(s.substr(dash + 1));
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_special_scheme_ci(std::string_view s) noexcept {
  for (std::string_view special : {"http", "https", "ws", "wss", "ftp", "file"})
    if (iequals(s, special)) return true;
  return false;
}

error cannot(std::string_view input, std::string reason) {
  return error{errc::invalid_target, std::string(input), std::move(reason)};
}

// Input quoted inside a reason: one printable line, bounded.
std::string shown(std::string_view text) { return printable_line(text, {.max_bytes = 80}); }

std::string ports_text(port_interval p) {
  return p.first == p.last ? std::to_string(p.first) : std::to_string(p.first) + "-" + std::to_string(p.last);
}

// A port or range as written by itself; the error names the engine option when the text is an
// engine's name.
result<target> read_ports(std::string_view input, std::string_view text) {
  auto ports = parse_port_interval(text);
  if (!ports) {
    const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const bool word = !text.empty() && is_letter(text.front());
    const bool host = word && std::all_of(text.begin(), text.end(), [&](char c) {
      return is_letter(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
    });
    if (host && parse_engine(text))
      return cannot(input, "an engine name; to choose engines, use --engine " + std::string(text));
    if (host && text == input)
      return cannot(input, "no port; write " + std::string(text) + ":PORT, or a URL such as http://" +
                               std::string(text) + "/");
    if (word) return cannot(input, "not a port, a range, HOST:PORT or a URL");
    return std::move(ports).error();
  }
  target t;
  t.input = std::string(input);
  t.kind = ports->first == ports->last ? target_kind::port : target_kind::range;
  t.ports = *ports;
  return t;
}

// The host side of a Docker mapping, already split: `host` is "6000" or "6000-6005".
result<target> read_publish(std::string_view input, std::string_view host) {
  if (host.empty())
    return cannot(input, "no host port: Docker publishes the container port on a random host port");
  auto ports = parse_port_interval(host);
  if (!ports) return fail(errc::invalid_target, input, shown(ports.error().message()));
  target t;
  t.input = std::string(input);
  t.kind = target_kind::publish;
  t.ports = *ports;
  t.read_as = (ports->first == ports->last ? "host port " : "host ports ") + ports_text(*ports);
  return t;
}

// "HOST:PORT[/path]" read as "http://HOST:PORT[/path]"; an empty host (":6000", a listen
// address) is localhost.
result<target> read_host_port(std::string_view input, std::string_view host, std::string_view rest) {
  std::string text = "http://";
  text += host.empty() ? std::string_view("localhost") : host;
  text += ':';
  text += rest;
  auto u = parse_url(text);
  if (!u) return fail(errc::invalid_target, input, "read as " + shown(text) + ": " + u.error().reason);
  target t;
  t.input = std::string(input);
  t.kind = target_kind::host_port;
  const auto port = u->effective_port();
  if (port) t.ports = port_interval{*port, *port};
  t.read_as = std::string(u->href());
  t.address = std::move(*u);
  return t;
}

result<target> read_url(std::string_view input) {
  auto u = parse_url(input);
  if (!u) return std::move(u).error();
  target t;
  t.input = std::string(input);
  t.kind = target_kind::url;
  const auto port = u->effective_port();
  if (port) t.ports = port_interval{*port, *port};
  t.address = std::move(*u);
  return t;
}

result<target> read_one(std::string_view input) {
  std::string_view s = input;
  if (s.find("://") != std::string_view::npos) return read_url(s);

  // "6000/tcp", "0.0.0.0:6000->5000/tcp", "6000:5000/udp": the protocol suffix.
  if (const auto slash = s.rfind('/'); slash != std::string_view::npos && slash > 0 && is_digit(s[slash - 1])) {
    const auto proto = s.substr(slash + 1);
    if (iequals(proto, "udp"))
      return cannot(input, "a UDP port; browsers open web pages over TCP (write the port alone or with /tcp)");
    if (iequals(proto, "tcp")) s = s.substr(0, slash);
  }

  // docker ps: "0.0.0.0:6000->5000", ":::6000->5000", "[::]:6000-6005->5000-5005".
  if (const auto arrow = s.find("->"); arrow != std::string_view::npos) {
    const auto left = s.substr(0, arrow);
    const auto colon = left.rfind(':');
    return read_publish(input, colon == std::string_view::npos ? left : left.substr(colon + 1));
  }

  if (s.find(':') == std::string_view::npos) {
    if (s.find('/') == std::string_view::npos && s.find('.') == std::string_view::npos) return read_ports(input, s);
    if (s == input) return cannot(input, "no port; write HOST:PORT or a URL such as http://" + shown(input));
    return read_ports(input, s);  // "6000/tcp" with the suffix removed
  }

  // "[v6]:PORT" and "[v6]:HOST_PORT:CONTAINER_PORT".
  if (s.front() == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos) return read_url(input);  // the URL parser says what is wrong
    const auto after = s.substr(close + 1);
    if (after.empty()) return cannot(input, "no port; write it after the address, as in [::1]:6000");
    if (after.front() != ':') return cannot(input, "expected :PORT after the bracketed address");
    const auto rest = after.substr(1);
    if (const auto second = rest.find(':'); second != std::string_view::npos && all_digits(rest.substr(second + 1)))
      return read_publish(input, rest.substr(0, second));
    return read_host_port(input, s.substr(0, close + 1), rest);
  }

  const auto colon = s.find(':');
  const auto head = s.substr(0, colon);
  const auto tail = s.substr(colon + 1);
  // "6000:5000" and "6000-6005:5000-5005": Docker's HOST:CONTAINER.
  if (is_port_or_range(head) && is_port_or_range(tail)) return read_publish(input, head);
  // "IP:HOST:CONTAINER", "IP::CONTAINER".
  if (const auto second = tail.find(':'); second != std::string_view::npos) {
    if (is_port_or_range(tail.substr(second + 1)) && (second == 0 || is_port_or_range(tail.substr(0, second))) &&
        head.find_first_of("/?#") == std::string_view::npos)
      return read_publish(input, tail.substr(0, second));
    if (s.find("::") != std::string_view::npos || std::count(s.begin(), s.end(), ':') > 2)
      return cannot(input, "an IPv6 address needs brackets, as in [::1]:6000");
  }
  // "http:6000", "mailto:x", "about:blank": a URL whose scheme is written out.
  if (is_special_scheme_ci(head)) return read_url(input);
  // "localhost:6000", "127.0.0.1:6000/path", ":6000": HOST:PORT[/path] when a port follows.
  std::size_t digits = 0;
  while (digits < tail.size() && is_digit(tail[digits])) ++digits;
  if (digits > 0 && (digits == tail.size() || tail[digits] == '/' || tail[digits] == '?' || tail[digits] == '#') &&
      head.find_first_of("/?#") == std::string_view::npos)
    return read_host_port(input, head, tail);
  return read_url(input);
}

}  // namespace

result<std::vector<target>> parse_targets(std::string_view text) {
  std::vector<target> out;
  if (text.find("://") != std::string_view::npos || text.find(',') == std::string_view::npos) {
    auto t = read_one(text);
    if (!t) return std::move(t).error();
    out.push_back(std::move(*t));
    return out;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const auto item = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (item.empty()) return cannot(text, "an empty item in the comma list");
    auto t = read_one(item);
    if (!t) return std::move(t).error();
    out.push_back(std::move(*t));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace badport
