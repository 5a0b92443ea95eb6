// parse_url reads plain URLs on a fast path (src/url_plain.cpp); given a base it always runs
// the full state machine, and a base changes nothing for an input with a scheme. So the two
// calls must give the same URL for every absolute input: real URLs of a crawl (the shared
// bench data, 48k lines), and variants of them that the fast path must decline or get right.

#include <badport/url.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace badport {
namespace {

// "data:," has an opaque path: it is never used to resolve an input that has a scheme.
const url& unused_base() {
  static const url base = *parse_url("data:,");
  return base;
}

std::string describe(const result<url>& r) {
  if (!r) return "error: " + r.error().message();
  const url& u = *r;
  return std::string(u.href()) + " | " + std::string(u.scheme()) + " | " + std::string(u.username()) + " | " +
         std::string(u.password()) + " | " + (u.has_host() ? "host " : "no host ") + std::string(u.hostname()) +
         " | " + (u.port() ? std::to_string(*u.port()) : "-") + " | " + std::string(u.pathname()) + " | " +
         u.query().value_or("(none)") + " | " + u.fragment().value_or("(none)") + " | " +
         (u.is_special() ? "special" : "") + (u.has_opaque_path() ? " opaque" : "");
}

void expect_same(const std::string& input) {
  EXPECT_EQ(describe(parse_url(input)), describe(parse_url(input, &unused_base()))) << input;
}

std::vector<std::string> variants(const std::string& u) {
  return {u,
          u + ":6000",
          u + "/a/./b/../c?x=1#y",
          u + "/%2e%2E/x",
          u + "/a b?c d#e f",
          u + "/{}^`|?'\"<>#`",
          u + "\\x",
          " " + u + "\t",
          "HTTP" + u.substr(u.find(':')),
          u.substr(0, u.find(':') + 3) + "user:pw@" + u.substr(u.find(':') + 3),
          u.substr(0, u.find(':') + 3) + "127.0.0.1:6000/",
          u.substr(0, u.find(':') + 3) + "Host.0x10:99999/"};
}

TEST(UrlPlain, CrawlUrlsAndVariantsAsTheFullParser) {
  const auto path = std::filesystem::path(BADPORT_SHARED_DIR) / "bench-data" / "kasztp-urls.txt";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "no " << path << ": the shared bench data is absent";
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    expect_same(line);
    if (n++ % 97 == 0)  // a spread of variants; every line takes too long under sanitizers
      for (const auto& v : variants(line.substr(0, line.find('/', line.find("://") + 3)))) expect_same(v);
  }
  EXPECT_GT(n, 40000u);
}

TEST(UrlPlain, EdgesOfThePlainForm) {
  for (const char* input :
       {"http://h", "http://h:", "http://h:/", "http://h:80/", "https://h:443", "ws://h:080/", "ftp://h:21/",
        "http://h:65535", "http://h:65536/", "http://h:00000000000000000080/", "http://h?", "http://h#", "http://h/?#",
        "http://h/a?b?c#d#e", "http://h.1/", "http://h.1./", "http://1h/", "http://h./", "http://./", "http://a..b/",
        "http:///h", "http:/h", "http:h", "http://-/", "http://h//a//b/", "http://h/..", "http://h/.", "http://h/.x",
        "http://h/%", "http://h/%zz", "http://h/a%2", "HtTpS://ExAmPlE.CoM/PaTh?QuErY#FrAg", "wSs://x:8443/y",
        "file:///etc/hosts", "http://xn--bcher-kva.example/", "http://xn--a/", "http://[::1]/", "mailto:x"})
    expect_same(input);
}

}  // namespace
}  // namespace badport
