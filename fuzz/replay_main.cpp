// Replays saved fuzz inputs through a fuzz target's LLVMFuzzerTestOneInput, without libFuzzer:
// the regression files and the seed corpus run in every ordinary build, as a ctest.
//
//     <target>_replay [--min-inputs N] DIR_OR_FILE...
//
// Every folder and file named must exist, and at least N inputs (default 1) must be found in
// them: a moved or emptied corpus fails the test instead of replaying nothing. A failed
// invariant aborts (the test fails on that file). The empty input is always replayed too.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A copy in its own allocation, so that AddressSanitizer sees reads past the end.
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), copy.size());
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

int usage_error(const char* what, const char* arg) {
  std::fprintf(stderr, "replay: %s \"%s\"\n", what, arg);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t min_inputs = 1;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--min-inputs") == 0) {
      if (i + 1 == argc) return usage_error("--min-inputs needs a number", "");
      char* end = nullptr;
      const unsigned long n = std::strtoul(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0') return usage_error("--min-inputs needs a number, not", argv[i]);
      min_inputs = n;
      continue;
    }
    const std::filesystem::path arg = argv[i];
    std::error_code ec;
    if (std::filesystem::is_regular_file(arg, ec)) {
      files.push_back(arg);
      continue;
    }
    if (!std::filesystem::is_directory(arg, ec)) return usage_error("no such file or folder", argv[i]);
    std::vector<std::filesystem::path> in_folder;
    for (const auto& entry : std::filesystem::directory_iterator(arg, ec))
      if (entry.is_regular_file(ec)) in_folder.push_back(entry.path());
    if (ec) return usage_error("cannot read folder", argv[i]);
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }
  if (files.size() < min_inputs) {
    std::fprintf(stderr, "replay: %zu saved inputs, fewer than the %zu required\n", files.size(), min_inputs);
    return 1;
  }
  for (const auto& f : files) replay(f);
  const std::uint8_t empty = 0;
  LLVMFuzzerTestOneInput(&empty, 0);  // the empty input, always
  std::printf("replayed %zu inputs\n", files.size() + 1);
  return 0;
}
