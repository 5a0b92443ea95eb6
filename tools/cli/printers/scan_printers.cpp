#include "printers/scan_printers.h"

#include "report.h"

#include <badport/ports.h>
#include <badport/scan.h>
#include <badport/suggest.h>
#include <badport/text.h>
#include <badport/version.h>

#include <fmt/format.h>

#include <map>
#include <optional>
#include <tuple>

namespace badport::cli {

namespace {

using json = nlohmann::ordered_json;

// The caret line: tabs kept, one space per character (UTF-8 continuation bytes skipped).
std::string caret(std::string_view line, std::size_t column, std::size_t length) {
  std::string out;
  for (std::size_t i = 0; i + 1 < column && i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xc0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
  }
  out += '^';
  for (std::size_t i = 1; i < length; ++i) out += '~';
  return out;
}

std::string service_of(int port) {
  const auto* p = find_port(port);
  return p ? std::string(p->service) : std::string();
}

std::string message_of(const scan_finding& f, const io::tree_scan& scan) {
  const auto service = service_of(f.port);
  std::string m = fmt::format("port {}{} is blocked by {}", f.port, service.empty() ? "" : " (" + service + ")",
                              join_engines(f.blocked_by));
  if (f.range_first != f.range_last) {
    const auto r = io::range_replacement_of(scan, f);
    if (r) m += fmt::format("; use {}-{} instead of {}-{}", r->first, r->last, f.range_first, f.range_last);
    if (f.more_in_range > 0)
      m += fmt::format("; and {} more blocked port{} in {}-{}", f.more_in_range, f.more_in_range == 1 ? "" : "s",
                       f.range_first, f.range_last);
  } else if (const auto s = io::replacement_of(scan, f)) {
    m += fmt::format("; use {} instead", *s);
  }
  // The kind of place, then what the file says when it adds to it: [listen call app.run],
  // [config key: server.port], [compose host port], [URL http://localhost:6000].
  const auto kind = name(f.kind);
  if (f.context.empty() || f.context == kind || f.context.starts_with(std::string(kind) + " "))
    m += fmt::format(" [{}]", f.context.empty() ? std::string(kind) : f.context);
  else
    m += fmt::format(" [{}: {}]", kind, f.context);
  return m;
}

// The note for a file with more findings than a scan keeps.
std::string more_findings_text(const io::scanned_file& file) {
  return fmt::format("{} more finding{} not shown (at most {} per file)", file.report.more_findings,
                     file.report.more_findings == 1 ? "" : "s", max_findings_per_file);
}

// A path as printed in text: escaped, on one line.
std::string shown_path(std::string_view path) { return printable_line(path); }

json engines_json(engine_set set) {
  json a = json::array();
  for (engine e : all_engines)
    if (set.contains(e)) a.push_back(name(e));
  return a;
}

std::string uri_of(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  // Absolute paths become file:// URIs; relative ones stay relative (to the scan's folder).
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

std::string problem_text(const std::string& path, const scan_problem& p) {
  if (p.line == 0) return fmt::format("{}: {}", path, p.message);
  return fmt::format("{}:{}:{}: {}", path, p.line, p.column, p.message);
}

void print_scan_text(output& out, const io::tree_scan& scan) {
  std::size_t errors = 0, warnings = 0, files = 0, more = 0;
  for (const auto& file : scan.files) {
    if (!file.report.findings.empty()) ++files;
    const std::string path = shown_path(file.path);
    for (const auto& f : file.report.findings) {
      const bool error = f.level == severity::error;
      (error ? errors : warnings) += 1;
      out.write(fmt::format("{}{}:{}:{}:{} {}{}:{} {}\n", out.bold(), path, f.line, f.column, out.reset(),
                            error ? out.red() : out.yellow(), name(f.level), out.reset(), message_of(f, scan)));
      out.write(fmt::format("{}\n{}{}{}\n", f.excerpt, out.green(), caret(f.excerpt, f.excerpt_column, f.excerpt_length),
                            out.reset()));
    }
    if (file.report.more_findings > 0) {
      more += file.report.more_findings;
      out.write(fmt::format("{}{}:{} note: {}\n", out.bold(), path, out.reset(), more_findings_text(file)));
    }
  }
  if (errors + warnings > 0)
    out.write(fmt::format("{} blocked port{} ({} error{}, {} warning{}) in {} file{}{}; {} files read\n",
                          errors + warnings, errors + warnings == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                          warnings, warnings == 1 ? "" : "s", files, files == 1 ? "" : "s",
                          more > 0 ? fmt::format(", and {} more not shown", more) : std::string(), scan.files_read));
}

void print_scan_json(output& out, const io::tree_scan& scan, engine_set engines) {
  out.write(fmt::format("{{\n  \"schema\": \"badport.scan/1\",\n  \"engines\": {},\n  \"findings\": [",
                        engines_json(engines).dump()));
  const char* sep = "\n    ";
  for (const auto& file : scan.files) {
    for (const auto& f : file.report.findings) {
      json j;
      j["path"] = file.path;
      j["line"] = f.line;
      j["column"] = f.column;
      j["port"] = f.port;
      const auto service = service_of(f.port);
      j["service"] = service.empty() ? json(nullptr) : json(service);
      j["blocked_by"] = engines_json(f.blocked_by);
      j["severity"] = name(f.level);
      j["rule"] = f.rule;
      j["kind"] = name(f.kind);
      j["context"] = f.context;
      const auto s = io::replacement_of(scan, f);
      j["suggestion"] = s ? json(*s) : json(nullptr);
      j["source"] = f.excerpt;
      if (f.range_first != f.range_last) {
        j["range"] = {{"first", f.range_first}, {"last", f.range_last}, {"more", f.more_in_range}};
        const auto r = io::range_replacement_of(scan, f);
        j["range_suggestion"] = r ? json({{"first", r->first}, {"last", r->last}}) : json(nullptr);
      }
      out.write(sep);
      out.write(j.dump(-1, ' ', false, json::error_handler_t::replace));
      sep = ",\n    ";
    }
  }
  out.write(std::string_view(sep).size() == 5 ? "]" : "\n  ]");
  out.write(",\n  \"problems\": [");
  sep = "\n    ";
  const auto problem = [&](const std::string& path, std::uint32_t line, std::uint32_t column, const std::string& message,
                           bool error) {
    json j = {{"path", path},
              {"line", line == 0 ? json(nullptr) : json(line)},
              {"column", column == 0 ? json(nullptr) : json(column)},
              {"message", message},
              {"error", error}};
    out.write(sep);
    out.write(j.dump(-1, ' ', false, json::error_handler_t::replace));
    sep = ",\n    ";
  };
  for (const auto& file : scan.files) {
    for (const auto& p : file.report.problems) problem(file.path, p.line, p.column, p.message, true);
    if (file.report.more_findings > 0) problem(file.path, 0, 0, more_findings_text(file), false);
  }
  for (const auto& n : scan.notices) problem(n.path, 0, 0, n.message, n.is_error);
  out.write(std::string_view(sep).size() == 5 ? "]" : "\n  ]");
  out.write(fmt::format(",\n  \"files_read\": {},\n  \"binary_skipped\": {}\n}}\n", scan.files_read,
                        scan.binary_skipped));
}

void print_scan_sarif(output& out, const io::tree_scan& scan) {
  struct rule_text {
    const char* id;
    const char* name;
    const char* text;
    const char* level;
  };
  static constexpr rule_text rules[] = {
      {"published-port", "PublishedBlockedPort", "A port published on the host is blocked by browsers", "error"},
      {"host-port", "HostBlockedPort", "A server listens on a port that browsers block", "error"},
      {"url-port", "UrlBlockedPort", "A URL names a port that browsers block", "error"},
      {"container-port", "ContainerBlockedPort",
       "A container port (EXPOSE, a Compose target) is blocked by browsers if published as is", "warning"},
      {"listen-port", "ListenBlockedPort",
       "A server listens on a port that browsers block (a listen call, a port default, a dev server config)", "error"},
      {"address-port", "AddressBlockedPort", "A local address without a scheme names a port that browsers block",
       "error"},
      {"config-port", "ConfigBlockedPort", "An application's config key names a port that browsers block", "warning"},
      {"doc-port", "DocBlockedPort", "A documentation example uses a port that browsers block", "warning"},
  };
  json driver;
  driver["name"] = "badport";
  driver["version"] = std::string(version());
  driver["informationUri"] = "https://github.com/badport/badport";
  driver["rules"] = json::array();
  for (const auto& r : rules) {
    driver["rules"].push_back({{"id", r.id},
                               {"name", r.name},
                               {"shortDescription", {{"text", r.text}}},
                               {"fullDescription", {{"text", std::string(r.text) +
                                                                 ": Fetch's bad port list and each engine's own "
                                                                 "(https://fetch.spec.whatwg.org/#port-blocking)"}}},
                               {"helpUri", "https://fetch.spec.whatwg.org/#port-blocking"},
                               {"defaultConfiguration", {{"level", r.level}}}});
  }
  const auto rule_index = [&](const std::string& id) {
    for (std::size_t i = 0; i < std::size(rules); ++i)
      if (id == rules[i].id) return i;
    return std::size_t{0};
  };
  json notes = json::array();
  bool ok = true;
  for (const auto& file : scan.files) {
    for (const auto& p : file.report.problems) {
      ok = false;
      json loc = {{"physicalLocation", {{"artifactLocation", {{"uri", uri_of(file.path)}}}}}};
      if (p.line > 0) loc["physicalLocation"]["region"] = {{"startLine", p.line}, {"startColumn", std::max(p.column, 1u)}};
      notes.push_back({{"level", "warning"}, {"message", {{"text", p.message}}}, {"locations", json::array({loc})}});
    }
  }
  for (const auto& file : scan.files) {
    if (file.report.more_findings == 0) continue;
    notes.push_back({{"level", "note"},
                     {"message", {{"text", more_findings_text(file)}}},
                     {"locations", json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", uri_of(file.path)}}}}}}})}});
  }
  for (const auto& n : scan.notices) {
    if (n.is_error) ok = false;
    notes.push_back({{"level", n.is_error ? "error" : "note"},
                     {"message", {{"text", n.message}}},
                     {"locations", json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", uri_of(n.path)}}}}}}})}});
  }
  json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = json::array({{{"executionSuccessful", ok}, {"toolExecutionNotifications", std::move(notes)}}});
  // The run without its results, then the results one by one.
  std::string head = run.dump(-1, ' ', false, json::error_handler_t::replace);
  head.pop_back();  // the closing brace
  out.write(R"({"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[)");
  out.write(head);
  out.write(R"(,"results":[)");
  bool first = true;
  for (const auto& file : scan.files) {
    for (const auto& f : file.report.findings) {
      json region = {{"startLine", f.line}, {"startColumn", f.column}};
      const std::size_t written = f.range_length > 0 ? f.range_length : f.length;
      if (written > 0) region["endColumn"] = f.column + written;
      region["snippet"] = {{"text", f.excerpt}};
      const json result = {
          {"ruleId", f.rule},
          {"ruleIndex", rule_index(f.rule)},
          {"level", name(f.level)},
          {"message", {{"text", message_of(f, scan)}}},
          {"locations", json::array({{{"physicalLocation",
                                       {{"artifactLocation", {{"uri", uri_of(file.path)}}}, {"region", region}}}}})},
          {"properties", {{"port", f.port}, {"kind", name(f.kind)}, {"blockedBy", engines_json(f.blocked_by)}}}};
      if (!first) out.write(",");
      first = false;
      out.write("\n");
      out.write(result.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  out.write("\n]}]}\n");
}

}  // namespace badport::cli
