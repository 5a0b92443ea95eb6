// libFuzzer target for the URL parser. It checks invariants between APIs, not only that
// nothing crashes:
//  - the href of a parsed URL parses again, to the same href and the same components;
//  - the fast path of the port decision (scheme and authority only) agrees with the full
//    parser, for the key and for the engines' verdicts, also through url_decider's memo;
//  - parsing against a base (the input split at its first NUL byte) gives an href that
//    re-parses to itself.

#include <badport/url.h>
#include <badport/url_check.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_reparse(const badport::url& u) {
  auto again = badport::parse_url(u.href());
  require(again.has_value());
  require(again->href() == u.href());
  require(again->scheme() == u.scheme() && again->hostname() == u.hostname() && again->port() == u.port() &&
          again->pathname() == u.pathname() && again->query() == u.query() && again->fragment() == u.fragment());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  auto u = badport::parse_url(input);
  if (u) check_reparse(*u);

  // The fast path may decline, but when it answers it must be the full parser's answer.
  if (const auto key = badport::detail::fast_url_port_key(input)) {
    require(u.has_value());
    require(key->scheme == u->scheme());
    require(key->port == u->port());
  }
  badport::overrides user;
  user.chromium.allowed_ports = {6000};
  for (const auto& o : {badport::overrides{}, user}) {
    const auto decided = badport::blocking_engines_for_url(input, badport::engine_set::all(), o);
    require(decided.has_value() == u.has_value());
    if (u) require(*decided == badport::blocking_engines(*u, badport::engine_set::all(), o));
  }

  // The memo of bulk checks lives across inputs, as in `badport check --stdin --count`.
  static badport::url_decider decider(badport::engine_set::all(), {});
  const auto remembered = decider.blocking_engines(input);
  require(remembered.has_value() == u.has_value());
  if (u) require(*remembered == badport::blocking_engines(*u));

  if (const auto nul = input.find('\0'); nul != std::string_view::npos) {
    auto base = badport::parse_url(input.substr(0, nul));
    if (base) {
      auto relative = badport::parse_url(input.substr(nul + 1), &*base);
      if (relative) check_reparse(*relative);
    }
  }
  return 0;
}
