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
#include <optional>
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
  /// The project's one replacement per blocked port and per range (plan_replacements fills
  /// them; a port missing here has no replacement).
  std::map<std::uint16_t, std::uint16_t> replacements;
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

/// Decides the project's replacements with the core's replacement_plan (suggest.h): one per
/// blocked port and one per range for the whole project, in the order the findings come, never
/// a port the project already uses (every port of `ports_used`, of each file's report, and of
/// the findings' ranges is reserved first). Fills `replacements` and `range_replacements`.
void plan_replacements(tree_scan& scan, engine_set engines);

/// The plan's replacement for a finding's port: for a port of a range, its place in the range's
/// replacement (6667 of 6665-6669 -> 6672 of 6670-6674); nullopt when there is none.
[[nodiscard]] std::optional<std::uint16_t> replacement_of(const tree_scan& scan, const scan_finding& f);

/// The plan's replacement for a finding's range; nullopt for a single port or when none.
[[nodiscard]] std::optional<port_interval> range_replacement_of(const tree_scan& scan, const scan_finding& f);

/// The unified diff that applies the plan where each port is written (a listen call's default,
/// a config value, a doc line, a compose mapping, a range as a whole, a Compose port taken from
/// `.env` in `.env`). Needs the files' content (tree_scan_options::keep_content); each file
/// appears once.
[[nodiscard]] std::string make_patch(const tree_scan& scan);

}  // namespace badport::io
