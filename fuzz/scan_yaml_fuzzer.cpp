// Fuzz target: the YAML scanners (Compose with its .env, Spring application.yml, Kubernetes
// manifests). Input: a selector byte, the file, then optionally "\n#--env--\n" and a .env.
// Invariants: see scan_check.h.

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"compose.yaml", badport::scan_compose},
      {"docker-compose.override.yml", badport::scan_compose},
      {"config/application.yml", badport::scan_yaml},
      {"k8s/service.yaml", badport::scan_yaml},
  };
  badport::fuzz::check_scanners(data, size, cases, "\n#--env--\n");
  return 0;
}
