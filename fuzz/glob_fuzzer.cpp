// Fuzz target: the glob matcher (glob.h), against git's own algorithm. Input: a pattern, a NUL,
// then a path. The reference below is wildmatch.c's recursive dowild() with WM_PATHNAME,
// transcribed as it is (its recursion, its early aborts), memoized on (pattern offset, path
// offset) so that it stays polynomial; the compiled matcher must give the same answer for
// every pattern and path. Also: compiling once or per call agrees, and matching is
// deterministic.

#include "fuzz_check.h"

#include <badport/glob.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

enum : int { wm_match = 0, wm_nomatch = 1, wm_abort_all = -1, wm_abort_to_starstar = -2 };

bool cc(std::string_view name, unsigned char c) {
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

bool is_cc_name(std::string_view n) {
  for (const char* k : {"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper",
                        "xdigit"})
    if (n == k) return true;
  return false;
}

// wildmatch.c's dowild with WM_PATHNAME on NUL-terminated strings; `memo` keyed on offsets.
struct reference {
  const unsigned char* pattern;
  const unsigned char* text;
  std::unordered_map<std::uint64_t, int> memo;

  int dowild(const unsigned char* p, const unsigned char* t) {
    const std::uint64_t key = (static_cast<std::uint64_t>(p - pattern) << 32) | static_cast<std::uint64_t>(t - text);
    if (const auto it = memo.find(key); it != memo.end()) return it->second;
    const int r = dowild_uncached(p, t);
    memo.emplace(key, r);
    return r;
  }

  int dowild_uncached(const unsigned char* p, const unsigned char* text_at) {
    const unsigned char* t = text_at;
    unsigned char p_ch;
    for (; (p_ch = *p) != '\0'; t++, p++) {
      int matched, match_slash, negated;
      unsigned char t_ch, prev_ch;
      if ((t_ch = *t) == '\0' && p_ch != '*') return wm_abort_all;
      switch (p_ch) {
        case '\\':
          p_ch = *++p;
          [[fallthrough]];
        default:
          if (t_ch != p_ch) return wm_nomatch;
          continue;
        case '?':
          if (t_ch == '/') return wm_nomatch;
          continue;
        case '*':
          if (*++p == '*') {
            const unsigned char* prev_p = p - 2;
            while (*++p == '*') {
            }
            if ((prev_p < pattern || *prev_p == '/') && (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
              if (p[0] == '/' && dowild(p + 1, t) == wm_match) return wm_match;
              match_slash = 1;
            } else {
              match_slash = 0;
            }
          } else {
            match_slash = 0;
          }
          if (*p == '\0') {
            if (!match_slash && std::strchr(reinterpret_cast<const char*>(t), '/') != nullptr) return wm_nomatch;
            return wm_match;
          } else if (!match_slash && *p == '/') {
            const char* slash = std::strchr(reinterpret_cast<const char*>(t), '/');
            if (slash == nullptr) return wm_nomatch;
            t = reinterpret_cast<const unsigned char*>(slash);
            break;
          }
          while (true) {
            if (t_ch == '\0') break;
            if (*p != '*' && *p != '?' && *p != '[' && *p != '\\') {
              p_ch = *p;
              while ((t_ch = *t) != '\0' && (match_slash || t_ch != '/')) {
                if (t_ch == p_ch) break;
                t++;
              }
              if (t_ch != p_ch) return wm_nomatch;
            }
            if ((matched = dowild(p, t)) != wm_nomatch) {
              if (!match_slash || matched != wm_abort_to_starstar) return matched;
            } else if (!match_slash && t_ch == '/') {
              return wm_abort_to_starstar;
            }
            t_ch = *++t;
          }
          return wm_abort_all;
        case '[':
          p_ch = *++p;
          if (p_ch == '^') p_ch = '!';
          negated = p_ch == '!' ? 1 : 0;
          if (negated) p_ch = *++p;
          prev_ch = 0;
          matched = 0;
          do {
            if (!p_ch) return wm_abort_all;
            if (p_ch == '\\') {
              p_ch = *++p;
              if (!p_ch) return wm_abort_all;
              if (t_ch == p_ch) matched = 1;
            } else if (p_ch == '-' && prev_ch && p[1] && p[1] != ']') {
              p_ch = *++p;
              if (p_ch == '\\') {
                p_ch = *++p;
                if (!p_ch) return wm_abort_all;
              }
              if (t_ch <= p_ch && t_ch >= prev_ch) matched = 1;
              p_ch = 0;
            } else if (p_ch == '[' && p[1] == ':') {
              const unsigned char* s;
              for (s = p += 2; (p_ch = *p) && p_ch != ']'; p++) {
              }
              if (!p_ch) return wm_abort_all;
              const long i = p - s - 1;
              if (i < 0 || p[-1] != ':') {
                p = s - 2;
                p_ch = '[';
                if (t_ch == p_ch) matched = 1;
                continue;
              }
              const std::string_view name(reinterpret_cast<const char*>(s), static_cast<std::size_t>(i));
              if (!is_cc_name(name)) return wm_abort_all;
              if (cc(name, t_ch)) matched = 1;
              p_ch = 0;
            } else if (t_ch == p_ch) {
              matched = 1;
            }
          } while (prev_ch = p_ch, (p_ch = *++p) != ']');
          if (matched == negated || t_ch == '/') return wm_nomatch;
          continue;
      }
    }
    return *t != '\0' ? wm_nomatch : wm_match;
  }
};

bool git_matches(const std::string& pattern, const std::string& path) {
  reference r{reinterpret_cast<const unsigned char*>(pattern.c_str()),
              reinterpret_cast<const unsigned char*>(path.c_str()), {}};
  return r.dowild(r.pattern, r.text) == wm_match;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  const std::string pattern(input.substr(0, nul));
  std::string path(input.substr(nul + 1));
  // Paths hold no NUL (git's strings end there).
  if (const auto end = path.find('\0'); end != std::string::npos) path.resize(end);
  if (pattern.size() > 256 || path.size() > 1024) return 0;  // the reference is O(pattern x path) in memory

  const badport::glob_pattern compiled(pattern);
  const bool ours = compiled.matches(path);
  BADPORT_FUZZ_CHECK(ours == badport::glob_match(pattern, path), input);
  BADPORT_FUZZ_CHECK(ours == compiled.matches(path), input);
  BADPORT_FUZZ_CHECK(ours == git_matches(pattern, path), input);
  return 0;
}
