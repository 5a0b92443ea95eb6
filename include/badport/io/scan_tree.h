#pragma once
/// \file io/scan_tree.h
/// `badport scan` on folders: walks (io/walk.h), reads each file, hands its bytes to the
/// scanners on text (badport/scan.h), two threads at once.

#include <badport/engine.h>
#include <badport/io/walk.h>
#include <badport/scan.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace badport::io {

/// One file that has findings or problems. Each finding quotes its own line (a capped
/// excerpt), so what a scan holds grows with the number of findings, not with line lengths.
struct scanned_file {
  std::string path;
  scan_report report;
  std::string content;  ///< the whole file, only with tree_scan_options::keep_content
  /// The `.env` a Compose file took values from, when a finding's port comes from it
  /// (scan_finding::dotenv_length), only with keep_content: its path and its bytes.
  std::string dotenv_path;
  std::string dotenv;
};

/// Everything a scan found, files in walk order.
struct tree_scan {
  std::vector<scanned_file> files;     ///< only files with findings or problems
  std::vector<walk_notice> notices;    ///< unreadable files and folders, skipped files, loops
  std::size_t files_read = 0;          ///< text files scanned
  std::size_t binary_skipped = 0;      ///< files with a NUL byte in their first 8 KiB
  /// Every port the scanned files publish or listen on, blocked or not (sorted, unique); only
  /// with tree_scan_options::keep_content (what a --diff plan must not hand out).
  std::vector<std::uint16_t> ports_used;
  /// The project's one replacement per blocked port (the core's replacement_plan), filled by the
  /// caller before printing; a port missing here is printed with suggest_port's answer.
  std::map<std::uint16_t, std::uint16_t> replacements;
  /// The same for ranges (first, last) -> the run to use instead.
  std::map<std::pair<std::uint16_t, std::uint16_t>, port_interval> range_replacements;
};

/// Options of a scan.
struct tree_scan_options {
  walk_options walk;
  engine_set engines = engine_set::all();
  unsigned threads = 2;  ///< reader/scanner threads besides the walker
  bool keep_content = false;  ///< keep the bytes of files with findings (for --diff)
};

/// Scans the roots. Never throws for a bad file: it becomes a notice or a problem (a file that
/// does not fit in memory, or any exception while scanning it, is a problem of that file and
/// the scan goes on). A file is read only once its first 8 KiB show it is text.
[[nodiscard]] tree_scan scan_tree(const std::vector<std::string>& roots, const tree_scan_options& opt);

}  // namespace badport::io
