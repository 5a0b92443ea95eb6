// The C API (badport.h) agrees with the C++ core it wraps, reports errors as statuses with
// bounded messages, and badport_pick_port skips a port that is taken.

#include <badport/badport.h>
#include <badport/badport.hpp>
#include <badport/decision.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

TEST(CApi, VersionAndNames) {
  EXPECT_EQ(std::string(badport_version()), std::string(badport::version()));
  for (badport::engine e : badport::all_engines) {
    const auto c = static_cast<badport_engine>(static_cast<int>(e));
    ASSERT_NE(badport_engine_name(c), nullptr);
    EXPECT_EQ(std::string(badport_engine_name(c)), std::string(badport::name(e)));
  }
  EXPECT_EQ(badport_engine_name(static_cast<badport_engine>(BADPORT_ENGINE_COUNT)), nullptr);
}

TEST(CApi, AgreesWithTheCoreOnEveryPortAndEngine) {
  for (int port = -1; port <= 65536; ++port) {
    const auto mask = badport_blocking_engines(port, BADPORT_ALL_ENGINES);
    ASSERT_EQ(mask, badport::blocking_engines(port).mask()) << port;
    for (badport::engine e : badport::all_engines)
      ASSERT_EQ(badport_is_blocked(port, static_cast<badport_engine>(static_cast<int>(e))) == 1,
                badport::is_blocked(port, e))
          << port;
  }
  // Only the engines asked about are reported.
  EXPECT_EQ(badport_blocking_engines(6000, BADPORT_ENGINE_BIT(BADPORT_ENGINE_BUN)), 0u);
  EXPECT_EQ(badport_blocking_engines(6000, BADPORT_ENGINE_BIT(BADPORT_ENGINE_FIREFOX)),
            BADPORT_ENGINE_BIT(BADPORT_ENGINE_FIREFOX));
  EXPECT_EQ(badport_is_blocked(6000, static_cast<badport_engine>(BADPORT_ENGINE_COUNT)), 0);
  // The engines past the eighth bit: Servo lists 0, Ladybird does not.
  EXPECT_EQ(badport_blocking_engines(0, BADPORT_ENGINE_BIT(BADPORT_ENGINE_SERVO) | BADPORT_ENGINE_BIT(BADPORT_ENGINE_LADYBIRD)),
            BADPORT_ENGINE_BIT(BADPORT_ENGINE_SERVO));
  EXPECT_EQ(badport_is_blocked(6000, BADPORT_ENGINE_LADYBIRD), 1);
}

TEST(CApi, BlockedPortsSizeThenFill) {
  for (badport::engine e : badport::all_engines) {
    const auto c = static_cast<badport_engine>(static_cast<int>(e));
    const auto expected = badport::blocked_ports(e);
    const std::size_t n = badport_blocked_ports(c, nullptr, 0);
    ASSERT_EQ(n, expected.size()) << badport::name(e);
    std::vector<std::uint16_t> got(n + 2, 0xFFFF);
    EXPECT_EQ(badport_blocked_ports(c, got.data(), n), n);
    got.resize(n);
    EXPECT_EQ(got, expected);
    // A short buffer gets the first ports and the full count; nothing past it is written.
    if (n > 3) {
      std::array<std::uint16_t, 4> small{0, 0, 0, 0xBEEF};
      EXPECT_EQ(badport_blocked_ports(c, small.data(), 3), n);
      EXPECT_EQ(small[0], expected[0]);
      EXPECT_EQ(small[2], expected[2]);
      EXPECT_EQ(small[3], 0xBEEF);
    }
  }
  EXPECT_EQ(badport_blocked_ports(BADPORT_ENGINE_BUN, nullptr, 0), 0u);
}

TEST(CApi, ParseEnginesWithMessages) {
  badport_engine_set set = 0;
  char message[128];
  ASSERT_EQ(badport_parse_engines("chrome,Safari", &set, message, sizeof message), BADPORT_OK);
  EXPECT_EQ(set, BADPORT_ENGINE_BIT(BADPORT_ENGINE_CHROMIUM) | BADPORT_ENGINE_BIT(BADPORT_ENGINE_WEBKIT));
  ASSERT_EQ(badport_parse_engines("all", &set, nullptr, 0), BADPORT_OK);
  EXPECT_EQ(set, BADPORT_ALL_ENGINES);
  ASSERT_EQ(badport_parse_engines("ladybird,servo", &set, nullptr, 0), BADPORT_OK);
  EXPECT_EQ(set, BADPORT_ENGINE_BIT(BADPORT_ENGINE_SERVO) | BADPORT_ENGINE_BIT(BADPORT_ENGINE_LADYBIRD));

  set = 42;
  EXPECT_EQ(badport_parse_engines("chromum", &set, message, sizeof message), BADPORT_ERROR_UNKNOWN_ENGINE);
  EXPECT_EQ(set, 42u) << "the output is untouched on failure";
  EXPECT_EQ(std::string(message), badport::parse_engine_list("chromum").error().message());

  // Messages are truncated to the buffer, always terminated.
  char tiny[8];
  std::memset(tiny, 'x', sizeof tiny);
  EXPECT_EQ(badport_parse_engines("chromum", &set, tiny, sizeof tiny), BADPORT_ERROR_UNKNOWN_ENGINE);
  EXPECT_EQ(std::string(tiny), std::string("unknown"));
  EXPECT_EQ(badport_parse_engines(nullptr, &set, message, sizeof message), BADPORT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(badport_parse_engines("all", nullptr, nullptr, 0), BADPORT_ERROR_INVALID_ARGUMENT);
}

TEST(CApi, ParsePort) {
  std::uint16_t port = 0;
  char message[128];
  ASSERT_EQ(badport_parse_port("06000", &port, message, sizeof message), BADPORT_OK);
  EXPECT_EQ(port, 6000);
  EXPECT_EQ(badport_parse_port("6000x", &port, message, sizeof message), BADPORT_ERROR_INVALID_PORT);
  EXPECT_STREQ(message, "invalid port \"6000x\": trailing characters");
  EXPECT_EQ(badport_parse_port("70000", &port, message, sizeof message), BADPORT_ERROR_PORT_OUT_OF_RANGE);
  EXPECT_STREQ(badport_status_string(BADPORT_ERROR_PORT_OUT_OF_RANGE), "port out of range");
}

TEST(CApi, CheckUrlIsTheCoresDecision) {
  const std::array<const char*, 9> urls{"http://localhost:6000/", "https://example.com:6665/x", "http://[::1]:10080",
                                        "ws://h:6000", "ftp://h:21/", "http://h:8080/", "http://h/",
                                        "HTTP://EXAMPLE.com:06000", "mailto:x@y"};
  for (const char* text : urls) {
    badport_engine_set blocked = 0xFFFF;
    char message[128] = "";
    ASSERT_EQ(badport_check_url(text, BADPORT_ALL_ENGINES, &blocked, message, sizeof message), BADPORT_OK)
        << text << ": " << message;
    auto u = badport::parse_url(text);
    ASSERT_TRUE(u) << text;
    EXPECT_EQ(blocked, badport::blocking_engines(*u).mask()) << text;
  }
  badport_engine_set blocked = 0;
  ASSERT_EQ(badport_check_url("http://localhost:6000/", BADPORT_ALL_ENGINES, &blocked, nullptr, 0), BADPORT_OK);
  EXPECT_NE(blocked & BADPORT_ENGINE_BIT(BADPORT_ENGINE_CHROMIUM), 0u);
  EXPECT_EQ(blocked & BADPORT_ENGINE_BIT(BADPORT_ENGINE_BUN), 0u);
  ASSERT_EQ(badport_check_url("http://localhost:8080/", BADPORT_ALL_ENGINES, &blocked, nullptr, 0), BADPORT_OK);
  EXPECT_EQ(blocked, 0u);
  // Only the engines asked about.
  ASSERT_EQ(badport_check_url("http://h:6000/", BADPORT_ENGINE_BIT(BADPORT_ENGINE_FIREFOX), &blocked, nullptr, 0),
            BADPORT_OK);
  EXPECT_EQ(blocked, BADPORT_ENGINE_BIT(BADPORT_ENGINE_FIREFOX));

  char message[128] = "";
  EXPECT_EQ(badport_check_url("http://h:99999/", BADPORT_ALL_ENGINES, &blocked, message, sizeof message),
            BADPORT_ERROR_INVALID_URL);
  EXPECT_EQ(std::string(message), badport::parse_url("http://h:99999/").error().message());
  EXPECT_EQ(badport_check_url(nullptr, BADPORT_ALL_ENGINES, &blocked, nullptr, 0), BADPORT_ERROR_INVALID_ARGUMENT);
}

TEST(CApi, SuggestPortIsTheCoresSuggestion) {
  std::uint16_t port = 0;
  for (int p : {0, 1, 22, 6000, 6665, 10080, 65535}) {
    ASSERT_EQ(badport_suggest_port(p, BADPORT_ALL_ENGINES, &port), BADPORT_OK) << p;
    EXPECT_EQ(port, *badport::suggest_port(p)) << p;
    EXPECT_EQ(badport_blocking_engines(port, BADPORT_ALL_ENGINES), 0u);
  }
  EXPECT_EQ(badport_suggest_port(6000, BADPORT_ALL_ENGINES, nullptr), BADPORT_ERROR_INVALID_ARGUMENT);
}

// The one policy (suggest.h): the next allowed port above, a blocked run skipped whole; the
// same answer as decide(), which `badport check` prints.
TEST(CApi, SuggestPortGoesAboveAsCheckDoes) {
  const struct {
    int port;
    std::uint16_t instead;
  } cases[] = {{6000, 6001}, {6665, 6670}, {6669, 6670}, {5060, 5062}, {10080, 10081}, {8000, 8000}};
  for (const auto& c : cases) {
    std::uint16_t port = 0;
    ASSERT_EQ(badport_suggest_port(c.port, BADPORT_ALL_ENGINES, &port), BADPORT_OK) << c.port;
    EXPECT_EQ(port, c.instead) << c.port;
  }
  for (const auto& p : badport::known_ports()) {
    const auto d = badport::decide(p.port, badport::decide_options{});
    if (!d.blocked()) continue;
    std::uint16_t port = 0;
    ASSERT_EQ(badport_suggest_port(p.port, BADPORT_ALL_ENGINES, &port), BADPORT_OK) << p.port;
    EXPECT_EQ(std::optional<std::uint16_t>(port), d.suggestion) << p.port;
  }
}

// A listening socket on 127.0.0.1, on a port the kernel chooses.
class listener {
 public:
  listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd_, 1) != 0) return;
    socklen_t len = sizeof sa;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
  }
  ~listener() { ::close(fd_); }
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

TEST(CApiPick, SkipsATakenPortAndBlockedPorts) {
  const listener taken;
  ASSERT_NE(taken.port(), 0);
  std::uint16_t port = 0;
  char message[128] = "";
  ASSERT_EQ(badport_pick_port(taken.port(), BADPORT_ALL_ENGINES, "127.0.0.1", &port, message, sizeof message),
            BADPORT_OK)
      << message;
  EXPECT_NE(port, taken.port());
  EXPECT_EQ(badport_blocking_engines(port, BADPORT_ALL_ENGINES), 0u);
  EXPECT_LE(std::abs(port - taken.port()), 64) << "the nearest free port, not any port";

  // Near a blocked port (6000, X11): never the blocked port itself.
  ASSERT_EQ(badport_pick_port(6000, BADPORT_ALL_ENGINES, nullptr, &port, message, sizeof message), BADPORT_OK)
      << message;
  EXPECT_NE(port, 6000);
  EXPECT_EQ(badport_blocking_engines(port, BADPORT_ALL_ENGINES), 0u);

  // No preference: a port in 10000-32767.
  ASSERT_EQ(badport_pick_port(0, BADPORT_ALL_ENGINES, nullptr, &port, message, sizeof message), BADPORT_OK);
  EXPECT_GE(port, 10000);
  EXPECT_LE(port, 32767);
}

TEST(CApiPick, BadArguments) {
  std::uint16_t port = 0;
  char message[128] = "";
  EXPECT_EQ(badport_pick_port(6000, BADPORT_ALL_ENGINES, "example.com", &port, message, sizeof message),
            BADPORT_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(message, "invalid argument \"example.com\": not a numeric IPv4 or IPv6 address (or localhost)");
  // 192.0.2.1 (TEST-NET-1) is not an address of this machine.
  EXPECT_EQ(badport_pick_port(6000, BADPORT_ALL_ENGINES, "192.0.2.1", &port, message, sizeof message),
            BADPORT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(badport_pick_port(70000, BADPORT_ALL_ENGINES, nullptr, &port, nullptr, 0), BADPORT_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(badport_pick_port(6000, BADPORT_ALL_ENGINES, nullptr, nullptr, nullptr, 0),
            BADPORT_ERROR_INVALID_ARGUMENT);
}

}  // namespace
