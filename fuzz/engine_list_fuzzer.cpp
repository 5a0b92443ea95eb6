// Fuzz target: engine names and lists (engine.h). Invariants:
// - an accepted name is accepted as a one-item list, giving the set of that engine;
// - an accepted list is not empty, and its engines' canonical names, joined, parse back to it;
// - each canonical name parses to its engine; error messages are one printable line.

#include "fuzz_check.h"

#include <badport/engine.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto one = badport::parse_engine(text);
  const auto list = badport::parse_engine_list(text);
  if (one) {
    BADPORT_FUZZ_CHECK(badport::parse_engine(badport::name(*one)).value_or(badport::engine::bun) == *one, text);
    BADPORT_FUZZ_CHECK(text.find(',') == std::string_view::npos, text);
    BADPORT_FUZZ_CHECK(list.has_value() && *list == badport::engine_set{*one}, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(one.error(), text);
  }
  if (list) {
    BADPORT_FUZZ_CHECK(!list->empty(), text);
    BADPORT_FUZZ_CHECK(list->size() <= badport::engine_count, text);
    std::string joined;
    for (const badport::engine e : badport::all_engines) {
      if (!list->contains(e)) continue;
      if (!joined.empty()) joined += ',';
      joined += badport::name(e);
    }
    const auto again = badport::parse_engine_list(joined);
    BADPORT_FUZZ_CHECK(again.has_value() && *again == *list, text);
    BADPORT_FUZZ_CHECK(badport::engine_set::from_mask(list->mask()) == *list, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(list.error(), text);
    BADPORT_FUZZ_CHECK(list.error().code == badport::errc::unknown_engine, text);
  }
  return 0;
}
