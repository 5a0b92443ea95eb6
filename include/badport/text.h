#pragma once
/// \file text.h
/// Text helpers that every part of badport shares for what it prints: UTF-8 validation,
/// one-line escaping of untrusted bytes, and the edit distance behind "did you mean".

#include <cstddef>
#include <span>
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
  bool keep_tabs = false;                      ///< write a tab as is (a source line's indentation)
};

/// `s` as one line of valid UTF-8, safe for a terminal, JSON or SARIF: control bytes, DEL and
/// bytes that are not valid UTF-8 become `\xNN`; C1 controls (U+0080..U+009F), the
/// bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A..U+202E,
/// U+2066..U+2069) and the line and paragraph separators (U+2028, U+2029) become `\uNNNN`,
/// so that no text shown can move the cursor, retitle the terminal or reorder what follows
/// (https://trojansource.codes/); other valid multi-byte characters are kept.
[[nodiscard]] std::string printable_line(std::string_view s, const printable_options& opt = {});

/// Edit distance between `a` and `b`: insertions, deletions, substitutions, and a swap of two
/// neighbouring characters counting as one edit (optimal string alignment), so that the
/// commonest typos ("jsno", "enigne") are one edit away.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The name in `names` that `given` most likely misspells, for a "did you mean": a name one
/// edit away, else the one name that `given` begins (two characters or more), else a name two
/// edits away; never more edits than half of `given`'s length ("x" suggests nothing). Empty
/// when none fits, two names begin with `given`, or `given` is itself a name.
[[nodiscard]] std::string_view closest_name(std::string_view given, std::span<const std::string_view> names);

}  // namespace badport
