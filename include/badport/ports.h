#pragma once
/// \file ports.h
/// The port database: which engine blocks which port, since when, and why.
/// Compiled from data/ports.yaml at build time; nothing is read at run time.
/// Sources of truth: Fetch https://fetch.spec.whatwg.org/#port-blocking,
/// Chromium net/base/port_util.cc, Firefox netwerk/base/nsIOService.cpp,
/// WebKit Source/WTF/wtf/URL.cpp, Servo components/net/fetch/methods.rs,
/// Ladybird Libraries/LibHTTP/Port.cpp, undici lib/web/fetch/constants.js,
/// Deno ext/fetch/26_fetch.js.

#include <badport/engine.h>
#include <badport/result.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// Why browsers protect a port.
enum class attack : std::uint8_t {
  cross_protocol,        ///< classic cross-protocol scripting, HTML Form Protocol Attack (CERT VU#476267)
  nat_slipstreaming,     ///< NAT Slipstreaming (2020-11): NAT ALGs parse SIP in HTTP
  nat_slipstreaming_v2,  ///< NAT Slipstreaming 2.0 (2021-01): H.323, PPTP, TFTP, RTSP, SNMP, ...
  alpaca,                ///< ALPACA (2021-06): TLS cross-protocol confusion with FTPS
  invalid_port,          ///< port 0: not a port a connection can be made to
};

/// The short name of an attack ("nat-slipstreaming").
[[nodiscard]] std::string_view name(attack a) noexcept;
/// One sentence on the attack, with its reference.
[[nodiscard]] std::string_view describe(attack a) noexcept;

/// When and where an engine started blocking a port. Unknown parts are empty strings.
struct since_info {
  std::string_view date;     ///< "2021-04-13", "2021-04", "2021", or "" when unknown
  std::string_view version;  ///< "Chrome 91", "v2.8.3", or "" when unknown
  std::string_view source;   ///< the commit, bug or change that added it, or "" when unknown
  [[nodiscard]] bool known() const noexcept { return !date.empty(); }
};

/// One port of the database: a port that at least one engine blocks.
struct port_info {
  std::uint16_t port;
  std::string_view service;      ///< the name people know: "x11", "sip", "irc", "amanda"
  std::string_view description;  ///< what the protocol is
  attack why;                    ///< what motivated the block
  engine_mask blocked_mask;      ///< engine bits (see engine_set::from_mask) that list it today
  std::array<since_info, engine_count> since;  ///< per engine, by engine index

  [[nodiscard]] engine_set blocked_by() const noexcept { return engine_set::from_mask(blocked_mask); }
};

/// Every port in the database, sorted by port number, unique.
[[nodiscard]] std::span<const port_info> known_ports() noexcept;

/// The database entry of a port, or nullptr when no engine lists it.
[[nodiscard]] const port_info* find_port(int port) noexcept;

/// The engine's own list today, sorted, as its source writes it. Firefox's list has no 0
/// (its range check refuses 0 instead, see is_blocked); undici's and Ladybird's have no 0;
/// Bun's is empty.
[[nodiscard]] std::vector<std::uint16_t> blocked_ports(engine e);

/// Whether the engine refuses an http(s) URL whose explicit port is `port`, with no overrides.
/// Out-of-range ports (< 0, > 65535) are refused by every engine that blocks at all. Firefox
/// refuses 0 through its range check although 0 is not on its list.
/// For schemes and overrides, use check() in rules.h.
[[nodiscard]] bool is_blocked(int port, engine e) noexcept;

/// Whether any engine in the set refuses the port (see is_blocked).
[[nodiscard]] bool is_blocked(int port, engine_set engines) noexcept;

/// The engines of the set that refuse the port.
[[nodiscard]] engine_set blocking_engines(int port, engine_set engines = engine_set::all()) noexcept;

/// When the engine started blocking the port, or nullopt when it does not block it.
[[nodiscard]] std::optional<since_info> blocked_since(int port, engine e) noexcept;

/// The nearest ports on either side of `port` that no engine of the set blocks
/// (nullopt when there is none on that side, within 1..65535).
struct nearest_ports {
  std::optional<std::uint16_t> below;
  std::optional<std::uint16_t> above;
};
[[nodiscard]] nearest_ports nearest_allowed(int port, engine_set engines = engine_set::all()) noexcept;

/// The port to use instead of `port`: itself when no engine of the set blocks it, else the
/// next allowed port above (the nearest below when none is left above), or nullopt. The policy
/// of suggest.h without overrides or taken ports: 6000 -> 6001, 5060 -> 5062.
[[nodiscard]] std::optional<std::uint16_t> suggest_port(int port, engine_set engines = engine_set::all()) noexcept;

/// A date of the engine's history: the list as it stood at the end of `date` (YYYY-MM-DD).
struct list_at_date {
  std::vector<std::uint16_t> ports;           ///< ports known to be listed by then
  std::vector<std::uint16_t> unknown;         ///< listed today, but since when is unknown
};
/// The engine's list as it stood on a date. Fails on a malformed date.
[[nodiscard]] result<list_at_date> blocked_ports_at(engine e, std::string_view date);

/// The earliest date the database records for `e`'s list: the date of its first dated entry
/// of history as recorded ("2016-03-10", or "2020-11" when only the month is known), or empty
/// when no entry of its history is dated.
[[nodiscard]] std::string history_begins(engine e);

/// The lists of the engines of `engines` as they stood on `date`, indexed by engine (empty for
/// an engine not in the set). Fails (errc::invalid_date) on a malformed date, and on a date
/// before the earliest date the database records for any of the engines, naming that date:
/// nothing is known of that time, so there is no list to show rather than every port unknown.
[[nodiscard]] result<std::array<list_at_date, engine_count>> blocked_ports_at(engine_set engines, std::string_view date);

/// When the database was last checked against the engines' sources ("2026-11-28").
[[nodiscard]] std::string_view database_date() noexcept;

/// How old an engine's data is: the copy of its source that the database was checked against.
struct data_source {
  engine id;
  std::string_view ref;     ///< that copy in words: file, list and repository
  std::string_view commit;  ///< its commit (a git hash), or "" when there is none (Bun)
  std::string_view date;    ///< that commit's date (YYYY-MM-DD), or "" when unknown
};

/// The source the engine's data was checked against (info(e)'s source_ref, source_commit and
/// source_date).
[[nodiscard]] data_source data_source_of(engine e) noexcept;

}  // namespace badport
