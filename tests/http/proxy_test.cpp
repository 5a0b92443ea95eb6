// The probe proxy on real loopback sockets: absolute-form and CONNECT targets through Beast,
// what it records, whom it refuses, the token on control posts, its bounds.

#include "client.h"

#include <badport/io/probe.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace {

using badport::test::connection;
using badport::test::round_trip;

std::unique_ptr<badport::io::probe_proxy> start(std::vector<badport::port_interval> ports = {{5990, 6010}},
                                                unsigned retries = 1, unsigned chain = 1) {
  badport::io::probe_plan plan;
  plan.ports = std::move(ports);
  plan.retries = retries;
  plan.window = 16;
  plan.chain = chain;
  auto p = badport::io::probe_proxy::start(std::move(plan));
  EXPECT_TRUE(p) << (p ? "" : p.error().message());
  return p ? std::move(*p) : nullptr;
}

std::string get(const std::string& target, const std::string& host) {
  return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
}

std::string post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: probe.badport.test\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

TEST(probe_proxy, records_the_port_of_an_absolute_form_request) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  auto res = round_trip(proxy->port(), get("http://probe.badport.test:6000/p/6000", "probe.badport.test:6000"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 204u);
  EXPECT_TRUE(res->body().empty());
  const auto missing = proxy->missing();
  EXPECT_EQ(missing.size(), 20u);
  EXPECT_FALSE(std::binary_search(missing.begin(), missing.end(), 6000));
  EXPECT_EQ(proxy->progress().arrived, 1u);
  EXPECT_EQ(proxy->progress().total, 21u);
}

TEST(probe_proxy, serves_many_requests_on_one_kept_alive_connection) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  connection c(proxy->port());
  for (int p = 5990; p <= 6010; ++p) {
    c.send(get("http://probe.badport.test:" + std::to_string(p) + "/p/" + std::to_string(p), "probe.badport.test"));
    auto res = c.receive();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 204u);
  }
  EXPECT_TRUE(proxy->missing().empty());
}

TEST(probe_proxy, refuses_other_hosts_and_is_not_an_open_proxy) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  for (const std::string& target : std::vector<std::string>{"http://example.com/", "http://127.0.0.1:6000/p/6000", "http://localhost:6000/p/6000",
                                    "http://probe.badport.test.evil.example:6000/p/6000"}) {
    auto res = round_trip(proxy->port(), get(target, "example.com"));
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->result_int(), 403u) << target;
  }
  auto tunnel = round_trip(proxy->port(), "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  ASSERT_TRUE(tunnel);
  EXPECT_EQ(tunnel->result_int(), 403u);
  EXPECT_EQ(proxy->foreign_requests(), 5u);
  EXPECT_EQ(proxy->progress().arrived, 0u);
}

TEST(probe_proxy, origin_form_requests_get_400) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  auto res = round_trip(proxy->port(), get("/", "127.0.0.1"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 400u);
}

TEST(probe_proxy, records_forms_by_host_and_port_including_connect) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  const auto& forms = badport::io::probe_forms();
  const auto form = [&](std::string_view id) {
    return *std::find_if(forms.begin(), forms.end(), [&](const auto& f) { return f.id == id; });
  };
  auto ws = round_trip(proxy->port(), "CONNECT ws.probe.badport.test:8000 HTTP/1.1\r\nHost: ws.probe.badport.test:8000\r\n\r\n");
  ASSERT_TRUE(ws);
  auto v6 = round_trip(proxy->port(), get("http://[2001:DB8:0::1]:8000/f", "[2001:db8::1]:8000"));
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->result_int(), 204u);
  EXPECT_TRUE(proxy->form_arrived(form("ws-allowed")));
  EXPECT_TRUE(proxy->form_arrived(form("ipv6-allowed")));
  EXPECT_FALSE(proxy->form_arrived(form("ws-blocked")));
  EXPECT_FALSE(proxy->form_arrived(form("ipv6-blocked")));
  EXPECT_FALSE(proxy->form_arrived(form("default-port")));
}

TEST(probe_proxy, serves_the_page_with_the_token_at_the_probe_host) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  auto res = round_trip(proxy->port(), get(proxy->page_url(), "probe.badport.test"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  EXPECT_NE(res->body().find(proxy->token()), std::string::npos);
  EXPECT_NE(res->body().find("[5990,6010]"), std::string::npos);
}

TEST(probe_proxy, control_posts_need_the_token_and_drive_the_rounds) {
  auto proxy = start({{6000, 6002}}, 1);
  ASSERT_TRUE(proxy);
  const auto ctl = [&](const std::string& query, const std::string& body) {
    return round_trip(proxy->port(), post("http://probe.badport.test/ctl/round" + query, body));
  };
  auto none = ctl("", R"({"round":1})");
  auto wrong = ctl("?t=bad", R"({"round":1})");
  ASSERT_TRUE(none && wrong);
  EXPECT_EQ(none->result_int(), 403u);
  EXPECT_EQ(wrong->result_int(), 403u);
  EXPECT_EQ(proxy->progress().round, 0u);

  ASSERT_TRUE(round_trip(proxy->port(), get("http://probe.badport.test:6001/p/6001", "x")));
  auto first = ctl("?t=" + proxy->token(), R"({"round":1})");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->result_int(), 200u);
  auto j = nlohmann::json::parse(first->body());
  EXPECT_FALSE(j["done"].get<bool>());
  EXPECT_EQ(j["retest"], nlohmann::json::array({6000, 6002}));
  EXPECT_FALSE(proxy->progress().done);

  auto second = ctl("?t=" + proxy->token(), R"({"round":2})");
  ASSERT_TRUE(second);
  EXPECT_TRUE(nlohmann::json::parse(second->body())["done"].get<bool>());
  EXPECT_TRUE(proxy->progress().done);
  EXPECT_EQ(proxy->missing(), (std::vector<std::uint16_t>{6000, 6002}));
}

TEST(probe_proxy, a_chain_redirects_port_by_port_to_its_last) {
  auto proxy = start({{5990, 6010}}, 1, 20);
  ASSERT_TRUE(proxy);
  std::string target = "http://probe.badport.test:5990/c/5995";
  std::vector<std::string> locations;
  for (int hop = 0; hop < 10; ++hop) {
    auto res = round_trip(proxy->port(), get(target, "x"));
    ASSERT_TRUE(res);
    if (res->result_int() == 204u) break;
    ASSERT_EQ(res->result_int(), 307u) << target;
    target = std::string((*res)[boost::beast::http::field::location]);
    locations.push_back(target);
  }
  EXPECT_EQ(locations, (std::vector<std::string>{"http://probe.badport.test:5991/c/5995", "http://probe.badport.test:5992/c/5995",
                                                 "http://probe.badport.test:5993/c/5995", "http://probe.badport.test:5994/c/5995",
                                                 "http://probe.badport.test:5995/c/5995"}));
  EXPECT_EQ(proxy->progress().arrived, 6u);
  const auto missing = proxy->missing();
  EXPECT_TRUE(std::none_of(missing.begin(), missing.end(), [](int p) { return p >= 5990 && p <= 5995; }));
}

TEST(probe_proxy, a_chain_never_leads_to_a_port_some_engine_refuses) {
  // 6000 (X11) is refused by every engine: a chain stops before it instead of redirecting.
  auto proxy = start({{5990, 6010}}, 1, 20);
  ASSERT_TRUE(proxy);
  auto res = round_trip(proxy->port(), get("http://probe.badport.test:5999/c/6005", "x"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 204u);
  // Nor past the end of the probed set.
  auto end = round_trip(proxy->port(), get("http://probe.badport.test:6010/c/6011", "x"));
  ASSERT_TRUE(end);
  EXPECT_EQ(end->result_int(), 204u);
  auto page = round_trip(proxy->port(), get(proxy->page_url(), "probe.badport.test"));
  ASSERT_TRUE(page);
  EXPECT_NE(page->body().find(R"("chain":20)"), std::string::npos);
  EXPECT_NE(page->body().find(R"("alone":[6000])"), std::string::npos);
}

TEST(probe_proxy, a_malformed_or_overlong_chain_gets_400) {
  auto proxy = start({{5990, 6010}}, 1, 20);
  ASSERT_TRUE(proxy);
  for (const std::string last : {"", "abc", "5991x", "-1", "5989", "6010", "65536", "99999999999999999999"}) {
    auto res = round_trip(proxy->port(), get("http://probe.badport.test:5990/c/" + last, "x"));
    ASSERT_TRUE(res) << last;
    EXPECT_EQ(res->result_int(), 400u) << last;
  }
  // 5990 + 19 is the longest chain.
  auto longest = round_trip(proxy->port(), get("http://probe.badport.test:5990/c/6009", "x"));
  ASSERT_TRUE(longest);
  EXPECT_EQ(longest->result_int(), 307u);
}

TEST(probe_proxy, a_chained_first_round_is_not_one_of_the_retries) {
  auto proxy = start({{6001, 6002}}, 1, 20);
  ASSERT_TRUE(proxy);
  const auto round = [&](int n) {
    auto res = round_trip(proxy->port(), post("http://probe.badport.test/ctl/round?t=" + proxy->token(),
                                              R"({"round":)" + std::to_string(n) + "}"));
    EXPECT_TRUE(res);
    return res ? nlohmann::json::parse(res->body())["done"].get<bool>() : true;
  };
  EXPECT_FALSE(round(1));
  EXPECT_FALSE(round(2));
  EXPECT_TRUE(round(3));
}

TEST(probe_proxy, bounds_and_malformed_requests) {
  auto proxy = start();
  ASSERT_TRUE(proxy);
  auto big = round_trip(proxy->port(), "GET http://probe.badport.test/ HTTP/1.1\r\nHost: probe.badport.test\r\nX-Pad: " +
                                         std::string(20000, 'a') + "\r\n\r\n");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->result_int(), 431u);
  connection c(proxy->port());
  c.send("GET http://probe.badport.test:6000/p/6000 HTTP/1.1\r\nHost probe\r\n\r\n");
  auto bad = c.receive();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->result_int(), 400u);
  EXPECT_TRUE(c.closed_by_server());
  for (const std::string port : {"65536", "80660", "99999999999"}) {
    // Boost.URL reads 80660 as 15124 (it wraps): that port must not be recorded.
    auto out_of_range = round_trip(proxy->port(), get("http://probe.badport.test:" + port + "/p/1", "x"));
    ASSERT_TRUE(out_of_range) << port;
    EXPECT_EQ(out_of_range->result_int(), 400u) << port;
  }
  EXPECT_EQ(proxy->progress().arrived, 0u);
  auto ok = round_trip(proxy->port(), get("http://probe.badport.test:6000/p/6000", "x"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result_int(), 204u);
}

}  // namespace
