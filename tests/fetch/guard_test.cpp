// The libcurl guard on a real easy handle against real loopback servers: a request to a port a
// chosen engine blocks never reaches the server, directly or through a redirect.

#include "test_server.h"

#include <badport/io/curl_guard.h>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>

namespace badport::test {
namespace {

struct easy_deleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct transfer_result {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
};

// Performs `url` on a fresh handle, following redirects with libcurl's own FOLLOWLOCATION,
// with `guard` installed when given.
transfer_result perform(const std::string& url, io::curl_guard* guard) {
  std::unique_ptr<CURL, easy_deleter> h(curl_easy_init());
  transfer_result r;
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_PROXY, "");
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &r.body);
  if (guard != nullptr) {
    EXPECT_EQ(guard->install(h.get()), CURLE_OK);
  }
  r.code = curl_easy_perform(h.get());
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

std::string redirect_to(const loopback_server& from, const std::string& target, int code = 302) {
  return from.url("/redirect?code=" + std::to_string(code) + "&to=" + httplib::detail::encode_query_param(target));
}

TEST(CurlGuard, AllowedPortWorks) {
  loopback_server server;
  ASSERT_TRUE(server.valid());
  io::curl_guard guard;
  const auto r = perform(server.url("/ok"), &guard);
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello\n");
  EXPECT_EQ(guard.refusal(), nullptr);
  EXPECT_EQ(server.requests(), 1);
}

TEST(CurlGuard, DirectRequestToBlockedPortNeverConnects) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  io::curl_guard guard;
  const auto r = perform(blocked->url("/ok"), &guard);
  EXPECT_EQ(r.code, CURLE_ABORTED_BY_CALLBACK);
  ASSERT_NE(guard.refusal(), nullptr);
  EXPECT_EQ(guard.refusal()->port, blocked->port());
  EXPECT_TRUE(guard.refusal()->blocked_by.contains(engine::chromium));
  EXPECT_TRUE(guard.refusal()->blocked_by.contains(engine::firefox));
  EXPECT_FALSE(guard.refusal()->blocked_by.contains(engine::bun));
  EXPECT_NE(guard.refusal()->message().find("is blocked by"), std::string::npos);
  EXPECT_EQ(blocked->connections(), 0);
  EXPECT_EQ(blocked->requests(), 0);

  // The same request without the guard does reach the server: the listener is real.
  const auto unguarded = perform(blocked->url("/ok"), nullptr);
  EXPECT_EQ(unguarded.code, CURLE_OK);
  EXPECT_EQ(blocked->requests(), 1);
}

TEST(CurlGuard, HostNameWithSeveralAddressesIsRefusedToo) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  io::curl_guard guard;
  const auto r = perform("http://localhost:" + std::to_string(blocked->port()) + "/ok", &guard);
  EXPECT_EQ(r.code, CURLE_ABORTED_BY_CALLBACK);
  ASSERT_NE(guard.refusal(), nullptr);
  EXPECT_EQ(blocked->connections(), 0);
}

TEST(CurlGuard, RedirectToBlockedPortIsRefusedAtTheHop) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  loopback_server allowed;
  ASSERT_TRUE(allowed.valid());
  io::curl_guard guard({engine::chromium});
  const auto r = perform(redirect_to(allowed, blocked->url("/ok")), &guard);
  EXPECT_EQ(r.code, CURLE_ABORTED_BY_CALLBACK);
  ASSERT_NE(guard.refusal(), nullptr);
  EXPECT_EQ(guard.refusal()->url, blocked->url("/ok"));
  EXPECT_EQ(guard.refusal()->blocked_by, engine_set{engine::chromium});
  EXPECT_EQ(allowed.requests(), 1);
  EXPECT_EQ(blocked->connections(), 0);
}

TEST(CurlGuard, EnginesThatAllowThePortLetItThrough) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  loopback_server allowed;
  io::curl_guard guard({engine::bun});
  const auto r = perform(redirect_to(allowed, blocked->url("/ok"), 307), &guard);
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.body, "hello\n");
  EXPECT_EQ(guard.refusal(), nullptr);
  EXPECT_EQ(blocked->requests(), 1);
}

TEST(CurlGuard, UserOverridesReEnableAPort) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  overrides user;
  user.chromium.allowed_ports.push_back(static_cast<std::uint16_t>(blocked->port()));
  io::curl_guard guard({engine::chromium}, user);
  const auto r = perform(blocked->url("/ok"), &guard);
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(blocked->requests(), 1);
}

TEST(CurlGuard, ChainOfAllowedRedirectsWorks) {
  loopback_server a, b;
  ASSERT_TRUE(a.valid() && b.valid());
  io::curl_guard guard;
  const auto r = perform(a.url("/chain/3?end=" + httplib::detail::encode_query_param(b.url("/ok"))), &guard);
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.body, "hello\n");
  EXPECT_EQ(a.requests(), 4);
  EXPECT_EQ(b.requests(), 1);
}

TEST(CurlGuard, WorksUnderTheMultiInterface) {
  auto blocked = server_on_blocked_port();
  ASSERT_TRUE(blocked) << "no blocked port is free on 127.0.0.1";
  loopback_server allowed;
  // Two transfers at once, as a crawler runs them: one allowed, one redirected to the blocked port.
  io::curl_guard guard_ok, guard_blocked;
  std::unique_ptr<CURL, easy_deleter> ok(curl_easy_init()), bad(curl_easy_init());
  std::string body_ok, body_bad;
  const std::string ok_url = allowed.url("/ok"), bad_url = redirect_to(allowed, blocked->url("/ok"));
  for (auto& [h, url, body, guard] : {std::tuple{ok.get(), &ok_url, &body_ok, &guard_ok},
                                      std::tuple{bad.get(), &bad_url, &body_bad, &guard_blocked}}) {
    curl_easy_setopt(h, CURLOPT_URL, url->c_str());
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    ASSERT_EQ(guard->install(h), CURLE_OK);
  }
  CURLM* multi = curl_multi_init();
  curl_multi_add_handle(multi, ok.get());
  curl_multi_add_handle(multi, bad.get());
  int running = 1;
  while (running > 0) {
    curl_multi_perform(multi, &running);
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  CURLcode ok_code = CURLE_OK, bad_code = CURLE_OK;
  int left = 0;
  while (CURLMsg* m = curl_multi_info_read(multi, &left))
    if (m->msg == CURLMSG_DONE) (m->easy_handle == ok.get() ? ok_code : bad_code) = m->data.result;
  curl_multi_remove_handle(multi, ok.get());
  curl_multi_remove_handle(multi, bad.get());
  curl_multi_cleanup(multi);

  EXPECT_EQ(ok_code, CURLE_OK);
  EXPECT_EQ(body_ok, "hello\n");
  EXPECT_EQ(guard_ok.refusal(), nullptr);
  EXPECT_EQ(bad_code, CURLE_ABORTED_BY_CALLBACK);
  ASSERT_NE(guard_blocked.refusal(), nullptr);
  EXPECT_EQ(guard_blocked.refusal()->port, blocked->port());
  EXPECT_EQ(blocked->connections(), 0);
}

TEST(CurlGuard, DecidesWithoutLibcurl) {
  const io::curl_guard guard({engine::chromium, engine::firefox});
  EXPECT_FALSE(guard.decide("http://example.com:8080/").has_value());
  EXPECT_FALSE(guard.decide("https://example.com/").has_value());
  const auto x11 = guard.decide("http://example.com:6000/");
  ASSERT_TRUE(x11.has_value());
  EXPECT_EQ(x11->port, 6000);
  EXPECT_EQ(x11->message(), "port 6000 of http://example.com:6000/ is blocked by chromium, firefox");
  const auto bad = guard.decide("http://a:99999/");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->port, -1);
  EXPECT_NE(bad->message().find("invalid URL"), std::string::npos);
}

}  // namespace
}  // namespace badport::test
