// Line-based scanners: dev-server command lines (package.json scripts, Procfile, Makefile
// recipes, shell scripts, Dockerfile CMD/RUN), dotenv, Dockerfile EXPOSE, Spring
// application.properties, nginx/Apache config, Caddyfile, and URLs in any text.

#include "scan_detail.h"

#include <algorithm>

#include <badport/url.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstring>

namespace badport::detail {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct word {
  std::string_view text;
  std::size_t offset;  // in the line
};

// Shell-ish words: split on blanks; quotes, backticks, parentheses and separators such as
// `&&`, `;` and `|` are trimmed from the ends so `"vite --port 6000",` gives `6000`.
std::vector<word> split_words(std::string_view line) {
  std::vector<word> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    std::size_t end = i;
    constexpr std::string_view trim = "\"'`();|&,\\{}";
    // Brackets of an exec-form array (`["vite", "--port", "6000"]`), not of `[::]:6000`.
    const auto trims = [&](std::size_t at, bool front) {
      const char c = line[at];
      if (trim.find(c) != std::string_view::npos) return true;
      if (front) return c == '[' && at + 1 < end && (line[at + 1] == '"' || line[at + 1] == '\'' || line[at + 1] == '[');
      return c == ']' && line.substr(start, end - start).find('[') == std::string_view::npos;
    };
    while (start < end && trims(start, true)) ++start;
    while (end > start && trims(end - 1, false)) --end;
    if (end > start) words.push_back({line.substr(start, end - start), start});
  }
  return words;
}

// Flags whose value is a port or host:port.
bool is_port_flag(std::string_view w) noexcept {
  static constexpr std::array<std::string_view, 12> flags{
      "--port", "-p", "--bind", "-b", "--listen", "-S", "--http-port", "--server-port", "--server.port",
      "--dev-server-port", "--inspect-port", "--https-port"};
  for (auto f : flags)
    if (w == f) return true;
  return false;
}

void add_value(finding_sink& sink, std::string_view value, std::size_t value_offset, severity level,
               std::string_view what) {
  // `${PORT:-6000}` and `$${PORT:-6000}`: the default.
  if (const auto dollar = value.find("${"); dollar != std::string_view::npos) {
    const auto sep = value.find(":-", dollar);
    const auto close = value.find('}', dollar);
    if (sep == std::string_view::npos || close == std::string_view::npos || sep > close) return;
    const auto digits = value.substr(sep + 2, close - sep - 2);
    if (const auto p = parse_port_digits(digits))
      sink.add(*p, value_offset + sep + 2, digits.size(), level, "host-port", what);
    return;
  }
  const auto hp = find_host_port(value);
  if (hp) sink.add(hp->port, value_offset + hp->offset, hp->length, level, "host-port", what);
}

}  // namespace

namespace {

// Reads the words of one command: flags and their values, assignments, `http.server PORT`,
// `runserver [addr:]port`. Linear in the number of words.
void scan_words(finding_sink& sink, const std::vector<word>& words, std::size_t offset, severity level,
                std::string_view what) {
  // `mkdir -p 6000`, `ssh -p 6000 host`: commands whose -p is not a server port.
  static constexpr std::array<std::string_view, 10> others{"mkdir", "ssh", "scp", "sftp", "ps", "pgrep",
                                                           "pkill", "cp", "install", "mysql"};
  bool after_other = false;  // one of `others` came earlier on the line
  for (std::size_t k = 0; k < words.size(); ++k) {
    const auto w = words[k].text;
    const std::size_t at = offset + words[k].offset;
    const auto next_value = [&](std::string_view label) {
      if (k + 1 < words.size()) add_value(sink, words[k + 1].text, offset + words[k + 1].offset, level, label);
    };
    if (k > 0) {
      const auto t = words[k - 1].text;
      for (auto o : others)
        after_other = after_other || t == o || (t.size() > o.size() && t.ends_with(o) && t[t.size() - o.size() - 1] == '/');
    }
    if (w.size() == 2 && w[0] == '-' && after_other) continue;
    if (is_port_flag(w)) {
      next_value(what);
      continue;
    }
    if (const auto eq = w.find('='); eq != std::string_view::npos) {
      const auto name = w.substr(0, eq);
      const auto value = w.substr(eq + 1);
      if (is_port_flag(name) || name == "-Dserver.port" || is_port_variable(name)) {
        add_value(sink, value, at + eq + 1, level, what);
        continue;
      }
    }
    // python -m http.server 6000, python -m SimpleHTTPServer 6000: the first number after it.
    if (w == "http.server" || w == "SimpleHTTPServer") {
      for (std::size_t j = k + 1; j < words.size(); ++j) {
        if (words[j].text == "--bind" || words[j].text == "-b" || words[j].text == "-d" ||
            words[j].text == "--directory") {
          ++j;
          continue;
        }
        if (const auto p = parse_port_digits(words[j].text))
          sink.add(*p, offset + words[j].offset, words[j].text.size(), level, "host-port", what);
        break;
      }
      continue;
    }
    // manage.py runserver [addr:]port
    if (w == "runserver" && k + 1 < words.size() && words[k + 1].text[0] != '-') next_value(what);
  }
}

}  // namespace

void scan_command_line(finding_sink& sink, std::string_view line, std::size_t offset, severity level,
                       std::string_view what) {
  // Cheap test first: no digit, no port.
  if (line.find_first_of("0123456789") == std::string_view::npos) return;
  scan_words(sink, split_words(line), offset, level, what);
}

bool scan_exec_form(finding_sink& sink, std::string_view text, std::size_t offset, severity level,
                    std::string_view what) {
  // The exec form is JSON (https://docs.docker.com/reference/dockerfile/#exec-form): the JSON
  // parser decides; then each element is found in the text to know its place.
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (array.is_discarded() || !array.is_array()) return false;
  std::vector<std::string> values;
  for (const auto& v : array) {
    if (!v.is_string()) return false;
    values.push_back(v.get<std::string>());
  }
  std::vector<word> words;
  std::size_t i = text.find('[') + 1;
  for (const auto& v : values) {
    const std::size_t open = text.find('"', i);
    std::size_t close = open + 1;
    while (close < text.size() && text[close] != '"') close += text[close] == '\\' ? 2u : 1u;
    if (open == std::string_view::npos || close >= text.size()) return false;
    const auto raw = text.substr(open + 1, close - open - 1);
    // An element with escapes has no exact place: it is read at its opening quote, without digits.
    if (raw == v) words.push_back({raw, open + 1});
    i = close + 1;
  }
  if (text.substr(0, i).find_first_of("0123456789") != std::string_view::npos) scan_words(sink, words, offset, level, what);
  return true;
}

// ---- URLs -------------------------------------------------------------------------------------

namespace {

bool is_scheme_char(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }

// Characters that end a URL written in text (besides the authority's own ends / ? # \).
bool ends_url(char c) noexcept {
  return is_space(c) || std::strchr("\"'`<>()[]{},;|^", c) != nullptr || static_cast<unsigned char>(c) < 0x20;
}

}  // namespace

// Where a URL written in text names its port: "scheme://[userinfo@]host:port" with an http,
// https, ws or wss scheme, the digits up to the end of the authority. Only locates; the URL
// parser (badport/url.h) then decides.
struct url_port_candidate {
  std::size_t url_first;  // where the scheme starts
  std::size_t port_offset;
  std::size_t port_length;
  std::uint16_t port;
};

namespace {

std::optional<url_port_candidate> find_url_port(std::string_view text, std::size_t sep) {
  // Scheme: the letters before "://".
  std::size_t s = sep;
  while (s > 0 && is_scheme_char(text[s - 1]) && sep - s < 8) --s;
  while (s < sep && !is_alpha(text[s])) ++s;
  const auto scheme = text.substr(s, sep - s);
  if (!(iequals(scheme, "http") || iequals(scheme, "https") || iequals(scheme, "ws") || iequals(scheme, "wss")))
    return std::nullopt;
  if (s > 0 && (is_scheme_char(text[s - 1]))) return std::nullopt;
  // Authority: up to / ? # \ or a character that ends the URL in text.
  const std::size_t a = sep + 3;
  std::size_t e = a;
  int bracket = 0;
  // Linear: whatever ends an authority ends it inside brackets too (an IPv6 literal holds no
  // '/', space or second '['), so no scan runs past the next "://" (an unclosed '[' used to
  // reach the end of the file, for every URL before it).
  while (e < text.size()) {
    const char c = text[e];
    if (c == ']' && bracket > 0) {
      --bracket;
      ++e;
      continue;
    }
    if (c == '[' && bracket == 0) {
      ++bracket;
      ++e;
      continue;
    }
    if (c == '/' || c == '?' || c == '#' || c == '\\' || ends_url(c)) break;
    ++e;
  }
  auto authority = text.substr(a, e - a);
  std::size_t host_at = 0;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) host_at = at + 1;
  const auto host_port = authority.substr(host_at);
  std::size_t colon;
  if (!host_port.empty() && host_port[0] == '[') {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos || close + 1 >= host_port.size() || host_port[close + 1] != ':')
      return std::nullopt;
    colon = close + 1;
  } else {
    colon = host_port.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  }
  const auto digits = host_port.substr(colon + 1);
  const auto port = parse_port_digits(digits);
  if (!port) return std::nullopt;
  // The URL Standard's default port is no port at all.
  const bool secure = iequals(scheme, "https") || iequals(scheme, "wss");
  if (*port == (secure ? 443 : 80)) return std::nullopt;
  return url_port_candidate{s, a + host_at + colon + 1, digits.size(), *port};
}

// The offset of the first "://" in text[from, to), or `to`. Every scanned file is searched for
// it in full, so it compares 16 bytes at a time (with the compiler's generic vectors: SSE2 on
// x86-64, NEON on arm64) instead of memmem, which was a tenth of scan's time.
std::size_t find_scheme_separator(std::string_view text, std::size_t from, std::size_t to) noexcept {
  using bytes16 = unsigned char __attribute__((vector_size(16)));
  const char* p = text.data();
  std::size_t i = from;
  for (; i + 18 <= to; i += 16) {
    bytes16 a, b, c;
    std::memcpy(&a, p + i, 16);
    std::memcpy(&b, p + i + 1, 16);
    std::memcpy(&c, p + i + 2, 16);
    const bytes16 hits = (a == ':') & (b == '/') & (c == '/');
    std::uint64_t halves[2];
    std::memcpy(halves, &hits, 16);
    if ((halves[0] | halves[1]) == 0) continue;
    for (std::size_t k = 0; k < 16; ++k)
      if (hits[k] != 0) return i + k;
  }
  for (; i + 3 <= to; ++i)
    if (p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/') return i;
  return to;
}

}  // namespace

void scan_urls_in(finding_sink& sink, std::size_t from, std::size_t to, std::string_view what) {
  const std::string_view text = sink.content();
  std::size_t i = from;
  while (i < to) {
    const std::size_t sep = find_scheme_separator(text, i, to);
    if (sep >= to) break;
    i = sep + 3;
    const auto c = find_url_port(text.substr(0, to), sep);
    if (!c || c->port_offset + c->port_length > to) continue;
    sink.note_used(c->port);
    if (!sink.wanted(c->port)) continue;
    // The WHATWG URL parser decides: whether this is a URL at all, its port, and which engines
    // refuse it.
    const auto url_text = text.substr(c->url_first, c->port_offset + c->port_length - c->url_first);
    const auto engines = blocking_engines_for_url(url_text, sink.input().engines);
    if (!engines || engines->empty()) continue;
    std::string context(what);
    context += ' ';
    context += url_text;
    sink.add(c->port, c->port_offset, c->port_length, severity::error, "url-port", context, *engines);
  }
}


}  // namespace badport::detail

namespace badport {

using detail::finding_sink;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Strips one level of matching quotes; returns how many bytes were removed at the front.
std::size_t unquote(std::string_view& v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
    return 1;
  }
  return 0;
}

}  // namespace

void detail::scan_urls_into(finding_sink& sink) { detail::scan_urls_in(sink, 0, sink.content().size(), "URL"); }

// ---- dotenv -----------------------------------------------------------------------------------

void detail::scan_dotenv_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    auto body = trim(line);
    if (body.empty() || body[0] == '#') return;
    const std::size_t lead = static_cast<std::size_t>(body.data() - line.data());
    std::size_t skip = 0;
    if (body.starts_with("export ")) skip = 7;
    const auto eq = body.find('=');
    if (eq == std::string_view::npos) return;
    const auto name = trim(body.substr(skip, eq - skip));
    if (!detail::is_port_variable(name)) return;
    auto value = body.substr(eq + 1);
    std::size_t value_at = offset + lead + eq + 1;
    while (!value.empty() && value[0] == ' ') {
      value.remove_prefix(1);
      ++value_at;
    }
    if (const auto hash = value.find(" #"); hash != std::string_view::npos) value = trim(value.substr(0, hash));
    value_at += unquote(value);
    if (const auto p = detail::parse_port_digits(value))
      sink.add(*p, value_at, value.size(), severity::error, "host-port", std::string(name) + "=");
  });
}

// ---- Dockerfile -------------------------------------------------------------------------------

void detail::scan_dockerfile_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  enum class instr { none, expose, command } current = instr::none;
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    auto body = trim(line);
    if (body.empty() || body[0] == '#') return;  // comments do not end a continued instruction
    std::size_t start = static_cast<std::size_t>(body.data() - line.data());
    const bool first_line = current == instr::none;
    if (current == instr::none) {
      const auto sp = body.find_first_of(" \t");
      const auto keyword = body.substr(0, sp);
      if (detail::iequals(keyword, "EXPOSE")) current = instr::expose;
      else if (detail::iequals(keyword, "CMD") || detail::iequals(keyword, "RUN") ||
               detail::iequals(keyword, "ENTRYPOINT"))
        current = instr::command;
      else if (detail::iequals(keyword, "ENV") || detail::iequals(keyword, "ARG"))
        current = instr::command;  // ENV PORT=6000 reads as an assignment
      else
        current = instr::none;
      if (sp == std::string_view::npos) {
        current = instr::none;
        return;
      }
      start += sp;
      body = body.substr(sp);
    }
    const bool continued = !body.empty() && body.back() == '\\';
    if (current == instr::expose) {
      // EXPOSE 6000 6001/tcp 7000/udp 6000-6005
      std::size_t i = 0;
      while (i < body.size()) {
        while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < body.size() && body[j] != ' ' && body[j] != '\t') ++j;
        auto tok = body.substr(i, j - i);
        const auto at = offset + start + i;
        i = j;
        if (tok == "\\") continue;
        std::string_view proto;
        if (const auto slash = tok.find('/'); slash != std::string_view::npos) {
          proto = tok.substr(slash + 1);
          tok = tok.substr(0, slash);
        }
        if (detail::iequals(proto, "udp") || detail::iequals(proto, "sctp")) continue;
        if (tok.find('-') == std::string_view::npos) {
          if (const auto p = detail::parse_port_digits(tok))
            sink.add(*p, at, tok.size(), severity::warning, "container-port", "EXPOSE");
          continue;
        }
        if (const auto r = detail::parse_port_or_range(tok))
          sink.add_range(r->first, r->last, at, tok.size(), severity::warning, "container-port", "EXPOSE range");
      }
    } else if (current == instr::command) {
      // CMD ["vite","--port","6000"]: the exec form, a JSON array, needs no space after commas.
      const bool exec = first_line && body.find_first_not_of(" \t") != std::string_view::npos &&
                        body[body.find_first_not_of(" \t")] == '[' &&
                        detail::scan_exec_form(sink, body, offset + start, severity::warning, "container command line");
      if (!exec) detail::scan_command_line(sink, body, offset + start, severity::warning, "container command line");
    }
    if (!continued) current = instr::none;
  });
}

// ---- command-line files -----------------------------------------------------------------------

void detail::scan_procfile_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || line.starts_with('#')) return;
    detail::scan_command_line(sink, line.substr(colon + 1), offset + colon + 1, severity::error, "Procfile command");
  });
}

void detail::scan_shell_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    const auto body = trim(line);
    if (body.empty() || body[0] == '#') return;
    detail::scan_command_line(sink, line, offset, severity::error, "command line");
  });
}

void detail::scan_makefile_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    if (line.empty() || line[0] == '#') return;
    if (line[0] == '\t') {
      detail::scan_command_line(sink, line, offset, severity::error, "Makefile recipe");
      return;
    }
    // PORT ?= 6000, APP_PORT := 6000, PORT = 6000
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) return;
    std::size_t name_end = eq;
    if (line[eq - 1] == '?' || line[eq - 1] == ':' || line[eq - 1] == '+') --name_end;
    auto name = trim(line.substr(0, name_end));
    if (name.starts_with("export ")) name = trim(name.substr(7));
    if (!detail::is_port_variable(name)) return;
    auto value = line.substr(eq + 1);
    std::size_t at = offset + eq + 1;
    while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) {
      value.remove_prefix(1);
      ++at;
    }
    value = trim(value);
    if (const auto p = detail::parse_port_digits(value))
      sink.add(*p, at, value.size(), severity::error, "host-port", "Makefile variable " + std::string(name));
  });
}

// ---- Spring application.properties ------------------------------------------------------------

void detail::scan_spring_properties_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    const auto body = trim(line);
    if (body.empty() || body[0] == '#' || body[0] == '!') return;
    const auto sep = body.find_first_of("=:");
    if (sep == std::string_view::npos) return;
    const auto key = trim(body.substr(0, sep));
    if (!(key == "server.port" || key.ends_with(".server.port"))) return;
    const std::size_t lead = static_cast<std::size_t>(body.data() - line.data());
    auto value = body.substr(sep + 1);
    std::size_t at = offset + lead + sep + 1;
    while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) {
      value.remove_prefix(1);
      ++at;
    }
    // ${PORT:6000}: Spring's placeholder default.
    if (value.starts_with("${")) {
      const auto colon = value.find(':');
      const auto close = value.find('}');
      if (colon == std::string_view::npos || close == std::string_view::npos || colon > close) return;
      at += colon + 1;
      value = value.substr(colon + 1, close - colon - 1);
    }
    if (const auto p = detail::parse_port_digits(value))
      sink.add(*p, at, value.size(), severity::error, "host-port", std::string(key));
  });
}

// ---- nginx and Apache -------------------------------------------------------------------------

void detail::scan_server_conf_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    auto body = line;
    if (const auto hash = body.find('#'); hash != std::string_view::npos) body = body.substr(0, hash);
    std::size_t i = 0;
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
    const auto rest = body.substr(i);
    const auto add_address = [&](std::string_view tok, std::size_t at, std::string_view what) {
      while (!tok.empty() && (tok.back() == ';' || tok.back() == '>')) tok.remove_suffix(1);
      if (tok.starts_with("unix:")) return;
      const auto hp = detail::find_host_port(tok);
      if (hp) sink.add(hp->port, offset + at + hp->offset, hp->length, severity::error, "host-port", what);
    };
    if (detail::istarts_with(rest, "listen") && rest.size() > 6 && (rest[6] == ' ' || rest[6] == '\t')) {
      std::size_t j = i + 6;
      while (j < body.size() && (body[j] == ' ' || body[j] == '\t')) ++j;
      std::size_t k = j;
      while (k < body.size() && body[k] != ' ' && body[k] != '\t' && body[k] != ';') ++k;
      add_address(body.substr(j, k - j), j, rest[0] == 'L' ? "Apache Listen" : "nginx listen");
    } else if (detail::istarts_with(rest, "<VirtualHost")) {
      std::size_t j = i + 12;
      while (j < body.size()) {
        while (j < body.size() && (body[j] == ' ' || body[j] == '\t')) ++j;
        std::size_t k = j;
        while (k < body.size() && body[k] != ' ' && body[k] != '\t' && body[k] != '>') ++k;
        if (k > j) add_address(body.substr(j, k - j), j, "Apache <VirtualHost>");
        if (k >= body.size() || body[k] == '>') break;
        j = k;
      }
    }
  });
}

// ---- Caddyfile --------------------------------------------------------------------------------

void detail::scan_caddyfile_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  int depth = 0;
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    std::string_view body = line;
    if (const auto hash = body.find(" #"); hash != std::string_view::npos) body = body.substr(0, hash);
    if (!body.empty() && body[0] == '#') body = {};
    const int depth_before = depth;
    for (char c : body) {
      if (c == '{') ++depth;
      else if (c == '}' && depth > 0) --depth;
    }
    if (depth_before != 0) return;
    // Site addresses: the words before "{" at the top level; a lone "{" opens global options,
    // "(name)" a snippet, "import" includes.
    std::size_t i = 0;
    while (i < body.size()) {
      while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == ',')) ++i;
      std::size_t j = i;
      while (j < body.size() && body[j] != ' ' && body[j] != '\t' && body[j] != ',') ++j;
      const auto tok = body.substr(i, j - i);
      if (tok.empty() || tok[0] == '{' || tok[0] == '(' || tok == "import") break;
      if (tok.find("://") != std::string_view::npos) {
        detail::scan_urls_in(sink, offset + i, offset + j, "Caddyfile site");
      } else if (const auto colon = tok.rfind(':'); colon != std::string_view::npos) {
        const auto digits = tok.substr(colon + 1);
        if (const auto p = detail::parse_port_digits(digits))
          sink.add(*p, offset + i + colon + 1, digits.size(), severity::error, "host-port", "Caddyfile site address");
      }
      i = j;
    }
  });
}

// ---- the public scanners ----------------------------------------------------------------------

scan_report scan_urls(const scan_input& in) { return detail::run_scanner(in, detail::scan_urls_into); }
scan_report scan_dotenv(const scan_input& in) { return detail::run_scanner(in, detail::scan_dotenv_into); }
scan_report scan_dockerfile(const scan_input& in) { return detail::run_scanner(in, detail::scan_dockerfile_into); }
scan_report scan_procfile(const scan_input& in) { return detail::run_scanner(in, detail::scan_procfile_into); }
scan_report scan_shell(const scan_input& in) { return detail::run_scanner(in, detail::scan_shell_into); }
scan_report scan_makefile(const scan_input& in) { return detail::run_scanner(in, detail::scan_makefile_into); }
scan_report scan_spring_properties(const scan_input& in) {
  return detail::run_scanner(in, detail::scan_spring_properties_into);
}
scan_report scan_server_conf(const scan_input& in) {
  return detail::run_scanner(in, detail::scan_server_conf_into);
}
scan_report scan_caddyfile(const scan_input& in) { return detail::run_scanner(in, detail::scan_caddyfile_into); }

}  // namespace badport
