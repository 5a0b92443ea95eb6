// YAML scanners (yaml-cpp): Compose `ports`, Spring `server.port`, Kubernetes `nodePort` and
// `hostPort`. The text is checked for nesting depth before yaml-cpp, whose parser recurses, sees
// it; every reader of a file spends one node_budget, so that alias bombs stay small.

#include "yaml_detail.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace badport::detail {

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

}  // namespace

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
  const std::string too_deep = "YAML nested deeper than " + std::to_string(max_nesting_depth) + " levels; not read";
  if (is_nested_too_deep(text, true)) {
    sink.problem(std::string_view::npos, too_deep);
    return std::nullopt;
  }
  if (!parses_in_bounded_events(text)) {
    sink.problem(std::string_view::npos, "invalid YAML: the parser did not come to an end; not read");
    return std::nullopt;
  }
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion&) {
    // yaml-cpp's own guard, which reports itself as "bad file".
    sink.problem(std::string_view::npos, too_deep);
  } catch (const YAML::Exception& e) {
    sink.problem_at(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                    "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    sink.problem(std::string_view::npos, std::string("invalid YAML: ") + e.what());
  }
  return std::nullopt;
}

std::size_t node_offset(const YAML::Node& n, std::string_view text) {
  const auto pos = n.Mark().pos;
  return pos >= 0 && static_cast<std::size_t>(pos) <= text.size() ? static_cast<std::size_t>(pos) : 0;
}

std::string scalar_of(const YAML::Node& n) {
  try {
    return n.IsScalar() ? n.Scalar() : std::string();
  } catch (const YAML::Exception&) {
    return {};
  }
}

namespace {

// Where a scalar node's text ends on its line: the closing quote of a quoted scalar; a
// comment, or in a flow collection ',' ']' '}', for a plain one. Reads only the scalar's own
// bytes (not the rest of a long line: five thousand items on one line must not cost five
// thousand times the line).
std::size_t scalar_end(std::string_view text, std::size_t at) {
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    std::size_t end = at + 1;
    const bool escapes = text[at] == '"';
    while (end < text.size() && text[end] != text[at] && text[end] != '\n') end += escapes && text[end] == '\\' ? 2u : 1u;
    return std::min(end, text.size());
  }
  std::size_t end = at;
  while (end < text.size() && text[end] != '\n' && text[end] != ',' && text[end] != ']' && text[end] != '}' &&
         !(text[end] == '#' && end > at && (text[end - 1] == ' ' || text[end - 1] == '\t')))
    ++end;
  return end;
}

}  // namespace

void add_at_node(finding_sink& sink, const YAML::Node& node, int port, severity level, std::string_view rule,
                 std::string_view what) {
  sink.note_used(port);
  if (!sink.wanted(port)) return;
  const auto text = sink.content();
  const auto at = node_offset(node, text);
  const auto digits = find_port_digits(text, at, scalar_end(text, at), static_cast<std::uint16_t>(port));
  if (digits != std::string_view::npos)
    sink.add(port, digits, std::to_string(port).size(), level, rule, what);
  else
    sink.add(port, at, 0, level, rule, what);
}

// ---- Compose --------------------------------------------------------------------------------

namespace {

// Where a scalar's value starts in the text: after the quote of a quoted scalar.
std::size_t value_start(const YAML::Node& n, std::string_view text) {
  auto at = node_offset(n, text);
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) ++at;
  return at;
}

// Adds the port or range written at v.text[first, first+length) of the interpolated scalar
// `node` (whose value before interpolation is `raw`): where its digits are in the file, in
// `.env` when they come from there, else at the node.
void add_value_part(finding_sink& sink, const YAML::Node& node, std::string_view raw, const interpolated_value& v,
                    std::size_t first, std::size_t length, severity level, std::string_view rule,
                    std::string_view what) {
  const auto part = std::string_view(v.text).substr(first, length);
  const auto r = parse_port_or_range(part);
  if (!r) return;
  const auto text = sink.content();
  const auto node_at = node_offset(node, text);
  const auto origin = v.origin(first, length);
  if (origin && origin->from_dotenv) {
    if (r->first == r->last) sink.add_env(r->first, node_at, origin->source, length, level, rule, what);
    else sink.add_range(r->first, r->last, node_at, 0, level, rule, what);
    return;
  }
  std::size_t at = node_at, written = 0;
  if (origin) {
    // The value is the text itself unless it has escapes or folded lines: check first.
    const std::size_t place = value_start(node, text) + origin->source;
    if (raw.substr(origin->source, length) == part && place <= text.size() && text.substr(place, length) == part) {
      at = place;
      written = length;
    }
  }
  if (r->first == r->last) sink.add(r->first, at, written, level, rule, what);
  else sink.add_range(r->first, r->last, at, written, level, rule, what);
}

// The short syntax: [[IP:](HOST[-HOST]):]CONTAINER[-CONTAINER][/PROTOCOL]
void scan_short_port(finding_sink& sink, const YAML::Node& node, const std::string& raw, const dotenv_vars& vars) {
  const auto v = interpolate(raw, vars);
  const std::string_view spec = v.text;
  std::size_t end = spec.size();
  if (const auto slash = spec.rfind('/'); slash != std::string_view::npos) {
    const auto proto = spec.substr(slash + 1);
    if (iequals(proto, "udp") || iequals(proto, "sctp")) return;
    end = slash;
  }
  // IPv6 host IP in brackets, or an IPv4/hostname before the last two parts.
  std::size_t begin = 0;
  if (end > 0 && spec[0] == '[') {
    const auto close = spec.substr(0, end).find("]:");
    if (close == std::string_view::npos) return;
    begin = close + 2;
  }
  const auto body = spec.substr(begin, end - begin);
  const auto last_colon = body.rfind(':');
  if (last_colon == std::string_view::npos) {
    // Container port only: Compose publishes it on an ephemeral host port.
    add_value_part(sink, node, raw, v, begin, body.size(), severity::warning, "container-port", "compose container port");
    return;
  }
  std::size_t host_first = begin;
  auto host = body.substr(0, last_colon);
  if (const auto ip_colon = host.rfind(':'); ip_colon != std::string_view::npos) {
    host_first = begin + ip_colon + 1;
    host = host.substr(ip_colon + 1);
  }
  if (host.empty()) {
    // "127.0.0.1::5000": ephemeral host port.
    add_value_part(sink, node, raw, v, begin + last_colon + 1, body.size() - last_colon - 1, severity::warning,
                   "container-port", "compose container port");
    return;
  }
  add_value_part(sink, node, raw, v, host_first, host.size(), severity::error, "published-port", "compose host port");
}

// A long-syntax field (`published`, `target`): whether it holds a port or a range.
bool scan_long_field(finding_sink& sink, const YAML::Node& field, const dotenv_vars& vars, severity level,
                     std::string_view rule, std::string_view what) {
  if (!field || !field.IsScalar()) return false;
  const std::string raw = field.Scalar();
  const auto v = interpolate(raw, vars);
  if (!parse_port_or_range(v.text)) return false;
  add_value_part(sink, field, raw, v, 0, v.text.size(), level, rule, what);
  return true;
}

}  // namespace

void scan_compose_into(finding_sink& sink) {
  const auto docs = load_yaml(sink);
  if (!docs) return;
  const auto vars = read_dotenv(sink.input().dotenv);
  node_budget budget(sink);
  try {
    for (const auto& doc : *docs) {
      if (!budget.visit()) return;
      if (!doc.IsMap()) continue;
      const auto services = doc["services"];
      if (!services || !services.IsMap()) continue;
      for (const auto& service : services) {
        // Every service and port item costs a node, aliases included: 60,000 services that
        // alias one with 5,000 ports stop at the budget instead of reading 300 million items.
        if (!budget.visit()) return;
        if (!service.second.IsMap()) continue;
        const auto ports = service.second["ports"];
        if (!ports || !ports.IsSequence()) continue;
        for (const auto& item : ports) {
          if (!budget.visit()) return;
          if (item.IsScalar()) {
            scan_short_port(sink, item, item.Scalar(), vars);
            continue;
          }
          if (!item.IsMap()) continue;
          // The long syntax.
          const auto protocol = interpolate(scalar_of(item["protocol"]), vars).text;
          if (iequals(protocol, "udp") || iequals(protocol, "sctp")) continue;
          if (scan_long_field(sink, item["published"], vars, severity::error, "published-port",
                              "compose published port"))
            continue;
          scan_long_field(sink, item["target"], vars, severity::warning, "container-port", "compose target port");
        }
      }
    }
  } catch (const YAML::Exception& e) {
    sink.problem(std::string_view::npos, "unexpected YAML structure: " + e.msg);
  }
}

// ---- Kubernetes and Spring --------------------------------------------------------------------

namespace {

// Walks every node for `nodePort`/`hostPort` keys (Kubernetes) and, when `spring`, the
// `server.port` key, within the file's node budget.
struct yaml_walker {
  finding_sink& sink;
  node_budget& budget;
  bool spring;

  void walk(const YAML::Node& n, std::size_t depth, bool under_server) {
    if (depth > max_nesting_depth || !budget.visit()) return;
    if (n.IsSequence()) {
      for (const auto& item : n) {
        if (budget.exhausted()) return;
        walk(item, depth + 1, false);
      }
      return;
    }
    if (!n.IsMap()) return;
    for (const auto& kv : n) {
      if (budget.exhausted()) return;
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
          if (const auto p = parse_port_digits(digits))
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

void scan_yaml_into(finding_sink& sink) {
  const auto text = sink.content();
  const auto path = sink.input().path;
  const auto slash = path.find_last_of('/');
  const auto base = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const bool spring = base.starts_with("application") || base.starts_with("bootstrap");
  // Cheap test first: only read the YAML when a key it looks for is written.
  const bool wanted = text.find("nodePort") != std::string_view::npos ||
                      text.find("hostPort") != std::string_view::npos ||
                      (spring && text.find("port") != std::string_view::npos);
  if (!wanted) return;
  // Helm and other templates (`{{ .Values.port }}`) are not YAML until rendered: read their
  // `nodePort: N` / `hostPort: N` lines as text instead of reporting invalid YAML.
  if (text.find("{{") != std::string_view::npos) {
    for_each_line(text, [&](std::string_view line, std::size_t offset) {
      for (std::string_view key : {"nodePort:", "hostPort:"}) {
        const auto at = line.find(key);
        if (at == std::string_view::npos) continue;
        std::size_t i = at + key.size();
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '"' || line[i] == '\'')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
        if (const auto p = parse_port_digits(line.substr(i, j - i)))
          sink.add(*p, offset + i, j - i, severity::error, "published-port",
                   key[0] == 'n' ? "Kubernetes nodePort" : "Kubernetes hostPort");
      }
    });
    return;
  }
  const auto docs = load_yaml(sink);
  if (!docs) return;
  node_budget budget(sink);
  yaml_walker w{sink, budget, spring};
  try {
    for (const auto& doc : *docs) {
      if (budget.exhausted()) break;
      w.walk(doc, 0, false);
    }
  } catch (const YAML::Exception& e) {
    sink.problem(std::string_view::npos, "unexpected YAML structure: " + e.msg);
  }
}

}  // namespace badport::detail

namespace badport {

scan_report scan_compose(const scan_input& in) { return detail::run_scanner(in, detail::scan_compose_into); }
scan_report scan_yaml(const scan_input& in) { return detail::run_scanner(in, detail::scan_yaml_into); }

}  // namespace badport
