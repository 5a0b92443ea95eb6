#pragma once
/// \file engine.h
/// The engines whose port blocking badport knows, their names, and sets of them.

#include <badport/result.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace badport {

/// A browser engine, a standard or a runtime that decides which ports may be fetched.
enum class engine : std::uint8_t {
  fetch,     ///< The WHATWG Fetch standard, https://fetch.spec.whatwg.org/#port-blocking
  chromium,  ///< Chrome, Edge, Brave, Opera, Electron: net/base/port_util.cc
  firefox,   ///< Firefox (Gecko): netwerk/base/nsIOService.cpp
  webkit,    ///< Safari and every iOS browser: Source/WTF/wtf/URL.cpp, portAllowed()
  node,      ///< Node.js fetch (undici): lib/web/fetch/constants.js
  deno,      ///< Deno fetch: ext/fetch/26_fetch.js
  bun,       ///< Bun fetch: blocks no port (oven-sh/bun#20352)
  servo,     ///< Servo: components/net/fetch/methods.rs, is_bad_port()
  ladybird,  ///< Ladybird: Libraries/LibHTTP/Port.cpp, is_bad_port()
};

/// Number of engines.
inline constexpr std::size_t engine_count = 9;

/// A set of engines as bits, `1 << engine` per engine (see engine_set::mask()).
using engine_mask = std::uint16_t;
static_assert(engine_count <= 16, "engine_mask holds one bit per engine");

/// Every engine, in display order: the standard, the browser engines, then the runtimes. (The
/// enumerators keep their values, which the C API exposes; this order is only for display.)
inline constexpr std::array<engine, engine_count> all_engines{
    engine::fetch, engine::chromium, engine::firefox, engine::webkit, engine::servo,
    engine::ladybird, engine::node, engine::deno, engine::bun};

/// The engine's canonical lowercase name ("chromium").
[[nodiscard]] std::string_view name(engine e) noexcept;

/// Parses an engine name or a common alias (chrome, edge, electron, gecko, safari, undici,
/// nodejs, spec, whatwg, serenity, libweb). Case-insensitive. Unknown names fail with errc::unknown_engine and a
/// "did you mean" suggestion when one name is close.
[[nodiscard]] result<engine> parse_engine(std::string_view text);

/// A set of engines, as a bit mask.
class engine_set {
 public:
  constexpr engine_set() noexcept = default;
  constexpr engine_set(std::initializer_list<engine> engines) noexcept {
    for (engine e : engines) insert(e);
  }
  /// Every engine.
  [[nodiscard]] static constexpr engine_set all() noexcept {
    engine_set s;
    s.bits_ = static_cast<engine_mask>((1u << engine_count) - 1u);
    return s;
  }
  constexpr void insert(engine e) noexcept { bits_ = static_cast<engine_mask>(bits_ | bit(e)); }
  constexpr void erase(engine e) noexcept { bits_ = static_cast<engine_mask>(bits_ & ~bit(e)); }
  [[nodiscard]] constexpr bool contains(engine e) const noexcept { return (bits_ & bit(e)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr std::size_t size() const noexcept {
    std::size_t n = 0;
    for (engine e : all_engines) n += contains(e) ? 1u : 0u;
    return n;
  }
  [[nodiscard]] constexpr engine_mask mask() const noexcept { return bits_; }
  /// The set of the mask's bits; bits of no engine are dropped.
  [[nodiscard]] static constexpr engine_set from_mask(engine_mask m) noexcept {
    engine_set s;
    s.bits_ = static_cast<engine_mask>(m & all().bits_);
    return s;
  }
  friend constexpr bool operator==(engine_set, engine_set) noexcept = default;

 private:
  static constexpr engine_mask bit(engine e) noexcept {
    return static_cast<engine_mask>(1u << static_cast<unsigned>(e));
  }
  engine_mask bits_ = 0;
};

/// Parses a comma-separated list of engine names ("chromium,firefox"); "all" means every engine.
/// Empty items and unknown names are errors.
[[nodiscard]] result<engine_set> parse_engine_list(std::string_view text);

/// What badport knows about an engine: who uses it, where its list lives, what a user sees
/// when it refuses a port and how to override it.
struct engine_info {
  engine id;
  std::string_view name;          ///< "chromium"
  std::string_view display_name;  ///< "Chromium"
  std::string_view products;      ///< "Chrome, Edge, Brave, Opera, Electron"
  std::string_view source_url;    ///< where the engine's list is defined
  std::string_view source_ref;    ///< the copy badport's data was checked against, in words
  std::string_view source_commit; ///< that copy's commit (a git hash), or "" when there is none
  std::string_view source_date;   ///< that commit's date (YYYY-MM-DD), or "" when unknown
  std::string_view error_code;    ///< "net::ERR_UNSAFE_PORT"; empty when none
  std::string_view error_text;    ///< what the user sees; "{port}" stands for the port
  std::string_view override_text; ///< how to re-enable a port; "{port}" stands for the port
  std::string_view schemes;       ///< which URL schemes the engine checks, in words
};

/// Information about one engine.
[[nodiscard]] const engine_info& info(engine e) noexcept;

/// A name parse_engine() accepts and the engine it means.
struct engine_alias {
  std::string_view text;  ///< lowercase ("chrome")
  engine id;
};

/// Every name parse_engine() accepts, canonical names first: for the language packages, which
/// read names the way the core does.
[[nodiscard]] std::span<const engine_alias> engine_aliases() noexcept;

}  // namespace badport
