#include <badport/error.h>

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
  }
  return "error";
}

namespace {
// Length of the valid multi-byte UTF-8 sequence at the start of s, or 0 when invalid.
std::size_t utf8_sequence_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  std::size_t n = 0;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3;
  else if (c >= 0xf0 && c <= 0xf4) n = 4;
  else return 0;
  if (s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((b(i) & 0xc0) != 0x80) return 0;
  if (c == 0xe0 && b(1) < 0xa0) return 0;   // overlong
  if (c == 0xed && b(1) > 0x9f) return 0;   // surrogate
  if (c == 0xf0 && b(1) < 0x90) return 0;   // overlong
  if (c == 0xf4 && b(1) > 0x8f) return 0;   // > U+10FFFF
  return n;
}

// Quotes a subject for a one-line message; control bytes and invalid UTF-8 are escaped so the
// message stays one printable line whatever the input was.
std::string quote(std::string_view s) {
  constexpr std::size_t max_shown = 80;
  std::string out = "\"";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (shown++ == max_shown) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t seq = c >= 0x80 ? utf8_sequence_length(s.substr(i)) : 0;
    if (seq > 0) {
      out.append(s.substr(i, seq));
      i += seq - 1;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || c >= 0x80) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
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
