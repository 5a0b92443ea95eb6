#include <badport/error.h>
#include <badport/text.h>

namespace badport {

std::string_view describe(errc code) noexcept {
  switch (code) {
    case errc::invalid_port: return "invalid port";
    case errc::port_out_of_range: return "port out of range";
    case errc::invalid_range: return "invalid port range";
    case errc::unknown_engine: return "unknown engine";
    case errc::invalid_date: return "invalid date";
    case errc::invalid_url: return "invalid URL";
    case errc::invalid_flags: return "invalid Chromium flags";
    case errc::invalid_prefs: return "invalid Firefox prefs";
    case errc::invalid_utf8: return "invalid UTF-8";
    case errc::line_too_long: return "line too long";
    case errc::io_error: return "cannot access";
    case errc::invalid_argument: return "invalid argument";
    case errc::invalid_target: return "cannot check";
  }
  return "error";
}

namespace {
// Quotes a subject for a one-line message; control bytes and invalid UTF-8 are escaped so the
// message stays one printable line whatever the input was.
std::string quote(std::string_view s) {
  return "\"" + printable_line(s, {.max_bytes = 80, .escape_quotes = true}) + "\"";
}
}  // namespace

std::string error::message() const {
  std::string out(describe(code));
  if (!subject.empty() || code == errc::invalid_port || code == errc::invalid_url) {
    out += ' ';
    out += quote(subject);
  }
  if (!reason.empty()) {
    out += ": ";
    out += reason;
  }
  return out;
}

}  // namespace badport
