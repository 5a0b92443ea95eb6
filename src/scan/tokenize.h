#pragma once
// A small tokenizer per language family for the source scanners: it knows each family's
// strings and comments (so a port in a comment or a look-alike in a string is not a call), and
// yields identifiers, numbers, strings and punctuation with their byte offsets. It does not
// parse: the scanner reads calls, keyword arguments and assignments from the token stream.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace badport::detail {

/// A family of languages that share strings and comments.
enum class lang : std::uint8_t {
  python,      ///< '#' comments; '', "", triple quotes, r/b/f/u prefixes (also Starlark)
  javascript,  ///< // and /* */; '', "", `templates` (also TypeScript)
  go,          ///< // and /* */; "", '', `raw`
  ruby,        ///< '#' and =begin/=end; '', ""
  jvm,         ///< // and /* */; "", '', """text blocks""" (Java, Kotlin, Scala, Groovy)
  php,         ///< '#', // and /* */; '', ""
  rust,        ///< // and /* */; "", r"", r#""#, b"", 'c' (and lifetimes)
  csharp,      ///< // and /* */; "", @"", $"", """raw""", 'c'
  cmake,       ///< '#'; "", [[brackets]]; unquoted arguments are words
  hcl,         ///< '#', // and /* */; ""
};

enum class tok : std::uint8_t { ident, number, string, punct };

/// 20 bytes: a 1 MiB file of one-byte tokens stays a few MiB.
struct token {
  tok type = tok::punct;
  bool newline_before = false;  ///< a line break between the previous token and this one
  std::uint32_t offset = 0;     ///< in the content
  std::uint32_t length = 0;
  std::uint32_t inner = 0;      ///< a string's text without quotes and prefix (offset in the content)
  std::uint32_t inner_length = 0;
};

/// Tokens of content[from, to). Unterminated strings and comments end at `to` (single-line
/// string styles end at the line's end), so a broken file still yields tokens. A content of
/// 4 GiB or more yields none.
[[nodiscard]] std::vector<token> tokenize(std::string_view content, std::size_t from, std::size_t to, lang l);

}  // namespace badport::detail
