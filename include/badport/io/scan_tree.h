#pragma once
/// \file io/scan_tree.h
/// `badport scan` on folders: walks (io/walk.h), reads each file, hands its bytes to the
/// scanners on text (badport/scan.h), two threads at once.

#include <badport/engine.h>
#include <badport/io/walk.h>
#include <badport/scan.h>

#include <cstddef>
#include <string>
#include <vector>

namespace badport::io {

/// One file that has findings or problems, with its bytes (for source lines and --diff).
struct scanned_file {
  std::string path;
  std::string content;
  scan_report report;
};

/// Everything a scan found, files in walk order.
struct tree_scan {
  std::vector<scanned_file> files;     ///< only files with findings or problems
  std::vector<walk_notice> notices;    ///< unreadable files and folders, skipped files, loops
  std::size_t files_read = 0;          ///< text files scanned
  std::size_t binary_skipped = 0;      ///< files with a NUL byte in their first 8 KiB
};

/// Options of a scan.
struct tree_scan_options {
  walk_options walk;
  engine_set engines = engine_set::all();
  unsigned threads = 2;  ///< reader/scanner threads besides the walker
};

/// Scans the roots. Never throws for a bad file: it becomes a notice or a problem.
[[nodiscard]] tree_scan scan_tree(const std::vector<std::string>& roots, const tree_scan_options& opt);

}  // namespace badport::io
