// The URL parser's own cases beyond the WPT data, the URL decision per engine, and the fast
// path's agreement with the full parser.

#include <badport/url.h>
#include <badport/url_check.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace badport {
namespace {

TEST(Url, ComponentsAndGetters) {
  auto u = parse_url("HTTP://User:Pa%20ss@EXAMPLE.com:6000/a/./b/../c?q=1#frag");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->href(), "http://User:Pa%20ss@example.com:6000/a/c?q=1#frag");
  EXPECT_EQ(u->scheme(), "http");
  EXPECT_EQ(u->protocol(), "http:");
  EXPECT_EQ(u->username(), "User");
  EXPECT_EQ(u->password(), "Pa%20ss");
  EXPECT_EQ(u->hostname(), "example.com");
  EXPECT_EQ(u->host(), "example.com:6000");
  EXPECT_EQ(u->port(), 6000);
  EXPECT_EQ(u->effective_port(), 6000);
  EXPECT_EQ(u->pathname(), "/a/c");
  EXPECT_EQ(u->search(), "?q=1");
  EXPECT_EQ(u->hash(), "#frag");
  EXPECT_EQ(u->origin(), "http://example.com:6000");
  EXPECT_TRUE(u->is_special());
}

TEST(Url, DefaultPortIsNull) {
  auto u = parse_url("https://h:443/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->href(), "https://h/");
  EXPECT_EQ(u->port(), std::nullopt);
  EXPECT_EQ(u->effective_port(), 443);
  EXPECT_EQ(default_port("ws"), 80);
  EXPECT_EQ(default_port("ftp"), 21);
  EXPECT_EQ(default_port("file"), std::nullopt);
  EXPECT_EQ(default_port("gopher"), std::nullopt);
}

TEST(Url, HostForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"http://0x7f.1/", "http://127.0.0.1/"},
      {"http://127.0.0.1:06000", "http://127.0.0.1:6000/"},
      {"http://2130706433/", "http://127.0.0.1/"},
      {"http://0177.0.0.1/", "http://127.0.0.1/"},
      {"ws://[::1]:5060/socket", "ws://[::1]:5060/socket"},
      {"http://[0:0:0:0:0:ffff:1.2.3.4]/", "http://[::ffff:102:304]/"},
      {"http://[1:0:0:2::3:0]/", "http://[1::2:0:0:3:0]/"},
      {"http://Bücher.example/", "http://xn--bcher-kva.example/"},
      {"sc://Ünicode/", "sc://%C3%9Cnicode/"},
  };
  for (const auto& [in, want] : cases) {
    auto u = parse_url(in);
    ASSERT_TRUE(u) << in << ": " << u.error().message();
    EXPECT_EQ(u->href(), want) << in;
  }
}

TEST(Url, FailuresNameTheValidationError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"http://h:65536/", "invalid URL \"http://h:65536/\": port out of range"},
      {"http://h:6000x/", "invalid URL \"http://h:6000x/\": port invalid"},
      {"http://a b/", "invalid URL \"http://a b/\": domain invalid code point"},
      {"sc://a^b/", "invalid URL \"sc://a^b/\": host invalid code point"},
      {"localhost/x", "invalid URL \"localhost/x\": missing scheme non-relative URL"},
      {"http://1.2.3.4.5/", "invalid URL \"http://1.2.3.4.5/\": IPv4 too many parts"},
      {"http://256.0.0.1/", "invalid URL \"http://256.0.0.1/\": IPv4 out of range part"},
      {"http://[::1/", "invalid URL \"http://[::1/\": IPv6 unclosed"},
      {"http://user@/", "invalid URL \"http://user@/\": host missing"},
      {"", "invalid URL \"\": missing scheme non-relative URL"},
  };
  for (const auto& [in, want] : cases) {
    auto u = parse_url(in);
    ASSERT_FALSE(u) << in << " parsed as " << u->href();
    EXPECT_EQ(u.error().code, errc::invalid_url);
    EXPECT_EQ(u.error().message(), want);
  }
}

TEST(Url, RelativeToBase) {
  auto base = parse_url("http://example.com:6000/dir/page?x#y");
  ASSERT_TRUE(base);
  auto u = parse_url("../other?q", &*base);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->href(), "http://example.com:6000/other?q");
  auto v = parse_url("//h2:6665/", &*base);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->href(), "http://h2:6665/");
}

TEST(Url, InvalidUtf8ReadsAsReplacementCharacter) {
  auto u = parse_url("http://h/\xff");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->pathname(), "/%EF%BF%BD");
}

TEST(UrlDecision, FetchBlocksOnlyAnExplicitBadPortOnHttpSchemes) {
  const auto verdict_for = [](const char* text, engine e) {
    auto u = parse_url(text);
    EXPECT_TRUE(u) << text;
    return check_url(*u, e);
  };
  EXPECT_TRUE(verdict_for("http://localhost:6000/", engine::fetch).blocked);
  EXPECT_TRUE(verdict_for("wss://h:5060/", engine::fetch).blocked);
  auto v = verdict_for("ftp://h/", engine::fetch);
  EXPECT_FALSE(v.blocked);
  EXPECT_EQ(v.why, reason::scheme_not_checked);
  v = verdict_for("http://h/", engine::node);
  EXPECT_FALSE(v.blocked);
  EXPECT_EQ(v.why, reason::default_port);
  EXPECT_EQ(v.port, 80);
  EXPECT_FALSE(verdict_for("gopher://h:6000/", engine::fetch).blocked);
}

TEST(UrlDecision, BrowsersDecideTheEffectivePort) {
  auto u = parse_url("ftp://h/");
  ASSERT_TRUE(u);
  const auto chromium = check_url(*u, engine::chromium);
  EXPECT_TRUE(chromium.blocked);  // 21 is on Chromium's list, for any scheme
  EXPECT_EQ(chromium.port, 21);
  EXPECT_FALSE(check_url(*u, engine::webkit).blocked);  // WebKit allows ftp on 21
  auto x11 = parse_url("http://127.0.0.1:06000");
  ASSERT_TRUE(x11);
  EXPECT_EQ(blocking_engines(*x11), (engine_set{engine::fetch, engine::chromium, engine::firefox, engine::webkit,
                                                engine::servo, engine::ladybird, engine::node, engine::deno}));
  auto mail = parse_url("mailto:a@b");
  ASSERT_TRUE(mail);
  const auto m = check_url(*mail, engine::chromium);
  EXPECT_FALSE(m.blocked);
  EXPECT_EQ(m.port, -1);
  EXPECT_EQ(m.why, reason::default_port);
  EXPECT_EQ(check_url(*x11, engine_set::all()).size(), engine_count);
}

TEST(UrlDecision, OverridesApply) {
  auto u = parse_url("http://h:6000/");
  ASSERT_TRUE(u);
  overrides user;
  user.chromium.allowed_ports = {6000};
  const auto v = check_url(*u, engine::chromium, user);
  EXPECT_FALSE(v.blocked);
  EXPECT_EQ(v.why, reason::explicitly_allowed);
}

TEST(UrlDecision, TextDecisionEqualsParseThenDecide) {
  const std::vector<std::string> inputs = {
      "http://localhost:6000/", "https://www.example.com/a?b#c", "HTTP://EXAMPLE.COM:0080/",
      "ws://h:5060", "ftp://h", "ftp://h:22/", "http://h:65536/", "http://h:/", "http://a..b:6667/",
      "http://xn--bcher-kva.example:6000/", "http://1.2.3.4:6000/", "http://h:6000\\x", "https://u@h:6000/",
      "http:h:6000", "http:///h:6000", " http://h:6000", "http://h:6000 ", "http://h\t:6000/", "mailto:x",
      "gopher://h:6000/", "file:///etc", "http://h%41:6000/", "http://-:6000/", "not a url", "",
  };
  for (const auto& in : inputs) {
    const auto fast = blocking_engines_for_url(in);
    auto full = parse_url(in);
    ASSERT_EQ(fast.has_value(), full.has_value()) << in;
    if (!full) {
      EXPECT_EQ(fast.error().message(), full.error().message());
      continue;
    }
    EXPECT_EQ(*fast, blocking_engines(*full)) << in;
    if (const auto key = detail::fast_url_port_key(in)) {
      EXPECT_EQ(key->scheme, full->scheme()) << in;
      EXPECT_EQ(key->port, full->port()) << in;
    }
  }
  // The memo of bulk checks gives the same answers, the second time too.
  overrides user;
  user.chromium.allowed_ports = {6000};
  url_decider decider(engine_set::all(), user);
  for (int round = 0; round < 2; ++round)
    for (const auto& in : inputs) {
      const auto remembered = decider.blocking_engines(in);
      const auto direct = blocking_engines_for_url(in, engine_set::all(), user);
      ASSERT_EQ(remembered.has_value(), direct.has_value()) << in;
      if (direct) {
        EXPECT_EQ(*remembered, *direct) << in;
      }
    }
  // The fast path takes the plain URLs.
  EXPECT_TRUE(detail::fast_url_port_key("https://www.example.com/a?b#c"));
  EXPECT_TRUE(detail::fast_url_port_key("HTTP://EXAMPLE.COM:0080/"));
  EXPECT_FALSE(detail::fast_url_port_key("http://1.2.3.4:6000/"));
}

}  // namespace
}  // namespace badport
