#pragma once
// Invariant checks shared by the fuzz targets. A failed check prints what disagreed and
// aborts, so that libFuzzer saves the input and the replay tests fail on it.

#include <badport/error.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace badport::fuzz {

/// Prints the failed invariant and the input, then aborts.
[[noreturn]] inline void fail_check(const char* what, std::string_view input, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s\ninput (%zu bytes): ", file, line, what, input.size());
  for (const char c : input.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) std::fputc(u, stderr);
    else std::fprintf(stderr, "\\x%02x", u);
  }
  std::fputc('\n', stderr);
  std::abort();
}

/// Whether `s` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
inline bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80) n = 1;
    else if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3;
    else if (c >= 0xf0 && c <= 0xf4) n = 4;
    else return false;
    if (s.size() - i < n) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    const auto c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0u;
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) ||
        (c == 0xf4 && c1 > 0x8f))
      return false;
    i += n;
  }
  return true;
}

/// Whether a message is one printable line: not empty, valid UTF-8, no control character,
/// bounded whatever the input's length.
inline bool is_one_printable_line(std::string_view m) noexcept {
  if (m.empty() || m.size() > 2048 || !is_valid_utf8(m)) return false;
  for (const char c : m) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

}  // namespace badport::fuzz

/// Aborts with a message when `cond` is false; `input` is the fuzz input, shown on failure.
#define BADPORT_FUZZ_CHECK(cond, input) \
  ((cond) ? static_cast<void>(0) : ::badport::fuzz::fail_check(#cond, (input), __FILE__, __LINE__))

/// Checks that an error's message is one printable line.
#define BADPORT_FUZZ_CHECK_MESSAGE(err, input) \
  BADPORT_FUZZ_CHECK(::badport::fuzz::is_one_printable_line((err).message()), (input))
