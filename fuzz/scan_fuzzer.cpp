// Fuzzes the scanners on text. The first byte picks the file name (and so the format), the
// rest is the content. Besides "no crash, no hang", checks what must hold between the APIs:
// every finding's place is inside the content, its line/column agree with its offset, its
// digits (when literal) read back as its port, a chosen engine blocks it, and the unified diff
// built from the findings changes exactly the lines that hold them.

#include <badport/ports.h>
#include <badport/scan.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view names[] = {
    "compose.yaml", "Dockerfile",  ".env",       "package.json", "Procfile",
    "Makefile",     "run.sh",      "devcontainer.json", "launchSettings.json", "application.properties",
    "application.yml", "k8s.yaml", "nginx.conf", "Caddyfile",    "notes.md"};

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto name = names[data[0] % std::size(names)];
  const std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  badport::scan_input in;
  in.path = name;
  in.content = content;
  in.dotenv = "P=6000\nQ=\n";
  const auto report = badport::scan_file(in);

  std::vector<badport::text_edit> edits;
  std::size_t last = 0;
  for (const auto& f : report.findings) {
    check(f.offset <= content.size() && f.offset + f.length <= content.size());
    check(f.offset >= last);  // sorted, one per place
    last = f.offset;
    check(!f.blocked_by.empty() && badport::blocking_engines(f.port) == f.blocked_by);
    // Line and column from the offset.
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < f.offset; ++i)
      if (content[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    check(f.line == line && f.column == f.offset - line_start + 1);
    if (f.length > 0) {
      unsigned value = 0;
      for (char c : std::string_view(content).substr(f.offset, f.length)) {
        check(c >= '0' && c <= '9');
        value = value * 10 + static_cast<unsigned>(c - '0');
        check(value <= 65535);
      }
      check(value == f.port);
      // A replacement that differs from the digits, so that the diff shows the line.
      if (edits.empty() || edits.back().offset + edits.back().length <= f.offset)
        edits.push_back({f.offset, f.length, f.port == 1 ? "2" : "1"});
    }
  }
  for (const auto& p : report.problems) check(!p.message.empty());

  const auto diff = badport::make_unified_diff(name, content, edits);
  std::size_t minus = 0, plus = 0;
  bool in_hunk = false;  // "--- " and "+++ " are headers only before the first hunk
  for (std::size_t i = 0; i < diff.size(); i = diff.find('\n', i) + 1) {
    if (diff.compare(i, 2, "@@") == 0) in_hunk = true;
    if (!in_hunk) continue;
    if (diff[i] == '-') ++minus;
    if (diff[i] == '+') ++plus;
    if (diff.find('\n', i) == std::string::npos) break;
  }
  check(minus == plus);
  check(edits.empty() || minus > 0);
  return 0;
}
