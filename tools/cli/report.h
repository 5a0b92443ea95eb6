#pragma once
// The facts `check` prints for one port, gathered from the core once and then printed as
// text or JSON.

#include "app.h"

#include <badport/engine.h>
#include <badport/ports.h>
#include <badport/rules.h>
#include <badport/url.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace badport::cli {

/// One port under the chosen engines and the user's overrides.
struct port_report {
  std::string input;     ///< what the user wrote ("6000", "6000-6010", a URL)
  int port = 0;
  std::string scheme = "http";
  const port_info* entry = nullptr;  ///< nullptr: no engine lists the port
  std::vector<verdict> verdicts;     ///< one per chosen engine, in engine order
  nearest_ports nearest;
  // For a URL input: its serialization, its explicit port (null when absent or the scheme's
  // default), and whether it has an effective port at all (port is -1 when it has none).
  std::optional<std::string> href;
  std::optional<std::uint16_t> url_port;
  bool has_port = true;

  [[nodiscard]] bool blocked() const noexcept;
  [[nodiscard]] engine_set blocked_by() const noexcept;
};

/// Decides `port` for each chosen engine.
[[nodiscard]] port_report make_port_report(std::string input, int port, std::string_view scheme,
                                           engine_set engines, const overrides& user);

/// Decides a parsed URL for each chosen engine (check_url): the effective port and the
/// per-engine verdicts.
[[nodiscard]] port_report make_url_report(std::string input, const url& u, engine_set engines,
                                          const overrides& user);

/// Replaces "{port}" in an engine text.
[[nodiscard]] std::string with_port(std::string_view text, int port);

/// Prints the report for people. `full` adds the per-engine table even for an allowed port.
void print_port_report(output& out, const port_report& r, bool full);

/// The report as JSON (schema documented in doc/cli.md).
[[nodiscard]] nlohmann::ordered_json port_report_json(const port_report& r);

/// Engine names of a set, comma-separated.
[[nodiscard]] std::string join_engines(engine_set set, std::string_view separator = ", ");

}  // namespace badport::cli
