// The tokenizer of the source scanners: strings and comments per language family, the rest as
// identifiers, numbers and punctuation. Linear in the text: every loop moves forward.

#include "tokenize.h"

#include <array>
#include <string>

namespace badport::detail {

namespace {

bool is_ident_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_ident_char(char c) noexcept { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

class tokenizer {
 public:
  tokenizer(std::string_view text, std::size_t from, std::size_t to, lang l) : s_(text), i_(from), end_(to), l_(l) {}

  std::vector<token> run() {
    while (i_ < end_) {
      const char c = s_[i_];
      if (c == '\n') {
        newline_ = true;
        ++i_;
        continue;
      }
      if (is_blank(c)) {
        ++i_;
        continue;
      }
      if (skip_comment()) continue;
      if (read_string()) continue;
      if (is_digit(c) || (c == '.' && i_ + 1 < end_ && is_digit(s_[i_ + 1]))) {
        read_number();
        continue;
      }
      if (is_ident_start(c) || (c == '@' && (l_ == lang::ruby || l_ == lang::jvm || l_ == lang::csharp || l_ == lang::python))) {
        const std::size_t start = i_++;
        while (i_ < end_ && is_ident_char(s_[i_])) ++i_;
        if (l_ == lang::cmake) {  // an unquoted argument: up to a blank, a paren or a quote
          while (i_ < end_ && !is_blank(s_[i_]) && s_[i_] != '\n' && s_[i_] != '(' && s_[i_] != ')' &&
                 s_[i_] != '"' && s_[i_] != '#')
            ++i_;
        }
        push(tok::ident, start, i_ - start);
        continue;
      }
      read_punct();
    }
    return std::move(out_);
  }

 private:
  void push(tok t, std::size_t at, std::size_t len, std::size_t inner = 0, std::size_t inner_len = 0) {
    token k;
    k.type = t;
    k.offset = static_cast<std::uint32_t>(at);
    k.length = static_cast<std::uint32_t>(len);
    k.inner = static_cast<std::uint32_t>(inner);
    k.inner_length = static_cast<std::uint32_t>(inner_len);
    k.newline_before = newline_;
    newline_ = false;
    out_.push_back(k);
  }

  [[nodiscard]] bool at(std::string_view w) const noexcept { return s_.substr(i_, std::min(w.size(), end_ - i_)) == w; }

  void to_line_end() {
    while (i_ < end_ && s_[i_] != '\n') ++i_;
  }

  bool skip_comment() {
    const char c = s_[i_];
    const bool hash = l_ == lang::python || l_ == lang::ruby || l_ == lang::php || l_ == lang::cmake || l_ == lang::hcl;
    const bool slashes = l_ != lang::python && l_ != lang::ruby && l_ != lang::cmake;
    if (c == '#' && hash) {
      if (l_ == lang::cmake && at("#[[")) {
        const auto close = s_.find("]]", i_ + 3);
        i_ = close == std::string_view::npos || close >= end_ ? end_ : close + 2;
        return true;
      }
      to_line_end();
      return true;
    }
    if (c == '/' && slashes && i_ + 1 < end_) {
      if (s_[i_ + 1] == '/') {
        to_line_end();
        return true;
      }
      if (s_[i_ + 1] == '*') {
        const auto close = s_.find("*/", i_ + 2);
        if (close == std::string_view::npos || close + 2 > end_) {
          i_ = end_;
        } else {
          for (std::size_t k = i_; k < close; ++k)
            if (s_[k] == '\n') newline_ = true;
          i_ = close + 2;
        }
        return true;
      }
    }
    if (l_ == lang::ruby && c == '=' && (i_ == 0 || s_[i_ - 1] == '\n') && at("=begin")) {
      const auto close = s_.find("\n=end", i_);
      i_ = close == std::string_view::npos || close >= end_ ? end_ : close + 5;
      to_line_end();
      newline_ = true;
      return true;
    }
    return false;
  }

  // A quoted string starting at i_ + prefix: `quote` repeated `n` times closes it.
  void quoted(std::size_t start, std::size_t prefix, char quote, std::size_t n, bool escapes, bool multiline,
              bool doubled = false) {
    std::size_t j = start + prefix + n;
    const std::size_t inner = j;
    while (j < end_) {
      const char d = s_[j];
      if (d == '\\' && escapes) {
        j += 2;
        continue;
      }
      if (d == '\n' && !multiline) break;
      if (d == quote) {
        if (doubled && j + 1 < end_ && s_[j + 1] == quote) {
          j += 2;
          continue;
        }
        std::size_t k = 0;
        while (k < n && j + k < end_ && s_[j + k] == quote) ++k;
        if (k == n) {
          push(tok::string, start, j + n - start, inner, j - inner);
          i_ = j + n;
          return;
        }
        j += k;
        continue;
      }
      ++j;
    }
    j = std::min(j, end_);
    push(tok::string, start, j - start, inner, j - inner);
    i_ = j;
  }

  // A JavaScript template literal: `${...}` nests code, which may hold strings and templates.
  void template_literal(std::size_t start) {
    std::size_t j = start + 1;
    int depth = 0;  // braces inside ${ }
    while (j < end_) {
      const char d = s_[j];
      if (d == '\\') {
        j += 2;
        continue;
      }
      if (depth == 0) {
        if (d == '`') break;
        if (d == '$' && j + 1 < end_ && s_[j + 1] == '{') {
          depth = 1;
          j += 2;
          continue;
        }
      } else {
        if (d == '{') ++depth;
        else if (d == '}') --depth;
        else if (d == '"' || d == '\'') {  // a string inside the expression: skip it on its line
          const char q = d;
          for (++j; j < end_ && s_[j] != q && s_[j] != '\n'; ++j)
            if (s_[j] == '\\') ++j;
        }
      }
      ++j;
    }
    j = std::min(j, end_);
    push(tok::string, start, std::min(j + 1, end_) - start, start + 1, j - start - 1);
    i_ = std::min(j + 1, end_);
  }

  bool read_string() {
    const std::size_t start = i_;
    const char c = s_[i_];
    switch (l_) {
      case lang::python: {
        std::size_t p = 0;
        while (p < 2 && start + p < end_ && std::string_view("rRbBuUfF").find(s_[start + p]) != std::string_view::npos) ++p;
        if (start + p >= end_ || (s_[start + p] != '"' && s_[start + p] != '\'')) return false;
        if (p > 0 && start > 0 && is_ident_char(s_[start - 1])) return false;
        const char q = s_[start + p];
        i_ = start + p;
        const bool triple = at(std::string(3, q));
        quoted(start, p, q, triple ? 3 : 1, true, triple);  // a raw string does not end at \" either
        return true;
      }
      case lang::javascript:
        if (c == '`') {
          template_literal(start);
          return true;
        }
        if (c == '"' || c == '\'') {
          quoted(start, 0, c, 1, true, false);
          return true;
        }
        return false;
      case lang::go:
        if (c == '`') {
          quoted(start, 0, '`', 1, false, true);
          return true;
        }
        if (c == '"' || c == '\'') {
          quoted(start, 0, c, 1, true, false);
          return true;
        }
        return false;
      case lang::ruby:
      case lang::php:
      case lang::hcl:
        if (c == '"' || (c == '\'' && l_ != lang::hcl)) {
          quoted(start, 0, c, 1, true, true);
          return true;
        }
        return false;
      case lang::jvm:
        if (c == '"') {
          const bool triple = at("\"\"\"");
          quoted(start, 0, '"', triple ? 3 : 1, true, triple);
          return true;
        }
        if (c == '\'') {
          quoted(start, 0, '\'', 1, true, false);
          return true;
        }
        return false;
      case lang::rust: {
        std::size_t p = 0;
        if (c == 'b' && start + 1 < end_ && (s_[start + 1] == '"' || s_[start + 1] == 'r')) p = 1;
        if (start + p < end_ && s_[start + p] == 'r' && start + p + 1 < end_ &&
            (s_[start + p + 1] == '"' || s_[start + p + 1] == '#')) {
          if (start > 0 && is_ident_char(s_[start - 1])) return false;
          std::size_t hashes = 0;
          std::size_t j = start + p + 1;
          while (j < end_ && s_[j] == '#') ++hashes, ++j;
          if (j >= end_ || s_[j] != '"') return false;
          const std::string close = "\"" + std::string(hashes, '#');
          const auto e = s_.find(close, j + 1);
          const std::size_t stop = e == std::string_view::npos || e + close.size() > end_ ? end_ : e;
          push(tok::string, start, std::min(stop + close.size(), end_) - start, j + 1, stop - j - 1);
          i_ = std::min(stop + close.size(), end_);
          return true;
        }
        if (p == 1 && s_[start + 1] == '"') {
          if (start > 0 && is_ident_char(s_[start - 1])) return false;
          i_ = start;
          quoted(start, 1, '"', 1, true, true);
          return true;
        }
        if (c == '"') {
          quoted(start, 0, '"', 1, true, true);
          return true;
        }
        if (c == '\'') {  // 'c', '\n', '\u{..}' are chars; 'a alone is a lifetime
          if (start + 2 < end_ && s_[start + 1] == '\\') {
            quoted(start, 0, '\'', 1, true, false);
            return true;
          }
          if (start + 2 < end_ && s_[start + 2] == '\'') {
            push(tok::string, start, 3, start + 1, 1);
            i_ = start + 3;
            return true;
          }
          return false;
        }
        return false;
      }
      case lang::csharp: {
        std::size_t p = 0;
        bool verbatim = false;
        while (p < 2 && start + p < end_ && (s_[start + p] == '@' || s_[start + p] == '$')) {
          verbatim = verbatim || s_[start + p] == '@';
          ++p;
        }
        if (start + p >= end_) return false;
        const char q = s_[start + p];
        if (q == '\'' && p == 0) {
          quoted(start, 0, '\'', 1, true, false);
          return true;
        }
        if (q != '"') return false;
        if (at(std::string(p, '$') + "\"\"\"") || s_.substr(start + p, 3) == "\"\"\"") {
          i_ = start + p;
          quoted(start, p, '"', 3, false, true);
          return true;
        }
        quoted(start, p, '"', 1, !verbatim, verbatim, verbatim);
        return true;
      }
      case lang::cmake:
        if (c == '"') {
          quoted(start, 0, '"', 1, true, true);
          return true;
        }
        if (c == '[' && (at("[[") || at("[=["))) {
          std::size_t j = start + 1;
          std::size_t eq = 0;
          while (j < end_ && s_[j] == '=') ++eq, ++j;
          if (j >= end_ || s_[j] != '[') return false;
          const std::string close = "]" + std::string(eq, '=') + "]";
          const auto e = s_.find(close, j + 1);
          const std::size_t stop = e == std::string_view::npos || e + close.size() > end_ ? end_ : e;
          push(tok::string, start, std::min(stop + close.size(), end_) - start, j + 1, stop - j - 1);
          i_ = std::min(stop + close.size(), end_);
          return true;
        }
        return false;
    }
    return false;
  }

  void read_number() {
    const std::size_t start = i_;
    while (i_ < end_ && (is_ident_char(s_[i_]) || (s_[i_] == '.' && i_ + 1 < end_ && is_digit(s_[i_ + 1])))) ++i_;
    push(tok::number, start, i_ - start);
  }

  void read_punct() {
    const char c = s_[i_];
    if (std::string_view("|?.=-:!<&").find(c) == std::string_view::npos) {  // no operator starts here
      push(tok::punct, i_, 1);
      ++i_;
      return;
    }
    static constexpr std::array<std::string_view, 14> ops{"||=", "?\?=", "...", "||", "??", "?:", "=>", "->", "::",
                                                          ":=", "==", "!=", "<<", "&&"};
    for (const auto op : ops) {
      if (at(op)) {
        push(tok::punct, i_, op.size());
        i_ += op.size();
        return;
      }
    }
    push(tok::punct, i_, 1);
    ++i_;
  }

  std::string_view s_;
  std::size_t i_;
  std::size_t end_;
  lang l_;
  bool newline_ = false;
  std::vector<token> out_;
};

}  // namespace

std::vector<token> tokenize(std::string_view content, std::size_t from, std::size_t to, lang l) {
  to = std::min(to, content.size());
  if (from >= to || content.size() >= 0xffffffffu) return {};
  return tokenizer(content, from, to, l).run();
}

}  // namespace badport::detail
