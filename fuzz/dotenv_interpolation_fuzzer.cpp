// Fuzz target: Compose's `${VAR}` interpolation from `.env` (src/scan/scan_detail.h), which
// tells --diff where a port's digits are. Input: a .env text, a NUL, then a value to
// interpolate. Invariants:
// - every variable read as verbatim is found at its offset in the .env text;
// - every run of the result says truly where its bytes come from (the value or the .env), in
//   order and without overlap, and origin() agrees with the runs;
// - a value without '$' is itself, one run; "${NAME}" and "$NAME" give the variable's value,
//   from its place in .env; "${NAME:-x}" gives it when set and not empty, else "x" from the value;
// - interpolation is deterministic, and its result is no larger than the value plus one
//   variable's value per '$'.

#include "fuzz_check.h"

#include "scan_detail.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using badport::detail::interpolated_value;

void check_runs(const interpolated_value& v, std::string_view value, std::string_view dotenv, std::string_view input) {
  std::size_t end = 0;
  for (const auto& r : v.runs) {
    BADPORT_FUZZ_CHECK(r.first >= end && r.length > 0, input);
    BADPORT_FUZZ_CHECK(r.first <= v.text.size() && r.length <= v.text.size() - r.first, input);
    const std::string_view from = r.from_dotenv ? dotenv : value;
    BADPORT_FUZZ_CHECK(r.source <= from.size() && r.length <= from.size() - r.source, input);
    BADPORT_FUZZ_CHECK(std::string_view(v.text).substr(r.first, r.length) == from.substr(r.source, r.length), input);
    end = r.first + r.length;
    // origin() of any piece of a run is that piece of the run.
    const auto mid = v.origin(r.first + r.length / 2, r.length - r.length / 2);
    BADPORT_FUZZ_CHECK(mid && mid->from_dotenv == r.from_dotenv && mid->source == r.source + r.length / 2, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  const std::string_view dotenv = input.substr(0, nul);
  const std::string_view value = input.substr(nul + 1);

  const auto vars = badport::detail::read_dotenv(dotenv);
  std::size_t largest = 0;
  for (const auto& [name, v] : vars) {
    BADPORT_FUZZ_CHECK(name.find('=') == std::string::npos && name.find('\n') == std::string::npos, input);
    if (v.verbatim) {
      BADPORT_FUZZ_CHECK(v.offset <= dotenv.size() && v.value.size() <= dotenv.size() - v.offset, input);
      BADPORT_FUZZ_CHECK(dotenv.substr(v.offset, v.value.size()) == v.value, input);
    }
    largest = std::max(largest, v.value.size());
  }

  const auto v = badport::detail::interpolate(value, vars);
  check_runs(v, value, dotenv, input);
  const auto again = badport::detail::interpolate(value, vars);
  BADPORT_FUZZ_CHECK(again.text == v.text && again.runs.size() == v.runs.size(), input);
  const auto dollars = static_cast<std::size_t>(std::count(value.begin(), value.end(), '$'));
  BADPORT_FUZZ_CHECK(v.text.size() <= value.size() + dollars * largest, input);
  if (dollars == 0) {
    BADPORT_FUZZ_CHECK(v.text == value, input);
    BADPORT_FUZZ_CHECK(value.empty() ? v.runs.empty() : v.runs.size() == 1, input);
  }

  // Each variable, by both spellings and with a default.
  for (const auto& [name, var] : vars) {
    const bool plain_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!plain_name) continue;
    for (const std::string& use : {"${" + name + "}", "$" + name}) {
      const auto one = badport::detail::interpolate(use, vars);
      BADPORT_FUZZ_CHECK(one.text == var.value, input);
      check_runs(one, use, dotenv, input);
      if (var.verbatim && !var.value.empty()) {
        const auto o = one.origin(0, one.text.size());
        BADPORT_FUZZ_CHECK(o && o->from_dotenv && o->source == var.offset, input);
      }
    }
    const std::string with_default = "${" + name + ":-6000}";
    const auto d = badport::detail::interpolate(with_default, vars);
    BADPORT_FUZZ_CHECK(d.text == (var.value.empty() ? std::string("6000") : var.value), input);
    check_runs(d, with_default, dotenv, input);
    if (var.value.empty()) {
      const auto o = d.origin(0, 4);
      BADPORT_FUZZ_CHECK(o && !o->from_dotenv && o->source == with_default.size() - 5, input);
    }
    break;  // one name per input keeps each run short
  }
  return 0;
}
