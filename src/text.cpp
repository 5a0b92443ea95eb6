#include <badport/text.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace badport {

std::size_t utf8_sequence_length(std::string_view s) noexcept {
  if (s.empty()) return 0;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  const std::size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((b(i) & 0xc0) != 0x80) return 0;
  if ((c == 0xe0 && b(1) < 0xa0) ||  // overlong
      (c == 0xed && b(1) > 0x9f) ||  // surrogate
      (c == 0xf0 && b(1) < 0x90) ||  // overlong
      (c == 0xf4 && b(1) > 0x8f))    // past U+10FFFF
    return 0;
  return n;
}

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    // Most text is ASCII: eight bytes at a time while no byte has its high bit set.
    if (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080u) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

namespace {

// The code point of a valid sequence of two to four bytes.
char32_t code_point(std::string_view seq) noexcept {
  const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(seq[i])); };
  if (seq.size() == 2) return ((b(0) & 0x1f) << 6) | (b(1) & 0x3f);
  if (seq.size() == 3) return ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f);
}

// C1 controls, bidirectional formatting characters, line and paragraph separators.
bool is_invisible_control(char32_t cp) noexcept {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

}  // namespace

std::string printable_line(std::string_view s, const printable_options& opt) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(s.size(), opt.max_bytes) + 3);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (out.size() >= opt.max_bytes) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t seq = c >= 0x80 ? utf8_sequence_length(s.substr(i)) : 0;
    if (seq > 0) {
      if (const char32_t cp = code_point(s.substr(i, seq)); is_invisible_control(cp)) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 15];
      } else {
        out.append(s.substr(i, seq));
      }
      i += seq - 1;
    } else if (c == '\t' && opt.keep_tabs) {
      out += '\t';
    } else if (opt.escape_quotes && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || c >= 0x80) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions, three rows.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string_view closest_name(std::string_view given, std::span<const std::string_view> names) {
  // One edit away beats the one name `given` begins, which beats two edits away:
  // "chek" is check, "sock" is sockets (not pick, two edits), "lsit" is list.
  std::string_view near, nearer, prefixed;
  bool many_prefixed = false;
  for (const auto name : names) {
    if (name == given) return {};
    const auto d = edit_distance(given, name);
    if (2 * d > given.size()) continue;  // "x" is no evidence for "h"
    if (d == 1 && nearer.empty()) nearer = name;
    if (d == 2 && near.empty()) near = name;
  }
  if (!nearer.empty()) return nearer;
  if (given.size() >= 2) {
    for (const auto name : names) {
      if (name.substr(0, given.size()) != given) continue;
      many_prefixed = !prefixed.empty();
      prefixed = name;
      if (many_prefixed) break;
    }
    if (!prefixed.empty()) return many_prefixed ? std::string_view() : prefixed;
  }
  return near;
}

}  // namespace badport
