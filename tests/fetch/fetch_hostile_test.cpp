// `badport fetch` against hostile servers on loopback: one that accepts and says nothing, one
// that sends a 2 MB Location, two different Location headers, or terminal escapes in its
// status line and headers. A raw socket server writes exactly the bytes each case needs.

#include "run.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace badport::test {
namespace {

/// Answers each request on 127.0.0.1:0 with the bytes given for its path (404 otherwise); a
/// path mapped to "" gets no answer at all, the connection held open until the end.
class raw_server {
 public:
  explicit raw_server(std::map<std::string, std::string> answers) : answers_(std::move(answers)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      return;
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~raw_server() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    if (thread_.joinable()) thread_.join();
    for (const int c : held_) ::close(c);
  }
  raw_server(const raw_server&) = delete;
  raw_server& operator=(const raw_server&) = delete;
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void serve() {
    while (!stop_) {
      const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) return;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      const auto sp = request.find(' ');
      const auto path = request.substr(sp + 1, request.find(' ', sp + 1) - sp - 1);
      const auto it = answers_.find(path);
      const std::string answer = it == answers_.end() ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n" : it->second;
      if (answer.empty()) {
        held_.push_back(c);  // silent
        continue;
      }
      std::size_t sent = 0;
      while (sent < answer.size()) {
        const ssize_t n = ::send(c, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(c);
    }
  }

  std::map<std::string, std::string> answers_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::vector<int> held_;
};

const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

bool has_control_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\n') || c == 0x7f;
  });
}

run_result fetch(const std::vector<std::string>& args, int seconds = 30) {
  run_options o;
  o.timeout = std::chrono::seconds(seconds);
  std::vector<std::string> a{"fetch"};
  a.insert(a.end(), args.begin(), args.end());
  return run_badport(a, o);
}

// A server that accepts and never answers held `badport fetch` forever: the default limit for
// the whole chain is 30 s.
TEST(FetchHostile, SilentServerEndsAtTheDefaultTimeout) {
  raw_server s(std::map<std::string, std::string>{{"/", ""}});
  const auto r = fetch({"--engine", "chromium", s.url("/")}, 90);
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "still waiting after 90 s";
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("Timeout was reached"), std::string::npos) << r.out;
}

// Chromium and Firefox (checked against Debian's chromium and firefox-esr on a loopback server)
// refuse a redirect with two different Location headers and follow two identical ones; curl
// follows the first.
TEST(FetchHostile, TwoDifferentLocationsEndTheEnginesChains) {
  raw_server s({{"/two", "HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"},
                {"/same", "HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n"},
                {"/a", ok}});
  auto r = fetch({"--engine", "chromium,firefox", s.url("/two")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("  curl      reaches the page: 200 after 2 hops\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  chromium  fails at hop 1: two different Location headers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  firefox   fails at hop 1: two different Location headers"), std::string::npos) << r.out;

  r = fetch({"--as", "firefox", s.url("/two")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("firefox   fails at hop 1: two different Location headers"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hop 2"), std::string::npos) << r.out;

  r = fetch({"--engine", "chromium,firefox", s.url("/same")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("curl and every engine reach the page"), std::string::npos) << r.out;
}

// A 2 MB Location passed libcurl's 100 KiB header limit, reported as "Out of memory".
TEST(FetchHostile, HugeLocationIsAClearError) {
  raw_server s({{"/big", "HTTP/1.1 302 Found\r\nLocation: /a?" + std::string(2 << 20, 'x') +
                             "\r\nContent-Length: 0\r\n\r\n"},
                {"/a", ok}});
  const auto r = fetch({"--engine", "chromium", s.url("/big")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("response headers too large: a header line is longer than libcurl accepts (100 KiB)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Out of memory"), std::string::npos) << r.out;
  const auto j = fetch({"--engine", "chromium", "--json", s.url("/big")});
  EXPECT_NE(j.out.find("\"kind\": \"headers-too-large\""), std::string::npos) << j.out;
}

// A status line and headers that would retitle and clear the terminal, and a bidi override.
TEST(FetchHostile, ServerTextIsEscaped) {
  raw_server s(std::map<std::string, std::string>{
      {"/", "HTTP/1.1 200 OK\x1b]0;pwned\x07\r\nX-A: \x1b[2J\xe2\x80\xae" "gnp.exe\r\nContent-Length: 2\r\n\r\nok"}});
  const auto r = fetch({"--engine", "chromium", s.url("/")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(has_control_bytes(r.out)) << r.out;
  EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HTTP/1.1 200 OK\\x1b]0;pwned\\x07\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("X-A: \\x1b[2J\\u202egnp.exe\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace badport::test
