// Fuzz target: code blocks of Markdown, reStructuredText and AsciiDoc read as their language
// (commands with prompts and continuations, code, configs). Input: a selector byte, then the
// file. Invariants: see scan_check.h (findings in a block point at the file's own bytes).

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"README.md", badport::scan_docs},
      {"docs/guide.rst", badport::scan_docs},
      {"docs/setup.adoc", badport::scan_docs},
  };
  badport::fuzz::check_scanners(data, size, cases);
  return 0;
}
