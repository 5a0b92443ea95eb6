// Fuzz target: Chromium command lines and the --explicitly-allowed-ports value (rules.h).
// Invariants:
// - a generated `--explicitly-allowed-ports=<v>` (v quoted as a shell would) gives exactly
//   parse_explicitly_allowed_ports(v), and the last such switch wins;
// - the value gives at most one port per comma-separated item;
// - the ports it allows are allowed by check() for chromium, for any scheme;
// - check() with no overrides agrees with is_blocked(); error messages are one printable line.

#include "fuzz_check.h"

#include <badport/ports.h>
#include <badport/rules.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

std::string shell_single_quote(std::string_view v) {
  std::string out = "'";
  for (const char c : v) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto flags = badport::parse_chromium_flags(text);
  if (!flags) {
    BADPORT_FUZZ_CHECK_MESSAGE(flags.error(), text);
    BADPORT_FUZZ_CHECK(flags.error().code == badport::errc::invalid_flags, text);
  }

  const auto ports = badport::parse_explicitly_allowed_ports(text);
  std::size_t commas = 0;
  for (const char c : text) commas += c == ',' ? 1u : 0u;
  BADPORT_FUZZ_CHECK(ports.size() <= commas + 1, text);

  const std::string command_line =
      "chromium --explicitly-allowed-ports=1,2 --explicitly-allowed-ports=" + shell_single_quote(text) + " http://h/";
  const auto generated = badport::parse_chromium_flags(command_line);
  BADPORT_FUZZ_CHECK(generated.has_value(), text);
  BADPORT_FUZZ_CHECK(generated->allowed_ports == ports, text);

  badport::overrides user;
  user.chromium = *generated;
  for (const std::uint16_t p : ports) {
    for (const std::string_view scheme : {"http", "https", "ftp", "ws"})
      BADPORT_FUZZ_CHECK(!badport::check(p, badport::engine::chromium, scheme, user).blocked, text);
    BADPORT_FUZZ_CHECK(badport::check(p, badport::engine::chromium).blocked ==
                           badport::is_blocked(p, badport::engine::chromium),
                       text);
    // The switch is Chromium's own: every other engine decides as without it.
    for (const badport::engine e : badport::all_engines)
      if (e != badport::engine::chromium)
        BADPORT_FUZZ_CHECK(badport::check(p, e, "http", user).blocked == badport::is_blocked(p, e), text);
  }
  return 0;
}
