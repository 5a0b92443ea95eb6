// Fuzz target: the JSON scanners (package.json, devcontainer.json, launchSettings.json).
// Input: a selector byte, then the file. Invariants: see scan_check.h.

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"package.json", badport::scan_package_json},
      {".devcontainer/devcontainer.json", badport::scan_devcontainer},
      {"Properties/launchSettings.json", badport::scan_launch_settings},
  };
  badport::fuzz::check_scanners(data, size, cases);
  return 0;
}
