#pragma once
/// \file error.h
/// One error enum and one message table for the whole of badport.
/// Expected failures are values (see result.h); nothing in the core throws.

#include <cstdint>
#include <string>
#include <string_view>

namespace badport {

/// What went wrong. Messages are built by message(); each code has one line in its table.
enum class errc : std::uint8_t {
  invalid_port,       ///< a port number that does not parse ("6000x", "", "-1", "0x1770")
  port_out_of_range,  ///< a port number above 65535
  invalid_range,      ///< a port range that does not parse or runs backwards ("6010-6000")
  unknown_engine,     ///< an engine name badport does not know
  invalid_date,       ///< a date that is not YYYY-MM-DD (or YYYY-MM, YYYY), or before the recorded history
  invalid_url,        ///< a URL that the WHATWG URL parser rejects
  invalid_flags,      ///< a Chromium command line that cannot be split into arguments
  invalid_prefs,      ///< a Firefox prefs.js / user.js that cannot be read
  invalid_utf8,       ///< input that is not valid UTF-8
  line_too_long,      ///< an input line past the line length limit
  io_error,           ///< a file, socket or process operation that failed (adapters only)
  invalid_argument,   ///< any other bad command-line argument
  invalid_target,     ///< something to check that is not a port, range, URL, host:port or mapping
};

/// An error: its code, the input it is about, and a short reason.
/// The reason is a static string or owned text, lowercase, with no trailing period.
struct error {
  errc code{};
  std::string subject;  ///< the offending input, quoted in messages
  std::string reason;   ///< why it is wrong ("trailing characters", "did you mean chromium?")

  /// The one-line message: `invalid port "6000x": trailing characters`.
  [[nodiscard]] std::string message() const;
};

/// The fixed part of each code's message ("invalid port").
[[nodiscard]] std::string_view describe(errc code) noexcept;

}  // namespace badport
