#include <badport/rules.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace badport {

std::string_view name(reason r) noexcept {
  switch (r) {
    case reason::not_listed: return "not-listed";
    case reason::listed: return "listed";
    case reason::out_of_range: return "out-of-range";
    case reason::scheme_not_checked: return "scheme-not-checked";
    case reason::scheme_exempt: return "scheme-exempt";
    case reason::explicitly_allowed: return "explicitly-allowed";
    case reason::pref_banned: return "pref-banned";
    case reason::pref_override: return "pref-override";
    case reason::never_blocks: return "never-blocks";
    case reason::default_port: return "default-port";
  }
  return "unknown";
}

std::string_view describe(reason r) noexcept {
  switch (r) {
    case reason::not_listed: return "the port is not on the engine's list";
    case reason::listed: return "the port is on the engine's list";
    case reason::out_of_range: return "the port is outside the range the engine accepts";
    case reason::scheme_not_checked: return "the engine checks ports only for other schemes";
    case reason::scheme_exempt: return "the engine exempts this scheme on this port";
    case reason::explicitly_allowed: return "allowed by --explicitly-allowed-ports";
    case reason::pref_banned: return "banned by network.security.ports.banned";
    case reason::pref_override: return "allowed by network.security.ports.banned.override";
    case reason::never_blocks: return "the engine blocks no port";
    case reason::default_port: return "no explicit port; the scheme's default port is never blocked";
  }
  return "";
}

namespace {

bool is_fetch_scheme(std::string_view s) noexcept {
  return s == "http" || s == "https" || s == "ws" || s == "wss";
}

bool contains(const std::vector<port_range>& ranges, int port) noexcept {
  return std::any_of(ranges.begin(), ranges.end(),
                     [port](const port_range& r) { return r.first <= port && port <= r.last; });
}

// Firefox keeps its restricted ports in an array: `banned` appends one entry per listed port,
// then `banned.override` removes one entry (the first match) per listed port. A port stays
// blocked while one entry is left.
struct firefox_entries {
  int left = 0;         // entries left after both prefs
  bool banned = false;  // whether `banned` added any
};

firefox_entries count_firefox_entries(int port, bool listed, const firefox_overrides& prefs) noexcept {
  firefox_entries out{listed ? 1 : 0, false};
  for (const auto& r : prefs.banned)
    if (r.first <= port && port <= r.last) {
      ++out.left;
      out.banned = true;
    }
  for (const auto& r : prefs.banned_override)
    if (r.first <= port && port <= r.last && out.left > 0) --out.left;
  return out;
}

}  // namespace

verdict check(int port, engine e, std::string_view scheme, const overrides& user) noexcept {
  verdict v{e, port, false, reason::not_listed};
  const auto block = [&](reason r) {
    v.blocked = true;
    v.why = r;
    return v;
  };
  const auto allow = [&](reason r) {
    v.blocked = false;
    v.why = r;
    return v;
  };
  const bool in_range = port >= 0 && port <= 65535;
  const port_info* entry = in_range ? find_port(port) : nullptr;
  const bool listed = entry != nullptr && entry->blocked_by().contains(e);

  switch (e) {
    case engine::bun:
      return allow(reason::never_blocks);

    case engine::fetch:
    case engine::node:
    case engine::deno:
    case engine::servo:
    case engine::ladybird:
      // Fetch "should request be blocked due to a bad port": HTTP(S) schemes only; WebSocket
      // maps ws/wss to http/https before fetching. An out-of-range port cannot be in a URL.
      if (!is_fetch_scheme(scheme)) return allow(reason::scheme_not_checked);
      if (!in_range) return block(reason::out_of_range);
      return listed ? block(reason::listed) : allow(reason::not_listed);

    case engine::chromium:
      // IsPortAllowedForScheme: invalid port -> refused; explicitly allowed -> allowed for any
      // scheme; restricted -> refused. The scheme no longer matters.
      if (!in_range) return block(reason::out_of_range);
      if (std::find(user.chromium.allowed_ports.begin(), user.chromium.allowed_ports.end(), port) !=
          user.chromium.allowed_ports.end())
        return allow(listed ? reason::explicitly_allowed : reason::not_listed);
      return listed ? block(reason::listed) : allow(reason::not_listed);

    case engine::firefox: {
      // nsIOService::AllowPort: port <= 0 or > 65535 -> refused, whatever the prefs.
      if (port <= 0 || port > 65535) return block(reason::out_of_range);
      const auto entries = count_firefox_entries(port, listed, user.firefox);
      if (entries.left > 0) return block(listed ? reason::listed : reason::pref_banned);
      const bool overridden = contains(user.firefox.banned_override, port) &&
                              (listed || contains(user.firefox.banned, port));
      return allow(overridden ? reason::pref_override : reason::not_listed);
    }

    case engine::webkit:
      // portAllowed(): file: URLs ignore the port; ftp may use 21 and 22.
      if (scheme == "file") return allow(reason::scheme_exempt);
      if (scheme == "ftp" && (port == 21 || port == 22)) return allow(reason::scheme_exempt);
      if (!in_range) return block(reason::out_of_range);
      return listed ? block(reason::listed) : allow(reason::not_listed);
  }
  return v;
}

// --- Chromium -----------------------------------------------------------------------------

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// base::StringToInt: optional sign, then decimal digits only, no whitespace, no overflow.
std::optional<long long> chromium_string_to_int(std::string_view s) noexcept {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  long long value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > std::numeric_limits<int>::max()) return std::nullopt;
  }
  return negative ? -value : value;
}

}  // namespace

std::vector<std::uint16_t> parse_explicitly_allowed_ports(std::string_view value) {
  std::vector<std::uint16_t> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = value.find(',', start);
    const std::string_view piece = trim(value.substr(start, comma == value.npos ? value.npos : comma - start));
    if (!piece.empty()) {
      const auto n = chromium_string_to_int(piece);
      if (n && *n >= 0 && *n <= 65535) out.push_back(static_cast<std::uint16_t>(*n));  // net::IsPortValid
    }
    if (comma == value.npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<std::uint16_t> parse_allowed_ports_policy(std::span<const std::string_view> entries) {
  // ExplicitlyAllowedNetworkPortsPolicyHandler accepts only ports on kAllowablePorts, which is
  // empty in current Chromium: no entry is accepted.
  static constexpr std::array<std::uint16_t, 0> allowable_ports{};
  std::vector<std::uint16_t> out;
  for (const auto entry : entries) {
    const auto n = chromium_string_to_int(entry);
    if (!n || *n < 0 || *n > 65535) continue;
    if (std::find(allowable_ports.begin(), allowable_ports.end(), *n) != allowable_ports.end())
      out.push_back(static_cast<std::uint16_t>(*n));
  }
  return out;
}

result<chromium_overrides> parse_chromium_flags(std::string_view command_line) {
  // Split into words as a POSIX shell does: whitespace separates, '...' is literal,
  // "..." allows \" \\ \$ \`, a backslash outside quotes escapes the next character.
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command_line.size(); ++i) {
    const char c = command_line[i];
    if (is_space(c)) {
      if (in_word) words.push_back(std::move(word)), word.clear(), in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const auto end = command_line.find('\'', i + 1);
      if (end == command_line.npos) return fail(errc::invalid_flags, command_line, "unterminated ' quote");
      word.append(command_line.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command_line.size() && command_line[j] != '"'; ++j) {
        if (command_line[j] == '\\' && j + 1 < command_line.size() &&
            std::string_view("\"\\$`").find(command_line[j + 1]) != std::string_view::npos)
          ++j;
        word += command_line[j];
      }
      if (j >= command_line.size()) return fail(errc::invalid_flags, command_line, "unterminated \" quote");
      i = j;
    } else if (c == '\\') {
      if (i + 1 < command_line.size()) word += command_line[++i];
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));

  // base::CommandLine: switches start with "--" or "-" (POSIX); "--" alone ends the switches;
  // a later value of the same switch replaces an earlier one.
  chromium_overrides out;
  constexpr std::string_view name = "explicitly-allowed-ports";
  for (const auto& w : words) {
    if (w == "--") break;
    std::string_view s = w;
    if (s.substr(0, 2) == "--") s.remove_prefix(2);
    else if (s.substr(0, 1) == "-") s.remove_prefix(1);
    else continue;
    const auto eq = s.find('=');
    if (s.substr(0, eq) != name) continue;
    out.allowed_ports = eq == s.npos ? std::vector<std::uint16_t>{} : parse_explicitly_allowed_ports(s.substr(eq + 1));
  }
  return out;
}

// --- Firefox ------------------------------------------------------------------------------

namespace {

// PR_sscanf's %d: optional sign and decimal digits (leading whitespace is already stripped).
// Returns the number of characters read, 0 when no number; overflow is not a number.
std::size_t scan_int(std::string_view s, std::int32_t& out) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  const std::size_t digits_start = i;
  long long v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    if (v > std::numeric_limits<std::int32_t>::max()) return 0;
  }
  if (i == digits_start) return 0;
  out = static_cast<std::int32_t>(negative ? -v : v);
  return i;
}

// nsTString::ToInteger: the whole string must be an optional sign and decimal digits.
std::optional<std::int32_t> to_integer(std::string_view s) noexcept {
  std::int32_t v = 0;
  const std::size_t n = scan_int(s, v);
  if (n == 0 || n != s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<port_range> parse_firefox_port_list(std::string_view value) {
  std::vector<port_range> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = value.find(',', start);
    const std::string_view raw = value.substr(start, comma == value.npos ? value.npos : comma - start);
    std::string item;  // StripWhitespace removes every whitespace character, not only the ends
    for (char c : raw)
      if (!is_space(c)) item += c;
    std::int32_t first = 0, last = 0;
    const std::size_t n1 = scan_int(item, first);
    const bool is_range = n1 > 0 && n1 < item.size() && item[n1] == '-' &&
                          scan_int(std::string_view(item).substr(n1 + 1), last) > 0;
    // Firefox also keeps negative ports, which no URL can have (AllowPort refuses port <= 0
    // first): clip them, so that every range stays within 0..65535.
    if (is_range) {
      if (first < 65536 && last < 65536 && first <= last && last >= 0) out.push_back({std::max(first, 0), last});
    } else if (const auto single = to_integer(item); single && *single < 65536 && *single >= 0) {
      out.push_back({*single, *single});
    }
    if (comma == value.npos) break;
    start = comma + 1;
  }
  return out;
}

namespace {

// Firefox's prefs file grammar (modules/libpref/parser/src/lib.rs): a stream of tokens, not
// lines, so that several prefs share a line, one pref spans lines, and comments are `//`, `#`
// or `/* */`; string literals decode \" \' \\ \n \r \xNN and \uNNNN (UTF-16, surrogate pairs
// joined) into UTF-8. On a syntax error Firefox skips to the next ';' and goes on; so does
// this reader. One difference: Firefox reads a NUL byte as the end of the file, while here it
// is an unexpected character (or a character of a string), so that a file is never cut short.
class prefs_lexer {
 public:
  enum class kind : std::uint8_t { end, punct, keyword, string, integer, error, unterminated };
  struct token {
    kind what = kind::end;
    char punct = 0;
    std::string_view word;  // a keyword
    std::string text;       // a string's decoded value
    std::size_t line = 0;   // where the token starts
  };

  explicit prefs_lexer(std::string_view text) : s_(text) {}

  token next() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      token t;
      t.line = line_;
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (c == '\r') {
        ++line_;
        ++i_;
        if (i_ < s_.size() && s_[i_] == '\n') ++i_;
      } else if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
        ++i_;
      } else if (c == '#' || (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/')) {
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        i_ += 2;
        while (i_ < s_.size() && !(s_[i_] == '*' && i_ + 1 < s_.size() && s_[i_ + 1] == '/')) newline_at(i_++);
        if (i_ >= s_.size()) return {kind::error, 0, {}, {}, t.line};  // unterminated comment: the end
        i_ += 2;
      } else if (c == '(' || c == ')' || c == ',' || c == ';' || c == '+' || c == '-') {
        ++i_;
        t.what = kind::punct;
        t.punct = c;
        return t;
      } else if (is_word_char(c)) {
        const std::size_t start = i_;
        while (i_ < s_.size() && is_word_char(s_[i_])) ++i_;
        t.word = s_.substr(start, i_ - start);
        t.what = kind::keyword;
        return t;
      } else if (c >= '0' && c <= '9') {
        // Its value does not matter here: an integer is never a port list.
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        t.what = i_ < s_.size() && is_word_char(s_[i_]) ? kind::error : kind::integer;
        return t;
      } else if (c == '"' || c == '\'') {
        return string_token(c, t.line);
      } else {
        ++i_;
        t.what = kind::error;  // "unexpected character"
        return t;
      }
    }
    return {kind::end, 0, {}, {}, line_};
  }

 private:
  static bool is_word_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  void newline_at(std::size_t at) {
    if (s_[at] == '\n' && !(at > 0 && s_[at - 1] == '\r')) ++line_;
    else if (s_[at] == '\r') ++line_;
  }
  int hex(std::size_t n) {
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (i_ >= s_.size()) return -1;
      const char c = s_[i_];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
      ++i_;
    }
    return v;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  // A string literal after its opening quote; a bad escape makes it an error token, read to
  // its end all the same, as Firefox does.
  token string_token(char quote, std::size_t line) {
    token t;
    t.line = line;
    t.what = kind::string;
    ++i_;
    while (true) {
      if (i_ >= s_.size()) {
        t.what = kind::unterminated;
        return t;
      }
      const char c = s_[i_++];
      if (c == quote) return t;
      if (c != '\\') {
        if (c == '\n' || c == '\r') newline_at(i_ - 1);
        t.text += c;
        continue;
      }
      if (i_ >= s_.size()) continue;  // unterminated, seen at the top
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\'':
        case '\\': t.text += e; break;
        case 'n': t.text += '\n'; break;
        case 'r': t.text += '\r'; break;
        case 'x': {
          const int v = hex(2);
          if (v <= 0) t.what = kind::error;
          else t.text += static_cast<char>(v);
          break;
        }
        case 'u': {
          int v = hex(4);
          if (v <= 0) {
            t.what = kind::error;
            break;
          }
          std::uint32_t cp = static_cast<std::uint32_t>(v);
          if ((cp & 0xfc00) == 0xd800) {
            int lo = -1;
            if (i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
              i_ += 2;
              lo = hex(4);
            }
            if (lo < 0 || (static_cast<std::uint32_t>(lo) & 0xfc00) != 0xdc00) {
              t.what = kind::error;
              break;
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (static_cast<std::uint32_t>(lo) - 0xdc00);
          } else if ((cp & 0xfc00) == 0xdc00) {
            t.what = kind::error;
            break;
          }
          append_utf8(t.text, cp);
          break;
        }
        default:
          if (e == '\n' || e == '\r') --i_;  // counted when read again
          t.what = kind::error;
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

result<firefox_overrides> parse_firefox_prefs(std::string_view prefs_js) {
  // Each pref has a default value (pref, sticky_pref, lockPref) and a user value (user_pref);
  // the last of each kind wins, and the user value, unless the pref is locked, is the one used.
  struct pref_state {
    std::optional<std::string> default_value, user_value;
    bool locked = false;
  };
  pref_state banned, banned_override;
  prefs_lexer lexer(prefs_js);
  using kind = prefs_lexer::kind;
  std::optional<std::size_t> unterminated;
  const auto next = [&] {
    auto t = lexer.next();
    if (t.what == kind::unterminated && !unterminated) unterminated = t.line;
    return t;
  };
  const auto is = [](const prefs_lexer::token& t, char p) { return t.what == kind::punct && t.punct == p; };
  auto t = next();
  while (t.what != kind::end) {
    // Panic-mode recovery: on anything unexpected, skip to the token after the next ';'.
    const auto recover = [&] {
      while (t.what != kind::end && !is(t, ';')) t = next();
      if (t.what != kind::end) t = next();
    };
    if (t.what != kind::keyword ||
        (t.word != "pref" && t.word != "user_pref" && t.word != "sticky_pref" && t.word != "lockPref")) {
      recover();
      continue;
    }
    const bool user = t.word == "user_pref";
    const bool lock = t.word == "lockPref";
    if (t = next(); !is(t, '(')) {
      recover();
      continue;
    }
    auto name = next();
    if (name.what != kind::string) {
      t = std::move(name);
      recover();
      continue;
    }
    if (t = next(); !is(t, ',')) {
      recover();
      continue;
    }
    auto value = next();
    bool string_value = value.what == kind::string;
    if (value.what == kind::punct && (value.punct == '-' || value.punct == '+')) value = next();
    if (!string_value && value.what != kind::integer &&
        !(value.what == kind::keyword && (value.word == "true" || value.word == "false"))) {
      t = std::move(value);
      recover();
      continue;
    }
    if (t = next(); !is(t, ')')) {
      recover();
      continue;
    }
    if (t = next(); !is(t, ';')) {
      recover();
      continue;
    }
    t = next();
    pref_state* state = name.text == "network.security.ports.banned"            ? &banned
                        : name.text == "network.security.ports.banned.override" ? &banned_override
                                                                                 : nullptr;
    if (state == nullptr || !string_value) continue;  // a port pref that is not a string is ignored
    if (user) {
      state->user_value = std::move(value.text);
    } else {
      state->default_value = std::move(value.text);
      state->locked = state->locked || lock;
    }
  }
  if (unterminated) return fail(errc::invalid_prefs, "", "unterminated string on line " + std::to_string(*unterminated));
  const auto effective = [](const pref_state& p) -> const std::optional<std::string>& {
    return p.user_value && !p.locked ? p.user_value : p.default_value;
  };
  firefox_overrides out;
  if (const auto& v = effective(banned)) out.banned = parse_firefox_port_list(*v);
  if (const auto& v = effective(banned_override)) out.banned_override = parse_firefox_port_list(*v);
  return out;
}

}  // namespace badport
