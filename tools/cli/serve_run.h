#pragma once
// Running a `serve` server in the foreground until Ctrl-C: shared by `serve` and `probe --open`.

#include "app.h"

#include <badport/io/serve.h>

namespace badport::cli {

/// Starts the server, reports the URLs and unbindable ports on stderr, logs every request on
/// stdout (text or JSON lines) and returns on SIGINT/SIGTERM/SIGHUP, or after `seconds` when
/// it is positive. Status: 0, or 2 when a port could not be bound or nothing could be served.
[[nodiscard]] exit_status run_server(const io::serve_options& opt, bool json, double seconds);

/// What `serve` says on stderr once it listens: the ports served, the ones browsers will refuse
/// (and which engines), the page port when one was added, and the URL to open.
[[nodiscard]] std::string serve_banner(const io::serve_options& opt, const std::vector<std::uint16_t>& ports,
                                       std::uint16_t page_port);

}  // namespace badport::cli
