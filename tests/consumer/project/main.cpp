// Using badport from C++: which engines refuse port 6000, why, and what to use instead.
// Build with CMake: find_package(badport) and target_link_libraries(app badport::badport).
#include <badport/badport.hpp>
#include <badport/io/file.h>

#include <iostream>

int main(int argc, char** argv) {
  std::cout << "badport " << badport::version() << "\n";

  const auto blocked = badport::blocking_engines(6000);
  std::cout << "6000 is blocked by:";
  for (badport::engine e : badport::all_engines)
    if (blocked.contains(e)) std::cout << ' ' << badport::name(e);
  std::cout << "\n";
  if (const auto* p = badport::find_port(6000)) std::cout << "6000 is " << p->service << "\n";

  // Errors are values: a result<T> holds the value or a one-line message.
  auto engines = badport::parse_engine_list("chrome,firefox");
  if (!engines) {
    std::cerr << engines.error().message() << "\n";
    return 2;
  }
  if (auto bad = badport::parse_port("6000x"); !bad) std::cout << "error: " << bad.error().message() << "\n";

  if (auto port = badport::suggest_port(6000, *engines)) std::cout << "instead of 6000, use " << *port << "\n";

  // The adapters (badport::io) read files and sockets for the core.
  if (argc > 1) {
    auto text = badport::io::read_file(argv[1]);
    if (!text) {
      std::cerr << text.error().message() << "\n";
      return 2;
    }
    std::cout << "read " << text->size() << " bytes\n";
  }
  return 0;
}
