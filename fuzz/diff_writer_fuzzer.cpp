// Fuzz target: the unified diff behind `badport scan --diff` (make_unified_diff, scan.h).
// Input: a path, a NUL, the file's content, a NUL, then edit bytes: each 5 bytes give an
// offset (3 bytes), a length (1 byte) and a replacement of digits (1 byte's worth).
// Invariants, checked by reading the patch back the way `git apply` and `patch -p1` do:
// - exactly one file header, `--- a/PATH` and `+++ b/PATH`, where the name reads back (after
//   git's C unquoting, up to the tab that follows a name with a space) as exactly the path: no
//   file name can add a header, a hunk or a line;
// - every hunk's counts agree with its lines; each line is context, removal, addition or
//   "\ No newline at end of file" after the last line;
// - applying the hunks to the content gives the content with the edits made (a later edit
//   that overlaps an earlier one is dropped), and nothing else changes;
// - no edits, or edits that change nothing, give an empty patch.
// tests/scan/diff_apply_test.cpp runs the real `git apply` and `patch` on generated cases.

#include "fuzz_check.h"

#include <badport/scan.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

// git's unquote_c_style for a name that starts with '"'; nullopt when malformed.
std::optional<std::string> unquote(std::string_view s, std::size_t& used) {
  std::string out;
  std::size_t i = 1;
  while (i < s.size()) {
    const char c = s[i++];
    if (c == '"') {
      used = i;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    const char e = s[i++];
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default:
        if (e < '0' || e > '3' || i + 1 >= s.size() + 0 || s[i] < '0' || s[i] > '7' || s[i + 1] < '0' || s[i + 1] > '7')
          return std::nullopt;
        out += static_cast<char>(((e - '0') << 6) | ((s[i] - '0') << 3) | (s[i + 1] - '0'));
        i += 2;
    }
  }
  return std::nullopt;
}

// The name on a header line after "--- " or "+++ ", as git apply reads it.
std::optional<std::string> header_name(std::string_view line) {
  if (!line.empty() && line[0] == '"') {
    std::size_t used = 0;
    auto name = unquote(line, used);
    if (!name) return std::nullopt;
    const auto rest = line.substr(used);
    if (!(rest.empty() || rest == "\t")) return std::nullopt;
    if ((name->find(' ') != std::string::npos) != (rest == "\t")) return std::nullopt;
    return name;
  }
  const auto tab = line.find('\t');
  const auto name = line.substr(0, tab);
  if (tab != std::string_view::npos && tab + 1 != line.size()) return std::nullopt;
  if ((name.find(' ') != std::string_view::npos) != (tab != std::string_view::npos)) return std::nullopt;
  // An unquoted name holds nothing that git would have quoted.
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return std::nullopt;
  }
  return std::string(name);
}

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size() - 1;
    out.push_back(s.substr(start, end + 1 - start));
    start = end + 1;
  }
  return out;
}

// Reads a "-a,b +c,d" count pair.
bool read_range(std::string_view& s, char sign, std::size_t& first, std::size_t& count) {
  if (s.empty() || s[0] != sign) return false;
  s.remove_prefix(1);
  const auto num = [&](std::size_t& v) {
    std::size_t k = 0;
    v = 0;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9' && k < 9) v = v * 10 + static_cast<std::size_t>(s[k++] - '0');
    s.remove_prefix(k);
    return k > 0;
  };
  if (!num(first)) return false;
  count = 1;
  if (!s.empty() && s[0] == ',') {
    s.remove_prefix(1);
    if (!num(count)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul1 = input.find('\0');
  if (nul1 == std::string_view::npos) return 0;
  const auto nul2 = input.find('\0', nul1 + 1);
  if (nul2 == std::string_view::npos) return 0;
  const std::string path(input.substr(0, nul1));
  const std::string content(input.substr(nul1 + 1, nul2 - nul1 - 1));
  const std::string_view spec = input.substr(nul2 + 1);

  std::vector<badport::text_edit> edits;
  for (std::size_t i = 0; i + 5 <= spec.size() && edits.size() < 64; i += 5) {
    const auto b = [&](std::size_t k) { return static_cast<std::size_t>(static_cast<unsigned char>(spec[i + k])); };
    const std::size_t offset = content.empty() ? 0 : ((b(0) << 16) | (b(1) << 8) | b(2)) % (content.size() + 1);
    const std::size_t length = b(3) % 8;
    edits.push_back({offset, std::min(length, content.size() - offset), std::to_string(b(4) * 257 % 65536)});
  }

  // What applying the edits must give: sorted by offset, a later overlapping one dropped, and
  // none that crosses a line's end or follows the last line.
  auto sorted = edits;
  std::erase_if(sorted, [&](const badport::text_edit& e) {
    return (e.offset == content.size() && (content.empty() || content.back() == '\n')) ||
           content.substr(e.offset, e.length).find('\n') != std::string::npos;
  });
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  std::string expected;
  std::size_t at = 0;
  for (const auto& e : sorted) {
    if (e.offset < at) continue;
    expected.append(content, at, e.offset - at);
    expected += e.text;
    at = e.offset + e.length;
  }
  expected.append(content, std::min(at, content.size()), std::string::npos);

  const std::string patch = badport::make_unified_diff(path, content, edits);
  if (patch.empty()) {
    BADPORT_FUZZ_CHECK(path.empty() || expected == content, input);
    return 0;
  }
  BADPORT_FUZZ_CHECK(expected != content, input);

  std::string clean = path;
  while (clean.starts_with("./")) clean.erase(0, 2);
  const auto lines = lines_of(patch);
  BADPORT_FUZZ_CHECK(lines.size() >= 3, input);
  for (const auto& l : lines) BADPORT_FUZZ_CHECK(l.back() == '\n', input);
  const auto body = [](std::string_view l) { return l.substr(0, l.size() - 1); };
  BADPORT_FUZZ_CHECK(body(lines[0]).starts_with("--- ") && body(lines[1]).starts_with("+++ "), input);
  const auto old_name = header_name(body(lines[0]).substr(4));
  const auto new_name = header_name(body(lines[1]).substr(4));
  BADPORT_FUZZ_CHECK(old_name && *old_name == "a/" + clean, input);
  BADPORT_FUZZ_CHECK(new_name && *new_name == "b/" + clean, input);

  // Apply the hunks.
  const auto original = lines_of(content);
  std::string result;
  std::size_t next = 0;  // the next line of the original not yet copied
  std::size_t i = 2;
  while (i < lines.size()) {
    std::string_view h = body(lines[i]);
    BADPORT_FUZZ_CHECK(h.starts_with("@@ "), input);
    h.remove_prefix(3);
    std::size_t old_first = 0, old_count = 0, new_first = 0, new_count = 0;
    BADPORT_FUZZ_CHECK(read_range(h, '-', old_first, old_count), input);
    BADPORT_FUZZ_CHECK(!h.empty() && h[0] == ' ', input);
    h.remove_prefix(1);
    BADPORT_FUZZ_CHECK(read_range(h, '+', new_first, new_count), input);
    BADPORT_FUZZ_CHECK(h == " @@", input);
    BADPORT_FUZZ_CHECK(old_first >= 1 && old_first - 1 >= next && old_first - 1 + old_count <= original.size(), input);
    for (; next < old_first - 1; ++next) result += original[next];
    ++i;
    std::size_t old_seen = 0, new_seen = 0;
    while (i < lines.size() && (old_seen < old_count || new_seen < new_count)) {
      const std::string_view l = lines[i];
      const char mark = l[0];
      BADPORT_FUZZ_CHECK(mark == ' ' || mark == '-' || mark == '+', input);
      std::string text(l.substr(1));
      ++i;
      // "\ No newline at end of file" takes back the line's '\n'.
      if (i < lines.size() && lines[i] == "\\ No newline at end of file\n") {
        text.pop_back();
        ++i;
      }
      if (mark != '+') {
        BADPORT_FUZZ_CHECK(next < original.size() && original[next] == text, input);
        ++next;
        ++old_seen;
      }
      if (mark != '-') {
        result += text;
        ++new_seen;
      }
    }
    BADPORT_FUZZ_CHECK(old_seen == old_count && new_seen == new_count, input);
  }
  for (; next < original.size(); ++next) result += original[next];
  BADPORT_FUZZ_CHECK(result == expected, input);
  return 0;
}
