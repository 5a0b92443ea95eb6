/* curl_guard_example_c: the guard from C. Fetches URL with libcurl following redirects, under
 * badport's port guard for ENGINES (comma-separated, default all).
 *
 *   curl_guard_example_c URL [ENGINES]
 *
 * Exit status: 0 the response arrived (body on stdout), 1 the guard refused a request (why on
 * stderr), 2 any other error. Build: link badport::io, a C++ library, so link with the C++
 * runtime (examples/CMakeLists.txt sets LINKER_LANGUAGE CXX). */

#include <badport/io/curl_guard.h>

#include <curl/curl.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: curl_guard_example_c URL [ENGINES]\n");
    return 2;
  }
  badport_curl_guard* guard = badport_curl_guard_new(argc == 3 ? argv[2] : NULL);
  if (guard == NULL) {
    fprintf(stderr, "curl_guard_example_c: unknown engine in \"%s\"\n", argv[2]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  if (curl == NULL) return 2;
  curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  if (badport_curl_guard_install(guard, curl) != CURLE_OK) {
    fprintf(stderr, "curl_guard_example_c: libcurl 7.80 or later is needed\n");
    return 2;
  }

  const CURLcode rc = curl_easy_perform(curl); /* the body goes to stdout, libcurl's default */
  int status = 0;
  const char* why = badport_curl_guard_refusal(guard);
  if (rc == CURLE_ABORTED_BY_CALLBACK && why != NULL) {
    fprintf(stderr, "curl_guard_example_c: refused: %s\n", why);
    status = 1;
  } else if (rc != CURLE_OK) {
    fprintf(stderr, "curl_guard_example_c: %s\n", curl_easy_strerror(rc));
    status = 2;
  }
  curl_easy_cleanup(curl);
  badport_curl_guard_free(guard);
  curl_global_cleanup();
  return status;
}
