// Fuzz target: the /proc/net/tcp and /proc/net/tcp6 parser (socket_table.h). Invariants:
// - without all_states, the result is exactly the listening sockets of the all_states result,
//   in order (or both fail);
// - states are the kernel's 1..12; an address prints as text that is not "?";
// - a failure names a line of the input, in one printable line.

#include "fuzz_check.h"

#include <badport/socket_table.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t lines = 1;
  for (const char c : text) lines += c == '\n' ? 1u : 0u;

  for (const auto family : {badport::address_family::ipv4, badport::address_family::ipv6}) {
    const auto all = badport::parse_proc_net_tcp(text, family, true);
    const auto listening = badport::parse_proc_net_tcp(text, family, false);
    if (!all) {
      BADPORT_FUZZ_CHECK_MESSAGE(all.error(), text);
      BADPORT_FUZZ_CHECK(all.error().code == badport::errc::io_error, text);
      if (listening) {
        // The lines that fail may be non-listening ones, which the listening pass skips early.
        for (const auto& s : *listening) BADPORT_FUZZ_CHECK(s.state == badport::tcp_state::listen, text);
      } else {
        BADPORT_FUZZ_CHECK_MESSAGE(listening.error(), text);
      }
      continue;
    }
    BADPORT_FUZZ_CHECK(all->size() < lines, text);
    BADPORT_FUZZ_CHECK(listening.has_value(), text);
    std::size_t k = 0;
    for (const auto& s : *all) {
      BADPORT_FUZZ_CHECK(s.family == family, text);
      const auto st = static_cast<unsigned>(s.state);
      BADPORT_FUZZ_CHECK(st >= 1 && st <= 12 && badport::name(s.state) != "unknown", text);
      BADPORT_FUZZ_CHECK(s.address_text() != "?", text);
      if (s.is_loopback()) BADPORT_FUZZ_CHECK(!s.is_wildcard(), text);
      if (s.state != badport::tcp_state::listen) continue;
      BADPORT_FUZZ_CHECK(k < listening->size(), text);
      const auto& l = (*listening)[k++];
      BADPORT_FUZZ_CHECK(l.port == s.port && l.inode == s.inode && l.uid == s.uid && l.address == s.address, text);
    }
    BADPORT_FUZZ_CHECK(k == listening->size(), text);
  }
  return 0;
}
