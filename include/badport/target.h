#pragma once
/// \file target.h
/// Reading what people type or paste as something to check, the way a browser's address bar
/// reads it: a port, a range or a comma list of them; a URL; `host:port` and `[v6]:port`
/// (read as `http://host:port/`); `N/tcp`; Docker's `[IP:]HOST:CONTAINER` and the `docker ps`
/// form `0.0.0.0:6000->5000/tcp`, whose host side is what a browser opens.
///
/// Input that could mean two things is read one way and the reading is said (`read_as`), or
/// refused with an explanation: it is never silently "fine".

#include <badport/port_spec.h>
#include <badport/result.h>
#include <badport/url.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// How a target was written.
enum class target_kind : std::uint8_t {
  port,       ///< "6000", "6000/tcp"
  range,      ///< "6000-6010"
  url,        ///< "http://localhost:6000/", "ws://[::1]:5060/socket"
  host_port,  ///< "localhost:6000", "127.0.0.1:6000", "[::1]:6000", ":6000": read as http://HOST:PORT/
  publish,    ///< Docker "6000:5000", "127.0.0.1:6000:5000", "0.0.0.0:6000->5000/tcp": the host side
};

/// The short name of a kind ("host-port").
[[nodiscard]] std::string_view name(target_kind k) noexcept;

/// One thing to check.
struct target {
  std::string input;   ///< as written (one item of a comma list, trimmed)
  target_kind kind = target_kind::port;
  /// The port or ports to decide: for a URL or host:port its effective port (the port, else
  /// the scheme's default); nullopt for a URL that has none ("mailto:x").
  std::optional<port_interval> ports;
  /// For url and host_port: the parsed URL (host:port is parsed as "http://" + input).
  std::optional<url> address;
  /// How badport read the input, for people, when it is not literally a port or a URL:
  /// "http://localhost:6000/", "host port 6000 of 0.0.0.0:6000->5000/tcp"; empty otherwise.
  std::string read_as;
};

/// Parses one argument into its targets: a comma list ("6000,6665", "1-1024,6000", or
/// `docker ps`'s "0.0.0.0:6000->5000/tcp, :::6000->5000/tcp") gives several, anything with
/// "://" is one URL. Fails with a reason that says what was expected, and names an engine
/// option when the text is an engine name ("chrome": "an engine name; choose engines with
/// --engine chrome").
[[nodiscard]] result<std::vector<target>> parse_targets(std::string_view text);

}  // namespace badport
