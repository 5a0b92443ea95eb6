#pragma once
// Running a `serve` server in the foreground until Ctrl-C: shared by `serve` and `probe --open`.

#include "app.h"

#include <badport/io/serve.h>

namespace badport::cli {

/// Starts the server, reports the URLs and unbindable ports on stderr, logs every request on
/// stdout (text or JSON lines) and returns on SIGINT/SIGTERM/SIGHUP, or after `seconds` when
/// it is positive. Status: 0, or 2 when a port could not be bound or nothing could be served.
[[nodiscard]] exit_status run_server(const io::serve_options& opt, bool json, double seconds);

}  // namespace badport::cli
