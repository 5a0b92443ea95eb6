#pragma once
/// \file rules.h
/// Each engine's rules around its list: which URL schemes it checks, how it treats port 0
/// and out-of-range ports, and the user's overrides (Chromium flags and policy, Firefox prefs).
/// Sources: Chromium net/base/port_util.cc IsPortAllowedForScheme; Firefox
/// netwerk/base/nsIOService.cpp AllowPort/ParsePortList; WebKit Source/WTF/wtf/URL.cpp
/// portAllowed; Fetch "should request be blocked due to a bad port".

#include <badport/engine.h>
#include <badport/ports.h>
#include <badport/result.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace badport {

/// An inclusive range of port numbers, as Firefox's prefs write them ("6000-6010").
struct port_range {
  std::int32_t first;
  std::int32_t last;
  friend bool operator==(const port_range&, const port_range&) = default;
};

/// Chromium overrides: the `--explicitly-allowed-ports` switch and the
/// `ExplicitlyAllowedNetworkPorts` enterprise policy.
struct chromium_overrides {
  std::vector<std::uint16_t> allowed_ports;  ///< from --explicitly-allowed-ports and the policy
};

/// Firefox overrides: the `network.security.ports.banned` pref (adds ports) and
/// `network.security.ports.banned.override` (removes them), applied in that order.
struct firefox_overrides {
  std::vector<port_range> banned;           ///< in pref order
  std::vector<port_range> banned_override;  ///< in pref order
};

/// Everything a user can change, per engine. Default: no overrides.
struct overrides {
  chromium_overrides chromium;
  firefox_overrides firefox;
};

/// Why an engine decided as it did.
enum class reason : std::uint8_t {
  not_listed,          ///< allowed: the port is not on the engine's list
  listed,              ///< blocked: the port is on the engine's list
  out_of_range,        ///< blocked: the port is below 0 or above 65535 (0 for Firefox)
  scheme_not_checked,  ///< allowed: the engine checks only other schemes (Fetch: http/https)
  scheme_exempt,       ///< allowed: a scheme exception (WebKit: ftp on 21/22, file:)
  explicitly_allowed,  ///< allowed: --explicitly-allowed-ports (Chromium)
  pref_banned,         ///< blocked: network.security.ports.banned (Firefox)
  pref_override,       ///< allowed: network.security.ports.banned.override (Firefox)
  never_blocks,        ///< allowed: the engine has no port blocking (Bun)
  default_port,        ///< allowed: no explicit port (the scheme's default) is never checked
};

/// The short name of a reason ("explicitly-allowed").
[[nodiscard]] std::string_view name(reason r) noexcept;
/// A sentence on the reason, for people.
[[nodiscard]] std::string_view describe(reason r) noexcept;

/// An engine's decision on one port.
struct verdict {
  engine engine_id;
  int port;
  bool blocked;
  badport::reason why;
};

/// Decides whether `e` refuses a connection to `port` for a URL of `scheme` (lowercase, no
/// colon; ws/wss count as http/https), under the user's overrides.
/// Fetch, Node, Deno: http/https/ws/wss only. Chromium: any scheme. Firefox: any scheme.
/// WebKit: any scheme, except ftp on 21 and 22, and file:. Bun: nothing.
[[nodiscard]] verdict check(int port, engine e, std::string_view scheme = "http",
                            const overrides& user = {}) noexcept;

/// Splits a Chromium command line (shell words; quotes and backslashes as a POSIX shell
/// reads them) and applies its last `--explicitly-allowed-ports=` switch.
/// Fails only when quoting is unbalanced.
[[nodiscard]] result<chromium_overrides> parse_chromium_flags(std::string_view command_line);

/// Parses the value of `--explicitly-allowed-ports` exactly as Chromium does
/// (ChromeCommandLinePrefStore::ApplyExplicitlyAllowedPortSwitch): split on ',', trim
/// whitespace, skip items that are not integers in 0..65535. No ranges.
[[nodiscard]] std::vector<std::uint16_t> parse_explicitly_allowed_ports(std::string_view value);

/// Parses the `ExplicitlyAllowedNetworkPorts` policy list: only ports on Chromium's allowable
/// list (kAllowablePorts, empty today) are accepted, so today it re-enables nothing.
[[nodiscard]] std::vector<std::uint16_t> parse_allowed_ports_policy(std::span<const std::string_view> entries);

/// Parses a Firefox port-list pref value exactly as nsIOService::ParsePortList does: split on
/// ',', strip all whitespace, `N-M` ranges (both ends < 65536) or single integers < 65536,
/// anything else ignored.
[[nodiscard]] std::vector<port_range> parse_firefox_port_list(std::string_view value);

/// Reads a prefs.js or user.js as Firefox's prefs parser does (modules/libpref/parser/src/lib.rs)
/// and applies the two port prefs: every `user_pref`, `pref`, `sticky_pref` and `lockPref`
/// wherever it stands (several on a line, one across lines), comments `//`, `#` and `/* */`,
/// string escapes `\uNNNN` (surrogate pairs joined) and `\xNN`; a malformed pref is skipped up
/// to the next ';'. For each pref the last value of a kind wins, and the user value
/// (`user_pref`) is used over the default one unless the pref is locked (`lockPref`).
/// Fails on an unterminated string literal (Firefox reads no further).
[[nodiscard]] result<firefox_overrides> parse_firefox_prefs(std::string_view prefs_js);

}  // namespace badport
