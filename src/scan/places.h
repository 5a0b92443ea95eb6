#pragma once
// What the scanners of code, configs and docs share: which names name a port or a listen
// address, which hosts a browser reaches on this machine, which names belong to the protocol a
// port is blocked for, and a scan of a part of a file whose findings are moved into another
// sink with their kind and severity.

#include "scan_detail.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::detail {

/// Whether a key or variable names a port a server listens on: `port`, `PORT`, `http_port`,
/// `devServerPort`, `DEFAULT_PORT`, `port_number`, `HTTPPORT`; not `max_port`, `containerPort`,
/// `targetPort`, `db_port`, `import`, `support`.
[[nodiscard]] bool is_port_name(std::string_view name) noexcept;

/// Whether a key names a listen address: `addr`, `listen`, `bind`, `http_addr`,
/// `listen_address`, `ListenAddress`.
[[nodiscard]] bool is_address_name(std::string_view name) noexcept;

/// Whether a key names the side of a mapping inside a container or a peer: `containerPort`,
/// `targetPort`, `container_port`, `upstream_port`.
[[nodiscard]] bool is_container_side_name(std::string_view name) noexcept;

/// Whether `text` names the protocol that `port` is blocked for (`SMTP_PORT = 25`,
/// `irc.connect(6667)`): such a port is the protocol's own, not a web server's.
[[nodiscard]] bool names_service_of(std::string_view text, int port) noexcept;

/// Whether `host` is a name or address that a browser on this machine reaches: localhost,
/// *.localhost, 127.0.0.0/8, 0.0.0.0, ::1, ::, host.docker.internal.
[[nodiscard]] bool is_local_host(std::string_view host) noexcept;

/// A port written after a host in `text`: `localhost:6000`, `[::1]:6000`, `:6000` (any
/// address), `0.0.0.0:6000/tcp`. nullopt unless the whole text is one such address and the
/// host is local (or empty, or `*` when `any_host`; any host when `any_host`).
struct address_port {
  std::size_t offset;  ///< of the digits in text
  std::size_t length;
  std::uint16_t port;
};
[[nodiscard]] std::optional<address_port> parse_address(std::string_view text, bool any_host) noexcept;

/// Whether content[from, to) holds a run of digits that is a port the sink wants: the cheap
/// test before a file is tokenized or parsed.
/// Runs shorter than `min_digits` are not looked at.
[[nodiscard]] bool has_wanted_digits(const finding_sink& sink, std::size_t from, std::size_t to,
                                     std::size_t min_digits = 1) noexcept;

/// How findings of a part of a file move into the file's sink.
struct moved_findings {
  std::optional<finding_kind> kind;     ///< replaces each finding's kind
  std::optional<severity> level;        ///< replaces each finding's severity
  std::string_view rule;                ///< replaces each finding's rule when not empty
  std::string_view context_prefix;      ///< put before each context ("README code block: ")
};

/// Adds `from`'s findings to `sink` as `how` says; `shift` is added to their offsets (a
/// report of a text that starts at content offset `shift`). Used ports move too; problems stay:
/// the caller decides whether a part that does not parse is the file's problem.
void move_findings(finding_sink& sink, const scan_report& from, std::size_t shift, const moved_findings& how);

/// The source scanner of `format` (python, javascript, go, ...) on content[from, to).
void scan_source_in(finding_sink& sink, std::size_t from, std::size_t to, scan_format format);

/// Addresses without a scheme on a local host in content[from, to) (scan_addresses).
void scan_addresses_in(finding_sink& sink, std::size_t from, std::size_t to);

/// What a config key path (outer keys first) names: a server's port, its listen address, or
/// neither (`database.port`, `smtp.port`, `max_port`).
enum class key_role : std::uint8_t { none, port, address };
[[nodiscard]] key_role role_of(const std::vector<std::string>& path);

/// Adds a finding when `value` (written at content offset `at`) under `path` is a blocked port
/// or a listen address with one (a config key: a warning unless `level` says otherwise).
void judge_config_value(finding_sink& sink, const std::vector<std::string>& path, std::string_view value,
                        std::size_t at, finding_kind kind = finding_kind::config_key,
                        severity level = severity::warning, std::string_view rule = "config-port");

/// The format of a source, docs, config or unit file from its base name; text when none.
[[nodiscard]] scan_format detect_source_format(std::string_view base) noexcept;

/// Whether a YAML text looks like a Compose file: a top-level `services:` and a `ports:`.
[[nodiscard]] bool looks_like_compose(std::string_view text);

/// YAML besides Compose and yaml.cpp's keys: Kubernetes Services that publish their port,
/// skaffold portForward, an application's own config keys.
[[nodiscard]] scan_report scan_yaml_places(const scan_input& in);

/// `kubectl port-forward svc/web 6000:80` (and `oc port-forward`) in a command line: the local
/// port of each mapping is published on this machine (a port forward).
void scan_port_forward(finding_sink& sink, std::string_view line, std::size_t offset, severity level);

/// scan_port_forward on each line of content (shell scripts, Makefiles, Procfiles).
[[nodiscard]] scan_report scan_port_forwards(const scan_input& in);

/// Sorts a report's findings by place, one per place and port (the first kept), as
/// scan_report promises.
void sort_findings(scan_report& r);

}  // namespace badport::detail
