#pragma once
// The invariants every scanner must keep, shared by the scan_* fuzz targets. A target picks a
// scanner and a file name from the input's first byte and scans the rest.
// - findings are sorted by place, one per place and port;
// - a finding's line and column are those of its offset; when the digits are written there,
//   they read as the finding's port;
// - blocked_by is not empty, within the chosen engines, and each of its engines blocks the port;
// - a range finding's port is within its range, which reads back from the text when written;
//   a port taken from .env reads back from the .env text;
// - each finding quotes a bounded, printable excerpt of its line, and a file keeps at most
//   max_findings_per_file findings;
// - scanning for one engine finds exactly the findings of an all-engine scan that it blocks
//   (single ports; a range reports the first blocked ports of each engine set);
// - scanning is deterministic; problems and contexts are one printable line;
// - the unified diff that replaces the found digits starts with its header.

#include "fuzz_check.h"

#include <badport/ports.h>
#include <badport/scan.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace badport::fuzz {

/// A scanner and a file name it is meant for.
struct scanner_case {
  std::string_view path;
  scan_report (*scan)(const scan_input&);
};

/// The value of a run of decimal digits (capped), checked to be digits only.
inline std::uint64_t digits_value(std::string_view digits, std::string_view input) {
  BADPORT_FUZZ_CHECK(!digits.empty(), input);
  std::uint64_t value = 0;
  for (const char c : digits) {
    BADPORT_FUZZ_CHECK(c >= '0' && c <= '9', input);
    value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'), 1u << 20);
  }
  return value;
}

inline void check_report(const scan_input& in, const scan_report& r, std::string_view input) {
  const std::string_view content = in.content;
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const scan_finding& f = r.findings[i];
    if (i > 0) {
      const scan_finding& prev = r.findings[i - 1];
      BADPORT_FUZZ_CHECK(prev.offset <= f.offset, input);
      BADPORT_FUZZ_CHECK(!(prev.offset == f.offset && prev.port == f.port), input);
    }
    BADPORT_FUZZ_CHECK(f.offset <= content.size() && f.length <= content.size() - f.offset, input);
    std::size_t line = 1, line_start = 0;
    for (std::size_t k = 0; k < f.offset; ++k)
      if (content[k] == '\n') ++line, line_start = k + 1;
    BADPORT_FUZZ_CHECK(f.line == line, input);
    BADPORT_FUZZ_CHECK(f.column == f.offset - line_start + 1, input);
    if (f.length > 0) {
      std::uint64_t value = 0;
      for (const char c : content.substr(f.offset, f.length)) {
        BADPORT_FUZZ_CHECK(c >= '0' && c <= '9', input);
        value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'), 1u << 20);
      }
      BADPORT_FUZZ_CHECK(value == f.port, input);
    }
    BADPORT_FUZZ_CHECK(!f.blocked_by.empty(), input);
    BADPORT_FUZZ_CHECK((f.blocked_by.mask() & ~in.engines.mask()) == 0, input);
    for (const engine e : all_engines)
      if (f.blocked_by.contains(e)) BADPORT_FUZZ_CHECK(is_blocked(f.port, e), input);
    BADPORT_FUZZ_CHECK(!f.rule.empty(), input);
    BADPORT_FUZZ_CHECK(is_one_printable_line(f.context), input);
    if (f.range_first != f.range_last) {
      BADPORT_FUZZ_CHECK(f.range_first <= f.port && f.port <= f.range_last && f.length == 0, input);
      if (f.range_length > 0) {
        BADPORT_FUZZ_CHECK(f.range_length <= content.size() - f.offset, input);
        const auto written = content.substr(f.offset, f.range_length);
        const auto dash = written.find('-');
        BADPORT_FUZZ_CHECK(dash != std::string_view::npos, input);
        BADPORT_FUZZ_CHECK(digits_value(written.substr(0, dash), input) == f.range_first, input);
        BADPORT_FUZZ_CHECK(digits_value(written.substr(dash + 1), input) == f.range_last, input);
      }
    } else {
      BADPORT_FUZZ_CHECK(f.range_length == 0 && f.more_in_range == 0, input);
    }
    if (f.dotenv_length > 0) {
      BADPORT_FUZZ_CHECK(f.dotenv_offset <= in.dotenv.size() && f.dotenv_length <= in.dotenv.size() - f.dotenv_offset,
                         input);
      BADPORT_FUZZ_CHECK(digits_value(in.dotenv.substr(f.dotenv_offset, f.dotenv_length), input) == f.port, input);
    }
    // The excerpt: one printable line (tabs kept), bounded, the port's place inside it.
    BADPORT_FUZZ_CHECK(is_valid_utf8(f.excerpt) && f.excerpt.size() <= 4 * max_excerpt_bytes + 8, input);
    for (const char c : f.excerpt) {
      const auto u = static_cast<unsigned char>(c);
      BADPORT_FUZZ_CHECK((u >= 0x20 && u != 0x7f) || u == '\t', input);
    }
    BADPORT_FUZZ_CHECK(f.excerpt_column >= 1 && f.excerpt_length >= 1, input);
    BADPORT_FUZZ_CHECK(f.excerpt_column - 1 <= f.excerpt.size(), input);
  }
  BADPORT_FUZZ_CHECK(r.findings.size() <= max_findings_per_file, input);
  BADPORT_FUZZ_CHECK(r.more_findings == 0 || r.findings.size() == max_findings_per_file, input);
  for (const scan_problem& p : r.problems) BADPORT_FUZZ_CHECK(is_one_printable_line(p.message), input);
}

inline bool same_findings(const std::vector<scan_finding>& a, const std::vector<scan_finding>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].offset != b[i].offset || a[i].port != b[i].port || a[i].length != b[i].length ||
        a[i].line != b[i].line || a[i].rule != b[i].rule || a[i].blocked_by != b[i].blocked_by)
      return false;
  return true;
}

/// Runs the invariants on the scanner chosen by the first byte, and on scan_file.
inline void check_scanners(const std::uint8_t* data, std::size_t size, std::span<const scanner_case> cases,
                           std::string_view dotenv_separator = {}) {
  if (size == 0 || cases.empty()) return;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const scanner_case& c = cases[data[0] % cases.size()];
  std::string_view content = input.substr(1);
  std::string_view dotenv;
  if (!dotenv_separator.empty()) {
    if (const auto at = content.find(dotenv_separator); at != std::string_view::npos) {
      dotenv = content.substr(at + dotenv_separator.size());
      content = content.substr(0, at);
    }
  }
  scan_input in{c.path, content, dotenv, engine_set::all()};

  const scan_report own = c.scan(in);
  check_report(in, own, input);
  BADPORT_FUZZ_CHECK(same_findings(own.findings, c.scan(in).findings), input);

  const scan_report all = scan_file(in);
  check_report(in, all, input);

  // One engine: the all-engine findings it blocks, no more, no less.
  in.engines = engine_set{engine::firefox};
  const scan_report firefox = scan_file(in);
  check_report(in, firefox, input);
  const auto single = [](std::vector<scan_finding> v) {
    std::erase_if(v, [](const scan_finding& f) { return f.range_first != f.range_last; });
    return v;
  };
  std::vector<scan_finding> expected;
  for (scan_finding f : single(all.findings)) {
    if (!f.blocked_by.contains(engine::firefox)) continue;
    f.blocked_by = engine_set{engine::firefox};
    expected.push_back(std::move(f));
  }
  // Past the cap, each engine set keeps its own first findings.
  if (all.more_findings == 0) BADPORT_FUZZ_CHECK(same_findings(single(firefox.findings), expected), input);

  // The diff that rewrites every literal port.
  std::vector<text_edit> edits;
  for (const auto& f : all.findings)
    if (f.length > 0) edits.push_back({f.offset, f.length, "18080"});
  const std::string diff = make_unified_diff(c.path, content, edits);
  if (!diff.empty()) BADPORT_FUZZ_CHECK(diff.starts_with("--- a/"), input);
  BADPORT_FUZZ_CHECK(diff.empty() == edits.empty(), input);
}

}  // namespace badport::fuzz
