#pragma once
/// \file port_spec.h
/// Parsing port numbers and port sets as users write them on the command line:
/// `6000`, `6000-6010`, `1-1024,6000,10080`.

#include <badport/result.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace badport {

/// Parses one TCP port number in 0..65535, written in decimal digits only.
/// Leading zeros are accepted and read as decimal ("06000" is 6000), as the URL Standard reads
/// a URL's port. Signs, spaces, hex ("0x1770"), and trailing characters are errors.
[[nodiscard]] result<std::uint16_t> parse_port(std::string_view text);

/// An inclusive range of ports, first <= last.
struct port_interval {
  std::uint16_t first;
  std::uint16_t last;
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(last - first) + 1u; }
  friend bool operator==(const port_interval&, const port_interval&) = default;
};

/// Parses `N` or `N-M` (N <= M). "6010-6000" is an error.
[[nodiscard]] result<port_interval> parse_port_interval(std::string_view text);

/// Parses a comma-separated list of ports and ranges ("1-1024,6000"), in order given.
[[nodiscard]] result<std::vector<port_interval>> parse_port_set(std::string_view text);

/// Whether the text looks like a port or range (digits and at most one '-'), as opposed to a
/// URL: used to tell `badport check 6000` from `badport check http://h:6000/`.
[[nodiscard]] bool looks_like_port_spec(std::string_view text) noexcept;

}  // namespace badport
