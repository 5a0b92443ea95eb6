// JSON scanners (nlohmann-json): package.json scripts, devcontainer.json (JSON with comments
// and trailing commas) forwardPorts/appPort, ASP.NET launchSettings.json applicationUrl.
// nlohmann-json gives values, not places: each value is then found in the text it came from.

#include "scan_detail.h"

#include <nlohmann/json.hpp>

namespace badport {

using detail::finding_sink;
using json = nlohmann::json;

namespace {

// JSONC to JSON of the same length: trailing commas become spaces (comments are left for the
// parser's ignore_comments).
std::string without_trailing_commas(std::string_view text) {
  std::string s(text);
  std::size_t pending = std::string::npos;  // offset of a comma not yet followed by a value
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      pending = std::string::npos;
      for (++i; i < s.size(); ++i) {
        if (s[i] == '\\') ++i;
        else if (s[i] == '"') break;
      }
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const auto end = s.find("*/", i + 2);
      i = end == std::string::npos ? s.size() : end + 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if ((c == '}' || c == ']') && pending != std::string::npos) s[pending] = ' ';
    pending = c == ',' ? i : std::string::npos;
  }
  return s;
}

std::optional<json> load_json(finding_sink& sink, bool jsonc) {
  const auto text = sink.content();
  if (const auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    sink.problem(bad, "invalid UTF-8; JSON not read");
    return std::nullopt;
  }
  if (detail::is_nested_too_deep(text, false)) {
    sink.problem(std::string_view::npos,
                 "JSON nested deeper than " + std::to_string(max_nesting_depth) + " levels; not read");
    return std::nullopt;
  }
  try {
    if (jsonc) return json::parse(without_trailing_commas(text), nullptr, true, true);
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based, just past the offending character.
    const std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
    std::string msg = e.what();
    if (const auto colon = msg.rfind(": "); colon != std::string::npos) msg = msg.substr(colon + 2);
    sink.problem(at, "invalid JSON: " + msg);
  } catch (const std::exception& e) {
    sink.problem(std::string_view::npos, std::string("invalid JSON: ") + e.what());
  }
  return std::nullopt;
}

// Adds `port` at its digits in the next place of `span` from `cursor` on. Once a port is not
// found there (written "db:06000"), the places are lost: the next ports are put at the span's
// start without searching, so that a long array costs one pass, not one per element.
void add_in_span(finding_sink& sink, detail::text_span span, std::size_t& cursor, int port, std::string_view rule,
                 std::string_view what) {
  sink.note_used(port);
  if (!sink.wanted(port)) return;
  const auto at = cursor == std::string_view::npos
                      ? std::string_view::npos
                      : detail::find_port_digits(sink.content(), std::max(cursor, span.first), span.last,
                                                 static_cast<std::uint16_t>(port));
  if (at == std::string_view::npos) {
    cursor = std::string_view::npos;
    sink.add(port, span.first, 0, severity::error, rule, what);
    return;
  }
  const auto len = std::to_string(port).size();
  cursor = at + len;
  sink.add(port, at, len, severity::error, rule, what);
}

// A devcontainer port value: 6000, "6000", "db:6000" (forwardPorts), "6000:5000" (appPort).
std::optional<int> devcontainer_port(const json& v) {
  if (v.is_number_integer()) {
    const auto n = v.get<long long>();
    if (n >= 1 && n <= 65535) return static_cast<int>(n);
    return std::nullopt;
  }
  if (!v.is_string()) return std::nullopt;
  const auto s = v.get<std::string>();
  const auto hp = detail::find_host_port(s);
  if (!hp) return std::nullopt;
  return hp->port;
}

}  // namespace

void detail::scan_package_json_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  // Cheap test first.
  if (in.content.find("\"scripts\"") == std::string_view::npos) return;
  const auto doc = load_json(sink, false);
  if (!doc || !doc->is_object() || !doc->contains("scripts")) return;
  // The scripts are command lines: read the text of the "scripts" object line by line, so that
  // each port is found at its own place.
  for (const auto span : detail::find_json_member_values(in.content, "scripts")) {
    if (span.first >= in.content.size() || in.content[span.first] != '{') continue;
    const auto body = in.content.substr(span.first, span.last - span.first);
    detail::for_each_line(body, [&](std::string_view line, std::size_t offset) {
      detail::scan_command_line(sink, line, span.first + offset, severity::error, "package.json script");
    });
    break;
  }
}

void detail::scan_devcontainer_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  const auto doc = load_json(sink, true);
  if (!doc || !doc->is_object()) return;
  for (const char* key : {"forwardPorts", "appPort"}) {
    const auto it = doc->find(key);
    if (it == doc->end()) continue;
    const auto spans = detail::find_json_member_values(in.content, key);
    if (spans.empty()) continue;
    std::size_t cursor = spans.front().first;
    const std::string what = std::string("devcontainer ") + key;
    const auto one = [&](const json& v) {
      if (const auto p = devcontainer_port(v)) add_in_span(sink, spans.front(), cursor, *p, "published-port", what);
    };
    if (it->is_array())
      for (const auto& v : *it) one(v);
    else
      one(*it);
  }
}

void detail::scan_launch_settings_into(finding_sink& sink) {
  const scan_input& in = sink.input();
  const auto doc = load_json(sink, true);
  if (!doc) return;
  // applicationUrl: "https://localhost:6001;http://localhost:6000"
  for (const auto span : detail::find_json_member_values(in.content, "applicationUrl"))
    detail::scan_urls_in(sink, span.first, span.last, "applicationUrl");
}

scan_report scan_package_json(const scan_input& in) { return detail::run_scanner(in, detail::scan_package_json_into); }
scan_report scan_devcontainer(const scan_input& in) { return detail::run_scanner(in, detail::scan_devcontainer_into); }
scan_report scan_launch_settings(const scan_input& in) {
  return detail::run_scanner(in, detail::scan_launch_settings_into);
}

}  // namespace badport
