#pragma once
/// \file bind_warning.h
/// The warning a server can print when it binds a port that browsers refuse, so that its user
/// learns why "curl works, the browser doesn't" before opening the page.

#include <badport/engine.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace badport {

/// When any engine of the set refuses `port` (see is_blocked), a few lines for the user: the
/// port and its service, each refusing engine with what it shows, and the nearest port that
/// no engine of the set blocks. nullopt when no engine of the set blocks the port.
///
///     if (auto w = badport::blocked_port_warning(port)) std::cerr << *w;
///
/// The text ends with a newline and has no color.
[[nodiscard]] std::optional<std::string> blocked_port_warning(int port, engine_set engines = engine_set::all());

/// The same, suggesting no port for which `is_taken` holds (suggest.h's predicate: a port
/// already listening on this machine, asked from io/listening.h).
[[nodiscard]] std::optional<std::string> blocked_port_warning(int port, engine_set engines,
                                                              const std::function<bool(std::uint16_t)>& is_taken);

}  // namespace badport
