// Fuzz target: the URL parser's fast path for plain URLs (src/url_plain.cpp). Invariants:
// - whenever the fast path answers, the full parser accepts the input and gives the same URL:
//   href and every component;
// - parse_url (which tries the fast path first) and the full parser agree on every input,
//   value for value and error for error;
// - the fast path declines what it must not read: anything outside printable ASCII.

#include "fuzz_check.h"
#include "url_internal.h"

#include <badport/url.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

bool same(const badport::url& a, const badport::url& b) {
  return a.href() == b.href() && a.scheme() == b.scheme() && a.username() == b.username() &&
         a.password() == b.password() && a.has_host() == b.has_host() && a.hostname() == b.hostname() &&
         a.port() == b.port() && a.pathname() == b.pathname() && a.query() == b.query() &&
         a.fragment() == b.fragment() && a.is_special() == b.is_special() &&
         a.has_opaque_path() == b.has_opaque_path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto full = badport::detail_url_access::parse(input, nullptr);
  const auto plain = badport::detail_url_access::parse_plain(input);
  if (plain) {
    BADPORT_FUZZ_CHECK(full.has_value(), input);
    BADPORT_FUZZ_CHECK(same(*plain, *full), input);
    for (const char c : input) BADPORT_FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '\\', input);
  }
  const auto parsed = badport::parse_url(input);
  BADPORT_FUZZ_CHECK(parsed.has_value() == full.has_value(), input);
  if (parsed) BADPORT_FUZZ_CHECK(same(*parsed, *full), input);
  else BADPORT_FUZZ_CHECK(parsed.error().message() == full.error().message(), input);
  return 0;
}
