// Fuzz target: the source scanners (a tokenizer per language family and the reader of listen
// calls, port defaults and listen addresses over its tokens) and the scheme-less address
// finder. Input: a selector byte, then the file. Invariants: scan_check.h's, and the tokens of
// every family lie in order inside the text, without overlap, strings' text inside the string.

#include "scan_check.h"
#include "tokenize.h"

namespace {

void check_tokens(std::string_view text, std::string_view input) {
  using badport::detail::lang;
  for (const lang l : {lang::python, lang::javascript, lang::go, lang::ruby, lang::jvm, lang::php, lang::rust,
                       lang::csharp, lang::cmake, lang::hcl}) {
    const auto tokens = badport::detail::tokenize(text, 0, text.size(), l);
    std::size_t end = 0;
    for (const auto& t : tokens) {
      BADPORT_FUZZ_CHECK(t.offset >= end, input);
      BADPORT_FUZZ_CHECK(t.length > 0 && t.offset + t.length <= text.size(), input);
      if (t.type == badport::detail::tok::string)
        BADPORT_FUZZ_CHECK(t.inner >= t.offset && t.inner + t.inner_length <= t.offset + t.length, input);
      end = t.offset + t.length;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr badport::fuzz::scanner_case cases[] = {
      {"app.py", badport::scan_source},          {"server.js", badport::scan_source},
      {"vite.config.ts", badport::scan_source},  {"main.go", badport::scan_source},
      {"config/puma.rb", badport::scan_source},  {"src/App.java", badport::scan_source},
      {"index.php", badport::scan_source},       {"src/main.rs", badport::scan_source},
      {"Program.cs", badport::scan_source},      {"CMakeLists.txt", badport::scan_source},
      {"Tiltfile", badport::scan_source},        {"notes.txt", badport::scan_addresses},
  };
  badport::fuzz::check_scanners(data, size, cases);
  if (size > 1) check_tokens(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                             std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
