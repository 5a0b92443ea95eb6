// Reading what people type or paste as something to check.

#include <badport/target.h>

#include <gtest/gtest.h>

namespace badport {
namespace {

struct one {
  const char* text;
  target_kind kind;
  int first;
  int last;
  const char* read_as;  ///< "" when the input is read literally
};

TEST(ParseTargets, ReadsWhatPeoplePaste) {
  const one cases[] = {
      {"6000", target_kind::port, 6000, 6000, ""},
      {"06000", target_kind::port, 6000, 6000, ""},
      {"6000-6010", target_kind::range, 6000, 6010, ""},
      {"6000/tcp", target_kind::port, 6000, 6000, ""},
      {"6000/TCP", target_kind::port, 6000, 6000, ""},
      {"localhost:6000", target_kind::host_port, 6000, 6000, "http://localhost:6000/"},
      {"web:6000", target_kind::host_port, 6000, 6000, "http://web:6000/"},
      {"db:5060", target_kind::host_port, 5060, 5060, "http://db:5060/"},
      {"host.docker.internal:6000", target_kind::host_port, 6000, 6000, "http://host.docker.internal:6000/"},
      {"127.0.0.1:6000", target_kind::host_port, 6000, 6000, "http://127.0.0.1:6000/"},
      {"0.0.0.0:6000", target_kind::host_port, 6000, 6000, "http://0.0.0.0:6000/"},
      {"[::1]:6000", target_kind::host_port, 6000, 6000, "http://[::1]:6000/"},
      {"app.localhost:6000", target_kind::host_port, 6000, 6000, "http://app.localhost:6000/"},
      {":6000", target_kind::host_port, 6000, 6000, "http://localhost:6000/"},
      {"localhost:6000/api?x=1", target_kind::host_port, 6000, 6000, "http://localhost:6000/api?x=1"},
      {"localhost:80", target_kind::host_port, 80, 80, "http://localhost/"},
      {"LOCALHOST:6000", target_kind::host_port, 6000, 6000, "http://localhost:6000/"},
      {"6000:5000", target_kind::publish, 6000, 6000, "host port 6000"},
      {"6000:5000/tcp", target_kind::publish, 6000, 6000, "host port 6000"},
      {"127.0.0.1:6000:5000", target_kind::publish, 6000, 6000, "host port 6000"},
      {"[::1]:6000:5000", target_kind::publish, 6000, 6000, "host port 6000"},
      {"6665-6669:6665-6669", target_kind::publish, 6665, 6669, "host ports 6665-6669"},
      {"0.0.0.0:6000->5000/tcp", target_kind::publish, 6000, 6000, "host port 6000"},
      {":::6000->5000/tcp", target_kind::publish, 6000, 6000, "host port 6000"},
      {"[::]:6000->5000/tcp", target_kind::publish, 6000, 6000, "host port 6000"},
      {"0.0.0.0:6665-6669->6665-6669/tcp", target_kind::publish, 6665, 6669, "host ports 6665-6669"},
      {"http://localhost:6000/", target_kind::url, 6000, 6000, ""},
      {"https://example.com/", target_kind::url, 443, 443, ""},
      {"ws://[::1]:5060/socket", target_kind::url, 5060, 5060, ""},
  };
  for (const auto& c : cases) {
    const auto r = parse_targets(c.text);
    ASSERT_TRUE(r) << c.text << ": " << r.error().message();
    ASSERT_EQ(r->size(), 1u) << c.text;
    const target& t = r->front();
    EXPECT_EQ(t.input, c.text);
    EXPECT_EQ(t.kind, c.kind) << c.text;
    ASSERT_TRUE(t.ports) << c.text;
    EXPECT_EQ(t.ports->first, c.first) << c.text;
    EXPECT_EQ(t.ports->last, c.last) << c.text;
    EXPECT_EQ(t.read_as, c.read_as) << c.text;
    EXPECT_EQ(t.address.has_value(), c.kind == target_kind::url || c.kind == target_kind::host_port) << c.text;
  }
}

TEST(ParseTargets, CommaListsGiveOneTargetEach) {
  const auto ports = parse_targets("6000,6665");
  ASSERT_TRUE(ports);
  ASSERT_EQ(ports->size(), 2u);
  EXPECT_EQ((*ports)[1].ports->first, 6665);

  const auto mixed = parse_targets("1-1024, 6000 ,localhost:5060");
  ASSERT_TRUE(mixed);
  ASSERT_EQ(mixed->size(), 3u);
  EXPECT_EQ((*mixed)[0].kind, target_kind::range);
  EXPECT_EQ((*mixed)[1].input, "6000");
  EXPECT_EQ((*mixed)[2].kind, target_kind::host_port);

  // What `docker ps` prints in its PORTS column.
  const auto ps = parse_targets("0.0.0.0:6000->5000/tcp, :::6000->5000/tcp");
  ASSERT_TRUE(ps);
  ASSERT_EQ(ps->size(), 2u);
  for (const auto& t : *ps) EXPECT_EQ(t.ports->first, 6000);

  // A URL keeps its commas.
  const auto url = parse_targets("http://localhost:6000/?a=1,2");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->size(), 1u);
}

TEST(ParseTargets, AUrlWithNoPortHasNone) {
  const auto r = parse_targets("mailto:someone@example.com");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->front().kind, target_kind::url);
  EXPECT_FALSE(r->front().ports);
}

TEST(ParseTargets, ExplainsWhatItCannotRead) {
  struct bad {
    const char* text;
    const char* message;
  };
  const bad cases[] = {
      {"chrome", "cannot check \"chrome\": an engine name; to choose engines, use --engine chrome"},
      {"localhost", "cannot check \"localhost\": no port; write localhost:PORT, or a URL such as http://localhost/"},
      {"example.com", "cannot check \"example.com\": no port; write HOST:PORT or a URL such as http://example.com"},
      {"6000/udp", "cannot check \"6000/udp\": a UDP port; browsers open web pages over TCP (write the port alone or with /tcp)"},
      {"::1:6000", "cannot check \"::1:6000\": an IPv6 address needs brackets, as in [::1]:6000"},
      {"127.0.0.1::5000", "cannot check \"127.0.0.1::5000\": no host port: Docker publishes the container port on a random host port"},
      {"[::1]", "cannot check \"[::1]\": no port; write it after the address, as in [::1]:6000"},
      {"6000,,6001", "cannot check \"6000,,6001\": an empty item in the comma list"},
      {"6000x", "invalid port \"6000x\": trailing characters"},
      {"65536", "port out of range \"65536\": ports are 0 to 65535"},
      {"6010-6000", "invalid port range \"6010-6000\": the first port is above the last"},
      {"", "invalid port \"\": empty"},
      {" 6000", "invalid port \" 6000\": surrounding whitespace"},
      {"localhost:99999", "cannot check \"localhost:99999\": read as http://localhost:99999: port out of range"},
  };
  for (const auto& c : cases) {
    const auto r = parse_targets(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().message(), c.message) << c.text;
  }
}

}  // namespace
}  // namespace badport
