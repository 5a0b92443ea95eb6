// Names that name ports and listen addresses, local hosts, the protocols ports are blocked
// for, and moving the findings of a part of a file into the file's report.

#include "places.h"

#include <badport/ports.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

namespace badport::detail {

namespace {

char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The words of an identifier or key, lowercase: snake_case, kebab-case, dotted.keys, camelCase
// and HTTPPort (an upper run before a capitalised word) all split. At most 8 words.
struct words {
  std::array<std::string, 8> w;
  std::size_t n = 0;
  void push(std::string s) {
    if (s.empty()) return;
    if (n < w.size()) w[n++] = std::move(s);
    else w[w.size() - 1] += s;
  }
  [[nodiscard]] std::string_view last() const noexcept { return n ? std::string_view(w[n - 1]) : std::string_view(); }
  [[nodiscard]] bool has(std::string_view s) const noexcept {
    for (std::size_t i = 0; i < n; ++i)
      if (w[i] == s) return true;
    return false;
  }
};

words split_words(std::string_view name) {
  words out;
  if (name.size() > 64) return out;
  std::string cur;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      out.push(std::move(cur));
      cur.clear();
      continue;
    }
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper && !cur.empty()) {
      const char prev = name[i - 1];
      const bool prev_lower = (prev >= 'a' && prev <= 'z') || is_digit(prev);
      const bool next_lower = i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
      const bool prev_upper = prev >= 'A' && prev <= 'Z';
      if (prev_lower || (prev_upper && next_lower)) {
        out.push(std::move(cur));
        cur.clear();
      }
    }
    cur += lower(c);
  }
  out.push(std::move(cur));
  return out;
}

// Words that make a port name something else than the port a server listens on.
bool is_other_port_word(std::string_view w) noexcept {
  static constexpr std::array<std::string_view, 62> other{
      "max",      "min",      "count",   "range",    "offset",  "step",    "increment", "index",  "idx",
      "len",      "length",   "size",    "timeout",  "retries", "container", "target",  "internal", "guest",
      "remote",   "upstream", "peer",    "db",       "database", "redis",   "mongo",     "mongodb", "postgres",
      "postgresql", "pg",     "mysql",   "memcached", "amqp",   "rabbitmq", "kafka",    "zookeeper", "elasticsearch",
      "smtp",     "mail",     "imap",    "pop",      "ldap",    "irc",     "sip",       "ftp",
      "client",   "datasource", "jdbc",  "cache",    "broker",  "rabbit",  "cassandra", "couchbase", "neo4j",
      "solr",     "influxdb", "sentinel", "from", "to", "source", "destination"};
  for (const auto o : other)
    if (w == o) return true;
  return false;
}

// Prefixes glued to "port" that still name a server's port: HTTPPORT, webport, serverport.
bool is_glued_port(std::string_view w) noexcept {
  if (!w.ends_with("port") || w.size() == 4) return w == "port";
  const auto head = w.substr(0, w.size() - 4);
  static constexpr std::array<std::string_view, 16> heads{"http", "https", "web", "server", "listen", "app", "dev",
                                                          "api",  "ui",    "admin", "local", "public", "bind",
                                                          "service", "srv", "www"};
  for (const auto h : heads)
    if (head == h) return true;
  return false;
}

}  // namespace

bool is_port_name(std::string_view name) noexcept {
  while (!name.empty() && (name.front() == '-' || name.front() == ':' || name.front() == '@' || name.front() == '$'))
    name.remove_prefix(1);
  const auto ws = split_words(name);
  if (ws.n == 0) return false;
  std::size_t port_at = ws.n - 1;
  if (!is_glued_port(ws.last())) {
    // port_number, portNumber, port_no
    if (ws.n >= 2 && (ws.last() == "number" || ws.last() == "num" || ws.last() == "no") && is_glued_port(ws.w[ws.n - 2]))
      port_at = ws.n - 2;
    else
      return false;
  }
  for (std::size_t i = 0; i < port_at; ++i)
    if (is_other_port_word(ws.w[i])) return false;
  return true;
}

bool is_address_name(std::string_view name) noexcept {
  const auto ws = split_words(name);
  if (ws.n == 0) return false;
  const auto l = ws.last();
  if (!(l == "addr" || l == "address" || l == "listen" || l == "bind" || l == "listener")) return false;
  for (std::size_t i = 0; i + 1 < ws.n; ++i)
    if (is_other_port_word(ws.w[i]) || ws.w[i] == "mac" || ws.w[i] == "email" || ws.w[i] == "ip6" ||
        ws.w[i] == "client")
      return false;
  return true;
}

bool is_container_side_name(std::string_view name) noexcept {
  const auto ws = split_words(name);
  return ws.n >= 2 && ws.last() == "port" &&
         (ws.has("container") || ws.has("target") || ws.has("internal") || ws.has("upstream") || ws.has("guest"));
}

bool names_service_of(std::string_view text, int port) noexcept {
  const auto p = static_cast<unsigned>(port);
  if (p > 10080 || (p > 6697 && p != 10080) || (p > 5061 && p < 6000) || (p > 4190 && p < 5060) || p == 0) return false;
  std::string t;
  t.reserve(std::min<std::size_t>(text.size(), 256));
  for (std::size_t i = 0; i < text.size() && i < 256; ++i) t += lower(text[i]);
  const auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
  switch (port) {
    case 21: case 20: case 989: case 990: return has("ftp");
    case 22: return has("ssh") || has("sftp") || has("scp");
    case 23: return has("telnet");
    case 25: case 465: case 587: return has("smtp") || has("mail");
    case 53: return has("dns");
    case 69: return has("tftp");
    case 110: case 995: case 109: return has("pop");
    case 119: case 563: return has("nntp") || has("news");
    case 123: return has("ntp");
    case 143: case 993: return has("imap");
    case 161: return has("snmp");
    case 389: case 636: return has("ldap");
    case 514: return has("syslog") || has("rsh");
    case 515: return has("lpd") || has("printer");
    case 548: return has("afp");
    case 554: return has("rtsp");
    case 2049: return has("nfs");
    case 4190: return has("sieve");
    case 5060: case 5061: return has("sip");
    case 6000: return has("x11") || has("xserver") || has("display");
    case 6665: case 6666: case 6667: case 6668: case 6669: case 6697: return has("irc");
    case 10080: return has("amanda");
    default: break;
  }
  return false;
}

bool is_local_host(std::string_view host) noexcept {
  std::string h;
  for (char c : host) h += lower(c);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost" || h == "0.0.0.0" || h == "::1" || h == "::" || h == "host.docker.internal" ||
      h == "localhost.localdomain" || h == "ip6-localhost")
    return true;
  if (h.size() > 10 && h.ends_with(".localhost")) return true;
  if (h.starts_with("127.")) {
    // Four decimal octets.
    int parts = 0;
    std::size_t i = 0;
    while (i < h.size()) {
      std::size_t j = i;
      while (j < h.size() && is_digit(h[j])) ++j;
      if (j == i || j - i > 3 || std::stoi(h.substr(i, j - i)) > 255) return false;
      ++parts;
      if (j == h.size()) break;
      if (h[j] != '.') return false;
      i = j + 1;
    }
    return parts == 4;
  }
  return false;
}

std::optional<address_port> parse_address(std::string_view text, bool any_host) noexcept {
  // A protocol suffix ("/tcp") and a path after the port are not part of it.
  std::size_t end = text.size();
  if (const auto slash = text.rfind('/'); slash != std::string_view::npos && slash > text.rfind(':') &&
                                            (text.substr(slash) == "/tcp" || text.substr(slash) == "/TCP"))
    end = slash;
  const auto body = text.substr(0, end);
  std::size_t colon;
  std::string_view host;
  if (!body.empty() && body[0] == '[') {
    const auto close = body.find(']');
    if (close == std::string_view::npos || close + 1 >= body.size() || body[close + 1] != ':') return std::nullopt;
    host = body.substr(0, close + 1);
    colon = close + 1;
  } else {
    colon = body.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = body.substr(0, colon);
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // an IPv6 address without brackets
  }
  const auto digits = body.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 || !std::all_of(digits.begin(), digits.end(), is_digit)) return std::nullopt;
  const auto port = parse_port_digits(digits);
  if (!port) return std::nullopt;
  if (!any_host && !host.empty() && host != "*" && !is_local_host(host)) return std::nullopt;
  if (any_host) {
    // Still a host: letters, digits, dots, dashes, brackets, '*'.
    for (char c : host)
      if (!(is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '[' || c == ']' || c == ':' || c == '*'))
        return std::nullopt;
  }
  return address_port{colon + 1, digits.size(), *port};
}

bool has_wanted_digits(const finding_sink& sink, std::size_t from, std::size_t to, std::size_t min_digits) noexcept {
  const auto text = sink.content();
  const bool all = sink.input().all_ports;
  to = std::min(to, text.size());
  std::size_t i = from;
  while (i < to) {
    // Eight bytes at a time while none is a digit (every file of a tree goes through here).
    while (i + 8 <= to) {
      std::uint64_t x;
      std::memcpy(&x, text.data() + i, 8);
      constexpr std::uint64_t ones = ~std::uint64_t{0} / 255;
      // A byte strictly between '0' - 1 and '9' + 1 (bit-twiddling "hasbetween"; bytes >= 128 never match).
      const std::uint64_t low = x & (ones * 127);
      const std::uint64_t between =
          ((ones * (127 + ('9' + 1)) - low) & ~x & (low + ones * (127 - ('0' - 1)))) & (ones * 128);
      if (between != 0) break;
      i += 8;
    }
    if (i >= to) break;
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < to && is_digit(text[j])) ++j;
    if (j - i <= 5 && j - i >= min_digits) {
      int v = 0;
      for (std::size_t k = i; k < j; ++k) v = v * 10 + (text[k] - '0');
      if (sink.wanted(v) || (all && v >= 1 && v <= 65535)) return true;
    }
    i = j;
  }
  return false;
}

void move_findings(finding_sink& sink, const scan_report& from, std::size_t shift, const moved_findings& how) {
  for (const auto& f : from.findings) {
    sink.set_kind(how.kind ? *how.kind : f.kind);
    std::string context(how.context_prefix);
    context += f.context;
    sink.add(f.port, f.offset + shift, f.length, how.level ? *how.level : f.level,
             how.rule.empty() ? std::string_view(f.rule) : how.rule, context, f.blocked_by);
  }
  sink.set_kind(std::nullopt);
  for (const auto p : from.ports_used) sink.note_used(p);
}

void scan_port_forward(finding_sink& sink, std::string_view line, std::size_t offset, severity level) {
  const auto at = line.find("port-forward");
  if (at == std::string_view::npos) return;
  std::size_t i = at + 12;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    auto word = line.substr(i, j - i);
    if (word == "&&" || word == ";" || word == "|" || word.starts_with("#")) return;
    // 6000:80, 6000, :80 (a random local port); not svc/web, -n ns, --address 0.0.0.0.
    const auto colon = word.find(':');
    const auto local = word.substr(0, colon);
    if (!local.empty() && local.size() <= 5 && std::all_of(local.begin(), local.end(), is_digit) &&
        (colon == std::string_view::npos || (colon + 1 < word.size() && is_digit(word[colon + 1])))) {
      if (const auto p = parse_port_digits(local)) {
        sink.set_kind(finding_kind::port_forward);
        sink.add(*p, offset + i, local.size(), level, "published-port", "port-forward");
        sink.set_kind(std::nullopt);
      }
    }
    i = j;
  }
}

scan_report scan_port_forwards(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  if (in.content.find("port-forward") == std::string_view::npos) return out;
  for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    const auto t = line.find_first_not_of(" \t");
    if (t == std::string_view::npos || line[t] == '#') return;
    scan_port_forward(sink, line, offset, severity::error);
  });
  return out;
}

void sort_findings(scan_report& r) {
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const scan_finding& a, const scan_finding& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.port < b.port;
  });
  r.findings.erase(std::unique(r.findings.begin(), r.findings.end(),
                               [](const scan_finding& a, const scan_finding& b) {
                                 return a.offset == b.offset && a.port == b.port;
                               }),
                   r.findings.end());
}

}  // namespace badport::detail
