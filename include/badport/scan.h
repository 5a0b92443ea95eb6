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

#include <cstddef>
#include <cstdint>
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
struct scan_finding {
  std::uint16_t port = 0;
  severity level = severity::error;
  std::uint32_t line = 0;    ///< 1-based
  std::uint32_t column = 0;  ///< 1-based, in bytes
  /// Byte offset and length of the port's digits in the content; length 0 when the port is
  /// not written there literally (a Compose `${VAR}` taken from .env, a range).
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string rule;     ///< stable id: "published-port", "container-port", "url-port", "host-port",
                        ///< "listen-port", "address-port", "config-port", "doc-port"
  std::string context;  ///< what the file says, in words: "compose host port", "EXPOSE", "URL http://localhost:6000/"
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

/// Everything one file yields, findings sorted by place, one per place.
struct scan_report {
  std::vector<scan_finding> findings;
  std::vector<scan_problem> problems;
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

/// Limits that keep hostile input bounded.
inline constexpr std::size_t max_nesting_depth = 256;      ///< YAML/JSON nesting before a file is refused
inline constexpr std::size_t max_yaml_nodes = 200'000;      ///< YAML nodes visited per file (alias bombs)

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
/// `edits` to `content`; empty when there are none. Edits must not overlap. `git apply`
/// accepts it from the folder `path` is relative to.
[[nodiscard]] std::string make_unified_diff(std::string_view path, std::string_view content,
                                            std::vector<text_edit> edits);

}  // namespace badport
