// Fuzz target: the line-based scanners (Dockerfile, .env, command lines in Procfile, Makefile
// and shell scripts, Spring application.properties, URLs in any text). Input: a selector
// byte, then the file. Invariants: see scan_check.h.

#include "scan_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"Dockerfile", badport::scan_dockerfile},
      {".env", badport::scan_dotenv},
      {"Procfile", badport::scan_procfile},
      {"Makefile", badport::scan_makefile},
      {"scripts/dev.sh", badport::scan_shell},
      {"src/main/resources/application.properties", badport::scan_spring_properties},
      {"README.md", badport::scan_urls},
  };
  badport::fuzz::check_scanners(data, size, cases);
  return 0;
}
