#pragma once
// Printers of `badport scan`: text (compiler-style, with the source line and a caret), JSON
// (schema badport.scan/1) and SARIF 2.1.0. They serialize; the caller picks the destination.

#include "app.h"

#include <badport/engine.h>
#include <badport/io/scan_tree.h>

#include <nlohmann/json.hpp>

#include <string>

namespace badport::cli {

/// `path:line:col: error: port 6000 (x11) is blocked by ...; use 6001 instead [context]`, the
/// source line and a caret under the port, then a one-line summary.
void print_scan_text(output& out, const io::tree_scan& scan);

/// The findings as JSON, schema badport.scan/1: written finding by finding, so that a large
/// scan never holds a whole JSON tree in memory.
void print_scan_json(output& out, const io::tree_scan& scan, engine_set engines);

/// The findings as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/),
/// written result by result.
void print_scan_sarif(output& out, const io::tree_scan& scan);

/// One line of the problems and notices, for stderr: `path:line:col: message`.
[[nodiscard]] std::string problem_text(const std::string& path, const scan_problem& p);

}  // namespace badport::cli
