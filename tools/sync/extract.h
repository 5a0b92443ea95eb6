#pragma once
// Finding an engine's bad-port list in the text of the file where the engine keeps it.
//
// Each engine writes its list in its own shape: a C++ array with a comment per port
// (Chromium's kRestrictedPorts, Firefox's gBadPortList with its 0 sentinel, WebKit's table in
// portAllowed(), Ladybird's AK::Array in is_bad_port()), a Rust slice or match (Servo's
// is_bad_port), a JavaScript array or object (undici's badPorts, Deno's BAD_PORTS), or a
// Bikeshed table (the Fetch standard's "bad port" table). The extractors read the file's
// tokens, not its lines, so reformatting, comments and reordering do not change the result;
// they anchor on the name the engine gives its list and say so plainly when it is not there,
// never answering with an empty list. Pure: text in, values out.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace badport::sync {

/// The shape of a source file: which extractor reads it.
enum class source_format {
  fetch_bikeshed,   ///< whatwg/fetch fetch.bs: the table after <dfn>bad port</dfn>
  chromium_cc,      ///< net/base/port_util.cc: kRestrictedPorts, kAllowedFtpPorts, kAllowablePorts
  firefox_cc,       ///< netwerk/base/nsIOService.cpp: gBadPortList, up to its 0 sentinel
  webkit_cc,        ///< Source/WTF/wtf/URL.cpp: the table in portAllowed() and its exceptions
  servo_rs,         ///< components/net/fetch/methods.rs: fn is_bad_port (a slice or a match)
  ladybird_cc,      ///< Libraries/LibHTTP/Port.cpp: is_bad_port()'s array
  undici_js,        ///< lib/web/fetch/constants.js: badPorts
  deno_js,          ///< ext/fetch/26_fetch.js: BAD_PORTS
};

/// The format's name, as used on the command line and in JSON ("chromium-cc").
[[nodiscard]] std::string_view name(source_format f) noexcept;

/// Ports a scheme may use although they are listed: WebKit's ftp on 21 and 22, an old
/// Chromium's kAllowedFtpPorts. No ports: every port (WebKit's file:).
struct scheme_exception {
  std::string scheme;
  std::vector<std::uint16_t> ports;
  friend bool operator==(const scheme_exception&, const scheme_exception&) = default;
};

/// What an extractor found.
struct extracted {
  std::vector<std::uint16_t> ports;               ///< sorted, unique
  std::string anchor;                             ///< what it found: "kRestrictedPorts", "fn is_bad_port"
  std::size_t line = 0;                           ///< 1-based line where the list starts
  std::map<std::uint16_t, std::string> services;  ///< the name the file gives a port, when it gives one
  std::vector<scheme_exception> exceptions;       ///< in the order found
  std::vector<std::string> notes;                 ///< facts worth a maintainer's eye (a duplicate, ...)
};

/// Why there is no list: one line, lowercase, naming what was looked for.
struct extract_error {
  std::size_t line = 0;  ///< 1-based line it is about, 0 when none
  std::string message;
};

/// The list, or why it could not be found.
using extract_result = std::variant<extracted, extract_error>;

/// Reads the list out of a source file's text. Any input is accepted (invalid UTF-8, binary):
/// the answer is then an error, never a crash or an empty list.
[[nodiscard]] extract_result extract(source_format format, std::string_view text);

}  // namespace badport::sync
