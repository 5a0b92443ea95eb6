#include <badport/io/curl_guard.h>

#include <badport/url.h>
#include <badport/url_check.h>

#include <string>
#include <utility>

namespace badport::io {

std::string curl_refusal::message() const {
  if (!url_error.empty()) return url_error;
  std::string engines;
  for (engine e : all_engines)
    if (blocked_by.contains(e)) {
      if (!engines.empty()) engines += ", ";
      engines += name(e);
    }
  return "port " + std::to_string(port) + " of " + url + " is blocked by " + engines;
}

curl_guard::curl_guard(engine_set engines, overrides user) : engines_(engines), user_(std::move(user)) {}

CURLcode curl_guard::install(CURL* handle) {
  handle_ = handle;
  refusal_.reset();
  CURLcode rc = curl_easy_setopt(handle, CURLOPT_SOCKOPTFUNCTION, &curl_guard::on_socket);
  if (rc == CURLE_OK) rc = curl_easy_setopt(handle, CURLOPT_SOCKOPTDATA, this);
  if (rc == CURLE_OK) rc = curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, &curl_guard::on_prereq);
  if (rc == CURLE_OK) rc = curl_easy_setopt(handle, CURLOPT_PREREQDATA, this);
  return rc;
}

std::optional<curl_refusal> curl_guard::decide(std::string_view text) const {
  auto parsed = parse_url(text);
  if (!parsed) {
    curl_refusal r;
    r.url = std::string(text);
    r.url_error = parsed.error().message();
    return r;
  }
  const engine_set blocked = blocking_engines(*parsed, engines_, user_);
  if (blocked.empty()) return std::nullopt;
  curl_refusal r;
  r.url = std::string(parsed->href());
  const auto port = parsed->effective_port();
  r.port = port ? int{*port} : -1;
  r.blocked_by = blocked;
  return r;
}

bool curl_guard::admit() {
  char* current = nullptr;
  if (handle_ == nullptr || curl_easy_getinfo(handle_, CURLINFO_EFFECTIVE_URL, &current) != CURLE_OK ||
      current == nullptr) {
    // Without the URL nothing can be decided: refuse rather than let an unchecked request out.
    refusal_ = curl_refusal{"", -1, {}, "the URL of the transfer is unknown"};
    return false;
  }
  auto refused = decide(current);
  if (refused) {
    refusal_ = std::move(refused);
    return false;
  }
  refusal_.reset();
  return true;
}

int curl_guard::on_socket(void* self, curl_socket_t /*fd*/, curlsocktype /*purpose*/) {
  // Called after socket() and before connect(): refusing here means no packet leaves.
  // libcurl turns CURL_SOCKOPT_ERROR into CURLE_ABORTED_BY_CALLBACK.
  return static_cast<curl_guard*>(self)->admit() ? CURL_SOCKOPT_OK : CURL_SOCKOPT_ERROR;
}

int curl_guard::on_prereq(void* self, char* /*primary_ip*/, char* /*local_ip*/, int /*primary_port*/,
                          int /*local_port*/) {
  // Called before each request, also on a reused connection that on_socket never saw.
  return static_cast<curl_guard*>(self)->admit() ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

}  // namespace badport::io

// The C API: a guard and the text of its last refusal.
struct badport_curl_guard {
  badport::io::curl_guard guard;
  std::string message;
};

extern "C" {

badport_curl_guard* badport_curl_guard_new(const char* engines) {
  try {
    auto set = badport::parse_engine_list(engines == nullptr ? "all" : engines);
    if (!set) return nullptr;
    return new badport_curl_guard{badport::io::curl_guard(*set), {}};
  } catch (...) {  // nothing may cross into C
    return nullptr;
  }
}

CURLcode badport_curl_guard_install(badport_curl_guard* g, CURL* handle) {
  if (g == nullptr) return CURLE_BAD_FUNCTION_ARGUMENT;
  return g->guard.install(handle);
}

const char* badport_curl_guard_refusal(badport_curl_guard* g) {
  if (g == nullptr || g->guard.refusal() == nullptr) return nullptr;
  try {
    g->message = g->guard.refusal()->message();
  } catch (...) {
    return "refused (out of memory describing why)";
  }
  return g->message.c_str();
}

void badport_curl_guard_free(badport_curl_guard* g) { delete g; }

}  // extern "C"
