// Fuzz target: the web server configuration scanners (nginx and Apache .conf, Caddyfile).
// Input: a selector byte, then the file. Invariants: see scan_check.h.

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"nginx/sites-enabled/default", badport::scan_server_conf},
      {"apache2/httpd.conf", badport::scan_server_conf},
      {"Caddyfile", badport::scan_caddyfile},
  };
  badport::fuzz::check_scanners(data, size, cases);
  return 0;
}
