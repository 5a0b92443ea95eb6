// An application's own config: keys that name a port (`port`, `http_port`, `server.port`) or a
// listen address (`listen`, `bind`, `addr`) with a blocked value, as warnings: this is where an
// app's default lives, but the app may not be what a browser opens. Each format is read with
// its parser: JSON (nlohmann-json), TOML (toml++), XML (pugixml); INI, .properties and HCL are
// line and token formats read here. systemd units: ListenStream= (a socket a browser may open)
// and ExecStart= command lines. supervisord programs: their command= lines.

#include "places.h"
#include "tokenize.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace badport {

using detail::finding_sink;

namespace detail {

// Whether a key path (outer keys first) leads to a server's port or listen address: the last
// key names one, and no outer key names something else (`database.port`, `smtp.port`).
key_role role_of(const std::vector<std::string>& path) {
  if (path.empty()) return key_role::none;
  const auto& last = path.back();
  key_role r = key_role::none;
  if (detail::is_port_name(last)) r = key_role::port;
  else if (detail::is_address_name(last)) r = key_role::address;
  if (r == key_role::none) return r;
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    if (!detail::is_port_name(path[i] + "_port") && !path[i].empty() && path[i].size() < 40) return key_role::none;
  return r;
}

namespace {
std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& k : path) {
    if (!out.empty()) out += '.';
    out += k;
  }
  return out;
}
}  // namespace

// Judges `value` (written at content offset `at`) under `path`; adds a config key finding.
void judge_config_value(finding_sink& sink, const std::vector<std::string>& path, std::string_view value,
                        std::size_t at, finding_kind kind, severity level, std::string_view rule) {
  const auto role = role_of(path);
  if (role == key_role::none) return;
  const auto where = joined(path);
  std::optional<detail::address_port> hit;
  if (role == key_role::port || role == key_role::address) {
    if (const auto p = detail::parse_port_digits(value)) hit = detail::address_port{0, value.size(), *p};
    // ${PORT:-6000} and ${PORT:6000}
    if (!hit && value.starts_with("${")) {
      const auto sep = value.find(':');
      const auto close = value.find('}');
      if (sep != std::string_view::npos && close != std::string_view::npos && sep < close) {
        const std::size_t d = sep + 1 + (sep + 1 < value.size() && value[sep + 1] == '-' ? 1 : 0);
        if (const auto p = detail::parse_port_digits(value.substr(d, close - d)))
          hit = detail::address_port{d, close - d, *p};
      }
    }
  }
  if (!hit) hit = detail::parse_address(value, true);
  if (!hit) return;
  sink.note_used(hit->port);
  if (detail::names_service_of(where, hit->port) || detail::names_service_of(value, hit->port) ||
      detail::names_service_of(sink.input().path, hit->port))
    return;
  // A config key with another protocol's well-known port (ssh 22, ntp 123) configures that
  // protocol; only a published port (level error) says otherwise.
  if (hit->port < 1024 && level == severity::warning) return;
  sink.set_kind(kind);
  sink.add(hit->port, at + hit->offset, hit->length, level, rule, where);
  sink.set_kind(std::nullopt);
}

}  // namespace detail

using detail::key_role;
using detail::role_of;

namespace {

void judge_value(finding_sink& sink, const std::vector<std::string>& path, std::string_view value, std::size_t at,
                 finding_kind kind = finding_kind::config_key, severity level = severity::warning,
                 std::string_view rule = "config-port") {
  detail::judge_config_value(sink, path, value, at, kind, level, rule);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view v, std::size_t& shift) {
  shift = 0;
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    shift = 1;
    return v.substr(1, v.size() - 2);
  }
  return v;
}

// A cheap test before a parser: the file names a port or an address somewhere.
bool mentions_port_key(std::string_view text) {
  for (std::string_view w : {"port", "Port", "PORT", "listen", "Listen", "bind", "Bind", "addr", "Addr", "ADDR"})
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

// ---- JSON ----------------------------------------------------------------------------------

void scan_json_config(finding_sink& sink) {
  const auto text = sink.content();
  if (detail::is_nested_too_deep(text, false) || find_invalid_utf8(text) != std::string_view::npos) return;
  const auto doc = nlohmann::json::parse(text, nullptr, false, true);
  if (doc.is_discarded()) return;  // not JSON (JSON5, a template): not this scanner's to judge
  std::map<std::string, std::size_t, std::less<>> cursor;  // per key, where its next value is searched
  // Per key, the places of its values in the text: found once (a text search per key name, not
  // per member, so that many members of one name stay linear).
  std::map<std::string, std::vector<detail::text_span>, std::less<>> spans_of;
  std::vector<std::string> path;
  std::size_t visits = 0;
  const auto walk = [&](const auto& self, const nlohmann::json& v) -> void {
    if (++visits > max_yaml_nodes) return;
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        path.push_back(it.key());
        const auto& x = it.value();
        if (x.is_number_integer() || x.is_string()) {
          const std::string value = x.is_string() ? x.get<std::string>() : std::to_string(x.get<long long>());
          if (role_of(path) != key_role::none) {
            // Where: the next member of this name whose value holds the text.
            auto found = spans_of.find(it.key());
            if (found == spans_of.end())
              found = spans_of.emplace(it.key(), detail::find_json_member_values(text, it.key())).first;
            const auto& spans = found->second;
            auto& from = cursor[it.key()];
            const auto first = std::lower_bound(spans.begin(), spans.end(), from,
                                                [](const detail::text_span& s, std::size_t f) { return s.first < f; });
            for (auto span_it = first; span_it != spans.end(); ++span_it) {
              const auto& span = *span_it;
              const auto at = text.substr(span.first, span.last - span.first).find(value);
              if (at == std::string_view::npos) continue;
              from = span.last;
              judge_value(sink, path, value, span.first + at);
              break;
            }
          }
        } else {
          self(self, x);
        }
        path.pop_back();
      }
    } else if (v.is_array()) {
      for (const auto& x : v) self(self, x);
    }
  };
  walk(walk, doc);
}

// ---- TOML ----------------------------------------------------------------------------------

void scan_toml_config(finding_sink& sink) {
  const auto text = sink.content();
  if (detail::is_nested_too_deep(text, false)) return;
  // toml++ 3.3 reaches __builtin_unreachable on some non-ASCII characters outside strings
  // (Cyrillic after a value; found by the scan_config fuzz target). Ports and the keys that
  // name them are ASCII, so it reads a copy whose non-ASCII bytes are 'x', byte for byte.
  std::string ascii(text);
  for (auto& c : ascii)
    if (static_cast<unsigned char>(c) >= 0x80) c = 'x';
  auto parsed = toml::parse(std::string_view(ascii));
  if (!parsed) {
    const auto& e = parsed.error();
    sink.problem_at(e.source().begin.line, e.source().begin.column,
                    "invalid TOML: " + std::string(e.description()));
    return;
  }
  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
  std::vector<std::string> path;
  std::size_t visits = 0;
  const auto walk = [&](const auto& self, const toml::node& n) -> void {
    if (++visits > max_yaml_nodes) return;
    if (const auto* t = n.as_table()) {
      for (const auto& [k, v] : *t) {
        path.emplace_back(k.str());
        self(self, v);
        path.pop_back();
      }
      return;
    }
    if (const auto* a = n.as_array()) {
      for (const auto& v : *a) self(self, v);
      return;
    }
    std::string value;
    if (const auto* i = n.as_integer()) value = std::to_string(i->get());
    else if (const auto* s = n.as_string()) value = s->get();
    else return;
    if (role_of(path) == key_role::none) return;
    const auto& src = n.source();
    if (src.begin.line == 0 || src.begin.line > line_starts.size()) return;
    const std::size_t line_start = line_starts[src.begin.line - 1];
    const std::size_t line_end = src.begin.line < line_starts.size() ? line_starts[src.begin.line] : text.size();
    // The value's text on its line, from the node's column on: columns count characters, so
    // the value's byte offset is at or after line start + column - 1.
    const std::size_t from = std::min(line_start + (src.begin.column > 0 ? src.begin.column - 1 : 0), line_end);
    const auto at = text.substr(from, line_end - from).find(value);
    if (at == std::string_view::npos) return;
    judge_value(sink, path, value, from + at);
  };
  walk(walk, parsed.table());
}

// ---- INI, supervisord ----------------------------------------------------------------------

void scan_ini_config(finding_sink& sink) {
  std::string section;
  bool program = false;
  detail::for_each_line(sink.content(), [&](std::string_view line, std::size_t offset) {
    const auto t = trim(line);
    if (t.empty() || t[0] == ';' || t[0] == '#') return;
    const std::size_t lead = static_cast<std::size_t>(t.data() - line.data());
    if (t.front() == '[' && t.back() == ']') {
      section = std::string(trim(t.substr(1, t.size() - 2)));
      program = section.starts_with("program:") || section.starts_with("fcgi-program:");
      if (const auto colon = section.find(':'); colon != std::string::npos) section = section.substr(0, colon);
      return;
    }
    const auto sep = t.find_first_of("=:");
    if (sep == std::string_view::npos) return;
    const auto key = trim(t.substr(0, sep));
    auto value = t.substr(sep + 1);
    std::size_t at = offset + lead + sep + 1;
    while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) {
      value.remove_prefix(1);
      ++at;
    }
    if (program && key == "command") {
      sink.set_kind(finding_kind::command_line);
      detail::scan_command_line(sink, value, at, severity::error, "supervisord command");
      sink.set_kind(std::nullopt);
      return;
    }
    // An inline comment after the value.
    if (const auto c = value.find(" ;"); c != std::string_view::npos) value = trim(value.substr(0, c));
    if (const auto c = value.find(" #"); c != std::string_view::npos) value = trim(value.substr(0, c));
    std::size_t shift = 0;
    value = unquote(trim(value), shift);
    std::vector<std::string> path;
    if (!section.empty() && section != "DEFAULT" && section != "default") path.push_back(section);
    path.emplace_back(key);
    // A section that names the server (`[server]`, `[http]`, `[app:main]`) is fine; one that
    // names a database is not: role_of reads it.
    if (path.size() == 2) {
      const auto s = path[0];
      if (s == "server" || s == "http" || s == "app" || s == "web" || s == "main" || s == "uwsgi" ||
          s == "inet_http_server" || s == "serve" || s == "dev" || s == "options")
        path.erase(path.begin());
    }
    judge_value(sink, path, value, at + shift);
  });
}

// ---- .properties ---------------------------------------------------------------------------

void scan_properties_config(finding_sink& sink) {
  bool continued = false;
  detail::for_each_line(sink.content(), [&](std::string_view line, std::size_t offset) {
    const bool was = continued;
    continued = !line.empty() && line.back() == '\\';
    if (was) return;
    const auto t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == '!') return;
    const std::size_t lead = static_cast<std::size_t>(t.data() - line.data());
    const auto sep = t.find_first_of("=: \t");
    if (sep == std::string_view::npos) return;
    const auto key = t.substr(0, sep);
    auto value = t.substr(sep + 1);
    std::size_t at = offset + lead + sep + 1;
    while (!value.empty() && (value[0] == ' ' || value[0] == '\t' || value[0] == '=' || value[0] == ':')) {
      value.remove_prefix(1);
      ++at;
    }
    value = trim(value);
    // server.port, app.http.port: the dotted key's parts are the path.
    std::vector<std::string> path;
    std::size_t from = 0;
    while (from <= key.size()) {
      const auto dot = key.find('.', from);
      path.emplace_back(key.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
      if (dot == std::string_view::npos) break;
      from = dot + 1;
    }
    // Only the last two parts decide (`spring.application.server.port` names the server's).
    if (path.size() > 2) path.erase(path.begin(), path.end() - 2);
    if (path.size() == 2 && (path[0] == "server" || path[0] == "http" || path[0] == "web" || path[0] == "management"))
      path.erase(path.begin());
    judge_value(sink, path, value, at);
  });
}

// ---- XML -----------------------------------------------------------------------------------

struct xml_walker final : pugi::xml_tree_walker {
  finding_sink& sink;
  explicit xml_walker(finding_sink& s) : sink(s) {}
  std::size_t visits = 0;

  bool for_each(pugi::xml_node& node) override {
    if (++visits > max_yaml_nodes) return false;
    const auto text = sink.content();
    if (node.type() != pugi::node_element) return true;
    const std::string_view name = node.name();
    const auto start = node.offset_debug();
    if (start < 0 || static_cast<std::size_t>(start) >= text.size()) return true;
    const auto tag_end = text.find('>', static_cast<std::size_t>(start));
    // Attributes: port="6000" (Tomcat's <Connector>), <add key="Port" value="6000"/>,
    // <Set name="port">6000</Set>, <Property name="jetty.http.port" default="6000"/>.
    std::string named;
    std::size_t seen = 0;
    for (const auto& a : node.attributes()) {
      if (++seen > 64) break;  // the first attributes: a start tag is searched once per attribute
      const std::string_view an = a.name();
      if ((an == "key" || an == "name") && (detail::is_port_name(a.value()) || detail::is_address_name(a.value())))
        named = a.value();
    }
    seen = 0;
    for (const auto& a : node.attributes()) {
      if (++seen > 64) break;
      const std::string_view an = a.name();
      std::vector<std::string> path;
      if (!named.empty() && (an == "value" || an == "default")) path.push_back(named);
      else path.emplace_back(an);
      if (role_of(path) == key_role::none) continue;
      const std::string_view value = a.value();
      // The attribute's value in the start tag.
      const auto tag = text.substr(static_cast<std::size_t>(start), tag_end == std::string_view::npos
                                                                        ? text.size() - static_cast<std::size_t>(start)
                                                                        : tag_end - static_cast<std::size_t>(start));
      std::size_t k = 0;
      while ((k = tag.find(an, k)) != std::string_view::npos) {
        const auto eq = tag.find_first_not_of(" \t\r\n", k + an.size());
        if (eq != std::string_view::npos && tag[eq] == '=') {
          const auto q = tag.find_first_not_of(" \t\r\n", eq + 1);
          if (q != std::string_view::npos && (tag[q] == '"' || tag[q] == '\'') && tag.substr(q + 1, value.size()) == value) {
            const bool server = name == "Connector" || name == "connector";
            judge_value(sink, path, value, static_cast<std::size_t>(start) + q + 1,
                        server ? finding_kind::server_config : finding_kind::config_key,
                        server ? severity::error : severity::warning, server ? "host-port" : "config-port");
            break;
          }
        }
        k += an.size();
      }
    }
    // <port>6000</port>, <server.port>6000</server.port>, <Set name="port">6000</Set>.
    const auto child = node.first_child();
    if (child && child.type() == pugi::node_pcdata && !child.next_sibling()) {
      std::vector<std::string> path{named.empty() ? std::string(name) : named};
      const std::string_view dotted = path[0];
      if (const auto dot = dotted.rfind('.'); dot != std::string_view::npos && named.empty())
        path = {std::string(dotted.substr(dot + 1))};
      if (role_of(path) != key_role::none) {
        const auto at = child.offset_debug();
        const std::string_view raw = child.value();
        std::size_t shift = 0;
        while (shift < raw.size() && (raw[shift] == ' ' || raw[shift] == '\n' || raw[shift] == '\t' || raw[shift] == '\r')) ++shift;
        const auto value = trim(raw.substr(shift));
        if (at >= 0 && static_cast<std::size_t>(at) + shift + value.size() <= text.size() &&
            text.substr(static_cast<std::size_t>(at) + shift, value.size()) == value)
          judge_value(sink, path, value, static_cast<std::size_t>(at) + shift);
      }
    }
    return true;
  }
};

void scan_xml_config(finding_sink& sink) {
  const auto text = sink.content();
  pugi::xml_document doc;
  // Parsed in place from a copy, so that offset_debug() is the offset in the content.
  const auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) return;  // not XML (a template, HTML): not this scanner's to judge
  xml_walker w(sink);
  doc.traverse(w);
}

// ---- HCL (Terraform, Nomad, Packer, Consul) --------------------------------------------------

void scan_hcl_config(finding_sink& sink) {
  using detail::tok;
  const auto text = sink.content();
  const auto t = detail::tokenize(text, 0, text.size(), detail::lang::hcl);
  std::vector<std::string> blocks;  // labels of the open blocks: `port "http" {` -> "port"
  std::size_t statement = 0;        // first token of the current statement
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto w = text.substr(t[i].offset, t[i].length);
    if (t[i].newline_before) statement = i;
    if (t[i].type == tok::punct && w == "{") {
      const auto label = text.substr(t[statement].offset, t[statement].length);
      blocks.emplace_back(t[statement].type == tok::ident ? label : std::string_view());
      if (blocks.size() > max_nesting_depth) return;
      statement = i + 1;
      continue;
    }
    if (t[i].type == tok::punct && w == "}") {
      if (!blocks.empty()) blocks.pop_back();
      statement = i + 1;
      continue;
    }
    if (t[i].type != tok::punct || (w != "=" && w != ":") || i == 0 || i + 1 >= t.size()) continue;
    const auto& k = t[i - 1];
    const auto& v = t[i + 1];
    const std::string key(k.type == tok::string ? text.substr(k.inner, k.inner_length) : text.substr(k.offset, k.length));
    const std::string_view value = v.type == tok::string ? text.substr(v.inner, v.inner_length)
                                   : v.type == tok::number ? text.substr(v.offset, v.length)
                                                           : std::string_view();
    if (value.empty()) continue;
    const std::size_t at = v.type == tok::string ? v.inner : v.offset;
    const std::string_view parent = blocks.empty() ? std::string_view() : std::string_view(blocks.back());
    // Nomad `port "http" { static = 6000 }`, Terraform docker `ports { external = 6000 }`.
    if ((parent == "port" || parent == "ports") && (key == "static" || key == "external")) {
      judge_value(sink, {"port"}, value, at, finding_kind::published_port, severity::error, "published-port");
      continue;
    }
    judge_value(sink, {key}, value, at);
  }
}

// ---- systemd -------------------------------------------------------------------------------

}  // namespace

scan_report scan_systemd(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  detail::for_each_line(in.content, [&](std::string_view line, std::size_t offset) {
    const auto t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') return;
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) return;
    const auto key = trim(t.substr(0, eq));
    const std::size_t lead = static_cast<std::size_t>(t.data() - line.data());
    auto value = t.substr(eq + 1);
    std::size_t at = offset + lead + eq + 1;
    while (!value.empty() && value[0] == ' ') value.remove_prefix(1), ++at;
    if (key == "ListenStream") {
      // 6000, 0.0.0.0:6000, [::]:6000; not a path (/run/app.sock).
      std::optional<detail::address_port> a;
      if (const auto p = detail::parse_port_digits(value)) a = detail::address_port{0, value.size(), *p};
      else a = detail::parse_address(value, true);
      if (!a) return;
      sink.set_kind(finding_kind::socket_unit);
      sink.add(a->port, at + a->offset, a->length, severity::error, "listen-port", "systemd ListenStream=");
      sink.set_kind(std::nullopt);
    } else if (key == "ExecStart" || key == "ExecStartPre") {
      sink.set_kind(finding_kind::command_line);
      detail::scan_command_line(sink, value, at, severity::error, "systemd " + std::string(key));
      sink.set_kind(std::nullopt);
    } else if (key == "Environment") {
      // Environment="PORT=6000" HOST=0.0.0.0
      std::size_t i = 0;
      while (i < value.size()) {
        while (i < value.size() && (value[i] == ' ' || value[i] == '"')) ++i;
        std::size_t j = i;
        while (j < value.size() && value[j] != ' ' && value[j] != '"') ++j;
        const auto assignment = value.substr(i, j - i);
        if (const auto e = assignment.find('='); e != std::string_view::npos && detail::is_port_name(assignment.substr(0, e))) {
          const auto v = assignment.substr(e + 1);
          if (const auto p = detail::parse_port_digits(v)) {
            sink.set_kind(finding_kind::env_variable);
            sink.add(*p, at + i + e + 1, v.size(), severity::error, "host-port", std::string(assignment.substr(0, e + 1)));
            sink.set_kind(std::nullopt);
          }
        }
        i = j + 1;
      }
    }
  });
  return out;
}

scan_report scan_config(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  if (!detail::has_wanted_digits(sink, 0, in.content.size())) return out;
  if (!mentions_port_key(in.content) && in.content.find("[program:") == std::string_view::npos) return out;
  switch (detect_format(in.path)) {
    case scan_format::json:
    case scan_format::devcontainer:
    case scan_format::launch_settings:
      scan_json_config(sink);
      break;
    case scan_format::toml: scan_toml_config(sink); break;
    case scan_format::ini:
    case scan_format::server_conf:
      scan_ini_config(sink);
      break;
    case scan_format::properties:
    case scan_format::spring_properties:
      scan_properties_config(sink);
      break;
    case scan_format::xml: scan_xml_config(sink); break;
    case scan_format::hcl: scan_hcl_config(sink); break;
    default: break;
  }
  detail::sort_findings(out);
  return out;
}

}  // namespace badport
