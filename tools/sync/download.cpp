#include "download.h"

#include <badport/version.h>

#include <curl/curl.h>

#include <memory>

namespace badport::sync {

namespace {

struct sink {
  std::string body;
  std::size_t max_bytes;
  bool too_large = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* s = static_cast<sink*>(user);
  const std::size_t n = size * count;
  if (s->body.size() + n > s->max_bytes) {
    s->too_large = true;
    return 0;  // ends the transfer
  }
  s->body.append(data, n);
  return n;
}

}  // namespace

download http_get(const std::string& url, bool allow_http, const std::string& bearer, std::chrono::seconds timeout,
                  std::size_t max_bytes) {
  download out;
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialized) {
    out.error = "libcurl could not be initialized";
    return out;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "libcurl could not be initialized";
    return out;
  }
  sink s{{}, max_bytes};
  char message[CURL_ERROR_SIZE] = {};
  const std::string agent = "badport-sync/" + std::string(badport::version());
  const char* protocols = allow_http ? "http,https" : "https";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  if (!bearer.empty()) {
    headers.reset(curl_slist_append(nullptr, ("Authorization: Bearer " + bearer).c_str()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  if (s.too_large) {
    out.error = "the answer is larger than " + std::to_string(max_bytes >> 20) + " MiB";
    return out;
  }
  if (rc != CURLE_OK) {
    out.error = message[0] != '\0' ? message : curl_easy_strerror(rc);
    return out;
  }
  if (out.status != 200) {
    out.error = "HTTP " + std::to_string(out.status);
    return out;
  }
  out.ok = true;
  out.body = std::move(s.body);
  return out;
}

}  // namespace badport::sync
