// The `serve` server on real loopback sockets: what it serves, whom it answers, its bounds.

#include "client.h"

#include <badport/io/serve.h>
#include <badport/ports.h>
#include <badport/suggest.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

namespace {

using badport::test::connection;
using badport::test::round_trip;

struct recorder {
  std::mutex mutex;
  std::vector<badport::io::serve_event> events;
  std::function<void(const badport::io::serve_event&)> callback() {
    return [this](const badport::io::serve_event& ev) {
      std::lock_guard lock(mutex);
      events.push_back(ev);
    };
  }
};

std::unique_ptr<badport::io::server> start(recorder& rec, std::vector<std::uint16_t> ports = {0, 0},
                                           badport::io::http_limits limits = {}) {
  badport::io::serve_options opt;
  opt.ports = std::move(ports);
  opt.limits = limits;
  auto s = badport::io::server::start(opt, rec.callback());
  EXPECT_TRUE(s) << (s ? "" : s.error().message());
  return s ? std::move(*s) : nullptr;
}

std::string get(std::uint16_t, const std::string& target, const std::string& host) {
  return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: badport-test/1\r\n\r\n";
}

// A port another socket listens on (127.0.0.1:0), held until destruction.
struct busy_port {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  std::uint16_t port = 0;
  busy_port() {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(fd, 1) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port = ntohs(addr.sin_port);
  }
  busy_port(const busy_port&) = delete;
  busy_port& operator=(const busy_port&) = delete;
  ~busy_port() {
    if (fd >= 0) ::close(fd);
  }
};

std::string host_of(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

TEST(serve, page_lists_every_served_port_and_carries_the_token) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto ports = s->ports();
  ASSERT_EQ(ports.size(), 2u);
  auto res = round_trip(ports[0], get(ports[0], "/", host_of(ports[0])));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  EXPECT_NE(res->body().find(s->token()), std::string::npos);
  for (auto p : ports) EXPECT_NE(res->body().find("\"port\":" + std::to_string(p)), std::string::npos);
  EXPECT_EQ(res->body().find("/*CONFIG*/"), std::string::npos);
}

TEST(serve, logs_time_port_method_target_and_user_agent) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[1];
  ASSERT_TRUE(round_trip(p, get(p, "/ping/abc123", host_of(p))));
  s->stop();
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0].port, p);
  EXPECT_EQ(rec.events[0].method, "GET");
  EXPECT_EQ(rec.events[0].target, "/ping/abc123");
  EXPECT_EQ(rec.events[0].user_agent, "badport-test/1");
  EXPECT_EQ(rec.events[0].status, 204);
}

TEST(serve, reports_which_ports_a_run_reached) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto a = s->ports()[0], b = s->ports()[1];
  ASSERT_TRUE(round_trip(b, get(b, "/ping/run1", host_of(b))));
  auto res = round_trip(a, get(a, "/status?t=" + s->token() + "&run=run1", host_of(a)));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->result_int(), 200u);
  const auto j = nlohmann::json::parse(res->body());
  EXPECT_EQ(j["arrived"], nlohmann::json::array({b}));
}

TEST(serve, rejects_host_names_it_does_not_serve) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  for (const std::string& host : std::vector<std::string>{"evil.example", "evil.example:" + std::to_string(p), "127.0.0.1:1", "localhost.evil.example"}) {
    auto res = round_trip(p, get(p, "/", host));
    ASSERT_TRUE(res) << host;
    EXPECT_EQ(res->result_int(), 403u) << host;
  }
  for (const std::string& host : std::vector<std::string>{"localhost:" + std::to_string(p), host_of(p), "127.0.0.1", "[::1]:" + std::to_string(p)}) {
    auto res = round_trip(p, get(p, "/", host));
    ASSERT_TRUE(res) << host;
    EXPECT_EQ(res->result_int(), 200u) << host;
  }
}

TEST(serve, result_posts_need_the_run_token) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  const std::string body = R"({"ua":"x","results":[{"port":6000,"fetch":"refused","arrived":false}]})";
  const auto post = [&](const std::string& target) {
    return round_trip(p, "POST " + target + " HTTP/1.1\r\nHost: " + host_of(p) +
                           "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  };
  auto none = post("/result");
  auto wrong = post("/result?t=0123");
  auto right = post("/result?t=" + s->token());
  ASSERT_TRUE(none && wrong && right);
  EXPECT_EQ(none->result_int(), 403u);
  EXPECT_EQ(wrong->result_int(), 403u);
  EXPECT_EQ(right->result_int(), 200u);
  s->stop();
  ASSERT_FALSE(rec.events.empty());
  EXPECT_NE(rec.events.back().note.find("refused by the browser: 6000"), std::string::npos);
}

TEST(serve, oversize_header_gets_431_and_oversize_body_413) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  auto big_header = round_trip(p, "GET / HTTP/1.1\r\nHost: " + host_of(p) + "\r\nX-Pad: " + std::string(20000, 'a') + "\r\n\r\n");
  ASSERT_TRUE(big_header);
  EXPECT_EQ(big_header->result_int(), 431u);
  auto big_body = round_trip(p, "POST /result HTTP/1.1\r\nHost: " + host_of(p) + "\r\nContent-Length: 10000000\r\n\r\n" +
                                  std::string(100, 'a'));
  ASSERT_TRUE(big_body);
  EXPECT_EQ(big_body->result_int(), 413u);
}

TEST(serve, slow_request_times_out) {
  recorder rec;
  badport::io::http_limits limits;
  limits.read_timeout = std::chrono::milliseconds(300);
  auto s = start(rec, {0}, limits);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  connection c(p);
  c.send("GET / HTTP/1.1\r\nHost: ");  // and nothing more
  EXPECT_TRUE(c.closed_by_server());  // the client's own guard is 20 s; the server's bound is 0.3 s
  auto res = round_trip(p, get(p, "/", host_of(p)));  // and it still serves others
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
}

TEST(serve, malformed_request_gets_400_and_the_server_keeps_serving) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  for (const std::string& junk : std::vector<std::string>{"HELLO\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
                                 std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
    connection c(p);
    c.send(junk);
    auto res = c.receive();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 400u);
    EXPECT_TRUE(c.closed_by_server());
  }
  auto res = round_trip(p, get(p, "/", host_of(p)));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
}

TEST(serve, keeps_connections_alive) {
  recorder rec;
  auto s = start(rec);
  ASSERT_TRUE(s);
  const auto p = s->ports()[0];
  connection c(p);
  for (int i = 0; i < 3; ++i) {
    c.send(get(p, "/ping/k" + std::to_string(i), host_of(p)));
    auto res = c.receive();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 204u);
  }
}

TEST(serve, a_port_in_use_is_reported_and_the_others_served) {
  busy_port held;
  ASSERT_NE(held.port, 0);
  const std::uint16_t busy = held.port;
  recorder rec;
  auto s = start(rec, {busy, 0});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->failures().size(), 1u);
  EXPECT_EQ(s->failures()[0].port, busy);
  EXPECT_EQ(s->failures()[0].address, "127.0.0.1:" + std::to_string(busy));
  EXPECT_EQ(s->failures()[0].reason, "address already in use");
  ASSERT_EQ(s->ports().size(), 1u);
  EXPECT_EQ(s->page_port(), s->ports()[0]);
  const auto p = s->ports()[0];
  auto res = round_trip(p, get(p, "/", host_of(p)));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  EXPECT_NE(res->body().find("\"bound\":false"), std::string::npos);
}

// Nothing bound is not a failure to start: the server serves nothing and says why per port.
TEST(serve, no_port_bound_leaves_nothing_served_and_each_reason) {
  busy_port held;
  ASSERT_NE(held.port, 0);
  const std::uint16_t busy = held.port;
  recorder rec;
  auto s = start(rec, {busy});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->ports().empty());
  EXPECT_EQ(s->page_port(), 0);
  ASSERT_EQ(s->failures().size(), 1u);
  EXPECT_EQ(s->failures()[0].reason, "address already in use");
}

// Only blocked ports requested: the page gets one more port, which no engine refuses and which
// the page tests too.
TEST(serve, blocked_ports_get_a_page_port_no_engine_refuses) {
  std::uint16_t blocked = 0;
  for (const auto& p : badport::known_ports()) {
    if (p.port < 1024 || !badport::is_blocked(p.port, badport::engine::chromium)) continue;
    badport::io::serve_options probe_opt;
    probe_opt.ports = {p.port};
    auto probe = badport::io::server::start(probe_opt, {});
    if (probe && !(*probe)->ports().empty()) {
      blocked = p.port;
      break;
    }
  }
  if (blocked == 0) GTEST_SKIP() << "every blocked port is in use here";
  recorder rec;
  auto s = start(rec, {blocked});
  ASSERT_TRUE(s);
  const auto ports = s->ports();
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0], blocked);
  const auto page = s->page_port();
  EXPECT_EQ(ports[1], page);
  EXPECT_NE(page, blocked);
  EXPECT_TRUE(badport::is_allowed(page, badport::engine_set::all()));
  auto res = round_trip(page, get(page, "/", host_of(page)));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200u);
  EXPECT_NE(res->body().find("\"port\":" + std::to_string(page)), std::string::npos);
  EXPECT_NE(res->body().find("\"port\":" + std::to_string(blocked)), std::string::npos);
}

}  // namespace
