// Fuzz target: what people type as a target (target.h), the decisions it asks for
// (decision.h) and the suggestion policy (suggest.h). Invariants:
// - parse_targets gives at least one target or one printable-line error;
// - every target's ports run first <= last; a URL or host:port target has its URL, whose
//   effective port is the target's port, and a host:port target says how it was read;
// - a port or range target reads back the same from its own serialization;
// - every decision lies inside the target's ports; a blocked decision's suggestion is a port
//   no chosen engine blocks, and not the port itself; an allowed one has none;
// - a range's suggested run has the same length and no blocked port.

#include "fuzz_check.h"

#include <badport/decision.h>
#include <badport/target.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto targets = badport::parse_targets(text);
  if (!targets) {
    const std::string message = targets.error().message();
    BADPORT_FUZZ_CHECK(!message.empty() && message.find('\n') == std::string::npos, text);
    BADPORT_FUZZ_CHECK(badport::fuzz::is_valid_utf8(message), text);
    return 0;
  }
  BADPORT_FUZZ_CHECK(!targets->empty(), text);
  const badport::decide_options options;
  for (const auto& t : *targets) {
    if (t.ports) BADPORT_FUZZ_CHECK(t.ports->first <= t.ports->last, text);
    const bool has_url = t.kind == badport::target_kind::url || t.kind == badport::target_kind::host_port;
    BADPORT_FUZZ_CHECK(t.address.has_value() == has_url, text);
    if (t.address) {
      const auto port = t.address->effective_port();
      BADPORT_FUZZ_CHECK(port.has_value() == t.ports.has_value(), text);
      if (port) BADPORT_FUZZ_CHECK(t.ports->first == *port && t.ports->last == *port, text);
    }
    if (t.kind == badport::target_kind::host_port) BADPORT_FUZZ_CHECK(t.read_as == t.address->href(), text);
    if (t.kind == badport::target_kind::port || t.kind == badport::target_kind::range) {
      std::string again = std::to_string(t.ports->first);
      if (t.kind == badport::target_kind::range) again += "-" + std::to_string(t.ports->last);
      const auto back = badport::parse_targets(again);
      BADPORT_FUZZ_CHECK(back && back->size() == 1 && back->front().ports == t.ports, text);
    }
    if (t.ports && t.ports->size() > 64) continue;  // keep each input fast
    badport::decide_each(t, options, [&](const badport::decision& d) {
      if (d.port >= 0 && t.ports) BADPORT_FUZZ_CHECK(t.ports->first <= d.port && d.port <= t.ports->last, text);
      if (!d.blocked()) {
        BADPORT_FUZZ_CHECK(!d.suggestion, text);
        return;
      }
      if (d.suggestion) {
        BADPORT_FUZZ_CHECK(*d.suggestion != d.port, text);
        BADPORT_FUZZ_CHECK(badport::is_allowed(*d.suggestion, options.engines), text);
      }
    });
    if (const auto run = badport::suggest_for(t, options)) {
      BADPORT_FUZZ_CHECK(run->size() == t.ports->size(), text);
      for (std::uint32_t p = run->first; p <= run->last; ++p)
        BADPORT_FUZZ_CHECK(badport::is_allowed(static_cast<int>(p), options.engines), text);
    }
  }
  return 0;
}
