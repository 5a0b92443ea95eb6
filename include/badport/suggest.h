#pragma once
/// \file suggest.h
/// The one suggestion policy: which port to use instead of a port that browsers refuse.
///
/// Every command and binding asks this header; none chooses a port itself. The policy:
///
///  - a port is *usable* when no chosen engine refuses it for an http URL under the user's
///    overrides (rules.h check()), it lies in the allowed interval, and, when the caller can
///    tell, it is not taken (listening on this machine, or already used by the same project);
///  - the suggestion for a port is the port itself when it is usable, else the **next usable
///    port above** it, else (only when none is left above) the nearest usable port below.
///    Dev servers move up when their port is taken (Vite 5173 -> 5174, Create React App
///    3000 -> 3001), so badport moves the same way: 6000 -> 6001, 5060 -> 5062, 6665 -> 6670;
///  - a range is replaced by the next run of the same length above it in which every port is
///    usable (6665-6669 -> 6670-6674), else the nearest such run below.

#include <badport/engine.h>
#include <badport/port_spec.h>
#include <badport/rules.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace badport {

/// What the suggestion must respect.
struct suggest_options {
  engine_set engines = engine_set::all();  ///< no engine of the set may refuse the suggestion
  overrides user{};                        ///< the user's Chromium flags and Firefox prefs
  port_interval within{1, 65535};          ///< suggestions stay inside this interval
  /// Ports that are not free: listening on this machine (asked from io/), or already used by
  /// the same project (asked from scan). Empty: every port counts as free.
  std::function<bool(std::uint16_t)> is_taken;
};

/// Whether no engine of the set refuses `port` for an http URL under the overrides
/// (rules.h check()). Out-of-range ports are never allowed.
[[nodiscard]] bool is_allowed(int port, engine_set engines, const overrides& user = {}) noexcept;

/// Whether `port` is usable under the options: allowed, inside `within`, and not taken.
[[nodiscard]] bool is_usable(int port, const suggest_options& options);

/// The port to use instead of `port` under the policy above: `port` itself when it is usable,
/// else the next usable port above, else the nearest usable port below; nullopt when no port
/// of `within` is usable.
[[nodiscard]] std::optional<std::uint16_t> suggest_port(int port, const suggest_options& options);

/// The run of ports to use instead of `range` (same length): `range` itself when every port
/// of it is usable, else the next fully usable run above it, else the nearest one below;
/// nullopt when there is none.
[[nodiscard]] std::optional<port_interval> suggest_range(port_interval range, const suggest_options& options);

/// One project's replacements, for `scan --diff` and every other place that rewrites several
/// ports at once: the same port always gets the same replacement, and no replacement is a port
/// the project already uses or a replacement already given to another port.
///
///     replacement_plan plan(options);
///     for (auto p : every_port_the_project_uses) plan.reserve(p);
///     auto a = plan.replacement(6000);  // 6001, unless the project uses it
///     auto b = plan.replacement(6000);  // the same answer again
class replacement_plan {
 public:
  explicit replacement_plan(suggest_options options);

  /// A port the project already uses (blocked or not): never handed out as a replacement.
  void reserve(std::uint16_t port);
  /// Every port of a range the project already uses.
  void reserve(port_interval range);

  /// The replacement for a blocked port; the port itself when it is usable (allowed); nullopt
  /// when no port qualifies. Calls with the same port give the same answer.
  [[nodiscard]] std::optional<std::uint16_t> replacement(std::uint16_t port);
  /// The replacement run for a range (same length); the range itself when every port of it is
  /// allowed. The range's own ports do not count as taken. Calls with the same range give the
  /// same answer.
  [[nodiscard]] std::optional<port_interval> replacement(port_interval range);

 private:
  [[nodiscard]] bool is_taken(std::uint16_t port) const;

  suggest_options options_;
  std::set<std::uint16_t> reserved_;  ///< used by the project, or already handed out
  std::map<std::uint16_t, std::optional<std::uint16_t>> ports_;
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::optional<port_interval>> ranges_;
};

}  // namespace badport
