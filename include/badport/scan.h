#pragma once
/// \file scan.h
/// Scanners on text: each takes a file's path (for its name) and its content, and returns the
/// blocked ports it writes, with their places. Nothing here does I/O: the walker in
/// badport/io/walk.h reads the files and hands their bytes over.
///
/// What each format counts follows the tool that reads it: Compose's `ports` (short and long
/// syntax, https://docs.docker.com/reference/compose-file/services/#ports), Dockerfile
/// `EXPOSE`, dotenv, dev-server command lines, devcontainer.json, launchSettings.json, Spring
/// `server.port`, nginx `listen`, Apache `Listen`/`<VirtualHost>`, Caddyfile site addresses,
/// Kubernetes `nodePort`/`hostPort`, and http/https/ws/wss URLs with an explicit port anywhere.

#include <badport/engine.h>
#include <badport/port_spec.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// The kind of file a scanner understands, decided from the file's name alone.
enum class scan_format : std::uint8_t {
  text,               ///< any other text file: only URLs
  compose,            ///< compose.yaml, docker-compose*.yml
  dockerfile,         ///< Dockerfile, *.Dockerfile, Containerfile
  dotenv,             ///< .env, .env.*, *.env
  package_json,       ///< package.json
  procfile,           ///< Procfile
  makefile,           ///< Makefile, GNUmakefile, *.mk
  shell,              ///< *.sh, *.bash, *.zsh
  devcontainer,       ///< devcontainer.json, .devcontainer.json
  launch_settings,    ///< launchSettings.json
  spring_properties,  ///< application*.properties
  yaml,               ///< other *.yaml/*.yml: Spring application*.yml, Kubernetes manifests
  server_conf,        ///< *.conf, nginx.conf, httpd.conf, sites-*/ files: nginx and Apache
  caddyfile,          ///< Caddyfile, *.caddyfile
  python,             ///< *.py, *.pyw, Tiltfile, *.star, SConstruct: listen calls and port defaults
  javascript,         ///< *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts, *.cts, *.tsx, *.vue, *.svelte
  go,                 ///< *.go
  ruby,               ///< *.rb, *.ru, Gemfile, Rakefile, Puma and Capistrano configs
  jvm,                ///< *.java, *.kt, *.kts, *.scala, *.groovy, *.gradle
  php,                ///< *.php
  rust,               ///< *.rs
  csharp,             ///< *.cs, *.fs
  cmake,              ///< CMakeLists.txt, *.cmake
  docs,               ///< *.md, *.markdown, *.rst, *.adoc, *.asciidoc: code blocks by language
  json,               ///< other *.json, *.jsonc: an application's own config
  toml,               ///< *.toml
  ini,                ///< *.ini, *.cfg, setup.cfg, tox.ini, supervisord configs
  properties,         ///< other *.properties
  xml,                ///< *.xml, *.config, *.csproj
  hcl,                ///< *.hcl, *.tf, *.nomad
  systemd,            ///< *.socket, *.service: ListenStream=
};

/// The format's short name ("compose").
[[nodiscard]] std::string_view name(scan_format f) noexcept;

/// The format of a file from its path (only the name and its parent folders are read).
[[nodiscard]] scan_format detect_format(std::string_view path) noexcept;

/// How serious a finding is.
enum class severity : std::uint8_t {
  error,    ///< a port a browser opens: a published host port, a listen address, a URL
  warning,  ///< a port a browser likely opens: an app config key, a doc example, a container port
};

/// The kind of place a port is written in, in words a user recognises.
enum class finding_kind : std::uint8_t {
  url,                     ///< "URL": http/https/ws/wss with an explicit port
  address,                 ///< "address": `localhost:6000`, `0.0.0.0:6000`, `[::1]:6000` without a scheme
  listen_call,             ///< "listen call": app.listen(6000), app.run(port=6000), ListenAndServe(":6000")
  port_default,            ///< "port default": PORT = 6000, os.environ.get("PORT", 6000), env || 6000
  dev_server_config,       ///< "dev server config": vite/webpack/next `server: { port: 6000 }`
  command_line,            ///< "command line": scripts, Procfile, Makefile recipes, CMD
  env_variable,            ///< "env variable": PORT=6000 in .env, Makefile, Dockerfile ENV
  compose_host_port,       ///< "compose host port": `6000:5000`, long syntax `published`
  compose_container_port,  ///< "compose container port": a target with no host port
  expose,                  ///< "EXPOSE": a Dockerfile's container port
  server_config,           ///< "server config": nginx/Apache listen, Caddy site, Spring server.port
  config_key,              ///< "config key": an application's own config (`port: 6000`)
  doc_example,             ///< "doc example": a code block in Markdown, reST or AsciiDoc
  published_port,          ///< "published port": Kubernetes nodePort/hostPort/NodePort Service, devcontainer
  port_forward,            ///< "port forward": kubectl port-forward, Tiltfile, skaffold
  socket_unit,             ///< "socket unit": systemd ListenStream=
};

/// The kind's words ("listen call").
[[nodiscard]] std::string_view name(finding_kind k) noexcept;

/// "error" or "warning".
[[nodiscard]] std::string_view name(severity s) noexcept;

/// One blocked port written in a file.
///
/// A scanner never builds one by hand: it calls the sink of src/scan/scan_detail.h
/// (`add`, `add_range`), which fills in the place, the excerpt and the engines, and keeps every
/// file within the bounds below (max_findings_per_file, max_findings_per_range,
/// max_excerpt_bytes) whatever the file holds.
struct scan_finding {
  std::uint16_t port = 0;
  severity level = severity::error;
  std::uint32_t line = 0;    ///< 1-based
  std::uint32_t column = 0;  ///< 1-based, in bytes
  /// Byte offset and length of the port's digits in the content; length 0 when the port is not
  /// written there literally (a port inside a range, a Compose `${VAR}` taken from .env, a
  /// value with escapes): offset then says where the value is.
  std::size_t offset = 0;
  std::size_t length = 0;
  /// For a port of a range written in the file (`EXPOSE 6665-6669`, `"6000-6010:6000-6010"`):
  /// the range's ends, and the length of the range as written at `offset` (0 when it is not
  /// written literally); all 0 for a single port.
  std::uint16_t range_first = 0;
  std::uint16_t range_last = 0;
  std::size_t range_length = 0;
  /// On the last finding reported for a range: how many more blocked ports of the range were
  /// not reported (see max_findings_per_range); 0 otherwise.
  std::uint32_t more_in_range = 0;
  /// When the port's value comes from the `.env` beside a Compose file (`"${WEB_PORT}:80"`):
  /// the offset and length of its digits in scan_input::dotenv, which is where --diff fixes
  /// it; length 0 otherwise.
  std::size_t dotenv_offset = 0;
  std::size_t dotenv_length = 0;
  std::string rule;     ///< stable id: "published-port", "container-port", "url-port", "host-port",
                        ///< "listen-port", "address-port", "config-port", "doc-port"
  std::string context;  ///< what the file says, in words: "compose host port", "EXPOSE", "URL http://localhost:6000/"
  /// The source line around the port, as one printable line (control, bidi and invalid bytes
  /// escaped as printable_line() does), at most about max_excerpt_bytes, with "..." where it
  /// was cut.
  std::string excerpt;
  std::uint32_t excerpt_column = 1;  ///< 1-based byte column of the port in `excerpt`
  std::uint32_t excerpt_length = 1;  ///< bytes of `excerpt` to underline, at least 1
  engine_set blocked_by;
  finding_kind kind = finding_kind::url;  ///< the kind of place
};

/// Something the scanner could not read (invalid YAML, too deep, invalid UTF-8): the scan of
/// the file went on as far as it could.
struct scan_problem {
  std::uint32_t line = 0;    ///< 1-based; 0 when the place is unknown
  std::uint32_t column = 0;  ///< 1-based; 0 when unknown
  std::string message;       ///< lowercase, no trailing period
};

/// Everything one file yields, findings sorted by place, one per place and port.
struct scan_report {
  std::vector<scan_finding> findings;  ///< the first max_findings_per_file by place
  std::vector<scan_problem> problems;
  /// Findings past max_findings_per_file: counted, not kept ("and N more").
  std::size_t more_findings = 0;
  /// Every port the file publishes or listens on, blocked or not (sorted, unique): what a plan
  /// of replacements must not collide with.
  std::vector<std::uint16_t> ports_used;
};

/// What a scanner reads besides the file itself.
struct scan_input {
  std::string_view path;     ///< the file's path, for its name and folders
  std::string_view content;  ///< the file's bytes
  /// The `.env` beside a Compose file, for `${VAR}` interpolation; empty when there is none.
  std::string_view dotenv;
  engine_set engines = engine_set::all();  ///< report only ports one of these blocks
  /// Also read what has no blocked port, to list every port the file uses
  /// (scan_report::ports_used) for a plan of replacements; slower.
  bool all_ports = false;
};

/// Limits that keep hostile input bounded: time and memory grow with the file's size, never
/// with its number of findings times its line length, or with what its aliases expand to.
inline constexpr std::size_t max_nesting_depth = 256;       ///< YAML/JSON nesting before a file is refused
inline constexpr std::size_t max_yaml_nodes = 200'000;      ///< YAML nodes visited per file, aliases included
inline constexpr std::size_t max_findings_per_file = 1000;  ///< findings kept per file; the rest are counted
inline constexpr std::size_t max_findings_per_range = 8;    ///< blocked ports reported per range; the rest are counted
inline constexpr std::size_t max_excerpt_bytes = 160;       ///< source bytes quoted per finding

/// Scans one file with the scanner its name selects, plus the URL scanner, and merges the
/// findings (one per place).
[[nodiscard]] scan_report scan_file(const scan_input& in);

/// The scanners of each format, for callers that know better than the name. Each also finds
/// nothing but its own format's ports: scan_file adds URLs.
[[nodiscard]] scan_report scan_compose(const scan_input& in);
[[nodiscard]] scan_report scan_dockerfile(const scan_input& in);
[[nodiscard]] scan_report scan_dotenv(const scan_input& in);
[[nodiscard]] scan_report scan_package_json(const scan_input& in);
[[nodiscard]] scan_report scan_procfile(const scan_input& in);
[[nodiscard]] scan_report scan_makefile(const scan_input& in);
[[nodiscard]] scan_report scan_shell(const scan_input& in);
[[nodiscard]] scan_report scan_devcontainer(const scan_input& in);
[[nodiscard]] scan_report scan_launch_settings(const scan_input& in);
[[nodiscard]] scan_report scan_spring_properties(const scan_input& in);
[[nodiscard]] scan_report scan_yaml(const scan_input& in);
[[nodiscard]] scan_report scan_server_conf(const scan_input& in);
[[nodiscard]] scan_report scan_caddyfile(const scan_input& in);
/// Listening ports in source code (the language from the file's name): listen calls, port
/// defaults, listen addresses.
[[nodiscard]] scan_report scan_source(const scan_input& in);
/// Code blocks of Markdown, reStructuredText and AsciiDoc, read as the language they declare.
[[nodiscard]] scan_report scan_docs(const scan_input& in);
/// An application's own config (JSON, TOML, INI, .properties, XML, HCL; YAML through
/// scan_yaml): keys that name a port or a listen address.
[[nodiscard]] scan_report scan_config(const scan_input& in);
/// systemd socket units: ListenStream=.
[[nodiscard]] scan_report scan_systemd(const scan_input& in);
/// http, https, ws and wss URLs with an explicit port, in any text.
[[nodiscard]] scan_report scan_urls(const scan_input& in);
/// Addresses without a scheme on a loopback, any-address or local name (`localhost:6000`,
/// `127.0.0.1:6000`, `0.0.0.0:6000`, `[::1]:6000`, `*.localhost:6000`,
/// `host.docker.internal:6000`), in any text.
[[nodiscard]] scan_report scan_addresses(const scan_input& in);

/// One replacement of a port's digits: `content[offset, offset+length)` becomes `text`.
struct text_edit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with 3 lines of context) that applies
/// `edits` to `content`; empty when there are none (or `path` is empty). An edit that
/// overlaps an earlier one, reaches past its line or the content, or whose text holds a line
/// break is dropped. The path is written as git writes it: in double quotes with C escapes
/// when it holds a control character, a quote, a backslash or a byte past ASCII, and followed
/// by a tab when it holds a space, so that both `git apply` and `patch -p1` read back exactly
/// this path and no file name can add lines to the patch. Both accept it from the folder
/// `path` is relative to.
[[nodiscard]] std::string make_unified_diff(std::string_view path, std::string_view content,
                                            std::vector<text_edit> edits);

/// `path` as git quotes a name in a diff header (quote_c_style with core.quotePath on):
/// unchanged when it needs no quoting, else `"..."` with `\t`, `\n`, `\"`, `\\` and
/// three-digit octal escapes.
[[nodiscard]] std::string quote_diff_path(std::string_view path);

}  // namespace badport
