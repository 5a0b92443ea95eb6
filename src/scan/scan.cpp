// Choosing a scanner from a file's name, merging what the scanners find, and the unified diff
// that --diff prints.

#include "places.h"

#include <algorithm>

namespace badport {

std::string_view name(scan_format f) noexcept {
  switch (f) {
    case scan_format::text: return "text";
    case scan_format::compose: return "compose";
    case scan_format::dockerfile: return "dockerfile";
    case scan_format::dotenv: return "dotenv";
    case scan_format::package_json: return "package-json";
    case scan_format::procfile: return "procfile";
    case scan_format::makefile: return "makefile";
    case scan_format::shell: return "shell";
    case scan_format::devcontainer: return "devcontainer";
    case scan_format::launch_settings: return "launch-settings";
    case scan_format::spring_properties: return "spring-properties";
    case scan_format::yaml: return "yaml";
    case scan_format::server_conf: return "server-conf";
    case scan_format::caddyfile: return "caddyfile";
    case scan_format::python: return "python";
    case scan_format::javascript: return "javascript";
    case scan_format::go: return "go";
    case scan_format::ruby: return "ruby";
    case scan_format::jvm: return "jvm";
    case scan_format::php: return "php";
    case scan_format::rust: return "rust";
    case scan_format::csharp: return "csharp";
    case scan_format::cmake: return "cmake";
    case scan_format::docs: return "docs";
    case scan_format::json: return "json";
    case scan_format::toml: return "toml";
    case scan_format::ini: return "ini";
    case scan_format::properties: return "properties";
    case scan_format::xml: return "xml";
    case scan_format::hcl: return "hcl";
    case scan_format::systemd: return "systemd";
  }
  return "text";
}

std::string_view name(severity s) noexcept { return s == severity::error ? "error" : "warning"; }

scan_format detect_format(std::string_view path) noexcept {
  using detail::iends_with;
  using detail::istarts_with;
  const auto slash = path.find_last_of('/');
  const auto base = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const auto dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  const auto parent = dir.substr(dir.find_last_of('/') == std::string_view::npos ? 0 : dir.find_last_of('/') + 1);
  const bool yaml = iends_with(base, ".yml") || iends_with(base, ".yaml");

  if (yaml && (istarts_with(base, "docker-compose") || istarts_with(base, "compose."))) return scan_format::compose;
  if (base == "Dockerfile" || base == "Containerfile" || base.starts_with("Dockerfile.") ||
      iends_with(base, ".dockerfile"))
    return scan_format::dockerfile;
  if (base == ".env" || base.starts_with(".env.") || (base.ends_with(".env") && base.size() > 4)) return scan_format::dotenv;
  if (base == "package.json") return scan_format::package_json;
  if (base == "Procfile" || base.starts_with("Procfile.")) return scan_format::procfile;
  if (base == "Makefile" || base == "makefile" || base == "GNUmakefile" || base.ends_with(".mk"))
    return scan_format::makefile;
  if (base.ends_with(".sh") || base.ends_with(".bash") || base.ends_with(".zsh")) return scan_format::shell;
  if (base == "devcontainer.json" || base == ".devcontainer.json") return scan_format::devcontainer;
  if (base == "launchSettings.json") return scan_format::launch_settings;
  if ((base.starts_with("application") || base.starts_with("bootstrap")) && base.ends_with(".properties"))
    return scan_format::spring_properties;
  if (yaml) return scan_format::yaml;
  if (base == "Caddyfile" || base.starts_with("Caddyfile.") || iends_with(base, ".caddyfile"))
    return scan_format::caddyfile;
  if (base.starts_with("supervisord") && (base.ends_with(".conf") || base.ends_with(".ini"))) return scan_format::ini;
  if (base.ends_with(".conf") || base.ends_with(".vhost") || base.starts_with("nginx") ||
      parent == "sites-available" || parent == "sites-enabled" || parent == "conf.d")
    return scan_format::server_conf;
  return detail::detect_source_format(base);
}

namespace {

// The interpreter a `#!` line names: sh, python, node.
std::string_view shebang_of(std::string_view text) {
  if (!text.starts_with("#!")) return {};
  const auto line = text.substr(0, text.find('\n'));
  if (line.find("python") != std::string_view::npos) return "python";
  if (line.find("node") != std::string_view::npos || line.find("deno") != std::string_view::npos ||
      line.find("bun") != std::string_view::npos)
    return "node";
  if (line.find("ruby") != std::string_view::npos) return "ruby";
  return {};
}

// Reports merged: one finding per place and port, the first reading kept.
scan_report merged(scan_report a, scan_report b) {
  a.findings.insert(a.findings.end(), std::make_move_iterator(b.findings.begin()),
                    std::make_move_iterator(b.findings.end()));
  a.problems.insert(a.problems.end(), std::make_move_iterator(b.problems.begin()),
                    std::make_move_iterator(b.problems.end()));
  for (const auto p : b.ports_used)
    if (!std::binary_search(a.ports_used.begin(), a.ports_used.end(), p))
      a.ports_used.insert(std::lower_bound(a.ports_used.begin(), a.ports_used.end(), p), p);
  detail::sort_findings(a);
  return a;
}

bool has_shell_shebang(std::string_view text) {
  if (!text.starts_with("#!")) return false;
  const auto line = text.substr(0, text.find('\n'));
  return line.find("sh") != std::string_view::npos && line.find("python") == std::string_view::npos &&
         line.find("node") == std::string_view::npos;
}

scan_report scan_format_of(scan_format f, const scan_input& in) {
  switch (f) {
    case scan_format::compose: return scan_compose(in);
    case scan_format::dockerfile: return scan_dockerfile(in);
    case scan_format::dotenv: return scan_dotenv(in);
    case scan_format::package_json: return scan_package_json(in);
    case scan_format::procfile: return merged(scan_procfile(in), detail::scan_port_forwards(in));
    case scan_format::makefile: return merged(scan_makefile(in), detail::scan_port_forwards(in));
    case scan_format::shell: return merged(scan_shell(in), detail::scan_port_forwards(in));
    case scan_format::devcontainer: return scan_devcontainer(in);
    case scan_format::launch_settings: return scan_launch_settings(in);
    case scan_format::spring_properties: return merged(scan_spring_properties(in), scan_config(in));
    case scan_format::yaml: {
      auto out = merged(scan_yaml(in), detail::scan_yaml_places(in));
      if (detail::looks_like_compose(in.content)) out = merged(std::move(out), scan_compose(in));
      return out;
    }
    case scan_format::server_conf:
      if (in.content.find("[program:") != std::string_view::npos) return scan_config(in);  // supervisord
      return scan_server_conf(in);
    case scan_format::caddyfile: return scan_caddyfile(in);
    case scan_format::python:
    case scan_format::javascript:
    case scan_format::go:
    case scan_format::ruby:
    case scan_format::jvm:
    case scan_format::php:
    case scan_format::rust:
    case scan_format::csharp:
    case scan_format::cmake:
      return scan_source(in);
    case scan_format::docs: return scan_docs(in);
    case scan_format::json:
    case scan_format::toml:
    case scan_format::ini:
    case scan_format::properties:
    case scan_format::xml:
    case scan_format::hcl:
      return scan_config(in);
    case scan_format::systemd: return scan_systemd(in);
    case scan_format::text: break;
  }
  if (has_shell_shebang(in.content)) return merged(scan_shell(in), detail::scan_port_forwards(in));
  if (const auto interpreter = shebang_of(in.content); !interpreter.empty()) {
    scan_report out;
    detail::finding_sink sink(in, out);
    detail::scan_source_in(sink, 0, in.content.size(),
                           interpreter == "python" ? scan_format::python
                           : interpreter == "ruby" ? scan_format::ruby
                                                   : scan_format::javascript);
    return out;
  }
  return {};
}

}  // namespace

scan_report scan_file(const scan_input& in) {
  const auto format = detect_format(in.path);
  // nginx, Apache and Caddy configs name upstreams beside listen addresses: their own readers
  // know which is which.
  auto addresses = format == scan_format::server_conf || format == scan_format::caddyfile ? scan_report{}
                                                                                          : scan_addresses(in);
  // One finding per place and port, the format's own reading first (it is more specific);
  // sorted even when only the URL scanner found something: it can read the same URL twice
  // (found by the scan_server_conf fuzz target).
  return merged(merged(scan_format_of(format, in), scan_urls(in)), std::move(addresses));
}

std::string make_unified_diff(std::string_view path, std::string_view content, std::vector<text_edit> edits) {
  if (edits.empty()) return {};
  std::sort(edits.begin(), edits.end(), [](const text_edit& a, const text_edit& b) { return a.offset < b.offset; });
  // Lines with their terminators.
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < content.size(); ++i)
    if (content[i] == '\n' && i + 1 < content.size()) starts.push_back(i + 1);
  const auto line_of = [&](std::size_t offset) {
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
  };
  const auto line_text = [&](std::size_t l) {
    const std::size_t end = l + 1 < starts.size() ? starts[l + 1] : content.size();
    return content.substr(starts[l], end - starts[l]);
  };
  // New text of each changed line.
  std::vector<std::pair<std::size_t, std::string>> changed;
  for (std::size_t k = 0; k < edits.size();) {
    const std::size_t l = line_of(edits[k].offset);
    const auto old = line_text(l);
    std::string now;
    std::size_t at = starts[l];
    for (; k < edits.size() && line_of(edits[k].offset) == l; ++k) {
      if (edits[k].offset < at) continue;  // overlapping edit: keep the first
      now.append(content.substr(at, edits[k].offset - at));
      now += edits[k].text;
      at = edits[k].offset + edits[k].length;
    }
    now.append(content.substr(at, starts[l] + old.size() - at));
    if (now != old) changed.emplace_back(l, std::move(now));
  }
  if (changed.empty()) return {};

  std::string p(path);
  while (p.starts_with("./")) p.erase(0, 2);
  std::string out = "--- a/" + p + "\n+++ b/" + p + "\n";
  const std::size_t lines = starts.size();
  const auto emit = [&](char mark, std::string_view text) {
    out += mark;
    out.append(text);
    if (text.empty() || text.back() != '\n') out += "\n\\ No newline at end of file\n";
  };
  constexpr std::size_t context = 3;
  for (std::size_t c = 0; c < changed.size();) {
    const std::size_t first = changed[c].first >= context ? changed[c].first - context : 0;
    std::size_t e = c;
    std::size_t last = std::min(lines - 1, changed[c].first + context);
    while (e + 1 < changed.size() && changed[e + 1].first <= last + context + 1) {
      ++e;
      last = std::min(lines - 1, changed[e].first + context);
    }
    const std::size_t count = last - first + 1;
    out += "@@ -" + std::to_string(first + 1) + "," + std::to_string(count) + " +" + std::to_string(first + 1) + "," +
           std::to_string(count) + " @@\n";
    std::size_t next = c;
    for (std::size_t l = first; l <= last; ++l) {
      if (next <= e && changed[next].first == l) {
        emit('-', line_text(l));
        emit('+', changed[next].second);
        ++next;
      } else {
        emit(' ', line_text(l));
      }
    }
    c = e + 1;
  }
  return out;
}

}  // namespace badport
