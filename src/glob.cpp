// Glob matching as git's wildmatch with WM_PATHNAME, without its recursion: the pattern is
// compiled into tokens once, then matched with two resume points, the last `*` (which never
// crosses a `/`) and the last `**/` (which resumes at the next folder boundary). Both only move
// forward, so a match costs at most O(pattern x path) steps.
//
// Why two resume points are enough: between two `**/`, the pattern's `/` must meet the path's
// `/` one to one, so each folder name is matched on its own, where the classic one-star
// argument holds (the last star can absorb whatever an earlier one could). Across a `**/`, the
// earliest place where the part after it matches is the best one, since what follows only
// needs room.

#include <badport/glob.h>

#include <algorithm>
#include <array>

namespace badport {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_class(std::string_view name, unsigned char c) noexcept {
  const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
  if (name == "alnum") return upper || lower || digit;
  if (name == "alpha") return upper || lower;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7f;
  if (name == "digit") return digit;
  if (name == "graph") return c > 0x20 && c < 0x7f;
  if (name == "lower") return lower;
  if (name == "print") return c >= 0x20 && c < 0x7f;
  if (name == "punct") return c > 0x20 && c < 0x7f && !upper && !lower && !digit;
  if (name == "space") return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == "upper") return upper;
  if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return false;
}

bool is_class_name(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 12> names{"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                                          "lower", "print", "punct", "space", "upper", "xdigit"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Reads the bracket expression whose '[' is at p[open], as wildmatch.c does, for the character
// `c`. Returns the offset of its closing ']', or npos when it is not closed or names an unknown
// [:class:] (git then matches nothing at all); `matched` says whether `c` is in the set, before
// negation.
std::size_t read_bracket(std::string_view p, std::size_t open, unsigned char c, bool& matched, bool& negated) noexcept {
  std::size_t i = open + 1;
  matched = false;
  negated = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negated) ++i;
  int prev = -1;  // the previous single character, for a range; -1 when there is none
  bool first = true;
  while (first || (i < p.size() && p[i] != ']')) {
    first = false;
    if (i >= p.size()) return npos;
    auto ch = static_cast<unsigned char>(p[i]);
    if (ch == '\\') {
      if (++i >= p.size()) return npos;
      ch = static_cast<unsigned char>(p[i]);
      matched = matched || c == ch;
      prev = ch;
    } else if (ch == '-' && prev >= 0 && i + 1 < p.size() && p[i + 1] != ']') {
      auto hi = static_cast<unsigned char>(p[++i]);
      if (hi == '\\') {
        if (++i >= p.size()) return npos;
        hi = static_cast<unsigned char>(p[i]);
      }
      matched = matched || (c >= prev && c <= hi);
      prev = -1;
    } else if (ch == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      const std::size_t close = p.find(']', i + 2);
      if (close == npos) return npos;
      if (close >= i + 3 && p[close - 1] == ':') {
        const auto name = p.substr(i + 2, close - 1 - (i + 2));
        if (!is_class_name(name)) return npos;
        matched = matched || is_class(name, c);
        prev = -1;
        i = close;
      } else {
        matched = matched || c == '[';  // no ":]": a plain '['
        prev = '[';
      }
    } else {
      matched = matched || c == ch;
      prev = ch;
    }
    ++i;
  }
  if (i >= p.size()) return npos;
  return i;
}

}  // namespace

glob_pattern::glob_pattern(std::string_view pattern) : text_(pattern) {
  const std::string_view p = text_;
  std::size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '*') {
      std::size_t j = i;
      while (j < p.size() && p[j] == '*') ++j;
      if (j - i >= 2) {
        const bool after_slash = i == 0 || p[i - 1] == '/';
        const bool escaped_slash = j + 1 < p.size() && p[j] == '\\' && p[j + 1] == '/';
        if (after_slash && j == p.size()) {
          tokens_.push_back({kind::rest, 0, 0, 0});
          i = j;
          continue;
        }
        if (after_slash && p[j] == '/') {
          tokens_.push_back({kind::dirs, 0, 0, 0});
          i = j + 1;
          continue;
        }
        if (after_slash && escaped_slash) {
          // wildmatch.c tries "no folder" only before a plain '/': here at least one.
          tokens_.push_back({kind::some_dirs, 0, 0, 0});
          i = j + 2;
          continue;
        }
      }
      if (tokens_.empty() || tokens_.back().what != kind::star) tokens_.push_back({kind::star, 0, 0, 0});
      i = j;
      continue;
    }
    if (c == '?') {
      tokens_.push_back({kind::any, 0, 0, 0});
      ++i;
      continue;
    }
    if (c == '[') {
      bool matched = false, negated = false;
      const std::size_t close = read_bracket(p, i, 0, matched, negated);
      if (close == npos) {
        tokens_.assign(1, {kind::never, 0, 0, 0});
        return;
      }
      tokens_.push_back({kind::set, 0, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(close + 1 - i)});
      i = close + 1;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= p.size()) {  // a trailing '\' matches no character
        tokens_.assign(1, {kind::never, 0, 0, 0});
        return;
      }
      tokens_.push_back({kind::literal, p[i + 1], 0, 0});
      i += 2;
      continue;
    }
    tokens_.push_back({kind::literal, c, 0, 0});
    ++i;
  }
}

bool glob_pattern::matches_one(const token& t, char c) const noexcept {
  switch (t.what) {
    case kind::literal: return t.c == c;
    case kind::any: return c != '/';
    case kind::set: {
      if (c == '/') return false;
      bool matched = false, negated = false;
      (void)read_bracket(text_, t.first, static_cast<unsigned char>(c), matched, negated);
      return matched != negated;
    }
    default: return false;
  }
}

bool glob_pattern::matches(std::string_view path) const noexcept {
  if (!tokens_.empty() && tokens_.front().what == kind::never) return false;
  const std::size_t m = tokens_.size(), n = path.size();
  std::size_t p = 0, t = 0;
  std::size_t star_p = npos, star_t = 0;  // where to resume after the last '*'
  std::size_t dirs_p = npos, dirs_t = 0;  // where to resume after the last "**/"
  while (true) {
    if (p < m) {
      const token& k = tokens_[p];
      if (k.what == kind::rest) return true;
      if (k.what == kind::dirs) {
        dirs_p = ++p;
        dirs_t = t;
        star_p = npos;  // what came before is settled (see the comment at the top)
        continue;
      }
      if (k.what == kind::some_dirs) {
        if (const std::size_t slash = path.find('/', t); slash != npos) {
          dirs_p = ++p;
          t = dirs_t = slash + 1;
          star_p = npos;
          continue;
        }
      }
      if (k.what == kind::star) {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (t < n && matches_one(k, path[t])) {
        ++p;
        ++t;
        continue;
      }
    } else if (t == n) {
      return true;
    }
    // A mismatch: the last '*' takes one more character (never a '/'), or else the last "**/"
    // skips one more folder.
    if (star_p != npos && star_t < n && path[star_t] != '/') {
      p = star_p;
      t = ++star_t;
      continue;
    }
    if (dirs_p != npos) {
      const std::size_t slash = path.find('/', dirs_t);
      if (slash == npos) return false;
      dirs_t = slash + 1;
      p = dirs_p;
      t = dirs_t;
      star_p = npos;
      continue;
    }
    return false;
  }
}

bool glob_match(std::string_view pattern, std::string_view path) { return glob_pattern(pattern).matches(path); }

}  // namespace badport
