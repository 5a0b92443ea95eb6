// A request made the way a browser makes it: badport follows the redirects, and decides each
// hop's URL for every engine before libcurl connects.

#include <badport/io/fetch.h>

#include <badport/io/curl_guard.h>
#include <badport/url.h>
#include <badport/url_check.h>
#include <badport/version.h>

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <string>

namespace badport::io {

std::string_view name(fetch_error_kind k) noexcept {
  switch (k) {
    case fetch_error_kind::network: return "network";
    case fetch_error_kind::invalid_redirect: return "invalid-redirect";
    case fetch_error_kind::unsupported_scheme: return "unsupported-scheme";
    case fetch_error_kind::too_many_redirects: return "too-many-redirects";
    case fetch_error_kind::body_too_large: return "body-too-large";
    case fetch_error_kind::headers_too_large: return "headers-too-large";
    case fetch_error_kind::conflicting_locations: return "conflicting-locations";
  }
  return "network";
}

std::string_view name(fetch_end e) noexcept {
  switch (e) {
    case fetch_end::reached: return "reached";
    case fetch_end::blocked: return "blocked";
    case fetch_end::failed: return "failed";
  }
  return "failed";
}

exit_status fetch_report::status() const noexcept {
  exit_status s = exit_status::ok;
  for (const auto& o : outcomes) {
    if (o.end == fetch_end::blocked) s = worst(s, exit_status::blocked);
    if (o.end == fetch_end::failed) s = worst(s, exit_status::error);
  }
  return s;
}

namespace {

// libcurl's global state, set up once for the process (curl_global_init is not thread-safe
// before 7.84, so it is done here, on first use, under the static's guard).
bool curl_ready() {
  static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ready;
}

struct easy_deleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using easy_ptr = std::unique_ptr<CURL, easy_deleter>;
using slist_ptr = std::unique_ptr<curl_slist, slist_deleter>;

bool is_http_scheme(std::string_view s) noexcept { return s == "http" || s == "https"; }

bool is_redirect_status(long status) noexcept {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// A header line's name: what comes before ':' (or the ';' of curl's "Name;" for an empty value).
std::string_view header_name(std::string_view line) noexcept {
  const auto end = line.find_first_of(":;");
  return line.substr(0, end);
}

bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

result<bool> check_options(const fetch_options& opt) {
  if (!opt.method.empty() && !is_token(opt.method))
    return fail(errc::invalid_argument, opt.method, "not an HTTP method");
  for (const auto& h : opt.headers) {
    if (h.find_first_of("\r\n") != std::string::npos) return fail(errc::invalid_argument, h, "line break in a header");
    const auto n = header_name(h);
    if (n.size() == h.size() || !is_token(n))
      return fail(errc::invalid_argument, h, "expected a header as \"Name: value\"");
  }
  if (opt.max_redirects < 0) return fail(errc::invalid_argument, std::to_string(opt.max_redirects), "negative redirect limit");
  return true;
}

// What the callbacks collect during one transfer.
struct transfer {
  CURL* handle = nullptr;
  std::string status_line;
  std::string body;
  bool want_body = false;
  std::size_t max_body = 0;
  bool stopped_on_purpose = false;  // the write callback ended the transfer after the headers
  bool too_large = false;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  std::string_view line(data, size * count);
  // Keep the status line of the last response (after any 1xx); header fields are read later
  // through libcurl's header API.
  if (line.substr(0, 5) == "HTTP/") {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    t->status_line = std::string(line);
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t n = size * count;
  if (!t->want_body) {
    t->stopped_on_purpose = true;  // headers are all we need: do not download the body
    return CURL_WRITEFUNC_ERROR;
  }
  if (t->body.size() + n > t->max_body) {
    t->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  t->body.append(data, n);
  return n;
}

struct request_state {
  std::string method;
  std::optional<std::string> body;
  std::vector<std::string> headers;
};

// Sends one request with redirects off and fills hop.response or hop.error.
void perform(CURL* h, const request_state& req, const fetch_options& opt, curl_guard* guard,
             std::optional<std::chrono::steady_clock::time_point> deadline, bool want_body, fetch_hop& hop,
             std::string& body_out) {
  curl_easy_reset(h);  // keeps live connections, DNS and TLS session caches
  transfer t;
  t.handle = h;
  t.want_body = want_body;
  t.max_body = opt.max_body;
  char errbuf[CURL_ERROR_SIZE] = {};
  slist_ptr headers;
  for (const auto& line : req.headers) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) {
      hop.error = fetch_error{fetch_error_kind::network, CURLE_OUT_OF_MEMORY, curl_easy_strerror(CURLE_OUT_OF_MEMORY), ""};
      return;
    }
    (void)headers.release();
    headers.reset(next);
  }

  std::string target = hop.url;
  if (const auto hash = target.find('#'); hash != std::string::npos) target.resize(hash);  // never sent
  const std::string agent = "badport/" + std::string(version());

  long timeout_ms = opt.max_time.count() > 0 ? static_cast<long>(opt.max_time.count()) : 0;
  if (deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      hop.error = fetch_error{fetch_error_kind::network, CURLE_OPERATION_TIMEDOUT,
                              curl_easy_strerror(CURLE_OPERATION_TIMEDOUT), "the --max-time limit was reached between redirects"};
      return;
    }
    timeout_ms = static_cast<long>(left.count());
  }

  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption o, auto v) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(h, o, v);
  };
  set(CURLOPT_URL, target.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_USERAGENT, agent.c_str());
  set(CURLOPT_ERRORBUFFER, errbuf);
  set(CURLOPT_SSL_VERIFYPEER, opt.insecure ? 0L : 1L);
  set(CURLOPT_SSL_VERIFYHOST, opt.insecure ? 0L : 2L);
  if (opt.connect_timeout.count() > 0) set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt.connect_timeout.count()));
  if (timeout_ms > 0) set(CURLOPT_TIMEOUT_MS, timeout_ms);
  set(CURLOPT_HTTPHEADER, headers.get());
  set(CURLOPT_HEADERFUNCTION, &on_header);
  set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
  set(CURLOPT_WRITEFUNCTION, &on_body);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
  if (req.method == "HEAD") {
    set(CURLOPT_NOBODY, 1L);
  } else if (req.body) {
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body->size()));
    set(CURLOPT_POSTFIELDS, req.body->c_str());
    if (req.method != "POST") set(CURLOPT_CUSTOMREQUEST, req.method.c_str());
  } else if (req.method != "GET") {
    set(CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
  if (rc == CURLE_OK && guard != nullptr) rc = guard->install(h);
  if (rc != CURLE_OK) {
    hop.error = fetch_error{fetch_error_kind::network, static_cast<int>(rc), curl_easy_strerror(rc), errbuf};
    return;
  }

  hop.sent = true;
  rc = curl_easy_perform(h);
  if (rc == CURLE_WRITE_ERROR && t.stopped_on_purpose) rc = CURLE_OK;
  if (t.too_large) {
    hop.error = fetch_error{fetch_error_kind::body_too_large, static_cast<int>(rc),
                            "body larger than " + std::to_string(opt.max_body) + " bytes", ""};
    return;
  }
  if (rc == CURLE_OUT_OF_MEMORY && !t.status_line.empty()) {
    // libcurl 7.x reports a header line past its 100 KiB limit as "Out of memory": the status
    // line came, so it was the headers (Chromium, ERR_RESPONSE_HEADERS_TOO_BIG at 256 KiB,
    // and Firefox refuse a 2 MB Location too).
    hop.error = fetch_error{fetch_error_kind::headers_too_large, static_cast<int>(rc),
                            "response headers too large: a header line is longer than libcurl accepts (100 KiB)",
                            errbuf};
    return;
  }
  if (rc != CURLE_OK) {
    std::string detail = errbuf;
    if (guard != nullptr && guard->refusal() != nullptr) {
      hop.sent = false;
      detail = guard->refusal()->message();
    }
    hop.error = fetch_error{fetch_error_kind::network, static_cast<int>(rc), curl_easy_strerror(rc), std::move(detail)};
    return;
  }

  fetch_response r;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
  r.status_line = std::move(t.status_line);
  char* ip = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) r.remote_ip = ip;
  long port = 0;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK) r.remote_port = static_cast<int>(port);
  // The final response's header fields, through libcurl's header API (request -1: the last).
  for (curl_header* hd = curl_easy_nextheader(h, CURLH_HEADER, -1, nullptr); hd != nullptr;
       hd = curl_easy_nextheader(h, CURLH_HEADER, -1, hd)) {
    r.headers.emplace_back(hd->name, hd->value);
    if (iequals(hd->name, "location")) {
      if (!r.location) r.location = std::string(hd->value);
      else if (*r.location != hd->value) r.conflicting_locations = true;
    }
  }
  hop.response = std::move(r);
  body_out = std::move(t.body);
}

}  // namespace

result<fetch_report> fetch(std::string_view input, const fetch_options& opt) {
  auto start = parse_url(input);
  if (!start) return std::move(start).error();
  if (!is_http_scheme(start->scheme()))
    return fail(errc::invalid_url, input, "only http and https URLs can be fetched");
  if (auto ok = check_options(opt); !ok) return std::move(ok).error();
  if (!curl_ready()) return fail(errc::io_error, "libcurl", "cannot be initialized");
  easy_ptr handle(curl_easy_init());
  if (!handle) return fail(errc::io_error, "libcurl", "cannot create a handle");

  // With --as, libcurl gets badport's guard as well: a second line behind the per-hop decision.
  std::unique_ptr<curl_guard> guard;
  if (opt.enforce) guard = std::make_unique<curl_guard>(opt.engines, opt.user);

  fetch_report report;
  std::vector<bool> alive;
  if (!opt.enforce) {
    report.outcomes.push_back({std::nullopt, fetch_end::reached, 0});
    alive.push_back(true);
  }
  for (engine e : all_engines)
    if (opt.engines.contains(e)) {
      report.outcomes.push_back({e, fetch_end::reached, 0});
      alive.push_back(true);
    }
  auto end_all = [&](fetch_end end, std::size_t hop) {
    for (std::size_t i = 0; i < alive.size(); ++i)
      if (alive[i]) {
        report.outcomes[i].end = end;
        report.outcomes[i].hop = hop;
        alive[i] = false;
      }
  };

  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (opt.max_time.count() > 0) deadline = std::chrono::steady_clock::now() + opt.max_time;

  request_state req{opt.method.empty() ? (opt.data ? "POST" : "GET") : opt.method, opt.data, opt.headers};
  url current = std::move(*start);
  for (int redirects = 0;; ++redirects) {
    const std::size_t index = report.hops.size();
    fetch_hop& hop = report.hops.emplace_back();
    hop.url = std::string(current.href());
    hop.method = req.method;
    const auto port = current.effective_port();
    hop.port = port ? int{*port} : -1;

    // Fetch's main fetch, for each engine still on its way: may this URL go out?
    bool refused = false;
    for (std::size_t i = 0; i < alive.size(); ++i) {
      if (!alive[i] || !report.outcomes[i].who) continue;
      const verdict v = check_url(current, *report.outcomes[i].who, opt.user);
      hop.verdicts.push_back(v);
      if (v.blocked) {
        report.outcomes[i].end = fetch_end::blocked;
        report.outcomes[i].hop = index;
        alive[i] = false;
        refused = true;
      }
    }
    if (opt.enforce && refused) end_all(fetch_end::blocked, index);  // the set acts as one browser
    if (std::none_of(alive.begin(), alive.end(), [](bool a) { return a; })) break;

    std::string body;
    perform(handle.get(), req, opt, guard.get(), deadline, opt.want_body, hop, body);
    if (hop.error) {
      end_all(fetch_end::failed, index);
      break;
    }
    const fetch_response& res = *hop.response;
    if (!is_redirect_status(res.status) || !res.location) {
      if (opt.want_body) report.body = std::move(body);
      end_all(fetch_end::reached, index);
      break;
    }

    // Two different Location headers: browsers refuse the response; curl follows the first.
    if (res.conflicting_locations) {
      fetch_error e{fetch_error_kind::conflicting_locations, 0,
                    "two different Location headers: browsers refuse the response (Chromium "
                    "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION, Firefox Corrupted Content Error)",
                    ""};
      if (opt.enforce) {
        hop.error = std::move(e);
        end_all(fetch_end::failed, index);
        break;
      }
      for (std::size_t i = 0; i < alive.size(); ++i)
        if (alive[i] && report.outcomes[i].who) {
          report.outcomes[i].end = fetch_end::failed;
          report.outcomes[i].hop = index;
          alive[i] = false;
        }
      hop.engine_error = std::move(e);
      if (std::none_of(alive.begin(), alive.end(), [](bool a) { return a; })) break;
    }

    // HTTP-redirect fetch (https://fetch.spec.whatwg.org/#http-redirect-fetch).
    auto next = parse_url(*res.location, &current);
    if (!next) {
      hop.error = fetch_error{fetch_error_kind::invalid_redirect, 0,
                              "invalid redirect: " + next.error().message(), ""};
      end_all(fetch_end::failed, index);
      break;
    }
    hop.next = std::string(next->href());
    if (!is_http_scheme(next->scheme())) {
      hop.error = fetch_error{fetch_error_kind::unsupported_scheme, 0,
                              "redirect to a " + std::string(next->scheme()) + ": URL, which is not fetched", ""};
      end_all(fetch_end::failed, index);
      break;
    }
    if (redirects >= opt.max_redirects) {
      // curl's own wording for CURLE_TOO_MANY_REDIRECTS.
      hop.error = fetch_error{fetch_error_kind::too_many_redirects, static_cast<int>(CURLE_TOO_MANY_REDIRECTS),
                              "Maximum (" + std::to_string(opt.max_redirects) + ") redirects followed", ""};
      end_all(fetch_end::failed, index);
      break;
    }
    // 301/302 turn POST into GET, 303 turns anything but GET/HEAD into GET; the body goes, and
    // with it the headers that describe it.
    if (((res.status == 301 || res.status == 302) && req.method == "POST") ||
        (res.status == 303 && req.method != "GET" && req.method != "HEAD")) {
      req.method = "GET";
      req.body.reset();
      std::erase_if(req.headers, [](const std::string& line) {
        const auto n = header_name(line);
        return iequals(n, "content-type") || iequals(n, "content-encoding") || iequals(n, "content-language") ||
               iequals(n, "content-location");
      });
    }
    // Credentials set by hand do not follow a redirect to another origin (Fetch drops
    // Authorization; curl drops Authorization and Cookie).
    if (next->origin() != current.origin())
      std::erase_if(req.headers, [](const std::string& line) {
        const auto n = header_name(line);
        return iequals(n, "authorization") || iequals(n, "cookie");
      });
    current = std::move(*next);
  }
  return report;
}

}  // namespace badport::io
