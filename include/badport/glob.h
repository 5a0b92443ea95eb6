#pragma once
/// \file glob.h
/// Glob patterns as git matches them against paths (wildmatch with WM_PATHNAME, see
/// https://git-scm.com/docs/gitignore#_pattern_format and git's wildmatch.c), in time bounded
/// by the pattern's length times the path's: no backtracking that grows with the number of
/// stars, whatever the pattern (`*a*a*a*a*a*a*a*a*a*b` against fifty `a` is as quick as git).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace badport {

/// A compiled glob pattern:
/// - `?` matches one character but `/`; `*` any run of characters without `/`;
/// - `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`, `[[:alpha:]]` one character of a class (never `/`);
///   a `[` whose class is not closed makes the pattern match nothing, as in git;
/// - `\x` matches `x` literally;
/// - `**` between slashes, or at the start before `/`, matches zero or more folders (`**/a`,
///   `a/**/b`); `/**` at the end matches everything below (`a/**`); any other `**` is `*`.
class glob_pattern {
 public:
  explicit glob_pattern(std::string_view pattern);

  /// Whether the whole of `path` matches. Takes O(pattern length x path length) at most.
  [[nodiscard]] bool matches(std::string_view path) const noexcept;

  /// The pattern as given.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  enum class kind : std::uint8_t {
    literal,   ///< one character, `c`
    any,       ///< `?`
    set,       ///< a bracket expression: `first` and `length` locate it in `text_`
    star,      ///< `*`: any run without `/`
    dirs,      ///< `**/`: nothing, or any run that ends with `/`
    some_dirs, ///< `**\/`: any run that ends with `/`
    rest,      ///< a trailing `/**`'s `**`: anything
    never,     ///< an unclosed bracket expression: the pattern matches nothing
  };
  struct token {
    kind what;
    char c;
    std::uint32_t first;
    std::uint32_t length;
  };
  [[nodiscard]] bool matches_one(const token& t, char c) const noexcept;

  std::string text_;
  std::vector<token> tokens_;
};

/// Whether `path` matches `pattern` (see glob_pattern); compiles the pattern each call.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace badport
