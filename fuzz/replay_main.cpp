// Replays saved fuzz inputs through a fuzz target's LLVMFuzzerTestOneInput, without libFuzzer:
// the regression files and the seed corpus run in every ordinary build, as a ctest.
//
//     <target>_replay DIR_OR_FILE...
//
// Missing folders are skipped; a failed invariant aborts (the test fails on that file).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
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

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    std::error_code ec;
    if (std::filesystem::is_regular_file(arg, ec)) {
      replay(arg);
      ++count;
      continue;
    }
    if (!std::filesystem::is_directory(arg, ec)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(arg, ec))
      if (entry.is_regular_file(ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      replay(f);
      ++count;
    }
  }
  const std::uint8_t empty = 0;
  LLVMFuzzerTestOneInput(&empty, 0);  // the empty input, always
  std::printf("replayed %zu inputs\n", count + 1);
  return 0;
}
