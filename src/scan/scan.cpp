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

bool has_shell_shebang(std::string_view text) {
  if (!text.starts_with("#!")) return false;
  const auto line = text.substr(0, text.find('\n'));
  return line.find("sh") != std::string_view::npos && line.find("python") == std::string_view::npos &&
         line.find("node") == std::string_view::npos;
}

// The format's own scanner, writing into `sink`.
void scan_format_into(scan_format f, detail::finding_sink& sink) {
  const scan_input& in = sink.input();
  switch (f) {
    case scan_format::compose: return detail::scan_compose_into(sink);
    case scan_format::dockerfile: return detail::scan_dockerfile_into(sink);
    case scan_format::dotenv: return detail::scan_dotenv_into(sink);
    case scan_format::package_json: return detail::scan_package_json_into(sink);
    case scan_format::procfile:
      detail::scan_procfile_into(sink);
      return sink.absorb(detail::scan_port_forwards(in));
    case scan_format::makefile:
      detail::scan_makefile_into(sink);
      return sink.absorb(detail::scan_port_forwards(in));
    case scan_format::shell:
      detail::scan_shell_into(sink);
      return sink.absorb(detail::scan_port_forwards(in));
    case scan_format::devcontainer: return detail::scan_devcontainer_into(sink);
    case scan_format::launch_settings: return detail::scan_launch_settings_into(sink);
    case scan_format::spring_properties:
      detail::scan_spring_properties_into(sink);
      return sink.absorb(scan_config(in));
    case scan_format::yaml:
      detail::scan_yaml_into(sink);
      sink.absorb(detail::scan_yaml_places(in));
      if (detail::looks_like_compose(in.content)) detail::scan_compose_into(sink);
      return;
    case scan_format::server_conf:
      if (in.content.find("[program:") != std::string_view::npos) return sink.absorb(scan_config(in));  // supervisord
      return detail::scan_server_conf_into(sink);
    case scan_format::caddyfile: return detail::scan_caddyfile_into(sink);
    case scan_format::python:
    case scan_format::javascript:
    case scan_format::go:
    case scan_format::ruby:
    case scan_format::jvm:
    case scan_format::php:
    case scan_format::rust:
    case scan_format::csharp:
    case scan_format::cmake:
      return sink.absorb(scan_source(in));
    case scan_format::docs: return sink.absorb(scan_docs(in));
    case scan_format::json:
    case scan_format::toml:
    case scan_format::ini:
    case scan_format::properties:
    case scan_format::xml:
    case scan_format::hcl:
      return sink.absorb(scan_config(in));
    case scan_format::systemd: return sink.absorb(scan_systemd(in));
    case scan_format::text: break;
  }
  if (has_shell_shebang(in.content)) {
    detail::scan_shell_into(sink);
    return sink.absorb(detail::scan_port_forwards(in));
  }
  if (const auto interpreter = shebang_of(in.content); !interpreter.empty())
    detail::scan_source_in(sink, 0, in.content.size(),
                           interpreter == "python" ? scan_format::python
                           : interpreter == "ruby" ? scan_format::ruby
                                                   : scan_format::javascript);
}

}  // namespace

scan_report scan_file(const scan_input& in) {
  // One sink for both readings: one finding per place and port, the format's own reading first
  // (it is more specific), sorted and capped once for the whole file.
  scan_report out;
  detail::finding_sink sink(in, out);
  const auto format = detect_format(in.path);
  scan_format_into(format, sink);
  detail::scan_urls_into(sink);
  // nginx, Apache and Caddy configs name upstreams beside listen addresses: their own readers
  // know which is which.
  if (format != scan_format::server_conf && format != scan_format::caddyfile) sink.absorb(scan_addresses(in));
  return out;
}

std::string quote_diff_path(std::string_view path) {
  // git's quote_c_style: the C escapes it knows, octal for every other byte that needs quoting
  // (control bytes, DEL, and with core.quotePath every byte past ASCII).
  const auto needs = [](unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x7f; };
  if (std::none_of(path.begin(), path.end(), [&](char c) { return needs(static_cast<unsigned char>(c)); }))
    return std::string(path);
  std::string out = "\"";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\t': out += "\\t"; continue;
      case '\n': out += "\\n"; continue;
      case '\v': out += "\\v"; continue;
      case '\f': out += "\\f"; continue;
      case '\r': out += "\\r"; continue;
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      default: break;
    }
    if (needs(c)) {
      out += '\\';
      out += static_cast<char>('0' + ((c >> 6) & 7));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

std::string make_unified_diff(std::string_view path, std::string_view content, std::vector<text_edit> edits) {
  // An edit past the content, across a line's end, after the last line, or whose text would
  // end a line, has no place in a patch.
  std::erase_if(edits, [&](const text_edit& e) {
    if (e.offset > content.size() || e.length > content.size() - e.offset) return true;
    if (e.offset == content.size() && (content.empty() || content.back() == '\n')) return true;
    return content.substr(e.offset, e.length).find('\n') != std::string_view::npos ||
           e.text.find_first_of("\r\n") != std::string::npos;
  });
  if (edits.empty() || path.empty()) return {};
  // Stable: of two edits at one place, the first given wins.
  std::stable_sort(edits.begin(), edits.end(), [](const text_edit& a, const text_edit& b) { return a.offset < b.offset; });
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
  // As git writes names: quoted when they hold what would end or forge a header line, and
  // followed by a tab when they hold a space (GNU patch reads a name up to a tab).
  const std::string tab = p.find(' ') != std::string::npos ? "\t" : "";
  std::string out = "--- " + quote_diff_path("a/" + p) + tab + "\n+++ " + quote_diff_path("b/" + p) + tab + "\n";
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
