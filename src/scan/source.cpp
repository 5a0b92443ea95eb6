// Listening ports in source code. The tokenizer (tokenize.h) yields identifiers, numbers,
// strings and punctuation per language family; this file reads, from that stream, the places
// where a server's port is written:
//   - listen calls: app.listen(6000), app.run(port=6000), ListenAndServe(":6000"),
//     HTTPServer(("", 6000)), bind(("127.0.0.1", 6000)), new ServerSocket(6000), Server(port=6000),
//     listen({ port: 6000 }), http.Server{Addr: ":6000"}, Puma's `port 6000`;
//   - port defaults: PORT = 6000, os.environ.get("PORT", 6000), process.env.PORT || 6000,
//     ENV.fetch("PORT") { 6000 }, env::var("PORT").unwrap_or("6000"), flag.Int("port", 6000, ...),
//     add_argument("--port", default=6000), set(HTTP_PORT "6000"), Go struct tags default:"6000";
//   - dev-server configs: vite/webpack/next/nuxt/astro/playwright `server: { port: 6000 }`;
//   - listen addresses in strings: ":6000", "0.0.0.0:6000", "localhost:6000";
//   - compose-style mappings in code ("6000:5000" under a `ports` key), Tiltfile port_forwards,
//     and command lines in strings ("flask run -p 6000").
// A number is a port only in one of these shapes, so versions, sizes, timeouts, years, counts
// and widths stay silent; a port named for the protocol it is blocked for (SMTP_PORT = 25) is
// that protocol's, and stays silent too.

#include "places.h"
#include "tokenize.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

namespace badport {

using detail::finding_sink;
using detail::lang;
using detail::tok;
using detail::token;

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Callees that take a port (or a tuple or address holding one) as a positional argument.
bool takes_positional_port(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 24> names{
      "listen",       "Listen",        "ListenAnyIP",        "ListenLocalhost",
      "ServerSocket", "InetSocketAddress", "make_server",    "start_server",    "create_server",  "run_simple",
      "TCPSite",      "HTTPServer",    "ThreadingHTTPServer", "TCPServer",      "ThreadingTCPServer", "WSGIServer",
      "IPEndPoint",   "TcpListener",   "port_forward",       "ListenAndServe",  "ListenAndServeTLS", "ListenTLS",
      "createServer", "serve"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Callees that start or configure a server: a `port` keyword or a listen address in their
// arguments is where the server listens.
bool icontains(std::string_view s, std::string_view w) noexcept {
  if (w.size() > s.size()) return false;
  for (std::size_t i = 0; i + w.size() <= s.size(); ++i) {
    std::size_t k = 0;
    while (k < w.size() && (s[i + k] | 0x20) == w[k]) ++k;
    if (k == w.size()) return true;
  }
  return false;
}

bool starts_server(std::string_view name) noexcept {
  if (name.size() > 48) return false;
  if (takes_positional_port(name)) return true;
  static constexpr std::array<std::string_view, 9> parts{"listen", "serve", "server", "bind", "run", "start",
                                                         "site", "launch", "host"};
  for (const auto p : parts)
    if (icontains(name, p)) return true;
  return detail::iequals(name, "config") || detail::iequals(name, "app") || detail::iequals(name, "application");
}

// Object keys under which a `port` is a dev server's.
bool is_server_key(std::string_view key) noexcept {
  static constexpr std::array<std::string_view, 9> keys{"server",   "devServer", "devserver", "preview", "webServer",
                                                        "dev",      "serve",     "hmr",       "dev_server"};
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool is_forward_key(std::string_view key) noexcept {
  return key == "port_forwards" || key == "portForwards" || key == "port_forward" || key == "portForward";
}

// A port mapping "6000:5000", "127.0.0.1:6000:5000", "6000:5000/tcp": the host side.
std::optional<detail::address_port> parse_mapping(std::string_view s) {
  std::string_view body = s;
  if (const auto slash = body.rfind('/'); slash != npos) body = body.substr(0, slash);
  const auto last = body.rfind(':');
  if (last == npos) return std::nullopt;
  const auto container = body.substr(last + 1);
  if (container.empty() || !std::all_of(container.begin(), container.end(), is_digit)) return std::nullopt;
  auto host = body.substr(0, last);
  std::size_t at = 0;
  if (const auto c = host.rfind(':'); c != npos) {
    at = c + 1;
    host = host.substr(c + 1);
  }
  if (host.empty() || !std::all_of(host.begin(), host.end(), is_digit)) return std::nullopt;
  const auto p = detail::parse_port_digits(host);
  if (!p) return std::nullopt;
  return detail::address_port{at, host.size(), *p};
}

// `${NAME:-6000}`, `${NAME:6000}` (Spring), `${NAME-6000}` with a port name: the default.
std::optional<detail::address_port> placeholder_default(std::string_view s) {
  std::size_t from = 0;
  while (true) {
    const auto open = s.find("${", from);
    if (open == npos) return std::nullopt;
    const auto close = s.find('}', open);
    if (close == npos) return std::nullopt;
    const auto inner = s.substr(open + 2, close - open - 2);
    const auto sep = inner.find_first_of(":-");
    if (sep != npos && detail::is_port_name(inner.substr(0, sep))) {
      std::size_t d = sep + 1;
      if (d < inner.size() && inner[sep] == ':' && inner[d] == '-') ++d;
      const auto digits = inner.substr(d);
      if (const auto p = detail::parse_port_digits(digits)) return detail::address_port{open + 2 + d, digits.size(), *p};
    }
    from = close + 1;
  }
}

// Whether a string that has a port flag runs a server (and is not `parse_args("-p 1 -w 7")`).
bool runs_a_server(std::string_view w) {
  const auto l = lower(w);
  static constexpr std::array<std::string_view, 20> words{
      "serve",  "server", "flask",  "rails",   "django", "manage.py", "uvicorn", "gunicorn", "hypercorn", "docker",
      "podman", "vite",   "next ",  "nuxt",    "webpack", "php ",     "http",    "node ",    "npm ",      "deno"};
  for (const auto x : words)
    if (l.find(x) != std::string::npos) return true;
  return false;
}

struct frame {
  char open = '(';
  std::size_t callee = npos;   // token of the identifier before '(' or '{'
  std::string key;             // the key this value is assigned to: `server: {`, `ports = [`
  bool listen = false;         // inside a call or literal that starts a server
  bool positional = false;     // its callee takes a positional port
  bool server_object = false;  // an object under a dev server key
  bool port_key_arg = false;   // an earlier argument names a port ("PORT", "--port", :port)
  bool ports_list = false;     // a list under a `ports` key
  bool forward_list = false;   // Tiltfile port_forwards
  bool subscript = false;      // a[1], m["k"]: an index, not a value
  bool bind_tuple = false;     // the ("host", port) tuple of a socket's bind
  std::size_t at = 0;          // its opening token
};

struct pending_default {
  int port;
  std::size_t offset;
  std::size_t length;
  std::string key;
  bool linked;  // from an environment variable, a flag, or a listen call: what runs
  std::string context;
};

class source_scanner {
 public:
  source_scanner(finding_sink& sink, std::size_t from, std::size_t to, lang l, bool config_file)
      : sink_(sink), s_(sink.content()), l_(l), config_file_(config_file), t_(detail::tokenize(s_, from, to, l)) {}

  void run() {
    for (std::size_t i = 0; i < t_.size(); ++i) step(i);
    finish();
  }

 private:
  [[nodiscard]] std::string_view text(std::size_t i) const { return s_.substr(t_[i].offset, t_[i].length); }
  [[nodiscard]] std::string_view inner(std::size_t i) const { return s_.substr(t_[i].inner, t_[i].inner_length); }
  [[nodiscard]] bool is(std::size_t i, std::string_view p) const {
    return i < t_.size() && t_[i].type == tok::punct && text(i) == p;
  }
  [[nodiscard]] bool is_ident(std::size_t i) const { return i < t_.size() && t_[i].type == tok::ident; }
  // A key's text: an identifier, a string's text, or a Ruby symbol.
  [[nodiscard]] std::string_view key_text(std::size_t i) const {
    if (i >= t_.size()) return {};
    if (t_[i].type == tok::ident) return text(i);
    if (t_[i].type == tok::string) return inner(i);
    return {};
  }

  // The dotted chain that ends at identifier i: "app.run", "http.ListenAndServe".
  [[nodiscard]] std::string chain(std::size_t i) const {
    std::size_t first = i;
    while (first >= 2 && (is(first - 1, ".") || is(first - 1, "::") || is(first - 1, "->")) &&
           (is_ident(first - 2) || is(first - 2, ")")) && i - first < 8)
      first -= 2;
    std::string out;
    for (std::size_t k = first; k <= i; ++k) out += text(k);
    return out;
  }

  frame* top() { return stack_.empty() ? nullptr : &stack_.back(); }
  // The name of the call or composite literal (http.Server{...}) a value is written in.
  [[nodiscard]] std::string callee_of(const frame* call, const frame* f) const {
    if (call != nullptr) return chain(call->callee);
    if (f != nullptr && f->callee != npos) return chain(f->callee);
    return {};
  }
  // The nearest call: the top frame when it is a call, or the call around a tuple, list or
  // object argument.
  frame* call_frame() {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].open == '(' && stack_[k].callee != npos) return &stack_[k];
      if (stack_.size() - k >= 3) break;
    }
    return nullptr;
  }

  // The key before token j (the token before a value or an opener): `key =`, `key:`,
  // `key =>`, `["key"] =`, `key: Type =`, `var key Type =`. Sets `assign` for '=' forms.
  std::string_view key_before(std::size_t j, bool& assign, bool& colon) const {
    assign = false;
    colon = false;
    if (j == npos || j >= t_.size() || t_[j].type != tok::punct) return {};
    const auto p = text(j);
    if (p == "=" || p == ":=" || p == "||=" || p == "?\?=") {
      assign = true;
      if (j == 0) return {};
      std::size_t k = j - 1;
      if (is(k, "]") && k >= 2 && t_[k - 1].type == tok::string) return inner(k - 1);  // obj["port"] =
      if (is_ident(k) && k >= 2 && is(k - 1, ":") && (is_ident(k - 2) || t_[k - 2].type == tok::string))
        return key_text(k - 2);  // port: int = 6000
      if (is_ident(k) && k >= 2 && is_ident(k - 1) && k >= 2 &&
          (text(k - 2) == "var" || text(k - 2) == "const" || text(k - 2) == "val" || text(k - 2) == "let"))
        return text(k - 1);  // var port int = 6000
      return key_text(k);
    }
    if (p == ":" || p == "=>") {
      colon = true;
      if (j == 0) return {};
      if (p == ":" && j >= 2 && (is(j - 2, "?") )) return {};  // a ? b : c
      return key_text(j - 1);
    }
    return {};
  }

  // Whether the tokens before j, back to the start of the expression, name a port: the left
  // operand of `process.env.PORT || 6000`, `getenv("PORT") ?: "6000"`.
  [[nodiscard]] bool left_names_port(std::size_t j) const {
    int depth = 0;
    for (std::size_t k = j, n = 0; k-- > 0 && n < 14; ++n) {
      const auto& tk = t_[k];
      if (tk.type == tok::punct) {
        const auto p = text(k);
        if (p == ")" || p == "]") ++depth;
        else if (p == "(" || p == "[") {
          if (depth == 0) return false;
          --depth;
        } else if (depth == 0 && (p == "=" || p == ";" || p == "," || p == ":=" || p == "{" || p == "}"))
          return false;
        continue;
      }
      if ((tk.type == tok::ident || tk.type == tok::string) && detail::is_port_name(key_text(k))) return true;
      if (tk.newline_before && depth == 0 && (l_ == lang::python || l_ == lang::ruby || l_ == lang::go)) return false;
    }
    return false;
  }

  void open(std::size_t i) {
    // Deeper than any real code: the brackets are counted, not read (and memory stays bounded).
    if (stack_.size() >= max_nesting_depth) {
      ++too_deep_;
      return;
    }
    frame f;
    f.open = text(i)[0];
    f.at = i;
    frame* parent = top();
    const bool after_ident = i > 0 && is_ident(i - 1) && !t_[i].newline_before;
    bool assign = false, colon = false;
    std::string_view key;
    if (f.open == '(' && after_ident) {
      f.callee = i - 1;
      const auto name = text(i - 1);
      f.positional = takes_positional_port(name);
      f.listen = starts_server(name);
      f.forward_list = is_forward_key(name);
      // `.unwrap_or(`, `.or(`, `.orElse(` after a call that named a port: its argument is the default.
      if (i >= 3 && is(i - 2, ".") && is(i - 3, ")") && closed_port_key_.count(i - 3) != 0) f.port_key_arg = true;
    } else if (f.open == '{' && after_ident) {
      f.callee = i - 1;  // Go/Rust/C# composite literal: http.Server{...}
      const auto name = text(i - 1);
      f.listen = icontains(name, "server") || icontains(name, "listen");
    } else {
      key = key_before(i - 1 < t_.size() ? i - 1 : npos, assign, colon);
      if (i > 0 && f.open == '{' && is(i - 1, ")") && closed_port_key_.count(i - 1) != 0) f.port_key_arg = true;
      if (i > 0 && f.open == '(' && is(i - 1, ")")) f.listen = false;
      if (parent) {
        // Tuples, lists and objects passed to a call belong to it.
        f.listen = parent->listen && (parent->open == '(' || parent->listen);
        f.positional = parent->positional && f.open != '{';
        f.server_object = parent->server_object;
      }
      f.key = std::string(key);
      if (is_server_key(key)) f.server_object = true;
      if (key == "ports") f.ports_list = true;
      if (is_forward_key(key)) f.forward_list = true;
    }
    if (f.open == '[' && i > 0 && !t_[i].newline_before && (is_ident(i - 1) || is(i - 1, ")") || is(i - 1, "]"))) {
      f.subscript = true;
      f.listen = f.positional = f.server_object = f.ports_list = false;
    }
    if (parent && parent->callee != npos && f.open != '{' && f.callee == npos &&
        (text(parent->callee) == "bind" || text(parent->callee) == "Bind"))
      f.bind_tuple = true;
    if (parent && parent->forward_list && f.open != '(') f.forward_list = true;
    if (parent && parent->server_object && f.open == '{' && f.callee == npos) f.server_object = true;
    stack_.push_back(std::move(f));
  }

  void close(std::size_t i) {
    if (too_deep_ > 0) {
      --too_deep_;
      return;
    }
    const char c = text(i)[0];
    const char want = c == ')' ? '(' : c == ']' ? '[' : '{';
    // Unbalanced closers (a template, a regex the tokenizer read as code) pop to their opener.
    for (std::size_t k = stack_.size(), n = 0; k-- > 0 && n < 64; ++n) {
      if (stack_[k].open != want) continue;
      if (c == ')' && stack_[k].port_key_arg) closed_port_key_.insert(i);
      stack_.resize(k);
      return;
    }
  }

  struct value {
    int port;
    std::size_t offset;
    std::size_t length;
  };

  // A number token as a port: decimal digits, maybe with an integer suffix (6000L, 6000u16).
  [[nodiscard]] std::optional<value> number_value(std::size_t i) const {
    const auto w = text(i);
    std::size_t d = 0;
    while (d < w.size() && is_digit(w[d])) ++d;
    if (d == 0 || d > 5) return std::nullopt;
    const auto suffix = w.substr(d);
    static constexpr std::array<std::string_view, 14> ok{"",    "L",   "l",   "u16", "u32", "i32",  "usize",
                                                         "_u16", "u64", "i64", "_usize", "U", "u", "_i32"};
    if (std::find(ok.begin(), ok.end(), suffix) == ok.end()) return std::nullopt;
    if (w[0] == '0' && d > 1) return std::nullopt;  // octal in most of these languages
    const auto p = detail::parse_port_digits(w.substr(0, d));
    if (!p || *p < 100) return std::nullopt;
    // A negative number, a float (6000.5), a range (6000..7000) or a version (1.6000) is no port.
    if (i > 0 && (is(i - 1, "-") || is(i - 1, "."))) return std::nullopt;
    return value{*p, t_[i].offset, d};
  }

  [[nodiscard]] std::optional<value> digits_string_value(std::size_t i) const {
    const auto w = inner(i);
    if (w.empty() || w.size() > 5 || !std::all_of(w.begin(), w.end(), is_digit)) return std::nullopt;
    const auto p = detail::parse_port_digits(w);
    if (!p || *p < 100) return std::nullopt;
    return value{*p, t_[i].inner, w.size()};
  }

  void add(const value& v, finding_kind kind, severity level, std::string_view rule, std::string_view context) {
    sink_.set_kind(kind);
    sink_.add(v.port, v.offset, v.length, level, rule, context);
    sink_.set_kind(std::nullopt);
  }

  void add_default(const value& v, std::string_view key, bool linked, std::string context) {
    sink_.note_used(v.port);
    if (!sink_.wanted(v.port)) return;
    // A constant below 1024 that browsers block is another protocol's well-known port (SMTP_PORT
    // = 25, port = 143 in an IMAP test): only a default read from the environment or a flag counts.
    if (!linked && v.port < 1024) return;
    defaults_.push_back({v.port, v.offset, v.length, std::string(key), linked, std::move(context)});
  }

  // Decides what the port value at token i is.
  void judge(std::size_t i, const value& v, bool from_string) {
    frame* f = top();
    frame* cf = call_frame();
    const bool in_listen = (cf != nullptr && cf->listen) || (f != nullptr && f->listen);
    const std::string callee = callee_of(cf, f);
    // The names and strings around the value: its literal's or call's, a few tokens back.
    std::string words = callee;
    for (std::size_t k = i, n = 0; k-- > 0 && n < 24; ++n) {
      if (t_[k].type == tok::ident || t_[k].type == tok::string) {
        words += ' ';
        words += t_[k].type == tok::string ? inner(k).substr(0, 64) : text(k);
      }
      if (f != nullptr && k <= f->at && n > 4) break;
    }
    // The key: before the value, or before the list or tuple the value sits in.
    bool assign = false, colon = false;
    std::string_view key = key_before(i - 1 < t_.size() ? i - 1 : npos, assign, colon);
    // `port_number ||= [3000, 6000].sample`, `PORTS = (6000, 6001)`: the list's key.
    if (key.empty() && f != nullptr && f->callee == npos && f->open != '{' && !f->key.empty() && i > 0 &&
        (is(i - 1, "[") || is(i - 1, "(") || is(i - 1, ",")) && detail::is_port_name(f->key)) {
      key = f->key;
      assign = true;
    }
    words += ' ';
    words += key;
    if (detail::names_service_of(words, v.port) || detail::names_service_of(sink_.input().path, v.port)) return;
    if (f != nullptr && f->subscript) return;
    // sock.bind(("", 6000)), bind(("127.0.0.1", 6000)): the port of a (host, port) tuple.
    if (!from_string && f != nullptr && f->bind_tuple) {
      if (is(i - 1, ",") && i >= 2 && (t_[i - 2].type == tok::string || is_ident(i - 2)) &&
          (is(i + 1, ")") || is(i + 1, "]")))
        add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call bind");
      return;
    }

    if (f != nullptr && f->forward_list) {
      add(v, finding_kind::port_forward, severity::error, "published-port", "port forward");
      return;
    }
    if (f != nullptr && f->ports_list) return;  // a bare number in `ports`: the container side

    if (!key.empty() && detail::is_port_name(key)) {
      const bool in_call = f != nullptr && f->open == '(' && f->callee != npos;
      if (in_listen && (in_call || (f != nullptr && f->open != '['))) {
        add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call " + callee);
      } else if ((f != nullptr && f->server_object) || (config_file_ && !assign)) {
        add(v, finding_kind::dev_server_config, severity::error, "listen-port",
            (f != nullptr && !f->key.empty() ? f->key + "." : std::string()) + std::string(key));
      } else if (assign && !in_call) {
        add_default(v, key, false, std::string(key) + " =");
      } else if (in_call && f->port_key_arg) {
        add_default(v, key, true, std::string(key) + " default");
      } else if (in_call) {
        add_default(v, key, false, std::string(key) + "= in " + callee);
      }
      // `{ port: 25 }` elsewhere in code may be a client's (a mail transport, a database):
      // only a listen call, a dev server's object or a config file says it is a server's.
      return;
    }
    // `process.env.PORT || 6000`, `getenv("PORT") ?: "6000"`, `os.getenv("PORT") or 6000`.
    std::size_t j = i - 1;
    while (j < t_.size() && (is(j, "(") || (is_ident(j) && (text(j) == "Number" || text(j) == "int" ||
                                                            text(j) == "parseInt" || text(j) == "String")))) {
      if (j == 0) break;
      --j;
    }
    if (j < t_.size() && (is(j, "||") || is(j, "??") || is(j, "?:") || (is_ident(j) && text(j) == "or")) &&
        left_names_port(j)) {
      if (in_listen) add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call " + callee);
      else add_default(v, "PORT", true, "environment default");
      return;
    }
    // os.environ.get("PORT", 6000), flag.Int("port", 6000, ...), add_argument("--port", default=6000),
    // ENV.fetch("PORT") { 6000 }, .unwrap_or("6000").
    if (f != nullptr && f->port_key_arg) {
      if (in_listen && cf != nullptr && cf->listen && !cf->port_key_arg)
        add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call " + callee);
      else add_default(v, "PORT", true, "default of " + (callee.empty() ? std::string("a port setting") : callee));
      return;
    }
    // app.listen(6000), HTTPServer(("", 6000)), new ServerSocket(6000), bind(("0.0.0.0", 6000)).
    if (!from_string && f != nullptr && f->positional && (assign == false) && key.empty()) {
      const std::string name = cf != nullptr ? std::string(text(cf->callee)) : std::string();
      // socket.listen(5): a backlog, in Python and in the C-like socket APIs.
      if (name == "listen" && v.port < 1024 && l_ != lang::javascript) return;
      if (name == "port_forward") {
        add(v, finding_kind::port_forward, severity::error, "published-port", "port forward");
        return;
      }
      add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call " + callee);
      return;
    }
    // Puma's and other Ruby DSLs' `port 6000`.
    if (!from_string && l_ == lang::ruby && i > 0 && is_ident(i - 1) && detail::is_port_name(text(i - 1)) &&
        (t_[i - 1].newline_before || i == 1)) {
      add(v, finding_kind::listen_call, severity::error, "listen-port", "port " + std::to_string(v.port));
      return;
    }
  }

  void judge_string(std::size_t i) {
    const auto w = inner(i);
    if (w.empty() || w.size() > 4096) return;
    if (const auto v = digits_string_value(i)) {
      judge(i, *v, true);
      return;
    }
    frame* f = top();
    frame* cf = call_frame();
    const bool in_listen = (cf != nullptr && cf->listen) || (f != nullptr && f->listen);
    const std::string callee = callee_of(cf, f);
    const std::size_t at = t_[i].inner;
    bool assign = false, colon = false;
    const auto key = key_before(i - 1 < t_.size() ? i - 1 : npos, assign, colon);

    // "6000:5000" under `ports` (a compose file built in code), or a Tiltfile port forward.
    if (f != nullptr && (f->ports_list || f->forward_list)) {
      if (const auto m = parse_mapping(w)) {
        const value v{m->port, at + m->offset, m->length};
        if (f->forward_list) add(v, finding_kind::port_forward, severity::error, "published-port", "port forward");
        else add(v, finding_kind::compose_host_port, severity::error, "published-port", "compose host port in code");
        return;
      }
    }
    // Listen addresses: ":6000", "0.0.0.0:6000", "localhost:6000"; any host where a server
    // listens or a key names a listen address; "http://+:6000" (ASP.NET, HttpListener).
    std::string_view addr = w;
    bool wildcard_url = false;
    for (std::string_view scheme : {"http://", "https://"}) {
      if (addr.starts_with(scheme) && addr.size() > scheme.size() &&
          (addr[scheme.size()] == '*' || addr[scheme.size()] == '+')) {
        addr = addr.substr(scheme.size());
        wildcard_url = true;
      }
    }
    if (wildcard_url && !addr.empty()) {
      std::string fixed(addr);
      fixed[0] = '*';
      if (const auto slash = fixed.find('/'); slash != std::string::npos) fixed.resize(slash);
      if (const auto a = detail::parse_address(fixed, false)) {
        add({a->port, at + static_cast<std::size_t>(addr.data() - w.data()) + a->offset, a->length}, finding_kind::listen_call, severity::error,
            "listen-port", "listen URL " + std::string(w.substr(0, 64)));
        return;
      }
    }
    // Any host where a server listens; elsewhere only the hosts a browser here reaches.
    if (const auto a = detail::parse_address(w, in_listen)) {
      if (a->port < 100) return;
      if (detail::names_service_of(w, a->port) || detail::names_service_of(sink_.input().path, a->port)) return;
      const value v{a->port, at + a->offset, a->length};
      if (in_listen) add(v, finding_kind::listen_call, severity::error, "listen-port", "listen call " + callee);
      // ":25", "localhost:22": an address with another protocol's well-known port names that service.
      else if (a->port >= 1024 || detail::is_address_name(key))
        add(v, finding_kind::address, severity::error, "address-port", "address " + std::string(w.substr(0, 64)));
      return;
    }
    // ${PORT:-6000} in a string (a command, a Spring @Value placeholder).
    if (const auto d = placeholder_default(w)) {
      add_default({d->port, at + d->offset, d->length}, "PORT", true, "placeholder default");
      return;
    }
    // Go struct tags: `env:"PORT" envDefault:"6000"` on a field named Port.
    if (l_ == lang::go && s_[t_[i].offset] == '`') {
      for (std::string_view tag : {"default:\"", "envDefault:\"", "env-default:\""}) {
        const auto p = w.find(tag);
        if (p == npos) continue;
        const auto start = p + tag.size();
        const auto end = w.find('"', start);
        if (end == npos) continue;
        const auto val = w.substr(start, end - start);
        std::size_t k = i;
        while (k > 0 && !t_[k].newline_before && i - k < 8) --k;  // the field's name starts the line
        if (!is_ident(k) || !detail::is_port_name(text(k))) continue;
        if (const auto port = detail::parse_port_digits(val))
          add_default({*port, at + start, val.size()}, text(k), true, "struct tag default");
      }
      return;
    }
    // Command lines in strings: os.system("flask run -p 6000"), exec("php -S localhost:6000").
    if (w.find(' ') != npos && (w.find("--port") != npos || w.find(" -p ") != npos || w.find("http.server") != npos ||
                                w.find("runserver") != npos || w.find("--bind") != npos || w.find(" -S ") != npos) &&
        runs_a_server(w)) {
      scan_report sub;
      finding_sink sub_sink(sink_.input(), sub);
      detail::for_each_line(w, [&](std::string_view line, std::size_t off) {
        detail::scan_command_line(sub_sink, line, at + off, severity::error, "command line in a string");
      });
      detail::move_findings(sink_, sub, 0, {finding_kind::command_line, std::nullopt, {}, {}});
    }
  }

  // Marks the call frame when a string or name argument names a port: ("PORT", 6000),
  // ("--port", default=6000), set(HTTP_PORT "6000"), set :port, 6000.
  void mark_port_key(std::size_t i) {
    frame* f = top();
    if (f == nullptr || f->open != '(') return;
    bool assign = false, colon = false;
    if (!key_before(i - 1 < t_.size() ? i - 1 : npos, assign, colon).empty()) return;  // a value, not a key
    const auto k = key_text(i);
    if (!detail::is_port_name(k) || detail::names_service_of(k, 25) || k.size() > 40) return;
    if (t_[i].type == tok::ident) {
      // Only CMake's unquoted first argument and Ruby's :symbol name a key by identifier.
      const bool cmake_first = l_ == lang::cmake && i > 0 && is(i - 1, "(");
      const bool symbol = l_ == lang::ruby && i > 0 && is(i - 1, ":") && t_[i - 1].offset + 1 == t_[i].offset;
      if (!cmake_first && !symbol) return;
    }
    f->port_key_arg = true;
  }

  void step(std::size_t i) {
    const auto& tk = t_[i];
    switch (tk.type) {
      case tok::punct: {
        const char c = s_[tk.offset];
        if (tk.length == 1 && (c == '(' || c == '[' || c == '{')) open(i);
        else if (tk.length == 1 && (c == ')' || c == ']' || c == '}')) close(i);
        // A statement ends a Ruby/Python call without parentheses (`set :port, 6000`).
        return;
      }
      case tok::ident:
        if (top() != nullptr && top()->listen) listen_names_.insert(std::string(text(i)));
        mark_port_key(i);
        if (l_ == lang::ruby && is_ident(i) && text(i) == "set" && i + 2 < t_.size() && is(i + 1, ":") &&
            is_ident(i + 2) && detail::is_port_name(text(i + 2)) && is(i + 3, ",")) {
          // Sinatra's `set :port, 6000` (no parentheses).
          if (i + 4 < t_.size() && t_[i + 4].type == tok::number)
            if (const auto v = number_value(i + 4)) {
              add(*v, finding_kind::listen_call, severity::error, "listen-port", "set :port");
              handled_.insert(i + 4);
            }
        }
        if (!file_listens_ && is(i + 1, "(") && starts_server(text(i))) file_listens_ = true;
        return;
      case tok::number:
        if (handled_.count(i) != 0) return;
        if (const auto v = number_value(i))
          if (sink_.wanted(v->port) || sink_.input().all_ports) judge(i, *v, false);
        return;
      case tok::string:
        mark_port_key(i);
        if (detail::has_wanted_digits(sink_, tk.inner, tk.inner + tk.inner_length, 3)) judge_string(i);
        return;
    }
  }

  void finish() {
    for (const auto& d : defaults_) {
      const bool reaches = d.linked || file_listens_ || listen_names_.count(d.key) != 0;
      sink_.set_kind(finding_kind::port_default);
      sink_.add(d.port, d.offset, d.length, reaches ? severity::error : severity::warning, "listen-port", d.context);
    }
    sink_.set_kind(std::nullopt);
  }

  finding_sink& sink_;
  std::string_view s_;
  lang l_;
  bool config_file_;
  std::vector<token> t_;
  std::vector<frame> stack_;
  std::unordered_set<std::size_t> closed_port_key_;
  std::unordered_set<std::size_t> handled_;
  std::unordered_set<std::string> listen_names_;
  std::vector<pending_default> defaults_;
  bool file_listens_ = false;
  std::size_t too_deep_ = 0;
};

std::optional<lang> language_of(scan_format f) noexcept {
  switch (f) {
    case scan_format::python: return lang::python;
    case scan_format::javascript: return lang::javascript;
    case scan_format::go: return lang::go;
    case scan_format::ruby: return lang::ruby;
    case scan_format::jvm: return lang::jvm;
    case scan_format::php: return lang::php;
    case scan_format::rust: return lang::rust;
    case scan_format::csharp: return lang::csharp;
    case scan_format::cmake: return lang::cmake;
    case scan_format::hcl: return lang::hcl;
    default: return std::nullopt;
  }
}

}  // namespace

namespace detail {

void scan_source_in(finding_sink& sink, std::size_t from, std::size_t to, scan_format format) {
  const auto l = language_of(format);
  // Ports below 100 are the well-known ones of other protocols (ftp, ssh, telnet, smtp, dns):
  // a file needs a run of three digits or more that is a blocked port to be read at all.
  if (!l || !has_wanted_digits(sink, from, to, 3)) return;
  const auto path = sink.input().path;
  const auto base = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
  const bool config_file = *l == lang::javascript && base.find(".config.") != std::string_view::npos;
  source_scanner(sink, from, to, *l, config_file).run();
}

}  // namespace detail

scan_report scan_source(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  detail::scan_source_in(sink, 0, in.content.size(), detect_format(in.path));
  detail::sort_findings(out);
  return out;
}

}  // namespace badport
