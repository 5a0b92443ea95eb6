#pragma once
/// \file text.h
/// Text helpers that every part of badport shares for what it prints: UTF-8 validation,
/// one-line escaping of untrusted bytes, and the edit distance behind "did you mean".

#include <cstddef>
#include <string>
#include <string_view>

namespace badport {

/// Length of the valid UTF-8 sequence of two to four bytes at the start of `s`, or 0 when `s`
/// starts with ASCII, a truncated or invalid sequence, an overlong form, a surrogate, or a
/// code point past U+10FFFF (RFC 3629, section 4).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s) noexcept;

/// Offset of the first byte of `s` that does not start valid UTF-8, or std::string_view::npos
/// when all of `s` is valid. ASCII runs are skipped eight bytes at a time.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// How printable_line() writes its input.
struct printable_options {
  std::size_t max_bytes = std::string::npos;  ///< cut after this many output bytes, with "..."
  bool escape_quotes = false;                  ///< also write `"` and `\` as `\"` and `\\`
};

/// `s` as one line of valid UTF-8, safe for a terminal, JSON or SARIF: control bytes, DEL and
/// bytes that are not valid UTF-8 become `\xNN`; valid multi-byte characters are kept.
[[nodiscard]] std::string printable_line(std::string_view s, const printable_options& opt = {});

/// Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace badport
