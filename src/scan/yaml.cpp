// YAML scanners (yaml-cpp): Compose `ports`, Spring `server.port`, Kubernetes `nodePort` and
// `hostPort`. The text is checked for nesting depth before yaml-cpp, whose parser recurses, sees
// it; tree walks are bounded by max_yaml_nodes so that alias bombs stay small.

#include "scan_detail.h"
#include "yaml_detail.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace badport {

using detail::finding_sink;

namespace {

// Parses every document, or records why not. yaml-cpp reports failures by exception; they
// stop here.

// Whether the text has a ',' that starts a token outside any flow collection (at a line's
// start; after "- ", ": ", "? " or "---"; after a tag, anchor or alias; right after a quoted
// scalar or a flow collection): yaml-cpp 0.7 loops forever, allocating, on such a text (",",
// "!,", "[],", "'',", "${M\n...\n  ,"; found by the scan_yaml fuzz target and by trying every
// text of up to four YAML indicator characters). A plain scalar cannot start with ',', so
// valid YAML never has one there; quoted text and comments are skipped.
bool has_flow_entry_outside_flow(std::string_view text) {
  std::size_t depth = 0;
  char quote = 0;
  bool token_start = true;  // only blanks, '-', ':', '?' since the line start or a separator
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
        token_start = depth == 0;  // "'a'," loops yaml-cpp too
      }
      continue;
    }
    if (c == '\n') {
      token_start = true;
      continue;
    }
    // A document marker at a line's start ends any flow collection left open before it.
    if ((c == '-' || c == '.') && (i == 0 || text[i - 1] == '\n') && text.substr(i, 3) == std::string(3, c) &&
        (i + 3 == text.size() || text[i + 3] == ' ' || text[i + 3] == '\t' || text[i + 3] == '\n' ||
         text[i + 3] == '\r')) {
      depth = 0;
      i += 2;  // what follows on the marker's line starts a token ("... ," loops yaml-cpp too)
      token_start = true;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == ',' && depth == 0 && token_start) return true;
    // A tag, anchor or alias ("!t", "&a", "*a") ends at a blank or a flow indicator, and a
    // token may start right after it: "!," loops yaml-cpp as "," does.
    if ((c == '!' || c == '&' || c == '*') && token_start) {
      while (i + 1 < text.size() && std::string_view(" \t\r\n,[]{}").find(text[i + 1]) == std::string_view::npos) ++i;
      continue;
    }
    const bool spaced = i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\t';
    if ((c == ':' && spaced) || ((c == '-' || c == '?') && spaced && token_start)) {
      token_start = true;  // an indicator: a token may start after it
      continue;
    }
    if ((c == '"' || c == '\'') && token_start) quote = c;
    // '[' and '{' open a flow collection only where a token starts ("${PORT}" is a plain scalar)
    // or inside another flow collection.
    else if ((c == '[' || c == '{') && (token_start || depth > 0)) ++depth;
    else if ((c == ']' || c == '}') && depth > 0 && --depth == 0) {
      token_start = true;  // "[]," loops yaml-cpp too
      continue;
    }
    token_start = false;
  }
  return false;
}

// yaml-cpp 0.7 has more loops than the guard above can know (the scan_yaml fuzz target keeps
// finding texts on which its parser emits nodes forever). So the text is first parsed with an
// event handler that only counts, and gives up past a budget no real file needs: each node is
// at least one event, and a text of n bytes holds at most about n nodes.
class bounded_events final : public YAML::EventHandler {
 public:
  explicit bounded_events(std::size_t budget) : left_(budget) {}
  struct exhausted {};
  void OnDocumentStart(const YAML::Mark&) override { spend(); }
  void OnDocumentEnd() override { spend(); }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { spend(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { spend(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { spend(); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend();
  }
  void OnSequenceEnd() override { spend(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend();
  }
  void OnMapEnd() override { spend(); }

 private:
  void spend() {
    if (left_-- == 0) throw exhausted{};
  }
  std::size_t left_;
};

// Whether yaml-cpp parses the whole text within the budget (a syntax error also ends it: the
// real parse below reports it with its place).
bool parses_in_bounded_events(std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  bounded_events events(4 * text.size() + 64);
  try {
    while (parser.HandleNextDocument(events)) {
    }
  } catch (const bounded_events::exhausted&) {
    return false;
  } catch (const std::exception&) {
  }
  return true;
}

std::optional<std::vector<YAML::Node>> load_yaml(finding_sink& sink) {
  const auto text = sink.content();
  if (const auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    sink.problem(bad, "invalid UTF-8; YAML not read");
    return std::nullopt;
  }
  // YAML streams hold no NUL (c-printable), and yaml-cpp 0.7 loops forever, allocating, on
  // some texts that do.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    sink.problem(nul, "NUL byte; YAML not read");
    return std::nullopt;
  }
  if (has_flow_entry_outside_flow(text)) {
    sink.problem(std::string_view::npos, "invalid YAML: ',' outside a flow collection; not read");
    return std::nullopt;
  }
  if (detail::is_nested_too_deep(text, true)) {
    sink.problem(std::string_view::npos,
                 "YAML nested deeper than " + std::to_string(max_nesting_depth) + " levels; not read");
    return std::nullopt;
  }
  if (!parses_in_bounded_events(text)) {
    sink.problem(std::string_view::npos, "invalid YAML: the parser did not come to an end; not read");
    return std::nullopt;
  }
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    sink.problem_at(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                    "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    sink.problem(std::string_view::npos, std::string("invalid YAML: ") + e.what());
  }
  return std::nullopt;
}

// The offset of a node in the content, from its mark.
std::size_t node_offset(const YAML::Node& n, std::string_view text) {
  const auto pos = n.Mark().pos;
  return pos >= 0 && static_cast<std::size_t>(pos) <= text.size() ? static_cast<std::size_t>(pos) : 0;
}

// Where a scalar node's text ends on its line: the closing quote of a quoted scalar; a
// comment, or in a flow collection ',' ']' '}', for a plain one.
std::size_t scalar_end(std::string_view text, std::size_t at) {
  auto nl = text.find('\n', at);
  if (nl == std::string_view::npos) nl = text.size();
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    const auto close = text.find(text[at], at + 1);
    return close == std::string_view::npos ? nl : std::min(close, nl);
  }
  std::size_t end = at;
  while (end < nl && text[end] != ',' && text[end] != ']' && text[end] != '}' &&
         !(text[end] == '#' && end > at && (text[end - 1] == ' ' || text[end - 1] == '\t')))
    ++end;
  return end;
}

// Adds `port` from a scalar node: at its literal digits when the source has them on the
// node's line, else at the node (a value from .env).
void add_at_node(finding_sink& sink, const YAML::Node& node, int port, severity level, std::string_view rule,
                 std::string_view what, std::size_t search_from = std::string_view::npos) {
  sink.note_used(port);
  if (!sink.wanted(port)) return;
  const auto text = sink.content();
  const auto at = node_offset(node, text);
  const auto from = search_from == std::string_view::npos ? at : search_from;
  const auto digits = detail::find_port_digits(text, from, scalar_end(text, at), static_cast<std::uint16_t>(port));
  if (digits != std::string_view::npos)
    sink.add(port, digits, std::to_string(port).size(), level, rule, what);
  else
    sink.add(port, at, 0, level, rule, what);
}

// ---- Compose interpolation ---------------------------------------------------------------------

std::map<std::string, std::string, std::less<>> read_dotenv(std::string_view text) {
  std::map<std::string, std::string, std::less<>> vars;
  detail::for_each_line(text, [&](std::string_view line, std::size_t) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line[0] == '#') return;
    if (line.starts_with("export ")) line.remove_prefix(7);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    auto name = line.substr(0, eq);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    auto value = line.substr(eq + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = value.substr(0, hash);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
      value.remove_suffix(1);
    vars[std::string(name)] = std::string(value);
  });
  return vars;
}

// ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, $$ as Compose reads them (from .env only).
std::string interpolate(std::string_view s, const std::map<std::string, std::string, std::less<>>& vars) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '$' || i + 1 >= s.size()) {
      out += s[i++];
      continue;
    }
    if (s[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (s[i + 1] == '{') {
      const auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += s.substr(i);
        break;
      }
      const auto inner = s.substr(i + 2, close - i - 2);
      auto sep = inner.find_first_of(":-?+");
      const auto name = inner.substr(0, sep);
      const auto it = vars.find(name);
      const bool set = it != vars.end();
      const bool nonempty = set && !it->second.empty();
      if (sep == std::string_view::npos) {
        if (set) out += it->second;
      } else {
        const bool colon = inner[sep] == ':';
        const char op = colon && sep + 1 < inner.size() ? inner[sep + 1] : inner[sep];
        // "${NAME:}" has no operator and no argument (found by the scan_yaml fuzz target).
        const auto arg = inner.substr(std::min(inner.size(), sep + (colon ? 2 : 1)));
        const bool use_value = colon ? nonempty : set;
        if (op == '-') out += use_value ? it->second : std::string(arg);
        else if (op == '+') out += use_value ? std::string(arg) : std::string();
        else if (set) out += it->second;  // ? and :? fail in Compose; read what is there
      }
      i = close + 1;
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '_')) ++j;
    if (j == i + 1) {
      out += s[i++];
      continue;
    }
    const auto it = vars.find(s.substr(i + 1, j - i - 1));
    if (it != vars.end()) out += it->second;
    i = j;
  }
  return out;
}

// A port or a range "6000-6005"; nullopt when it does not parse.
struct port_range_value {
  int first;
  int last;
};
std::optional<port_range_value> parse_range(std::string_view s) {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    const auto p = detail::parse_port_digits(s);
    if (!p) return std::nullopt;
    return port_range_value{*p, *p};
  }
  const auto lo = detail::parse_port_digits(s.substr(0, dash));
  const auto hi = detail::parse_port_digits(s.substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return port_range_value{*lo, *hi};
}

void add_range(finding_sink& sink, const YAML::Node& node, port_range_value r, severity level,
               std::string_view rule, std::string_view what) {
  // A range is reported once per blocked port; only a single port can be rewritten by --diff.
  const auto text = sink.content();
  const auto at = node_offset(node, text);
  if (r.first == r.last) {
    add_at_node(sink, node, r.first, level, rule, what);
    return;
  }
  for (int p = r.first; p <= r.last; ++p) sink.add(p, at, 0, level, rule, what);
}

// The short syntax: [[IP:](HOST[-HOST]):]CONTAINER[-CONTAINER][/PROTOCOL]
void scan_short_port(finding_sink& sink, const YAML::Node& node, const std::string& raw,
                     const std::map<std::string, std::string, std::less<>>& vars) {
  std::string spec = interpolate(raw, vars);
  std::string_view v = spec;
  if (const auto slash = v.rfind('/'); slash != std::string_view::npos) {
    const auto proto = v.substr(slash + 1);
    if (detail::iequals(proto, "udp") || detail::iequals(proto, "sctp")) return;
    v = v.substr(0, slash);
  }
  // IPv6 host IP in brackets, or an IPv4/hostname before the last two parts.
  if (!v.empty() && v[0] == '[') {
    const auto close = v.find("]:");
    if (close == std::string_view::npos) return;
    v = v.substr(close + 2);
  }
  const auto last_colon = v.rfind(':');
  if (last_colon == std::string_view::npos) {
    // Container port only: Compose publishes it on an ephemeral host port.
    if (const auto r = parse_range(v)) add_range(sink, node, *r, severity::warning, "container-port", "compose container port");
    return;
  }
  auto host = v.substr(0, last_colon);
  if (const auto ip_colon = host.rfind(':'); ip_colon != std::string_view::npos) host = host.substr(ip_colon + 1);
  if (host.empty()) {
    // "127.0.0.1::5000": ephemeral host port.
    if (const auto r = parse_range(v.substr(last_colon + 1)))
      add_range(sink, node, *r, severity::warning, "container-port", "compose container port");
    return;
  }
  if (const auto r = parse_range(host)) add_range(sink, node, *r, severity::error, "published-port", "compose host port");
}

std::string scalar_of(const YAML::Node& n) {
  try {
    return n.IsScalar() ? n.Scalar() : std::string();
  } catch (const YAML::Exception&) {
    return {};
  }
}

}  // namespace

scan_report scan_compose(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  const auto docs = load_yaml(sink);
  if (!docs) return out;
  const auto vars = read_dotenv(in.dotenv);
  try {
    for (const auto& doc : *docs) {
      if (!doc.IsMap()) continue;
      const auto services = doc["services"];
      if (!services || !services.IsMap()) continue;
      for (const auto& service : services) {
        if (!service.second.IsMap()) continue;
        const auto ports = service.second["ports"];
        if (!ports || !ports.IsSequence()) continue;
        for (const auto& item : ports) {
          if (item.IsScalar()) {
            scan_short_port(sink, item, item.Scalar(), vars);
            continue;
          }
          if (!item.IsMap()) continue;
          // The long syntax.
          const auto protocol = interpolate(scalar_of(item["protocol"]), vars);
          if (detail::iequals(protocol, "udp") || detail::iequals(protocol, "sctp")) continue;
          const auto published = item["published"];
          const auto target = item["target"];
          if (published && published.IsScalar()) {
            const auto value = interpolate(published.Scalar(), vars);
            if (const auto r = parse_range(value)) {
              add_range(sink, published, *r, severity::error, "published-port", "compose published port");
              continue;
            }
          }
          if (target && target.IsScalar()) {
            if (const auto r = parse_range(interpolate(target.Scalar(), vars)))
              add_range(sink, target, *r, severity::warning, "container-port", "compose target port");
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    sink.problem(std::string_view::npos, "unexpected YAML structure: " + e.msg);
  }
  return out;
}

namespace {

// Walks every node for `nodePort`/`hostPort` keys (Kubernetes) and, when `spring`, the
// `server.port` key; stops after max_yaml_nodes visits.
struct yaml_walker {
  finding_sink& sink;
  bool spring;
  std::size_t visits = 0;
  bool exhausted = false;

  void walk(const YAML::Node& n, std::size_t depth, bool under_server) {
    if (exhausted) return;
    if (++visits > max_yaml_nodes || depth > max_nesting_depth) {
      exhausted = true;
      sink.problem(std::string_view::npos,
                   "YAML has more than " + std::to_string(max_yaml_nodes) + " nodes (aliases?); read in part");
      return;
    }
    if (n.IsSequence()) {
      for (const auto& item : n) walk(item, depth + 1, false);
      return;
    }
    if (!n.IsMap()) return;
    for (const auto& kv : n) {
      const std::string key = scalar_of(kv.first);
      const auto& value = kv.second;
      if (value.IsScalar()) {
        const bool k8s = key == "nodePort" || key == "hostPort";
        const bool boot = spring && ((under_server && key == "port") || key == "server.port");
        if (k8s || boot) {
          std::string v = value.Scalar();
          std::string_view digits = v;
          // ${PORT:6000}: Spring's placeholder default.
          if (boot && digits.starts_with("${")) {
            const auto colon = digits.find(':');
            const auto close = digits.find('}');
            if (colon == std::string_view::npos || close == std::string_view::npos || colon > close) continue;
            digits = digits.substr(colon + 1, close - colon - 1);
          }
          if (const auto p = detail::parse_port_digits(digits))
            add_at_node(sink, value, *p, severity::error, "published-port",
                        k8s ? (key == "nodePort" ? "Kubernetes nodePort" : "Kubernetes hostPort") : "Spring server.port");
        }
        continue;
      }
      walk(value, depth + 1, spring && depth == 0 && key == "server");
    }
  }
};

}  // namespace

scan_report scan_yaml(const scan_input& in) {
  scan_report out;
  const auto text = in.content;
  const auto slash = in.path.find_last_of('/');
  const auto base = in.path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const bool spring = base.starts_with("application") || base.starts_with("bootstrap");
  // Cheap test first: only read the YAML when a key it looks for is written.
  const bool wanted = text.find("nodePort") != std::string_view::npos ||
                      text.find("hostPort") != std::string_view::npos ||
                      (spring && text.find("port") != std::string_view::npos);
  if (!wanted) return out;
  finding_sink sink(in, out);
  // Helm and other templates (`{{ .Values.port }}`) are not YAML until rendered: read their
  // `nodePort: N` / `hostPort: N` lines as text instead of reporting invalid YAML.
  if (text.find("{{") != std::string_view::npos) {
    detail::for_each_line(text, [&](std::string_view line, std::size_t offset) {
      for (std::string_view key : {"nodePort:", "hostPort:"}) {
        const auto at = line.find(key);
        if (at == std::string_view::npos) continue;
        std::size_t i = at + key.size();
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '"' || line[i] == '\'')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
        if (const auto p = detail::parse_port_digits(line.substr(i, j - i)))
          sink.add(*p, offset + i, j - i, severity::error, "published-port",
                   key[0] == 'n' ? "Kubernetes nodePort" : "Kubernetes hostPort");
      }
    });
    return out;
  }
  const auto docs = load_yaml(sink);
  if (!docs) return out;
  yaml_walker w{sink, spring};
  try {
    for (const auto& doc : *docs) w.walk(doc, 0, false);
  } catch (const YAML::Exception& e) {
    sink.problem(std::string_view::npos, "unexpected YAML structure: " + e.msg);
  }
  return out;
}

// The guarded loader, for the other YAML readers (yaml_places.cpp).
std::optional<std::vector<YAML::Node>> detail::load_yaml_documents(finding_sink& sink) { return load_yaml(sink); }

}  // namespace badport
