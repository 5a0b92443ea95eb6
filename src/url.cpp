// The URL Standard's basic URL parser and URL serializer, https://url.spec.whatwg.org/.
// The state machine below follows "basic URL parser" state by state (no state override: the
// setters are not part of badport). Validation errors that do not fail parsing are not
// recorded. Positions are bytes of UTF-8; every comparison the spec makes on code points is
// with ASCII, so bytes give the same answers.

#include "url_internal.h"

#include <algorithm>
#include <cstring>

namespace badport {

namespace detail {

namespace {

constexpr bool is_alpha(int c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(int c) noexcept { return c >= '0' && c <= '9'; }
constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// One bit per ASCII byte per set, built once at compile time.
struct encode_table {
  std::uint8_t bits[128]{};
  constexpr encode_table() {
    for (int c = 0; c < 128; ++c) {
      const bool c0 = c <= 0x1f || c == 0x7f;
      const bool fragment = c0 || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
      const bool query = c0 || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
      const bool special_query = query || c == '\'';
      const bool path = query || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
      const bool userinfo = path || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
                            (c >= '[' && c <= '^') || c == '|';
      bits[c] = static_cast<std::uint8_t>((c0 ? 1 : 0) | (fragment ? 2 : 0) | (query ? 4 : 0) |
                                          (special_query ? 8 : 0) | (path ? 16 : 0) | (userinfo ? 32 : 0));
    }
  }
};
constexpr encode_table table;

}  // namespace

bool in_encode_set(unsigned char c, encode_set set) noexcept {
  if (c >= 0x80) return true;
  return (table.bits[c] & (1u << static_cast<unsigned>(set))) != 0;
}

void percent_encode(std::string& out, std::string_view input, encode_set set) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : input) {
    const auto c = static_cast<unsigned char>(ch);
    if (in_encode_set(c, set)) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3;
  else if (c >= 0xf0 && c <= 0xf4) n = 4;
  else return 0;
  if (s.size() - i < n) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xc0) != 0x80) return 0;
  if (c == 0xe0 && b(i + 1) < 0xa0) return 0;
  if (c == 0xed && b(i + 1) > 0x9f) return 0;
  if (c == 0xf0 && b(i + 1) < 0x90) return 0;
  if (c == 0xf4 && b(i + 1) > 0x8f) return 0;
  return n;
}

// The URL Standard takes a string of scalar values: bytes that are not UTF-8 read as U+FFFD,
// as a browser decoding them would.
std::string to_scalar_values(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// https://url.spec.whatwg.org/#windows-drive-letter
bool is_windows_drive_letter(std::string_view s) noexcept {
  return s.size() == 2 && is_alpha(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool is_normalized_windows_drive_letter(std::string_view s) noexcept {
  return s.size() == 2 && is_alpha(s[0]) && s[1] == ':';
}
// https://url.spec.whatwg.org/#start-with-a-windows-drive-letter
bool starts_with_windows_drive_letter(std::string_view s) noexcept {
  if (s.size() < 2 || !is_windows_drive_letter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  const char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}
// https://url.spec.whatwg.org/#single-dot-path-segment
bool is_single_dot(std::string_view s) noexcept { return s == "." || iequals(s, "%2e"); }
// https://url.spec.whatwg.org/#double-dot-path-segment
bool is_double_dot(std::string_view s) noexcept {
  return s == ".." || iequals(s, ".%2e") || iequals(s, "%2e.") || iequals(s, "%2e%2e");
}

}  // namespace
}  // namespace detail

std::optional<std::uint16_t> default_port(std::string_view scheme) noexcept {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return std::nullopt;
}

bool is_special_scheme(std::string_view scheme) noexcept {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp" ||
         scheme == "file";
}

namespace {

enum class state : std::uint8_t {
  scheme_start,
  scheme,
  no_scheme,
  special_relative_or_authority,
  path_or_authority,
  relative,
  relative_slash,
  special_authority_slashes,
  special_authority_ignore_slashes,
  authority,
  host,
  port,
  file,
  file_slash,
  file_host,
  path_start,
  path,
  opaque_path,
  query,
  fragment,
};

// The path as a list, kept serialized: each segment is "/" followed by the segment, which
// never contains "/". The empty list is "".
struct path_list {
  std::string& s;
  [[nodiscard]] bool has_one_segment() const noexcept { return !s.empty() && s.find('/', 1) == std::string::npos; }
  [[nodiscard]] std::string_view first() const noexcept {
    if (s.empty()) return {};
    const std::size_t end = s.find('/', 1);
    return std::string_view(s).substr(1, end == std::string::npos ? std::string::npos : end - 1);
  }
  void append(std::string_view segment) {
    s += '/';
    s += segment;
  }
  // https://url.spec.whatwg.org/#shorten-a-urls-path
  void shorten(std::string_view scheme) {
    if (scheme == "file" && has_one_segment() && detail::is_normalized_windows_drive_letter(first())) return;
    const std::size_t slash = s.rfind('/');
    if (slash != std::string::npos) s.erase(slash);
  }
};

}  // namespace

std::string url::host() const {
  if (!host_) return {};
  if (!port_) return *host_;
  return *host_ + ':' + std::to_string(*port_);
}

std::optional<std::uint16_t> url::effective_port() const noexcept {
  if (port_) return port_;
  return default_port(scheme_);
}

std::string url::search() const {
  if (!query_ || query_->empty()) return {};
  return '?' + *query_;
}

std::string url::hash() const {
  if (!fragment_ || fragment_->empty()) return {};
  return '#' + *fragment_;
}

// https://url.spec.whatwg.org/#concept-url-origin
std::string url::origin() const {
  if (scheme_ == "blob") {
    auto inner = parse_url(path_);
    if (inner && (inner->scheme_ == "http" || inner->scheme_ == "https")) return inner->origin();
    return "null";
  }
  if (special_ && scheme_ != "file") {
    std::string out = scheme_ + "://" + host_.value_or(std::string());
    if (port_) out += ':' + std::to_string(*port_);
    return out;
  }
  return "null";
}

result<url> parse_url(std::string_view input, const url* base) {
  if (base == nullptr)
    if (auto plain = detail_url_access::parse_plain(input)) return std::move(*plain);
  return detail_url_access::parse(input, base);
}

result<url> detail_url_access::parse(std::string_view raw, const url* base) {
  using namespace detail;
  const auto failure = [&](std::string_view reason) { return result<url>(fail(errc::invalid_url, raw, reason)); };

  // Remove leading and trailing C0 control or space, then every ASCII tab or newline.
  std::size_t b = 0;
  std::size_t e = raw.size();
  while (b < e && static_cast<unsigned char>(raw[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(raw[e - 1]) <= 0x20) --e;
  std::string input;
  input.reserve(e - b);
  for (std::size_t i = b; i < e; ++i)
    if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') input += raw[i];
  if (!is_valid_utf8(input)) input = to_scalar_values(input);

  url u;
  path_list path{u.path_};
  state st = state::scheme_start;
  std::string buffer;
  bool at_sign_seen = false;
  bool inside_brackets = false;
  bool password_token_seen = false;
  const std::size_t n = input.size();
  // The pointer is signed: some states step back before the start ("pointer = -1").
  std::ptrdiff_t pointer = 0;
  const auto remaining = [&]() -> std::string_view {
    const auto next = static_cast<std::size_t>(pointer + 1);
    return next <= n ? std::string_view(input).substr(next) : std::string_view();
  };

  for (;; ++pointer) {
    const bool eof = static_cast<std::size_t>(pointer) >= n;
    const int c = eof ? -1 : static_cast<unsigned char>(input[static_cast<std::size_t>(pointer)]);

    switch (st) {
      // https://url.spec.whatwg.org/#scheme-start-state
      case state::scheme_start:
        if (is_alpha(c)) {
          buffer += to_lower(static_cast<char>(c));
          st = state::scheme;
        } else {
          st = state::no_scheme;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#scheme-state
      case state::scheme:
        if (is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.') {
          buffer += to_lower(static_cast<char>(c));
        } else if (c == ':') {
          u.scheme_ = std::move(buffer);
          buffer.clear();
          u.special_ = is_special_scheme(u.scheme_);
          if (u.scheme_ == "file") {
            st = state::file;
          } else if (u.special_ && base != nullptr && base->scheme_ == u.scheme_) {
            st = state::special_relative_or_authority;
          } else if (u.special_) {
            st = state::special_authority_slashes;
          } else if (!remaining().empty() && remaining().front() == '/') {
            st = state::path_or_authority;
            ++pointer;
          } else {
            u.opaque_path_ = true;
            st = state::opaque_path;
          }
        } else {
          buffer.clear();
          st = state::no_scheme;
          pointer = -1;
        }
        break;

      // https://url.spec.whatwg.org/#no-scheme-state
      case state::no_scheme:
        if (base == nullptr || (base->opaque_path_ && c != '#')) return failure("missing scheme non-relative URL");
        if (base->opaque_path_ && c == '#') {
          u.scheme_ = base->scheme_;
          u.special_ = base->special_;
          u.path_ = base->path_;
          u.opaque_path_ = true;
          u.query_ = base->query_;
          u.fragment_ = std::string();
          st = state::fragment;
        } else if (base->scheme_ != "file") {
          st = state::relative;
          --pointer;
        } else {
          st = state::file;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-relative-or-authority-state
      case state::special_relative_or_authority:
        if (c == '/' && !remaining().empty() && remaining().front() == '/') {
          st = state::special_authority_ignore_slashes;
          ++pointer;
        } else {
          st = state::relative;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#path-or-authority-state
      case state::path_or_authority:
        if (c == '/') {
          st = state::authority;
        } else {
          st = state::path;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#relative-state
      case state::relative:
        u.scheme_ = base->scheme_;
        u.special_ = base->special_;
        if (c == '/' || (u.special_ && c == '\\')) {
          st = state::relative_slash;
        } else {
          u.username_ = base->username_;
          u.password_ = base->password_;
          u.host_ = base->host_;
          u.port_ = base->port_;
          u.path_ = base->path_;
          u.query_ = base->query_;
          if (c == '?') {
            u.query_ = std::string();
            st = state::query;
          } else if (c == '#') {
            u.fragment_ = std::string();
            st = state::fragment;
          } else if (c != -1) {
            u.query_.reset();
            path.shorten(u.scheme_);
            st = state::path;
            --pointer;
          }
        }
        break;

      // https://url.spec.whatwg.org/#relative-slash-state
      case state::relative_slash:
        if (u.special_ && (c == '/' || c == '\\')) {
          st = state::special_authority_ignore_slashes;
        } else if (c == '/') {
          st = state::authority;
        } else {
          u.username_ = base->username_;
          u.password_ = base->password_;
          u.host_ = base->host_;
          u.port_ = base->port_;
          st = state::path;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-authority-slashes-state
      case state::special_authority_slashes:
        if (c == '/' && !remaining().empty() && remaining().front() == '/') {
          st = state::special_authority_ignore_slashes;
          ++pointer;
        } else {
          st = state::special_authority_ignore_slashes;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-authority-ignore-slashes-state
      case state::special_authority_ignore_slashes:
        if (c != '/' && c != '\\') {
          st = state::authority;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#authority-state
      case state::authority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char cp : buffer) {
            if (cp == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            percent_encode(password_token_seen ? u.password_ : u.username_, std::string_view(&cp, 1),
                           encode_set::userinfo);
          }
          buffer.clear();
        } else if (c == -1 || c == '/' || c == '?' || c == '#' || (u.special_ && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return failure("host missing");
          pointer -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          st = state::host;
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      // https://url.spec.whatwg.org/#host-state
      case state::host:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return failure("host missing");
          auto host = parse_host(buffer, !u.special_);
          if (!host) return failure(host.error().reason);
          u.host_ = std::move(*host);
          buffer.clear();
          st = state::port;
        } else if (c == -1 || c == '/' || c == '?' || c == '#' || (u.special_ && c == '\\')) {
          --pointer;
          if (u.special_ && buffer.empty()) return failure("host missing");
          auto host = parse_host(buffer, !u.special_);
          if (!host) return failure(host.error().reason);
          u.host_ = std::move(*host);
          buffer.clear();
          st = state::path_start;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer += static_cast<char>(c);
        }
        break;

      // https://url.spec.whatwg.org/#port-state
      case state::port:
        if (is_digit(c)) {
          buffer += static_cast<char>(c);
        } else if (c == -1 || c == '/' || c == '?' || c == '#' || (u.special_ && c == '\\')) {
          if (!buffer.empty()) {
            std::uint32_t port = 0;
            for (char d : buffer) {
              port = port * 10 + static_cast<std::uint32_t>(d - '0');
              if (port > 65535) return failure("port out of range");
            }
            const auto def = default_port(u.scheme_);
            if (def && *def == port) u.port_.reset();
            else u.port_ = static_cast<std::uint16_t>(port);
            buffer.clear();
          }
          st = state::path_start;
          --pointer;
        } else {
          return failure("port invalid");
        }
        break;

      // https://url.spec.whatwg.org/#file-state
      case state::file:
        u.scheme_ = "file";
        u.special_ = true;
        u.host_ = std::string();
        if (c == '/' || c == '\\') {
          st = state::file_slash;
        } else if (base != nullptr && base->scheme_ == "file") {
          u.host_ = base->host_;
          u.path_ = base->path_;
          u.query_ = base->query_;
          if (c == '?') {
            u.query_ = std::string();
            st = state::query;
          } else if (c == '#') {
            u.fragment_ = std::string();
            st = state::fragment;
          } else if (c != -1) {
            u.query_.reset();
            if (!starts_with_windows_drive_letter(std::string_view(input).substr(static_cast<std::size_t>(pointer))))
              path.shorten(u.scheme_);
            else
              u.path_.clear();
            st = state::path;
            --pointer;
          }
        } else {
          st = state::path;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#file-slash-state
      case state::file_slash:
        if (c == '/' || c == '\\') {
          st = state::file_host;
        } else {
          if (base != nullptr && base->scheme_ == "file") {
            u.host_ = base->host_;
            const std::string_view rest =
                eof ? std::string_view() : std::string_view(input).substr(static_cast<std::size_t>(pointer));
            std::string base_path = base->path_;
            const path_list bp{base_path};
            if (!starts_with_windows_drive_letter(rest) && is_normalized_windows_drive_letter(bp.first()))
              path.append(bp.first());
          }
          st = state::path;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#file-host-state
      case state::file_host:
        if (c == -1 || c == '/' || c == '\\' || c == '?' || c == '#') {
          --pointer;
          if (is_windows_drive_letter(buffer)) {
            // The Windows drive letter quirk: buffer is kept for the path state.
            st = state::path;
          } else if (buffer.empty()) {
            u.host_ = std::string();
            st = state::path_start;
          } else {
            auto host = parse_host(buffer, !u.special_);
            if (!host) return failure(host.error().reason);
            if (*host == "localhost") host->clear();
            u.host_ = std::move(*host);
            buffer.clear();
            st = state::path_start;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      // https://url.spec.whatwg.org/#path-start-state
      case state::path_start:
        if (u.special_) {
          st = state::path;
          if (c != '/' && c != '\\') --pointer;
        } else if (c == '?') {
          u.query_ = std::string();
          st = state::query;
        } else if (c == '#') {
          u.fragment_ = std::string();
          st = state::fragment;
        } else if (c != -1) {
          st = state::path;
          if (c != '/') --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#path-state
      case state::path:
        if (c == -1 || c == '/' || (u.special_ && c == '\\') || c == '?' || c == '#') {
          const bool slash = c == '/' || (u.special_ && c == '\\');
          if (is_double_dot(buffer)) {
            path.shorten(u.scheme_);
            if (!slash) path.append("");
          } else if (is_single_dot(buffer) && !slash) {
            path.append("");
          } else if (!is_single_dot(buffer)) {
            if (u.scheme_ == "file" && u.path_.empty() && is_windows_drive_letter(buffer)) buffer[1] = ':';
            path.append(buffer);
          }
          buffer.clear();
          if (c == '?') {
            u.query_ = std::string();
            st = state::query;
          } else if (c == '#') {
            u.fragment_ = std::string();
            st = state::fragment;
          }
        } else {
          const char ch = static_cast<char>(c);
          percent_encode(buffer, std::string_view(&ch, 1), encode_set::path);
        }
        break;

      // https://url.spec.whatwg.org/#cannot-be-a-base-url-path-state
      case state::opaque_path:
        if (c == '?') {
          u.query_ = std::string();
          st = state::query;
        } else if (c == '#') {
          u.fragment_ = std::string();
          st = state::fragment;
        } else if (c == ' ') {
          const std::string_view rest = remaining();
          if (!rest.empty() && (rest.front() == '?' || rest.front() == '#')) u.path_ += "%20";
          else u.path_ += ' ';
        } else if (c != -1) {
          const char ch = static_cast<char>(c);
          percent_encode(u.path_, std::string_view(&ch, 1), encode_set::c0_control);
        }
        break;

      // https://url.spec.whatwg.org/#query-state
      case state::query:
        if (c == '#' || c == -1) {
          percent_encode(*u.query_, buffer, u.special_ ? encode_set::special_query : encode_set::query);
          buffer.clear();
          if (c == '#') {
            u.fragment_ = std::string();
            st = state::fragment;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      // https://url.spec.whatwg.org/#fragment-state
      case state::fragment:
        if (c != -1) {
          const char ch = static_cast<char>(c);
          percent_encode(*u.fragment_, std::string_view(&ch, 1), encode_set::fragment);
        }
        break;
    }
    // "If after a run pointer points to the EOF code point, go to the next step."
    if (pointer >= static_cast<std::ptrdiff_t>(n)) break;
  }

  // https://url.spec.whatwg.org/#concept-url-serializer
  std::string& out = u.href_;
  out.reserve(input.size() + 16);
  out = u.scheme_;
  out += ':';
  if (u.host_) {
    out += "//";
    if (!u.username_.empty() || !u.password_.empty()) {
      out += u.username_;
      if (!u.password_.empty()) {
        out += ':';
        out += u.password_;
      }
      out += '@';
    }
    out += *u.host_;
    if (u.port_) {
      out += ':';
      out += std::to_string(*u.port_);
    }
  } else if (!u.opaque_path_ && u.path_.size() > 1 && u.path_[0] == '/' && u.path_[1] == '/') {
    out += "/.";
  }
  out += u.path_;
  if (u.query_) {
    out += '?';
    out += *u.query_;
  }
  if (u.fragment_) {
    out += '#';
    out += *u.fragment_;
  }
  return u;
}

}  // namespace badport
