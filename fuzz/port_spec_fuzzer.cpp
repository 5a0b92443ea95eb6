// Fuzz target: port and range specs (port_spec.h), and the port decision for the ports they
// name. Invariants:
// - parse_port accepts exactly the decimal numbers 0..65535 and gives their value;
// - parse_port_set on one item agrees with parse_port_interval, and on a number without '-'
//   with parse_port;
// - every interval has first <= last, and a set re-serialized parses to the same set;
// - check() with no overrides agrees with is_blocked() for http, for every engine;
// - error messages are one printable line.

#include "fuzz_check.h"

#include <badport/engine.h>
#include <badport/port_spec.h>
#include <badport/ports.h>
#include <badport/rules.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using badport::port_interval;

void check_port_decisions(int port, std::string_view input) {
  for (const badport::engine e : badport::all_engines) {
    const auto v = badport::check(port, e, "http");
    BADPORT_FUZZ_CHECK(v.blocked == badport::is_blocked(port, e), input);
    BADPORT_FUZZ_CHECK(v.port == port && v.engine_id == e, input);
    BADPORT_FUZZ_CHECK(badport::blocking_engines(port).contains(e) == v.blocked, input);
  }
}

std::string serialize(const std::vector<port_interval>& set) {
  std::string out;
  for (const auto& i : set) {
    if (!out.empty()) out += ',';
    out += std::to_string(i.first);
    if (i.first != i.last) out += '-' + std::to_string(i.last);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // parse_port: exactly the decimal numbers 0..65535.
  const auto port = badport::parse_port(text);
  bool all_digits = !text.empty();
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      all_digits = false;
      break;
    }
    value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'), 1u << 20);
  }
  BADPORT_FUZZ_CHECK(port.has_value() == (all_digits && value <= 65535), text);
  if (port) {
    BADPORT_FUZZ_CHECK(*port == value, text);
    BADPORT_FUZZ_CHECK(badport::parse_port(std::to_string(*port)).value_or(0) == *port, text);
    BADPORT_FUZZ_CHECK(badport::looks_like_port_spec(text), text);
    check_port_decisions(*port, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(port.error(), text);
    if (all_digits) BADPORT_FUZZ_CHECK(port.error().code == badport::errc::port_out_of_range, text);
  }

  // parse_port_interval against parse_port.
  const auto interval = badport::parse_port_interval(text);
  if (interval) {
    BADPORT_FUZZ_CHECK(interval->first <= interval->last, text);
    BADPORT_FUZZ_CHECK(interval->size() == static_cast<std::size_t>(interval->last - interval->first) + 1, text);
    check_port_decisions(interval->first, text);
    check_port_decisions(interval->last, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(interval.error(), text);
  }
  if (text.find('-', 1) == std::string_view::npos) {
    BADPORT_FUZZ_CHECK(interval.has_value() == port.has_value(), text);
    if (port) BADPORT_FUZZ_CHECK((*interval == port_interval{*port, *port}), text);
  }

  // parse_port_set against parse_port_interval, and a round trip.
  const auto set = badport::parse_port_set(text);
  if (text.find(',') == std::string_view::npos && !text.empty()) {
    BADPORT_FUZZ_CHECK(set.has_value() == interval.has_value(), text);
    if (set) BADPORT_FUZZ_CHECK(set->size() == 1 && set->front() == *interval, text);
  }
  if (set) {
    std::size_t commas = 0;
    for (const char c : text) commas += c == ',' ? 1u : 0u;
    BADPORT_FUZZ_CHECK(set->size() == commas + 1, text);
    for (const auto& i : *set) BADPORT_FUZZ_CHECK(i.first <= i.last, text);
    const auto again = badport::parse_port_set(serialize(*set));
    BADPORT_FUZZ_CHECK(again.has_value() && *again == *set, text);
  } else {
    BADPORT_FUZZ_CHECK_MESSAGE(set.error(), text);
  }
  return 0;
}
