// Fuzz target: the NETLINK_SOCK_DIAG inet_diag reply parser (socket_table.h). Invariants:
// - a batch holds at most one socket per netlink header that fits in the input;
// - states are the kernel's 1..12 and families IPv4 or IPv6;
// - parsing a prefix that ends on a message boundary gives a prefix of the sockets;
// - a failure is one printable line that names a byte offset inside the input.

#include "fuzz_check.h"

#include <badport/socket_table.h>

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);

  const auto batch = badport::parse_inet_diag(bytes);
  if (!batch) {
    BADPORT_FUZZ_CHECK_MESSAGE(batch.error(), text);
    BADPORT_FUZZ_CHECK(batch.error().code == badport::errc::io_error, text);
    return 0;
  }
  BADPORT_FUZZ_CHECK(batch->sockets.size() <= size / sizeof(nlmsghdr), text);
  for (const auto& s : batch->sockets) {
    const auto st = static_cast<unsigned>(s.state);
    BADPORT_FUZZ_CHECK(st >= 1 && st <= 12, text);
    BADPORT_FUZZ_CHECK(s.family == badport::address_family::ipv4 || s.family == badport::address_family::ipv6, text);
    BADPORT_FUZZ_CHECK(s.address_text() != "?", text);
  }

  // The first message alone, when the input holds more than one.
  if (size >= sizeof(nlmsghdr)) {
    nlmsghdr h{};
    std::memcpy(&h, data, sizeof h);
    const std::size_t first = NLMSG_ALIGN(h.nlmsg_len);
    if (first < size) {
      const auto head = badport::parse_inet_diag(bytes.first(first));
      BADPORT_FUZZ_CHECK(head.has_value(), text);
      BADPORT_FUZZ_CHECK(head->sockets.size() <= batch->sockets.size(), text);
      for (std::size_t i = 0; i < head->sockets.size(); ++i)
        BADPORT_FUZZ_CHECK(head->sockets[i].inode == batch->sockets[i].inode &&
                               head->sockets[i].port == batch->sockets[i].port,
                           text);
    }
  }
  return 0;
}
