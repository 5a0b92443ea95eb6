// Fuzz target: application configs (JSON with nlohmann-json, TOML with toml++, XML with pugixml,
// INI, .properties, HCL), YAML app configs, Kubernetes LoadBalancers and skaffold port
// forwards, systemd units and supervisord programs. Input: a selector byte, then the file.
// Invariants: see scan_check.h.

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"config.json", badport::scan_config},    {"app.toml", badport::scan_config},
      {"settings.ini", badport::scan_config},   {"app.properties", badport::scan_config},
      {"server.xml", badport::scan_config},     {"main.tf", badport::scan_config},
      {"supervisord.conf", badport::scan_config}, {"web.socket", badport::scan_systemd},
      {"config.yaml", badport::scan_file},      {"deploy/docker_compose.yaml", badport::scan_file},
  };
  badport::fuzz::check_scanners(data, size, cases);
  return 0;
}
