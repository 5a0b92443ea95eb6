// curl_guard_example: fetch a URL with libcurl, following redirects, under badport's port guard.
//
//   curl_guard_example URL [ENGINES]
//
// ENGINES is a comma-separated list (default "all": refuse what any engine refuses). The
// program lets libcurl follow redirects itself (CURLOPT_FOLLOWLOCATION); the guard, installed
// into the easy handle, checks the URL of every request, redirects included, before libcurl
// connects, as a browser would. A webhook sender or a crawler would do the same with its
// own handle.
//
// Exit status: 0 the response arrived (its status line and body go to stdout), 1 the guard
// refused a request (why goes to stderr), 2 any other error (libcurl's message on stderr).
//
// Build: link badport::io (which brings libcurl), as examples/CMakeLists.txt does.

#include <badport/engine.h>
#include <badport/io/curl_guard.h>

#include <curl/curl.h>

#include <cstdio>
#include <string>

namespace {

std::size_t print_body(char* data, std::size_t size, std::size_t n, void*) {
  return std::fwrite(data, size, n, stdout) * size;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: curl_guard_example URL [ENGINES]\n");
    return 2;
  }
  const auto engines = badport::parse_engine_list(argc == 3 ? argv[2] : "all");
  if (!engines) {
    std::fprintf(stderr, "curl_guard_example: %s\n", engines.error().message().c_str());
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 2;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 2;

  // 1. Create the guard for the engines whose blocking to honour; it must outlive the transfers.
  badport::io::curl_guard guard(*engines);

  curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);  // libcurl follows; the guard checks each hop
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 20L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &print_body);

  // 2. Install it into the handle (after any curl_easy_reset, install again).
  if (guard.install(curl) != CURLE_OK) {
    std::fprintf(stderr, "curl_guard_example: libcurl is too old for the guard (7.80 or later needed)\n");
    return 2;
  }

  // 3. Perform as usual. CURLE_ABORTED_BY_CALLBACK with guard.refusal() set means badport
  //    refused the request before any connection was made.
  const CURLcode rc = curl_easy_perform(curl);
  int status = 0;
  if (rc == CURLE_ABORTED_BY_CALLBACK && guard.refusal() != nullptr) {
    std::fprintf(stderr, "curl_guard_example: refused: %s\n", guard.refusal()->message().c_str());
    status = 1;
  } else if (rc != CURLE_OK) {
    std::fprintf(stderr, "curl_guard_example: %s\n", curl_easy_strerror(rc));
    status = 2;
  } else {
    long code = 0;
    char* where = nullptr;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &where);
    std::fprintf(stderr, "curl_guard_example: %ld from %s\n", code, where != nullptr ? where : "");
  }
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  return status;
}
