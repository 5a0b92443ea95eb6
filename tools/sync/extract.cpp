#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <optional>
#include <set>

namespace badport::sync {

std::string_view name(source_format f) noexcept {
  switch (f) {
    case source_format::fetch_bikeshed: return "fetch-bikeshed";
    case source_format::chromium_cc: return "chromium-cc";
    case source_format::firefox_cc: return "firefox-cc";
    case source_format::webkit_cc: return "webkit-cc";
    case source_format::servo_rs: return "servo-rs";
    case source_format::ladybird_cc: return "ladybird-cc";
    case source_format::undici_js: return "undici-js";
    case source_format::deno_js: return "deno-js";
  }
  return "unknown";
}

namespace {

// --- Tokens of C++, Rust and JavaScript ---------------------------------------------------
// Enough of each language to walk declarations: comments and strings are skipped whole (a
// name inside them is not a declaration), numbers keep their value, brackets are matched.

enum class lang { cpp, rust, js };

enum class kind { identifier, number, string, punct };

struct token {
  kind k;
  std::string text;  // identifier, punctuation, a number's spelling, a string's contents
  std::size_t line;
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

struct lexed {
  std::vector<token> tokens;
  std::map<std::size_t, std::string> line_comments;  // line -> text of the first // comment on it
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A JavaScript `/` starts a regular expression literal where an expression may start.
bool regex_may_start(const std::vector<token>& t) {
  if (t.empty()) return true;
  const token& p = t.back();
  if (p.k == kind::punct) return p.text != ")" && p.text != "]" && p.text != "}";
  if (p.k == kind::identifier)
    return p.text == "return" || p.text == "typeof" || p.text == "case" || p.text == "in" || p.text == "of" ||
           p.text == "delete" || p.text == "void" || p.text == "throw" || p.text == "new";
  return false;
}

lexed lex(std::string_view s, lang l) {
  lexed out;
  std::size_t i = 0, line = 1;
  const auto push = [&](kind k, std::string text) { out.tokens.push_back({k, std::move(text), line}); };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      const std::size_t end = std::min(s.find('\n', i), s.size());
      out.line_comments.emplace(line, trim(s.substr(i + 2, end - i - 2)));
      i = end;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const std::size_t end = s.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? s.size() : end + 2;
      line += static_cast<std::size_t>(std::count(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(stop), '\n'));
      i = stop;
      continue;
    }
    if (l == lang::js && c == '/' && regex_may_start(out.tokens)) {
      // A regular expression literal: to the unescaped / outside a class, on this line.
      std::size_t j = i + 1;
      bool in_class = false;
      while (j < s.size() && s[j] != '\n') {
        if (s[j] == '\\') {
          j += 2;
          continue;
        }
        if (s[j] == '[') in_class = true;
        else if (s[j] == ']') in_class = false;
        else if (s[j] == '/' && !in_class) break;
        ++j;
      }
      if (j < s.size() && s[j] == '/') {
        ++j;
        while (j < s.size() && is_ident_char(s[j])) ++j;  // flags
        push(kind::string, std::string(s.substr(i, j - i)));
        i = j;
        continue;
      }
    }
    if (l == lang::rust && c == 'r' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '#')) {
      // A raw string: r"...", r#"..."#, r##"..."##.
      std::size_t j = i + 1, hashes = 0;
      while (j < s.size() && s[j] == '#') ++hashes, ++j;
      if (j < s.size() && s[j] == '"') {
        const std::string close = "\"" + std::string(hashes, '#');
        const std::size_t end = s.find(close, j + 1);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end + close.size();
        const std::size_t first_line = line;
        line += static_cast<std::size_t>(std::count(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(stop), '\n'));
        out.tokens.push_back({kind::string, std::string(s.substr(j + 1, std::min(stop, s.size()) - j - 1)), first_line});
        i = stop;
        continue;
      }
    }
    if (is_ident_start(c)) {
      std::size_t j = i;
      while (j < s.size() && is_ident_char(s[j])) ++j;
      push(kind::identifier, std::string(s.substr(i, j - i)));
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < s.size() &&
             (is_ident_char(s[j]) || (s[j] == '.' && j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))) ||
              (l == lang::cpp && s[j] == '\'' && j + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[j + 1])))))
        ++j;  // 10'080 (C++14 digit separators), 10_080u16, 0x1770
      push(kind::number, std::string(s.substr(i, j - i)));
      i = j;
      continue;
    }
    if (c == '\'' && l == lang::rust) {
      // A char literal ('a', '\n') or a lifetime ('a).
      if (i + 2 < s.size() && s[i + 1] == '\\') {
        const std::size_t end = s.find('\'', i + 2);
        i = end == std::string_view::npos ? s.size() : end + 1;
        push(kind::string, "");
        continue;
      }
      if (i + 2 < s.size() && s[i + 2] == '\'') {
        push(kind::string, std::string(1, s[i + 1]));
        i += 3;
        continue;
      }
      push(kind::punct, "'");
      ++i;
      continue;
    }
    if (c == '"' || c == '\'' || (c == '`' && l == lang::js)) {
      std::string value;
      const std::size_t first_line = line;
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != c) {
        if (s[j] == '\n') {
          if (c != '`') break;  // an unterminated literal ends at the line
          ++line;
        }
        if (s[j] == '\\' && j + 1 < s.size()) {
          if (s[j + 1] == '\n') ++line;
          value += s[j + 1];
          j += 2;
          continue;
        }
        value += s[j++];
      }
      out.tokens.push_back({kind::string, std::move(value), first_line});
      i = (j < s.size() && s[j] == c) ? j + 1 : j;
      continue;
    }
    push(kind::punct, std::string(1, c));
    ++i;
  }
  return out;
}

// --- Walking tokens -----------------------------------------------------------------------

using tokens = std::vector<token>;

bool is_punct(const tokens& t, std::size_t i, std::string_view p) {
  return i < t.size() && t[i].k == kind::punct && t[i].text == p;
}
bool is_ident(const tokens& t, std::size_t i, std::string_view name) {
  return i < t.size() && t[i].k == kind::identifier && t[i].text == name;
}

// The index of the bracket closing the one at `open` ({, [ or (), or npos.
std::size_t matching(const tokens& t, std::size_t open) {
  std::vector<char> stack;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (t[i].k != kind::punct) continue;
    const char c = t[i].text[0];
    if (c == '{' || c == '[' || c == '(') stack.push_back(c);
    else if (c == '}' || c == ']' || c == ')') {
      const char want = c == '}' ? '{' : c == ']' ? '[' : '(';
      if (stack.empty() || stack.back() != want) return std::string_view::npos;
      stack.pop_back();
      if (stack.empty()) return i;
    }
  }
  return std::string_view::npos;
}

// A port written as a number (1, 0x1770, 10_080u16, 6000u) or a string of digits ('6000').
std::optional<long long> port_value(const token& tok) {
  if (tok.k == kind::string) {
    if (tok.text.empty() || tok.text.size() > 9 ||
        !std::all_of(tok.text.begin(), tok.text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    return std::stoll(tok.text);
  }
  if (tok.k != kind::number) return std::nullopt;
  std::string s;
  for (char c : tok.text)
    if (c != '_' && c != '\'') s += c;
  std::size_t i = 0;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  }
  const std::size_t start = i;
  while (i < s.size() && (base == 16 ? std::isxdigit(static_cast<unsigned char>(s[i])) != 0 : (s[i] >= '0' && s[i] <= '9')))
    ++i;
  const std::string digits = s.substr(start, i - start);
  std::string suffix = s.substr(i);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::string_view suffixes[] = {"",    "u",   "l",   "ul",  "lu",  "ll",  "ull", "llu",  "u8",
                                                  "u16", "u32", "u64", "usize", "i16", "i32", "i64", "isize"};
  if (std::find(std::begin(suffixes), std::end(suffixes), suffix) == std::end(suffixes)) return std::nullopt;
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  return std::stoll(digits, nullptr, base);
}

std::string spelled(const tokens& t, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < t.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += t[i].k == kind::string ? "\"" + t[i].text + "\"" : t[i].text;
    if (out.size() > 40) return out.substr(0, 40) + "...";
  }
  return out;
}

struct list_read {
  std::vector<long long> values;  // in the order written
  std::vector<std::size_t> lines;
};

// The elements of the list whose bracket is at `open`: numbers, strings of digits, or object
// members `key: true`. Anything else is an error naming the element.
std::variant<list_read, extract_error> read_list(const tokens& t, std::size_t open, std::string_view what) {
  const std::size_t close = matching(t, open);
  if (close == std::string_view::npos) return extract_error{t[open].line, std::string(what) + " is not closed"};
  list_read out;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i <= close; ++i) {
    const bool nested = t[i].k == kind::punct && (t[i].text == "{" || t[i].text == "[" || t[i].text == "(");
    if (nested) {
      const std::size_t m = matching(t, i);
      if (m == std::string_view::npos || m > close) return extract_error{t[i].line, std::string(what) + " is not closed"};
      i = m;
      continue;
    }
    if (i != close && !is_punct(t, i, ",")) continue;
    const std::size_t end = i;  // the element is t[start, end)
    if (start < end) {
      const token& first = t[start];
      std::optional<long long> v;
      bool skip = false;
      if (end - start == 1) {
        v = port_value(first);
      } else if (end - start == 3 && is_punct(t, start + 1, ":")) {
        // An object member: "6000": true, 6000: true, __proto__: null.
        if (first.k == kind::identifier && first.text == "__proto__") {
          skip = true;
        } else if (is_ident(t, start + 2, "true")) {
          v = port_value(first);
        } else if (is_ident(t, start + 2, "false")) {
          skip = true;
        }
      }
      if (!skip) {
        if (!v)
          return extract_error{first.line, std::string(what) + " holds something that is not a port number: `" +
                                               spelled(t, start, end) + "`"};
        if (*v < 0 || *v > 65535)
          return extract_error{first.line, std::string(what) + " holds " + std::to_string(*v) + ", not a port (0-65535)"};
        out.values.push_back(*v);
        out.lines.push_back(first.line);
      }
    }
    start = i + 1;
  }
  return out;
}

// Where a declaration `name ... = <list>` or `name { ... }` opens its list: the first { or [
// after the = (past a type, a cast, a call such as std::to_array<int>( or new Set( ). npos
// when `name` at `at` is not a declaration with a list (a use of the name, say).
std::size_t list_opening(const tokens& t, std::size_t at, bool brace_init = true) {
  // `match port {`, `if x {`, `return x {`: a block, not a declaration.
  if (at > 0 && t[at - 1].k == kind::identifier) {
    static constexpr std::string_view keywords[] = {"match", "if", "while", "for", "in", "return", "else", "loop"};
    if (std::find(std::begin(keywords), std::end(keywords), t[at - 1].text) != std::end(keywords))
      return std::string_view::npos;
  }
  std::size_t i = at + 1;
  // Rust `NAME: [u16; 83] =`, C++ `NAME[] =`: skip a type or an array bound.
  if (is_punct(t, i, ":")) {
    ++i;
    int depth = 0;
    while (i < t.size() && !(depth == 0 && is_punct(t, i, "="))) {
      if (is_punct(t, i, "[") || is_punct(t, i, "(") || is_punct(t, i, "<")) ++depth;
      else if (is_punct(t, i, "]") || is_punct(t, i, ")") || is_punct(t, i, ">")) --depth;
      else if (depth == 0 && (is_punct(t, i, ";") || is_punct(t, i, ",") || is_punct(t, i, "{"))) return std::string_view::npos;
      ++i;
    }
  }
  while (is_punct(t, i, "[")) {
    const std::size_t m = matching(t, i);
    if (m == std::string_view::npos) return std::string_view::npos;
    i = m + 1;
  }
  if (is_punct(t, i, "{")) return brace_init ? i : std::string_view::npos;  // C++ brace initialization, no =
  if (!is_punct(t, i, "=") || is_punct(t, i + 1, "=")) return std::string_view::npos;
  for (++i; i < t.size(); ++i) {
    if (is_punct(t, i, "{") || is_punct(t, i, "[")) return i;
    if (is_punct(t, i, ";") || is_punct(t, i, "}") || is_punct(t, i, ")")) return std::string_view::npos;
  }
  return std::string_view::npos;
}

// The first declaration of `name` in t[from, to) that has a list; npos when none.
std::size_t find_list_decl(const tokens& t, std::string_view name, std::size_t from = 0,
                           std::size_t to = std::numeric_limits<std::size_t>::max()) {
  for (std::size_t i = from; i < t.size() && i < to; ++i)
    if (t[i].k == kind::identifier && t[i].text == name) {
      const std::size_t open = list_opening(t, i);
      if (open != std::string_view::npos) return i;
    }
  return std::string_view::npos;
}

// The first declaration with a list of numbers in t[from, to): for a table whose name may
// change (WebKit's blockedPortList inside portAllowed). npos when none.
std::size_t find_any_list_decl(const tokens& t, std::size_t from, std::size_t to, bool brace_init = true) {
  for (std::size_t i = from; i < to && i < t.size(); ++i) {
    if (t[i].k != kind::identifier) continue;
    const std::size_t open = list_opening(t, i, brace_init);
    if (open == std::string_view::npos || open >= to) continue;
    if (open + 1 < t.size() && port_value(t[open + 1])) return i;
  }
  return std::string_view::npos;
}

// The body of a function definition `name(...) ... {`: the indices of its braces. A call
// (`name(x) && ...`, `name(x);`) is not a definition.
std::optional<std::pair<std::size_t, std::size_t>> function_body(const tokens& t, std::string_view name) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!is_ident(t, i, name) || !is_punct(t, i + 1, "(")) continue;
    if (i > 0 && (is_punct(t, i - 1, ".") || is_punct(t, i - 1, ":"))) continue;  // obj.name(), X::name()
    const std::size_t close = matching(t, i + 1);
    if (close == std::string_view::npos) continue;
    // After the parameters: const, noexcept, -> Type, then the body.
    std::size_t j = close + 1;
    while (j < t.size() && !is_punct(t, j, "{") && !is_punct(t, j, ";") && !is_punct(t, j, ")") &&
           !is_punct(t, j, ",") && !is_punct(t, j, "&") && !is_punct(t, j, "|") && !is_punct(t, j, "=") &&
           !is_punct(t, j, "}"))
      ++j;
    if (!is_punct(t, j, "{")) continue;
    if (j != close + 1 && t[j - 1].k == kind::punct && t[j - 1].text != ">" && t[j - 1].text != ")") continue;
    const std::size_t end = matching(t, j);
    if (end == std::string_view::npos) continue;
    return std::make_pair(j, end);
  }
  return std::nullopt;
}

// A qualified call `X::name(` in the file: the list lives in X's file.
std::optional<std::string> qualified_call(const tokens& t, std::string_view name) {
  for (std::size_t i = 3; i < t.size(); ++i)
    if (is_ident(t, i, name) && is_punct(t, i + 1, "(") && is_punct(t, i - 1, ":") && is_punct(t, i - 2, ":") &&
        t[i - 3].k == kind::identifier)
      return t[i - 3].text + "::" + std::string(name);
  return std::nullopt;
}

// Builds the answer from a list read at `open`, with the file's comments as service names.
std::variant<extracted, extract_error> finish(const tokens& t, const lexed& lx, std::size_t decl, std::size_t open,
                                              std::string anchor, bool stop_at_zero = false) {
  auto r = read_list(t, open, anchor);
  if (auto* e = std::get_if<extract_error>(&r)) return *e;
  auto& list = std::get<list_read>(r);
  extracted out;
  out.anchor = std::move(anchor);
  out.line = t[decl].line;
  std::set<long long> seen;
  bool sentinel = false;
  for (std::size_t k = 0; k < list.values.size(); ++k) {
    const long long v = list.values[k];
    if (stop_at_zero && v == 0) {
      sentinel = true;
      if (k + 1 != list.values.size())
        out.notes.push_back("ports after the 0 sentinel at line " + std::to_string(list.lines[k]) + " are not read");
      break;
    }
    if (!seen.insert(v).second) {
      out.notes.push_back("port " + std::to_string(v) + " is listed twice (line " + std::to_string(list.lines[k]) + ")");
      continue;
    }
    const auto c = lx.line_comments.find(list.lines[k]);
    if (c != lx.line_comments.end() && !c->second.empty()) out.services[static_cast<std::uint16_t>(v)] = c->second;
  }
  if (stop_at_zero && !sentinel) out.notes.push_back(out.anchor + " has no 0 sentinel; every element was read");
  for (long long v : seen)
    if (!(stop_at_zero && v == 0)) out.ports.push_back(static_cast<std::uint16_t>(v));
  if (out.ports.empty()) return extract_error{out.line, out.anchor + " is empty"};
  return out;
}

extract_error missing(std::string what) { return extract_error{0, std::move(what)}; }

// --- Per engine ---------------------------------------------------------------------------

extract_result chromium(std::string_view text) {
  const lexed lx = lex(text, lang::cpp);
  const auto& t = lx.tokens;
  const std::size_t decl = find_list_decl(t, "kRestrictedPorts");
  if (decl == std::string_view::npos) return missing("no kRestrictedPorts array in the file: the list has moved or been renamed");
  auto r = finish(t, lx, decl, list_opening(t, decl), "kRestrictedPorts");
  if (auto* e = std::get_if<extract_error>(&r)) return *e;
  auto out = std::get<extracted>(std::move(r));
  // The allowed-by-scheme exception (ftp's port 21 until Chromium removed FTP).
  const std::size_t ftp = find_list_decl(t, "kAllowedFtpPorts");
  if (ftp != std::string_view::npos) {
    auto f = read_list(t, list_opening(t, ftp), "kAllowedFtpPorts");
    if (auto* e = std::get_if<extract_error>(&f)) return *e;
    scheme_exception ex{"ftp", {}};
    for (long long v : std::get<list_read>(f).values) ex.ports.push_back(static_cast<std::uint16_t>(v));
    std::sort(ex.ports.begin(), ex.ports.end());
    out.exceptions.push_back(std::move(ex));
  }
  // Ports the ExplicitlyAllowedNetworkPorts policy may re-enable.
  const std::size_t allowable = find_list_decl(t, "kAllowablePorts");
  if (allowable != std::string_view::npos) {
    auto a = read_list(t, list_opening(t, allowable), "kAllowablePorts");
    if (const auto* l = std::get_if<list_read>(&a)) {
      std::string note = "kAllowablePorts (ports the ExplicitlyAllowedNetworkPorts policy may re-enable): ";
      if (l->values.empty()) note += "none";
      for (std::size_t k = 0; k < l->values.size(); ++k) note += (k ? ", " : "") + std::to_string(l->values[k]);
      out.notes.push_back(std::move(note));
    }
  }
  return out;
}

extract_result firefox(std::string_view text) {
  const lexed lx = lex(text, lang::cpp);
  const auto& t = lx.tokens;
  const std::size_t decl = find_list_decl(t, "gBadPortList");
  if (decl == std::string_view::npos) return missing("no gBadPortList array in the file: the list has moved or been renamed");
  // nsIOService::Init copies the list up to its first 0 (the sentinel); 0 itself is refused by
  // AllowPort's range check, not by the list.
  auto r = finish(t, lx, decl, list_opening(t, decl), "gBadPortList", true);
  if (auto* e = std::get_if<extract_error>(&r)) return *e;
  return std::get<extracted>(std::move(r));
}

// WebKit's exceptions in portAllowed(): `if (... port == 21 || port == 22 ... protocolIs("ftp"))
// return true;` and `if (url.protocolIsFile()) return true;`.
void webkit_exceptions(const tokens& t, std::size_t from, std::size_t to, std::vector<scheme_exception>& out) {
  for (std::size_t i = from; i < to; ++i) {
    if (!is_ident(t, i, "if") || !is_punct(t, i + 1, "(")) continue;
    const std::size_t close = matching(t, i + 1);
    if (close == std::string_view::npos || close >= to) continue;
    if (!(is_ident(t, close + 1, "return") && is_ident(t, close + 2, "true"))) continue;
    std::string scheme;
    std::vector<std::uint16_t> ports;
    bool negated = false;
    for (std::size_t k = i + 2; k < close; ++k) {
      if (t[k].k == kind::identifier && t[k].text.rfind("protocolIs", 0) == 0) {
        if (is_punct(t, k - 1, "!") || (is_punct(t, k - 1, ".") && k >= 3 && is_punct(t, k - 3, "!"))) negated = true;
        if (t[k].text == "protocolIs" && is_punct(t, k + 1, "(") && k + 2 < close && t[k + 2].k == kind::string) {
          scheme = t[k + 2].text;
        } else if (t[k].text.size() > 10) {
          scheme = t[k].text.substr(10);
          std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        }
      }
      if (is_punct(t, k, "=") && is_punct(t, k + 1, "=") && k + 2 < close)
        if (const auto v = port_value(t[k + 2]); v && *v >= 0 && *v <= 65535) ports.push_back(static_cast<std::uint16_t>(*v));
    }
    if (scheme.empty() || negated) continue;
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    out.push_back({scheme, ports});
  }
}

extract_result webkit(std::string_view text) {
  const lexed lx = lex(text, lang::cpp);
  const auto& t = lx.tokens;
  const auto body = function_body(t, "portAllowed");
  if (!body) return missing("no portAllowed() function in the file: the list has moved or been renamed");
  const std::size_t decl = find_any_list_decl(t, body->first, body->second);
  if (decl == std::string_view::npos) return missing("portAllowed() holds no array of ports: the list has moved");
  auto r = finish(t, lx, decl, list_opening(t, decl), "portAllowed " + t[decl].text);
  if (auto* e = std::get_if<extract_error>(&r)) return *e;
  auto out = std::get<extracted>(std::move(r));
  webkit_exceptions(t, matching(t, list_opening(t, decl)), body->second, out.exceptions);
  return out;
}

// Servo: `fn is_bad_port(port: u16) -> bool` holding `static BAD_PORTS: [u16; N] = [...]`,
// or `matches!(port, 1 | 7 | ...)`, or `match port { 1 | 7 | ... => true, _ => false }`.
std::variant<list_read, extract_error> rust_patterns(const tokens& t, std::size_t from, std::size_t to) {
  list_read out;
  for (std::size_t k = from; k < to; ++k) {
    if (t[k].k == kind::punct && (t[k].text == "|" || t[k].text == ",")) continue;
    const auto v = port_value(t[k]);
    if (!v) return extract_error{t[k].line, "the pattern holds something that is not a port number: `" + spelled(t, k, k + 1) + "`"};
    // A range: A..=B or A..B
    if (is_punct(t, k + 1, ".") && is_punct(t, k + 2, ".")) {
      const bool inclusive = is_punct(t, k + 3, "=");
      const std::size_t at = k + (inclusive ? 4 : 3);
      const auto last = at < to ? port_value(t[at]) : std::nullopt;
      if (!last) return extract_error{t[k].line, "a range in the pattern does not end in a port number"};
      const long long hi = inclusive ? *last : *last - 1;
      if (*v > hi || hi > 65535 || hi - *v > 65535) return extract_error{t[k].line, "a range in the pattern runs backwards or past 65535"};
      for (long long p = *v; p <= hi; ++p) {
        out.values.push_back(p);
        out.lines.push_back(t[k].line);
      }
      k = at;
      continue;
    }
    if (*v > 65535) return extract_error{t[k].line, "the pattern holds " + std::to_string(*v) + ", not a port (0-65535)"};
    out.values.push_back(*v);
    out.lines.push_back(t[k].line);
  }
  return out;
}

extract_result servo(std::string_view text) {
  const lexed lx = lex(text, lang::rust);
  const auto& t = lx.tokens;
  std::optional<std::pair<std::size_t, std::size_t>> body;
  for (std::size_t i = 0; i + 1 < t.size() && !body; ++i)
    if (is_ident(t, i, "fn") && is_ident(t, i + 1, "is_bad_port")) {
      std::size_t j = i + 2;
      while (j < t.size() && !is_punct(t, j, "{") && !is_punct(t, j, ";")) ++j;
      if (is_punct(t, j, "{")) {
        const std::size_t end = matching(t, j);
        if (end != std::string_view::npos) body = std::make_pair(j, end);
      }
    }
  if (!body) return missing("no fn is_bad_port in the file: the list has moved or been renamed");
  // A slice or array in the function (Rust has no brace-initialized arrays: `x {` is a block).
  const std::size_t decl = find_any_list_decl(t, body->first, body->second, false);
  if (decl != std::string_view::npos) return finish(t, lx, decl, list_opening(t, decl, false), "fn is_bad_port " + t[decl].text);
  // matches!(port, ...) or match port { ... => true, ... }
  std::variant<list_read, extract_error> patterns = extract_error{0, ""};
  std::size_t at = 0;
  bool found = false;
  for (std::size_t i = body->first; i < body->second && !found; ++i) {
    if (is_ident(t, i, "matches") && is_punct(t, i + 1, "!") && is_punct(t, i + 2, "(")) {
      const std::size_t close = matching(t, i + 2);
      std::size_t comma = i + 3;
      while (comma < close && !is_punct(t, comma, ",")) ++comma;
      if (close == std::string_view::npos || comma >= close) break;
      patterns = rust_patterns(t, comma + 1, close);
      at = i;
      found = true;
    } else if (is_ident(t, i, "match")) {
      std::size_t open = i + 1;
      while (open < body->second && !is_punct(t, open, "{")) ++open;
      const std::size_t close = open < body->second ? matching(t, open) : std::string_view::npos;
      if (close == std::string_view::npos) break;
      // Arms: PATTERN => true, ... ; the arms that give true hold the bad ports.
      list_read all;
      std::size_t arm = open + 1;
      for (std::size_t k = open + 1; k < close; ++k) {
        if (!(is_punct(t, k, "=") && is_punct(t, k + 1, ">"))) continue;
        const bool yes = is_ident(t, k + 2, "true");
        const bool wildcard = k == arm + 1 && is_ident(t, arm, "_");
        if (yes && !wildcard) {
          auto p = rust_patterns(t, arm, k);
          if (auto* e = std::get_if<extract_error>(&p)) return *e;
          auto& l = std::get<list_read>(p);
          all.values.insert(all.values.end(), l.values.begin(), l.values.end());
          all.lines.insert(all.lines.end(), l.lines.begin(), l.lines.end());
        }
        std::size_t next = k + 2;
        while (next < close && !is_punct(t, next, ",")) ++next;
        arm = next + 1;
        k = next;
      }
      patterns = all;
      at = i;
      found = true;
    }
  }
  if (!found) return missing("fn is_bad_port holds no list, matches! or match of ports: its shape has changed");
  if (auto* e = std::get_if<extract_error>(&patterns)) return *e;
  const auto& l = std::get<list_read>(patterns);
  extracted out;
  out.anchor = "fn is_bad_port " + t[at].text;
  out.line = t[at].line;
  std::set<long long> seen;
  for (std::size_t k = 0; k < l.values.size(); ++k) {
    if (!seen.insert(l.values[k]).second) continue;
    const auto c = lx.line_comments.find(l.lines[k]);
    if (c != lx.line_comments.end() && !c->second.empty()) out.services[static_cast<std::uint16_t>(l.values[k])] = c->second;
  }
  for (long long v : seen) out.ports.push_back(static_cast<std::uint16_t>(v));
  if (out.ports.empty()) return extract_error{out.line, out.anchor + " matches no port"};
  return out;
}

extract_result ladybird(std::string_view text) {
  const lexed lx = lex(text, lang::cpp);
  const auto& t = lx.tokens;
  const auto body = function_body(t, "is_bad_port");
  if (!body) {
    if (const auto call = qualified_call(t, "is_bad_port"))
      return missing("is_bad_port is not defined in this file, which calls " + *call +
                     ": the list has moved (Ladybird keeps it in Libraries/LibHTTP/Port.cpp)");
    return missing("no is_bad_port() function in the file: the list has moved or been renamed");
  }
  const std::size_t decl = find_any_list_decl(t, body->first, body->second);
  if (decl == std::string_view::npos) return missing("is_bad_port() holds no array of ports: its shape has changed");
  return finish(t, lx, decl, list_opening(t, decl), "is_bad_port " + t[decl].text);
}

extract_result javascript(std::string_view text, std::string_view name) {
  const lexed lx = lex(text, lang::js);
  const auto& t = lx.tokens;
  const std::size_t decl = find_list_decl(t, name);
  if (decl == std::string_view::npos)
    return missing("no " + std::string(name) + " array or object in the file: the list has moved or been renamed");
  return finish(t, lx, decl, list_opening(t, decl), std::string(name));
}

// --- The Fetch standard's Bikeshed source -------------------------------------------------

struct xml_free {
  void operator()(xmlChar* p) const { xmlFree(p); }
};

std::string node_text(xmlNode* n) {
  std::unique_ptr<xmlChar, xml_free> c(xmlNodeGetContent(n));
  std::string s = c ? reinterpret_cast<const char*>(c.get()) : "";
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

bool named(xmlNode* n, const char* tag) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(tag)) == 0;
}

// The next node in document order.
xmlNode* next_in_order(xmlNode* n) {
  if (n->children != nullptr) return n->children;
  while (n != nullptr) {
    if (n->next != nullptr) return n->next;
    n = n->parent;
  }
  return nullptr;
}

void collect(xmlNode* n, const char* tag, std::vector<xmlNode*>& out, bool stop_at_table) {
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (named(c, tag)) out.push_back(c);
    else if (!(stop_at_table && named(c, "table"))) collect(c, tag, out, stop_at_table);
  }
}

extract_result fetch_standard(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return missing("the file is too large");
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(text.data(), static_cast<int>(text.size()), "fetch.bs", "UTF-8", options), xmlFreeDoc);
  if (!doc) return missing("the file does not parse as HTML");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return missing("the file does not parse as HTML");
  // The definition "bad port", then the first table after it.
  xmlNode* dfn = nullptr;
  for (xmlNode* n = root; n != nullptr; n = next_in_order(n))
    if (named(n, "dfn") && node_text(n) == "bad port") {
      dfn = n;
      break;
    }
  if (dfn == nullptr) return missing("no <dfn>bad port</dfn> in the file: the definition has moved or been renamed");
  xmlNode* table = nullptr;
  for (xmlNode* n = next_in_order(dfn); n != nullptr; n = next_in_order(n)) {
    if (named(n, "table")) {
      table = n;
      break;
    }
    if (named(n, "h2") || named(n, "h3") || named(n, "h4")) break;  // past the section
  }
  if (table == nullptr) return missing("no table after <dfn>bad port</dfn> in its section: the table has moved");
  extracted out;
  out.anchor = "<dfn>bad port</dfn> table";
  out.line = static_cast<std::size_t>(std::max<long>(0, xmlGetLineNo(table)));
  // The HTML parser closes what the file leaves open; a table the file never closes is a cut
  // file (a short download), whose rows would be a short list.
  std::size_t offset = 0;
  for (std::size_t l = 1; l < out.line && offset != std::string_view::npos; ++l) {
    offset = text.find('\n', offset);
    if (offset != std::string_view::npos) ++offset;
  }
  std::string rest(offset == std::string_view::npos ? std::string_view() : text.substr(offset));
  std::transform(rest.begin(), rest.end(), rest.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (rest.find("</table") == std::string::npos)
    return extract_error{out.line, "the bad port table is not closed: the file is cut short"};
  std::vector<xmlNode*> rows;
  collect(table, "tr", rows, true);
  std::set<long long> seen;
  for (xmlNode* row : rows) {
    std::vector<xmlNode*> cells;
    for (xmlNode* c = row->children; c != nullptr; c = c->next)
      if (named(c, "td") || named(c, "th")) cells.push_back(c);
    if (cells.empty() || named(cells[0], "th")) continue;  // the header row
    const std::string first = node_text(cells[0]);
    const token as_string{kind::string, first, 0};
    const auto v = port_value(as_string);
    const auto line = static_cast<std::size_t>(std::max<long>(0, xmlGetLineNo(row)));
    if (!v || *v > 65535)
      return extract_error{line, "the bad port table holds a row whose first cell is not a port: `" + first.substr(0, 40) + "`"};
    if (!seen.insert(*v).second) {
      out.notes.push_back("port " + first + " is listed twice (line " + std::to_string(line) + ")");
      continue;
    }
    if (cells.size() > 1) out.services[static_cast<std::uint16_t>(*v)] = node_text(cells[1]);
  }
  for (long long v : seen) out.ports.push_back(static_cast<std::uint16_t>(v));
  if (out.ports.empty()) return extract_error{out.line, "the bad port table has no rows"};
  return out;
}

}  // namespace

extract_result extract(source_format format, std::string_view text) {
  switch (format) {
    case source_format::fetch_bikeshed: return fetch_standard(text);
    case source_format::chromium_cc: return chromium(text);
    case source_format::firefox_cc: return firefox(text);
    case source_format::webkit_cc: return webkit(text);
    case source_format::servo_rs: return servo(text);
    case source_format::ladybird_cc: return ladybird(text);
    case source_format::undici_js: return javascript(text, "badPorts");
    case source_format::deno_js: return javascript(text, "BAD_PORTS");
  }
  return missing("unknown format");
}

}  // namespace badport::sync
