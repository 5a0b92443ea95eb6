#pragma once
/// \file decision.h
/// The one decision and its explanation: from a port, a URL or a target, the chosen engines
/// and the user's overrides, one value with each engine's verdict and why, the database entry,
/// since when and the source, what the browser shows, how to override it, the nearest allowed
/// ports and the suggestion (suggest.h). Every command, the C API and the language packages
/// print or convert this value; none decides on its own.

#include <badport/engine.h>
#include <badport/ports.h>
#include <badport/rules.h>
#include <badport/suggest.h>
#include <badport/target.h>
#include <badport/url.h>
#include <badport/url_check.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// What the user chose.
struct decide_options {
  engine_set engines = engine_set::all();  ///< the engines to ask
  overrides user{};                        ///< Chromium flags and Firefox prefs
  /// For the suggestion only: ports that are not free (in use on this machine, or used by the
  /// same project). Empty: every port counts as free.
  std::function<bool(std::uint16_t)> is_taken;
};

/// One engine's verdict, explained.
struct engine_decision {
  engine id = engine::fetch;
  bool blocked = false;
  badport::reason why = reason::not_listed;
  /// When the engine lists the port (why == reason::listed): since when and the source. The
  /// parts badport does not know are empty (since_info::known()).
  std::optional<since_info> since;
  std::string error_code;     ///< when blocked: the engine's error ("net::ERR_UNSAFE_PORT"), else empty
  std::string error_text;     ///< when blocked: what the user sees, with the port filled in, else empty
  std::string override_text;  ///< when blocked: how to re-enable the port, else empty
};

/// The decision on one port, or on one URL's effective port.
struct decision {
  /// The port decided: the port, or the URL's effective port; -1 when the URL has none.
  int port = -1;
  std::string scheme = "http";          ///< the URL's scheme; "http" for a bare port
  const port_info* entry = nullptr;     ///< the database entry; nullptr when no engine lists the port
  engine_set engines;                   ///< the chosen engines
  engine_set blocked_by;                ///< the chosen engines that refuse it
  std::vector<engine_decision> verdicts;  ///< one per chosen engine, in engine order
  /// The nearest ports on each side that no chosen engine refuses under the overrides.
  nearest_ports nearest;
  /// When blocked: the port to use instead (suggest.h policy: the next usable port above);
  /// nullopt when nothing is blocked or no port qualifies.
  std::optional<std::uint16_t> suggestion;

  [[nodiscard]] bool blocked() const noexcept { return !blocked_by.empty(); }
};

/// The decision on `port` for a URL of `scheme` (lowercase, no colon).
[[nodiscard]] decision decide(int port, const decide_options& options, std::string_view scheme = "http");

/// The decision on a URL: its effective port, each engine's rule for its scheme (url.h).
[[nodiscard]] decision decide(const url& u, const decide_options& options);

/// Every decision a target asks for, in order: one per port of a range or mapping, one for a
/// port, a URL or host:port (decided as its URL).
void decide_each(const target& t, const decide_options& options, const std::function<void(const decision&)>& fn);

/// For a target of several ports (a range, a Docker range mapping): the run of the same length
/// to use instead (suggest_range); nullopt when every port of it is allowed, when there is no
/// such run, or for a single port.
[[nodiscard]] std::optional<port_interval> suggest_for(const target& t, const decide_options& options);

/// `text` with each "{port}" replaced by the port ("--explicitly-allowed-ports={port}").
[[nodiscard]] std::string with_port(std::string_view text, int port);

}  // namespace badport
