// Fuzz target: the URL decision (url.h). Invariants:
// - blocking_engines_for_url (with its fast path) agrees with parse_url then blocking_engines,
//   on success and on failure;
// - when the fast path answers, parse_url accepts the URL with the same scheme and port;
// - a parsed URL's href parses again to the same href (the serializer is idempotent), and
//   parsing against a base gives a URL whose href also parses back to itself;
// - check_url agrees with blocking_engines per engine; the effective port is the explicit
//   port, else the scheme's default;
// - error messages are one printable line.

#include "fuzz_check.h"

#include <badport/url.h>
#include <badport/url_check.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check_parsed(const badport::url& u, std::string_view input) {
  const auto again = badport::parse_url(u.href());
  BADPORT_FUZZ_CHECK(again.has_value(), input);
  BADPORT_FUZZ_CHECK(again->href() == u.href(), input);
  BADPORT_FUZZ_CHECK(again->port() == u.port(), input);
  BADPORT_FUZZ_CHECK(badport::fuzz::is_valid_utf8(u.href()), input);
  // Serialized URLs are ASCII with no control character (spaces stay in opaque paths).
  for (const char c : u.href()) BADPORT_FUZZ_CHECK(c >= 0x20 && c < 0x7f, input);

  const auto d = badport::default_port(u.scheme());
  BADPORT_FUZZ_CHECK(!(u.port() && d && *u.port() == *d), input);
  BADPORT_FUZZ_CHECK(u.effective_port() == (u.port() ? u.port() : d), input);

  const auto blocking = badport::blocking_engines(u);
  for (const badport::engine e : badport::all_engines)
    BADPORT_FUZZ_CHECK(badport::check_url(u, e).blocked == blocking.contains(e), input);
  const auto verdicts = badport::check_url(u, badport::engine_set::all());
  BADPORT_FUZZ_CHECK(verdicts.size() == badport::engine_count, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto u = badport::parse_url(text);
  const auto fast = badport::blocking_engines_for_url(text);
  BADPORT_FUZZ_CHECK(u.has_value() == fast.has_value(), text);
  if (u) {
    check_parsed(*u, text);
    BADPORT_FUZZ_CHECK(*fast == badport::blocking_engines(*u), text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(u.error(), text);
    BADPORT_FUZZ_CHECK(u.error().code == badport::errc::invalid_url, text);
    BADPORT_FUZZ_CHECK(fast.error().message() == u.error().message(), text);
  }
  if (const auto key = badport::detail::fast_url_port_key(text)) {
    BADPORT_FUZZ_CHECK(u.has_value(), text);
    BADPORT_FUZZ_CHECK(key->scheme == u->scheme(), text);
    BADPORT_FUZZ_CHECK(key->port == u->port(), text);
  }

  static const auto base = badport::parse_url("http://user@example.com:6000/a/b?q#f");
  const auto relative = badport::parse_url(text, &*base);
  if (relative) check_parsed(*relative, text);
  else BADPORT_FUZZ_CHECK_MESSAGE(relative.error(), text);
  return 0;
}
